"""Screens of the award history import (staff): upload, preview and resolve, apply; the xlsx template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards import forms, services
from awards.imports import COLUMNS, HISTORY_COLUMNS
from awards.models import HistoryImport
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response
from thiduakt.imports import ColumnsForm
from thiduakt.models import Job
from thiduakt.spreadsheets import write_xlsx

PROBLEMS_SHOWN = 200  # rows with an error or a choice shown at once; the file is fixed and uploaded again


@login_required
def history_import(request):
    require(request, "awards.import_history")
    form = forms.HistoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, history_import = run_service(
            request,
            services.history_import_create,
            form=form,
            upload=form.cleaned_data["file"],
            by=request.user,
            template=form.cleaned_data.get("template"),
        )
        if ok:
            return redirect("awards:history_import_detail", public_id=history_import.public_id)
    imports = HistoryImport.objects.select_related("created_by")[:20]
    return render(request, "awards/history_import.html", {"form": form, "imports": imports})


def _job(history_import):
    """The background job analysing or writing this import (for its progress bar), if there is one."""
    kinds = ("awards.history_analyse", "awards.history_apply")
    return Job.objects.filter(kind__in=kinds, params__import_id=history_import.pk).order_by("-pk").first()


def _columns_form(history_import, data=None):
    """The column step, while the file may be read again (nothing written yet)."""
    if history_import.status not in (HistoryImport.Status.READY, HistoryImport.Status.INVALID):
        return None
    lines = [line for line in history_import.columns if "position" in line]
    if not lines:
        return None
    return ColumnsForm(data, columns=HISTORY_COLUMNS, lines=lines, prefix="columns")


@login_required
def history_import_detail(request, public_id):
    require(request, "awards.import_history")
    history_import = get_object_or_404(HistoryImport, public_id=public_id)
    columns_form = _columns_form(history_import, request.POST if "remap" in request.POST else None)
    if request.method == "POST" and "remap" in request.POST:
        if columns_form is None:
            messages.error(request, _("Lượt nhập này không còn chờ xác nhận."))
        elif columns_form.is_valid():
            ok, _result = run_service(
                request,
                services.history_import_remap,
                form=columns_form,
                history_import=history_import,
                lines=columns_form.cleaned_data["lines"],
                by=request.user,
                save_as=columns_form.cleaned_data["save_as"],
            )
            if ok:
                if columns_form.cleaned_data["save_as"]:
                    messages.success(request, _("Đã lưu mẫu “%(n)s”.") % {"n": columns_form.cleaned_data["save_as"]})
                return redirect("awards:history_import_detail", public_id=history_import.public_id)
    elif request.method == "POST":
        choices = {
            int(key.removeprefix("row-")): value
            for key, value in request.POST.items()
            if key.startswith("row-") and key.removeprefix("row-").isdigit() and value
        }
        if choices:
            ok, resolved = run_service(
                request,
                services.history_import_resolve,
                history_import=history_import,
                choices=choices,
                by=request.user,
            )
            if not ok:
                return redirect("awards:history_import_detail", public_id=history_import.public_id)
            history_import = resolved
        if "apply" in request.POST:
            ok, started = run_service(
                request, services.history_import_start_apply, history_import=history_import, by=request.user
            )
            if ok:
                history_import, job = started
                if job:
                    messages.info(request, _("Đang ghi trong nền; trang này tự cập nhật."))
                else:
                    messages.success(request, history_import.message)
        return redirect("awards:history_import_detail", public_id=history_import.public_id)
    rows = history_import.preview_rows.order_by("number")
    counts = {
        "new": history_import.new_rows,
        "duplicate": history_import.duplicate_rows,
        "ambiguous": history_import.ambiguous_rows,
        "error": history_import.error_rows,
    }
    busy = history_import.status in (HistoryImport.Status.ANALYSING, HistoryImport.Status.APPLYING)
    template = "awards/history_import_detail.html#status" if request.htmx else "awards/history_import_detail.html"
    return render(
        request,
        template,
        {
            "imp": history_import,
            "counts": counts,
            "problem_rows": [r.data for r in rows.filter(status__in=("error", "ambiguous"))[:PROBLEMS_SHOWN]],
            "problems_hidden": max(counts["error"] + counts["ambiguous"] - PROBLEMS_SHOWN, 0),
            "preview": [r.data for r in rows.filter(status="new")[:20]],
            "columns_form": columns_form,
            "busy": busy,
            "job": _job(history_import) if busy else None,
        },
    )


@login_required
def history_template(request):
    """An empty xlsx with the expected columns (anyone signed in who may import)."""
    require(request, "awards.import_history")
    example = [
        "Cá nhân",
        "Nguyễn Văn A",
        1980,
        "",
        "HG.CT",
        "CSTDCS",
        2023,
        "45/QĐ-UBND",
        "15/12/2023",
        "UBND huyện Châu Thành",
        "Công trạng",
        "có",
    ]
    data = write_xlsx(list(COLUMNS.values()), [example], title="Lịch sử khen thưởng")
    return bytes_response(data, filename="mau-lich-su-khen-thuong.xlsx", kind="xlsx")
