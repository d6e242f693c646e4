"""Screens of the award history import (staff): upload, preview and resolve, apply; the xlsx template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards import forms, services
from awards.imports import COLUMNS
from awards.models import HistoryImport
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response
from thiduakt.spreadsheets import write_xlsx


@login_required
def history_import(request):
    require(request, "awards.import_history")
    form = forms.HistoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, history_import = run_service(
            request, services.history_import_create, form=form, upload=form.cleaned_data["file"], by=request.user
        )
        if ok:
            return redirect("awards:history_import_detail", public_id=history_import.public_id)
    imports = HistoryImport.objects.select_related("created_by")[:20]
    return render(request, "awards/history_import.html", {"form": form, "imports": imports})


@login_required
def history_import_detail(request, public_id):
    require(request, "awards.import_history")
    history_import = get_object_or_404(HistoryImport, public_id=public_id)
    if request.method == "POST":
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
    rows = history_import.rows
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("new", "duplicate", "ambiguous", "error")}
    shown = [r for r in rows if r["status"] in ("error", "ambiguous")][:200]
    template = "awards/history_import_detail.html#status" if request.htmx else "awards/history_import_detail.html"
    return render(
        request,
        template,
        {
            "imp": history_import,
            "counts": counts,
            "problem_rows": shown,
            "preview": [r for r in rows if r["status"] == "new"][:20],
            "busy": history_import.status in (HistoryImport.Status.ANALYSING, HistoryImport.Status.APPLYING),
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
