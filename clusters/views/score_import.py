"""A member's score sheet as xlsx: download it, fill it in, upload it, see what it changes, confirm.

Upload → the file is kept (``pending_store``) and named in the session → preview (``?xem-truoc=1``: the columns
read, each row's outcome, the criteria the file leaves as they are) → the user may change the columns and
read again, or save them as a named template → confirm writes through ``score_sheet_import``, which reads the
file again under the member's lock. The same file twice, or a second click, writes nothing twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.forms import ScoreImportForm
from clusters.score_import import SCORE_COLUMNS, data_digest, pending_drop, pending_read, pending_store, sheet_rows
from clusters.services.score_import import require_scoring_open, score_sheet_import, score_sheet_read
from clusters.views.common import membership_or_404
from thiduakt.access import run_service
from thiduakt.downloads import bytes_response
from thiduakt.imports import ColumnsForm, template_save
from thiduakt.services import DomainError
from thiduakt.spreadsheets import write_xlsx
from thiduakt.uploads import SPREADSHEETS, UploadError, check_upload

PREVIEW = "xem-truoc"
SHEET_TITLE = "Bảng tự chấm điểm"


@login_required
def score_sheet_xlsx(request, member_pk):
    """The member's sheet with its current points: the file the import reads back (whoever may read the sheet)."""
    membership = membership_or_404(request, member_pk)
    data = write_xlsx(SCORE_COLUMNS.headers, sheet_rows(membership), title=SHEET_TITLE)
    filename = f"bang-tu-cham-diem-{membership.cluster_year.year}-{membership.pk}.xlsx"
    return bytes_response(data, filename=filename, kind="xlsx")


def _key(membership) -> str:
    return f"clusters-score-import-{membership.pk}"


def _url(membership, preview=False) -> str:
    url = reverse("clusters:score_import", args=[membership.pk])
    return f"{url}?{PREVIEW}=1" if preview else url


@login_required
def score_import(request, member_pk):
    membership = membership_or_404(request, member_pk, perm="clusters.self_score")
    context = {"membership": membership, "cy": membership.cluster_year, "cluster": membership.cluster_year.cluster}
    try:
        require_scoring_open(membership)
    except DomainError as exc:  # nothing is read nor written: the page says why
        context["closed"] = str(exc)
        return render(request, "clusters/score_import.html", context)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "confirm":
        return _confirm(request, membership)
    if request.method == "POST" and action == "columns":
        return _columns(request, membership, context)
    if request.method == "GET" and PREVIEW in request.GET:
        return _preview(request, membership, context)
    form = ScoreImportForm(request.POST or None, request.FILES or None, kind=SCORE_COLUMNS.kind)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = check_upload(upload, allow=SPREADSHEETS).data
        except UploadError as exc:
            form.add_error("file", str(exc))
        else:
            template = form.cleaned_data["template"]
            ok, read = run_service(
                request,
                score_sheet_read,
                form=form,
                membership=membership,
                data=data,
                saved=template.columns if template else None,
            )
            if ok:
                _analysis, lines = read
                request.session[_key(membership)] = {
                    "token": pending_store(data),
                    "name": (upload.name or "bang-diem.xlsx")[:200],
                    "sha": data_digest(data),
                    "lines": lines,
                }
                return redirect(_url(membership, preview=True))
    context["form"] = form
    return render(request, "clusters/score_import.html", context)


def _pending(request, membership):
    """(the session's entry, the file's bytes) of the upload waiting for confirmation, or (entry, None)."""
    entry = request.session.get(_key(membership)) or {}
    data = pending_read(entry.get("token", ""))
    if data is not None and data_digest(data) != entry.get("sha"):
        data = None
    return entry, data


def _expired(request, membership):
    messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
    return redirect(_url(membership))


def _preview(request, membership, context, columns_form=None):
    entry, data = _pending(request, membership)
    if data is None:
        return _expired(request, membership)
    ok, read = run_service(request, score_sheet_read, membership=membership, data=data, lines=entry["lines"])
    if not ok:
        return redirect(_url(membership))
    analysis, lines = read
    columns_form = columns_form or ColumnsForm(columns=SCORE_COLUMNS, lines=lines)
    for name, field in columns_form.fields.items():
        field.widget.attrs["class"] = (
            "form-control form-control-sm" if name == "save_as" else "form-select form-select-sm"
        )
    context.update(
        {
            "analysis": analysis,
            "file_name": entry["name"],
            "token": entry["token"],
            "columns_form": columns_form,
            "changes": analysis.count("new") + analysis.count("change"),
            "unchanged": analysis.count("unchanged"),
        }
    )
    return render(request, "clusters/score_import.html", context)


def _columns(request, membership, context):
    """The user's choice of columns: read the same file again through them; optionally saved under a name."""
    entry, data = _pending(request, membership)
    if data is None:
        return _expired(request, membership)
    form = ColumnsForm(request.POST, columns=SCORE_COLUMNS, lines=entry["lines"])
    if not form.is_valid():
        return _preview(request, membership, context, columns_form=form)
    lines = form.cleaned_data["lines"]
    if name := form.cleaned_data["save_as"]:
        try:
            template_save(columns=SCORE_COLUMNS, name=name, lines=lines, by=request.user)
        except ValueError as exc:
            form.add_error("save_as", str(exc))
            return _preview(request, membership, context, columns_form=form)
        messages.success(request, _("Đã lưu cách đọc cột thành mẫu “%(n)s”.") % {"n": name.strip()})
    request.session[_key(membership)] = entry | {"lines": lines}
    return redirect(_url(membership, preview=True))


def _confirm(request, membership):
    entry, data = _pending(request, membership)
    token = request.POST.get("token", "")
    if entry.get("done") and entry["done"] == token:  # a second click after the first one wrote
        messages.info(
            request,
            _("Tệp “%(f)s” đã được nhập (%(n)s tiêu chí); không ghi thêm lần nào.")
            % {"f": entry["name"], "n": entry["count"]},
        )
        return redirect("clusters:score_sheet", member_pk=membership.pk)
    if data is None:
        return _expired(request, membership)
    if entry["token"] != token:
        messages.error(
            request,
            _("Đã có tệp khác được tải lên sau bản xem trước này; hãy xem lại bản xem trước của tệp mới rồi xác nhận."),
        )
        return redirect(_url(membership, preview=True))
    ok, count = run_service(
        request,
        score_sheet_import,
        membership=membership,
        data=data,
        file_name=entry["name"],
        lines=entry["lines"],
        digest=request.POST.get("digest", ""),
        by=request.user,
    )
    if not ok:
        return redirect(_url(membership, preview=True))
    request.session[_key(membership)] = {"done": token, "name": entry["name"], "count": count}
    pending_drop(token)
    if count:
        messages.success(
            request, _("Đã nhập điểm tự chấm của %(n)s tiêu chí từ tệp “%(f)s”.") % {"n": count, "f": entry["name"]}
        )
    else:
        messages.info(request, _("Tệp không thay đổi điểm nào so với bảng điểm hiện tại; không ghi gì."))
    return redirect("clusters:score_sheet", member_pk=membership.pk)
