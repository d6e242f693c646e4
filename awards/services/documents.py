"""The documents offices edit, as Word files: the decision, its annex (the award list) and the Sở Nội vụ's
Tờ trình, filled from the same data and wording rules as the PDF (``awards.jobs.decision_context``), from
templates the province may replace (``DocumentTemplate``; the shipped defaults in ``awards/templates_docx/``).

Templates are docxtpl (Jinja) files rendered in a sandboxed environment with plain strings and lists only
(no model object reaches a template), values XML-escaped. A replacement passes the upload gate (docx only,
macros refused) and must render the sample context before it is kept.
"""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from awards.jobs import (
    BLANK,
    achievement_period,
    day_words,
    decision_context,
    issuing_authority,
    recipient_counts,
)
from awards.models import Decision, DocumentTemplate
from awards.selectors import grouped_recipients
from thiduakt.models import User
from thiduakt.selectors import authority_area_type, reword_area
from thiduakt.services import DomainError
from thiduakt.uploads import AllowList, UploadError, check_upload

DEFAULTS = Path(__file__).resolve().parent.parent / "templates_docx"
WORD = AllowList(("docx",))
Kind = DocumentTemplate.Kind
# The file names offered for each kind (the slug of the URL → the kind).
SLUGS = {"quyet-dinh": Kind.DECISION, "danh-sach": Kind.ANNEX, "to-trinh": Kind.PROPOSAL}


def _listed(lines: list[str], *, prefix: str = "") -> list[str]:
    """Each line ends with ";" and the last one with "." (NĐ 30/2020 Annex I II.6 a, II.9 d)."""
    clean = [line.strip() for line in lines if line.strip()]  # as the PDF writes them: marks added, none taken
    return [f"{prefix}{line}{'.' if i == len(clean) - 1 else ';'}" for i, line in enumerate(clean)]


def _place_date(place: str, day) -> str:
    return f"{place}, {day_words(day)}" if place else day_words(day)


def decision_docx_context(decision: Decision) -> dict:
    """The decision's texts for its Word template (the same as its PDF: ``decision_context``)."""
    ctx = decision_context(decision)
    return {
        "draft": ctx["draft"],
        "issuer_parent": ctx["issuer_parent"],
        "issuer_name": ctx["issuer_name"],
        "number": ctx["number"],
        "place_date": _place_date(ctx["place"], ctx["date"]),
        "title": ctx["title"],
        "subject": ctx["subject"],
        "authority_line": ctx["authority_line"],
        "legal_bases": list(ctx["legal_bases"]),
        "articles": [str(a) for a in ctx["articles"]],
        "copy_recipients": _listed(ctx["copy_recipients"], prefix="- "),
        "signer_authority": ctx["signer_authority"],
        "signer_title": ctx["signer_title"],
        "signer_name": ctx["signer_name"],
        "annex_title": ctx["annex_title"],
        "annex_note": ctx["annex_note"],
        "groups": [
            {"heading": heading, "lines": [f"{i}. {line}" for i, line in enumerate(_listed(lines), start=1)]}
            for heading, lines in ctx["groups"]
        ],
    }


def proposal_docx_context(decision: Decision) -> dict:
    """The Sở Nội vụ's Tờ trình asking the chair to sign the decision: the Sở under the province's people's
    committee ("UBND TỈNH HẬU GIANG" / "SỞ NỘI VỤ", NĐ 30 Annex I II.2), the decision's Tờ trình number and
    date (blanks while unknown), the same "Căn cứ" laws, the request and the same money sentence.
    [assume] the Sở's director signs (GIÁM ĐỐC, name written by hand); kept: "Như trên", "Lưu: VT, TĐKT"."""
    ctx = decision_context(decision)
    area_type = authority_area_type(decision.issuer) or "tỉnh"
    award_name = reword_area(decision.award.name, to_area_type=area_type)
    recipients = [r for _h, rs in grouped_recipients(decision) for r in rs]
    subject = decision.subject
    subject = (
        f"Về việc đề nghị {subject.removeprefix('Về việc ').strip()}" if subject.startswith("Về việc ") else subject
    )
    addressee = issuing_authority(decision)
    if decision.purpose == Decision.Purpose.AWARD:
        what = f"danh hiệu {award_name}" if decision.award.kind == "title" else award_name
        request = (
            f"Sở Nội vụ kính trình {addressee} xem xét, quyết định tặng {what} cho "
            f"{recipient_counts(recipients)} (có danh sách kèm theo), đã có thành tích xuất sắc trong phong trào "
            f"thi đua {achievement_period(r.year for r in recipients)}."
        )
        body = [request, str(ctx["articles"][1])]
    else:
        body = [
            f"Sở Nội vụ kính trình {addressee} xem xét, quyết định: {ctx['articles'][0]}",
        ]
    body.append(f"Sở Nội vụ kính trình {addressee} xem xét, quyết định./.")
    return {
        "draft": ctx["draft"],
        "issuer_parent": f"UBND {decision.issuer_name}".upper(),
        "issuer_name": "SỞ NỘI VỤ",
        "number": decision.proposal_number or f"{BLANK}/TTr-SNV",
        "place_date": _place_date(decision.place, decision.proposal_date),
        "subject": subject,
        "addressee": addressee,
        "legal_bases": _listed([line.rstrip(";") for line in decision.legal_basis_lines()]),
        "body": body,
        "copy_recipients": _listed(["Như trên", "Lưu: VT, TĐKT"], prefix="- "),
        "signer_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "",
    }


