"""Screens of a dossier's nominee list import (the unit's officer): the template, upload, preview, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards import forms, services
from awards.models import NomineeImport
from awards.nominee_import import MAX_ROWS, NOMINEE_COLUMNS
from awards.views.dossiers import _dossier_or_404
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response
from thiduakt.imports import ColumnsForm, templates_for
from thiduakt.spreadsheets import write_xlsx

STATUSES = ("new", "duplicate", "ambiguous", "error")


@login_required
def nominee_template(request, pk):
    """The xlsx the import reads: our headers and no example row (a forgotten example would be imported)."""
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.edit_dossier", dossier)
    data = write_xlsx(NOMINEE_COLUMNS.headers, [], title="Danh sách đề nghị")
    return bytes_response(data, filename="mau-danh-sach-de-nghi-khen-thuong.xlsx", kind="xlsx")


@login_required
def nominee_import(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.edit_dossier", dossier)
    form = forms.NomineeImportForm(request.POST or None, request.FILES or None, kind=NOMINEE_COLUMNS.kind)
    if request.method == "POST" and form.is_valid():
        ok, nominee_import = run_service(
            request,
            services.nominee_import_create,
            form=form,
            dossier=dossier,
            upload=form.cleaned_data["file"],
            template=form.cleaned_data["template"],
            by=request.user,
        )
        if ok:
            return redirect("awards:nominee_import_detail", pk=dossier.pk, public_id=nominee_import.public_id)
    imports = dossier.nominee_imports.select_related("created_by")[:10]
    context = {"dossier": dossier, "form": form, "imports": imports, "max_rows": MAX_ROWS}
    return render(request, "awards/nominee_import.html", context)


def _choices(post) -> dict[str, str]:
    return {
        key.removeprefix("row-"): value
        for key, value in post.items()
        if key.startswith("row-") and key.removeprefix("row-").isdigit() and value
    }


def _post(request, dossier, nominee_import):
    """One action of the preview: re-read with other columns or a saved template, choose people, confirm."""
    post = request.POST
    if "columns" in post:
        form = ColumnsForm(post, columns=NOMINEE_COLUMNS, lines=nominee_import.columns)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return
        run_service(
            request,
            services.nominee_import_reread,
            success=_("Đã đọc lại tệp theo các cột đã chọn."),
            nominee_import=nominee_import,
            by=request.user,
            lines=form.cleaned_data["lines"],
            save_as=form.cleaned_data["save_as"],
        )
        return
    if "template" in post:
        template = templates_for(NOMINEE_COLUMNS.kind).filter(pk=post["template"] or 0).first()
        if template is None:
            messages.error(request, _("Chọn một mẫu đã lưu."))
            return
        run_service(
            request,
            services.nominee_import_reread,
            success=_("Đã đọc lại tệp theo mẫu “%(name)s”.") % {"name": template.name},
            nominee_import=nominee_import,
            by=request.user,
            template=template,
        )
        return
    revision = int(post["revision"]) if post.get("revision", "").isdigit() else 0
    if choices := _choices(post):
        if revision != nominee_import.revision:
            messages.error(request, _("Bản xem trước đã thay đổi (có thể ở một thẻ khác); hãy xem lại rồi xác nhận."))
            return
        ok, nominee_import = run_service(
            request, services.nominee_import_reread, nominee_import=nominee_import, by=request.user, choices=choices
        )
        if not ok:
            return
        revision = nominee_import.revision
    if "apply" not in post:
        messages.success(request, _("Đã lưu lựa chọn."))
        return
    ok, applied = run_service(
        request, services.nominee_import_apply, nominee_import=nominee_import, by=request.user, revision=revision
    )
    if ok and applied.status == NomineeImport.Status.APPLIED:
        messages.success(request, applied.message)
    elif ok:
        messages.error(request, _("Dữ liệu đã thay đổi từ lúc xem trước: %(m)s") % {"m": applied.message})


@login_required
def nominee_import_detail(request, pk, public_id):
    dossier = _dossier_or_404(request, pk)
    nominee_import = get_object_or_404(NomineeImport, dossier=dossier, public_id=public_id)
    if request.method == "POST":
        require(request, "awards.edit_dossier", dossier)
        _post(request, dossier, nominee_import)
        nominee_import.refresh_from_db()
        if nominee_import.status == NomineeImport.Status.APPLIED and "apply" in request.POST:
            return redirect("awards:dossier_detail", pk=dossier.pk)
        return redirect("awards:nominee_import_detail", pk=dossier.pk, public_id=nominee_import.public_id)
    rows = nominee_import.rows
    read = [line for line in nominee_import.columns if line["field"]]
    can_edit = request.user.has_perm("awards.edit_dossier", dossier)
    pending = can_edit and nominee_import.status != NomineeImport.Status.APPLIED
    context = {
        "dossier": dossier,
        "imp": nominee_import,
        "rows": rows,
        "read": read,
        "counts": {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES},
        "pending": pending,
        "columns_form": ColumnsForm(columns=NOMINEE_COLUMNS, lines=nominee_import.columns) if pending else None,
        "templates": templates_for(NOMINEE_COLUMNS.kind) if pending else [],
    }
    return render(request, "awards/nominee_import_detail.html", context)
