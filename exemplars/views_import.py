"""Screens of the honourees import: upload an event's list (xlsx), preview and choose, confirm; the template.

Sở Nội vụ staff only (``exemplars.manage_events``, who add honourees by hand); anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from exemplars import forms, services_import
from exemplars.honouree_import import HONOUREE_COLUMNS, MAX_ROWS, STATUS_LABELS, digest, preview
from exemplars.models import HonoureeImport, HonouringEvent
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response
from thiduakt.imports import ColumnsForm, template_save
from thiduakt.spreadsheets import SpreadsheetError, write_xlsx


def _event_or_404(request, pk) -> HonouringEvent:
    require(request, "exemplars.manage_events")
    return get_object_or_404(HonouringEvent.objects.select_related("organiser"), pk=pk)


@login_required
def honourees_import(request, pk):
    event = _event_or_404(request, pk)
    form = forms.HonoureeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, honouree_import = run_service(
            request,
            services_import.honouree_import_create,
            form=form,
            event=event,
            upload=form.cleaned_data["file"],
            by=request.user,
            default_field=form.cleaned_data["default_field"],
            template=form.cleaned_data["template"],
        )
        if ok:
            return redirect("exemplars:event_honourees_import_detail", pk=event.pk, public_id=honouree_import.public_id)
    imports = event.honouree_imports.select_related("created_by", "applied_by").defer("data")[:20]
    return render(
        request,
        "exemplars/honouree_import.html",
        {"event": event, "form": form, "imports": imports, "max_rows": f"{MAX_ROWS:,}".replace(",", ".")},
    )


def _choices(post) -> dict[str, str]:
    return {
        key.removeprefix("row-"): value
        for key, value in post.items()
        if key.startswith("row-") and key.removeprefix("row-").isdigit()
    }


@login_required
def honourees_import_detail(request, pk, public_id):
    event = _event_or_404(request, pk)
    honouree_import = get_object_or_404(
        HonoureeImport.objects.select_related("event__organiser", "default_field", "created_by", "applied_by"),
        public_id=public_id,
        event=event,
    )
    back = redirect("exemplars:event_honourees_import_detail", pk=event.pk, public_id=honouree_import.public_id)
    columns_form = ColumnsForm(
        request.POST if "columns" in request.POST else None, columns=HONOUREE_COLUMNS, lines=honouree_import.columns
    )
    if request.method == "POST" and "columns" in request.POST:
        if columns_form.is_valid():
            lines = columns_form.cleaned_data["lines"]
            ok, _result = run_service(
                request,
                services_import.honouree_import_columns,
                honouree_import=honouree_import,
                lines=lines,
                by=request.user,
                success=_("Đã đọc lại tệp theo các cột đã chọn."),
            )
            if ok and columns_form.cleaned_data["save_as"]:
                template = template_save(
                    columns=HONOUREE_COLUMNS, name=columns_form.cleaned_data["save_as"], lines=lines, by=request.user
                )
                messages.success(request, _("Đã lưu mẫu đọc cột “%(name)s”.") % {"name": template.name})
            if ok:
                return back
    elif request.method == "POST" and "choose" in request.POST:
        run_service(
            request,
            services_import.honouree_import_choose,
            honouree_import=honouree_import,
            choices=_choices(request.POST),
            by=request.user,
            success=_("Đã lưu lựa chọn."),
        )
        return back
    elif request.method == "POST" and "apply" in request.POST:
        ok, applied = run_service(
            request,
            services_import.honouree_import_apply,
            honouree_import=honouree_import,
            by=request.user,
            seen=request.POST.get("seen", ""),
        )
        if ok:
            messages.success(request, applied.message)
            return redirect("exemplars:event_detail", pk=event.pk)
        return back
    elif request.method == "POST":
        return back
    try:
        analysis = preview(honouree_import) if honouree_import.status == HonoureeImport.Status.READY else None
    except SpreadsheetError as exc:  # a kept file is one that was read: only a changed reader refuses it
        messages.error(request, str(exc))
        analysis = None
    context = {
        "event": event,
        "imp": honouree_import,
        "analysis": analysis,
        "columns_form": columns_form,
        "status_labels": STATUS_LABELS,
        "seen": digest(honouree_import),
    }
    return render(request, "exemplars/honouree_import_detail.html", context)


@login_required
def honourees_template(request, pk):
    """The empty list we read: its headers are the export's (``HONOUREE_COLUMNS.headers``)."""
    event = _event_or_404(request, pk)
    data = write_xlsx(HONOUREE_COLUMNS.headers, [], title="Danh sách biểu dương")
    return bytes_response(data, filename=f"mau-danh-sach-bieu-duong-{event.pk}.xlsx", kind="xlsx")