def _context(decision: Decision, kind: str) -> dict:
    return proposal_docx_context(decision) if kind == Kind.PROPOSAL else decision_docx_context(decision)


def template_bytes(kind: str) -> bytes:
    """The province's template of ``kind`` if one was uploaded, else the shipped default."""
    row = DocumentTemplate.objects.filter(kind=kind).exclude(file="").first()
    if row is not None:
        try:
            with row.file.storage.open(row.file.name, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # the file is gone: the default serves rather than nothing
    return (DEFAULTS / f"{kind}.docx").read_bytes()


def render_docx(template: bytes, context: dict) -> bytes:
    """Fill a docxtpl template; a broken template raises ``DomainError`` in Vietnamese."""
    from docxtpl import DocxTemplate  # noqa: PLC0415 -- docxtpl and lxml load only when a Word file is made
    from jinja2 import StrictUndefined  # noqa: PLC0415 -- as above
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415 -- as above

    try:
        document = DocxTemplate(io.BytesIO(template))
        # Strict: a name the data does not have (a typo in a replacement) is an error, not a blank.
        document.render(context, jinja_env=SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except Exception as exc:  # jinja syntax or security errors, a broken package: all mean the template is bad
        raise DomainError(
            _("Mẫu văn bản Word không dùng được: %(e)s") % {"e": str(exc)[:200] or exc.__class__.__name__}
        ) from exc
    return out.getvalue()


def decision_docx(*, decision: Decision, kind: str) -> bytes:
    """The decision (``Kind.DECISION``), its annex (``Kind.ANNEX``) or the Tờ trình (``Kind.PROPOSAL``) as .docx."""
    if kind not in Kind.values:
        raise DomainError(_("Loại văn bản không hợp lệ."))
    return render_docx(template_bytes(kind), _context(decision, kind))


def docx_filename(decision: Decision, kind: str) -> str:
    slug = (decision.number_display or f"du-thao-{decision.pk}").replace("/", "-")
    prefix = {Kind.DECISION: "QD", Kind.ANNEX: "DanhSach-QD", Kind.PROPOSAL: "ToTrinh-QD"}[kind]
    return f"{prefix}-{slug}.docx"


# A context with every key the templates know, to check a replacement renders before it is kept.
SAMPLE = {
    "draft": True,
    "issuer_parent": "ỦY BAN NHÂN DÂN",
    "issuer_name": "TỈNH HẬU GIANG",
    "number": f"{BLANK}/QĐ-UBND",
    "place_date": "Hậu Giang, ngày 05 tháng 01 năm 2026",
    "title": "QUYẾT ĐỊNH",
    "subject": "Về việc tặng Bằng khen",
    "authority_line": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "addressee": "Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang",
    "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022."],
    "articles": ["Tặng Bằng khen.", "Tiền thưởng.", "Thi hành."],
    "body": ["Sở Nội vụ kính trình."],
    "copy_recipients": ["- Như Điều 3;", "- Lưu: VT, NC."],
    "signer_authority": "KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn A",
    "annex_title": "DANH SÁCH",
    "annex_note": "(Kèm theo Quyết định)",
    "groups": [{"heading": "I. CÁ NHÂN", "lines": ["1. Ông Nguyễn Văn A."]}],
}


def document_template_replace(*, kind: str, upload, by: User | None) -> DocumentTemplate:
    """Keep the province's own Word template for ``kind``: through the upload gate (docx only, no macros),
    and only if it renders. Side effects: a file in private storage (the old one removed after commit),
    the DocumentTemplate row (history)."""
    if kind not in Kind.values:
        raise DomainError(_("Loại văn bản không hợp lệ."))
    try:
        checked = check_upload(upload, allow=WORD)
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    try:
        render_docx(checked.data, SAMPLE)
    except DomainError as exc:
        raise DomainError(_("Tệp “%(name)s”: %(e)s") % {"name": checked.name, "e": str(exc)}, field="file") from exc
    field = DocumentTemplate._meta.get_field("file")
    name = default_storage.save(field.generate_filename(None, f"{kind}.docx"), ContentFile(checked.data))
    try:
        with transaction.atomic():
            row = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
            old = row.file.name if row and row.file else ""
            row = row or DocumentTemplate(kind=kind)
            row.file, row.original_name, row.sha256, row.uploaded_by = name, checked.name, checked.sha256, by
            row._change_reason = f"replace template {checked.name}"[:100]
            row.save()
            if old and old != name:
                transaction.on_commit(lambda: default_storage.delete(old))
    except Exception:
        default_storage.delete(name)
        raise
    return row


def document_template_reset(*, kind: str, by: User | None) -> bool:
    """Go back to the shipped default template of ``kind``. Side effects: the row deleted (its history
    kept), its file removed after commit. Returns whether there was a template to remove."""
    with transaction.atomic():
        row = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        if row is None:
            return False
        old = row.file.name
        row._change_reason = "reset to the default template"
        row.delete()
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
    return True
