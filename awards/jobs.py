"""Background job kinds of awards: analysing and writing big award-history files, and the official
documents (layout of NĐ 30/2020): the decision with its annex and certificates, the meeting packet, the minutes,
the decision's Word files and its reward payment list (PDF, xlsx) once it is too long to be made in the request."""

from dataclasses import replace
from datetime import date

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from awards.eligibility import evaluate_many
from awards.models import AwardRecord, Decision, HistoryImport, Meeting
from awards.selectors import (
    decisions_visible_to,
    grouped_recipients,
    meeting_attendance,
    meeting_items,
    meeting_recusals,
    packet_items,
)
from awards.services import (
    absent_rule,
    decision_documents_store,
    decision_sign,
    flagged_online_votes,
    history_import_analyse,
    history_import_apply,
    payments,
)
from awards.services.amendments import amendment_articles
from thiduakt.jobs import JobError, job_kind
from thiduakt.pdf import ONE_PASS_MAX_LINES, PART_CERTIFICATES, PART_LINES, balanced_parts, render_document
from thiduakt.selectors import authority_area_type, reword_area
from thiduakt.services import DomainError
from thiduakt.spreadsheets import write_xlsx
from thiduakt.text import nfc


def _load(job):
    history_import = HistoryImport.objects.filter(pk=job.params.get("import_id")).first()
    if history_import is None:
        raise JobError(_("Lượt nhập không còn tồn tại."))
    return history_import


@job_kind("awards.history_analyse", _("Phân tích tệp lịch sử khen thưởng"))
def history_analyse(job, context):
    history_import = _load(job)
    if history_import.status != HistoryImport.Status.ANALYSING:
        return  # already done by an earlier run
    history_import_analyse(history_import=history_import, progress=context.progress)


@job_kind("awards.history_apply", _("Ghi lịch sử khen thưởng từ tệp"))
def history_apply(job, context):
    history_import = _load(job)
    if history_import.status == HistoryImport.Status.APPLIED:
        return
    try:
        history_import_apply(history_import=history_import, by=job.requested_by, progress=context.progress)
    except DomainError as exc:
        HistoryImport.objects.filter(pk=history_import.pk).update(status=HistoryImport.Status.FAILED, message=str(exc))
        raise JobError(str(exc)) from exc


# ---------------------------------------------------------------------------
# Official documents (PDF)
# ---------------------------------------------------------------------------


# Blanks left for the Văn thư to fill in by hand on a draft (NĐ 30/2020 Annex I II.3–4; docs/law-money-documents.md
# §2.1 "Drafts"): "Số:      /QĐ-UBND", "ngày      tháng      năm 20   ".
BLANK = "\u00a0" * 6
BLANK_DATE = f"ngày{BLANK}tháng{BLANK}năm 20{BLANK[:3]}"
KIND_LABELS = [("collective", "tập thể"), ("individual", "cá nhân"), ("household", "hộ gia đình")]


def day_words(day) -> str:
    """ "ngày 05 tháng 01 năm 2026", "ngày 20 tháng 3 năm 2025": NĐ 30/2020 Annex I II.4 (a leading 0 for days
    below 10 and the months 1 and 2), as reports_tags.vn_long_date writes it in templates; blanks without a day."""
    if day is None:
        return BLANK_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def join_vi(parts: list[str]) -> str:
    """ "a", "a và b", "a, b và c": the Vietnamese enumeration."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def recipient_counts(recipients) -> str:
    """ "01 tập thể, 02 cá nhân và 01 hộ gia đình": two digits below 10 as in decisions, kinds in annex order."""
    counted = [(label, sum(1 for r in recipients if r.recipient_kind == kind)) for kind, label in KIND_LABELS]
    return join_vi([f"{n:02d} {label}" for label, n in counted if n])


def achievement_period(years) -> str:
    """ "năm 2024" for one achievement year, "giai đoạn 2021 - 2025" for consecutive years, else "các năm …"."""
    years = sorted(set(years))
    if not years:
        return ""
    if len(years) == 1:
        return f"năm {years[0]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"giai đoạn {years[0]} - {years[-1]}"
    return f"các năm {join_vi([str(y) for y in years])}"


def blank_number(decision) -> str:
    """The number as printed: "05/QĐ-UBND" once signed, "      /QĐ-UBND" on a draft."""
    return decision.number_display or f"{BLANK}/{decision.doc_kind}-{decision.issuer_code}"


def proposal_line(decision) -> str:
    """ "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 10 tháng 01 năm 2025", without its
    final mark; a draft without its Tờ trình shows the blanks to fill in, a signed one the proposal alone."""
    text = nfc(decision.proposal).strip().rstrip(".;,").rstrip()
    if not text:
        return ""
    if decision.proposal_number and decision.proposal_date:
        return f"{text} tại Tờ trình số {decision.proposal_number} {day_words(decision.proposal_date)}"
    if decision.is_draft:
        return f"{text} tại Tờ trình số {BLANK}/TTr-SNV {BLANK_DATE}"
    return text


def basis_lines(decision) -> list[str]:
    """The whole "Căn cứ" list as printed: each line ends with ";", the last one (the proposal) with "."
    (NĐ 30/2020 Annex I II.6 a: "dòng cuối cùng kết thúc bằng dấu chấm")."""
    lines = [line.rstrip(";") for line in decision.legal_basis_lines()]
    proposal = proposal_line(decision)
    if proposal:
        lines.append(proposal)
    return [f"{line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


def issuing_authority(decision) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang": the decision's authority with its place."""
    if authority_area_type(decision.issuer) and decision.place:
        return f"{decision.issuer} {decision.place}"
    return decision.issuer


def decision_context(decision) -> dict:
    """What the decision template shows: header, legal bases, articles, annex groups."""
    groups = grouped_recipients(decision)
    lines = []
    for heading, recipients in groups:
        rendered = []
        for r in recipients:
            name = f"{r.honorific} {r.recipient_name}".strip()
            text = f"{name}, {r.description}" if r.description else name
            if decision.purpose == "correction" and r.replaces_id:
                text += f" (thay cho: {r.replaces.recipient_name})"
            rendered.append(text)
        lines.append((heading, rendered))
    recipients_all = [r for _h, rs in groups for r in rs]
    count = len(recipients_all)
    number = blank_number(decision)
    # The award's generic name ("… Ủy ban nhân dân tỉnh") in the issuer's own words ("… thành phố" for Cần Thơ).
    area_type = authority_area_type(decision.issuer) or "tỉnh"
    award_name = reword_area(decision.award.name, to_area_type=area_type)
    annex_title = f"DANH SÁCH {('ĐƯỢC TẶNG ' + award_name).upper()}"
    if decision.purpose == "revocation":
        annex_title = f"DANH SÁCH HỦY BỎ KHEN THƯỞNG {award_name.upper()}"
    elif decision.purpose == "correction":
        annex_title = f"DANH SÁCH ĐÍNH CHÍNH KHEN THƯỞNG {award_name.upper()}"
    annex_note = (
        f"(Kèm theo Quyết định số {number} {day_words(decision.decision_date)} của {issuing_authority(decision)})"
    )
    if decision.purpose == "award":
        total = sum(r.reward_amount or 0 for _h, rs in groups for r in rs)
        what = f"danh hiệu {award_name}" if decision.award.kind == "title" else award_name
        period = achievement_period(r.year for r in recipients_all)
        articles = [
            f"Tặng {what} cho {recipient_counts(recipients_all)} (có danh sách kèm theo), "
            f"đã có thành tích xuất sắc trong phong trào thi đua {period}.",
            reword_area(
                "Tiền thưởng theo quy định: mỗi cá nhân, tập thể được khen kèm theo mức tiền thưởng bằng hệ số "
                f"nhân với mức lương cơ sở {intcomma(decision.base_salary).replace(',', '.')} đồng; "
                f"tổng cộng {intcomma(total).replace(',', '.')} đồng, trích từ Quỹ Thi đua, khen thưởng của tỉnh."
                if decision.base_salary
                else "Tiền thưởng theo quy định, tính theo mức lương cơ sở tại thời điểm ký quyết định, "
                "trích từ Quỹ Thi đua, khen thưởng của tỉnh.",
                to_area_type=area_type,
            ),
            decision.executors,
        ]
    else:
        articles = amendment_articles(decision, count=count, award_name=award_name)
    return {
        "issuer_parent": decision.issuer_parent,
        "issuer_name": decision.issuer_name,
        "number": number,
        "place": decision.place,
        "date": decision.decision_date,
        "title": "QUYẾT ĐỊNH",
        "subject": decision.subject,
        "authority_line": decision.issuer.upper(),
        "legal_bases": basis_lines(decision),
        "articles": articles,
        "signer_authority": decision.signer_authority,
        "signer_title": decision.signer_title,
        "signer_name": decision.signer_name,
        "copy_recipients": decision.copy_recipient_lines(),
        "draft": decision.status == "draft",
        "annex_title": annex_title,
        "annex_note": annex_note,
        "groups": lines,
        "decision": decision,
    }


def certificates_context(decision) -> dict:
    """One certificate per line in the annex's order: the issuer with its province ("Chủ tịch Ủy ban nhân dân tỉnh
    Hậu Giang"), the decision's number and date, the register number (sổ vàng) kept on the award record."""
    certificates = [r for _h, rs in grouped_recipients(decision) for r in rs]
    numbers = dict(
        AwardRecord.objects.filter(pk__in=[r.award_record_id for r in certificates if r.award_record_id]).values_list(
            "pk", "register_number"
        )
    )
    for r in certificates:
        r.register_number = numbers.get(r.award_record_id)
    award_name = reword_area(decision.award.name, to_area_type=authority_area_type(decision.issuer) or "tỉnh")
    return {
        "decision": decision,
        "certificates": certificates,
        "title": award_name,
        "award_name": award_name,
        "issuer_line": issuing_authority(decision),
        "number": blank_number(decision),
        "decided_on": day_words(decision.decision_date),
    }


DECISION_TEMPLATE = "reports/pdf/awards/decision.html"
CERTIFICATES_TEMPLATE = "reports/pdf/awards/certificates.html"
PACKET_TEMPLATE = "reports/pdf/awards/meeting_packet.html"


def decision_parts(context: dict, part_lines: int):
    """A long decision as parts: the decision itself (its own page numbers), then its annex at most ``part_lines``
    lines a part (``balanced_parts``), each line numbered within its group and ending with ";" ("." the last of
    its group)."""
    yield DECISION_TEMPLATE, {**context, "annex_omitted": True}
    flat = []
    for heading, lines in context["groups"]:
        for n, text in enumerate(lines, start=1):
            flat.append((heading if n == 1 else "", (str(n), text, "." if n == len(lines) else ";")))
    part_lines = balanced_parts(len(flat), part_lines)
    for k in range(0, len(flat), part_lines):
        groups: list[tuple[str, list]] = []
        for heading, line in flat[k : k + part_lines]:
            if heading or not groups:
                groups.append((heading, []))
            groups[-1][1].append(line)
        yield (
            DECISION_TEMPLATE,
            {**context, "annex_part": True, "annex_first": k == 0, "draft": False, "groups": groups},
        )


def decision_pdf(decision) -> bytes:
    """The decision with its annex through the bounded path: one pass up to ``ONE_PASS_MAX_LINES`` lines."""
    return decision_document(decision_context(decision))


def decision_document(context: dict) -> bytes:
    """``decision_pdf`` of a ``decision_context`` already built (bench/big_pdf.py times this very call)."""
    size = sum(len(lines) for _heading, lines in context["groups"])
    return render_document(
        DECISION_TEMPLATE,
        context,
        size=size,
        one_pass_max=ONE_PASS_MAX_LINES,
        parts=lambda: decision_parts(context, PART_LINES),
        numbered_from_part=1,
    )


def certificates_pdf(decision) -> bytes:
    """One certificate a page, ``PART_CERTIFICATES`` a part: a process's memory stays bounded at 25,000."""
    return certificates_document(certificates_context(decision))


def certificates_document(context: dict) -> bytes:
    """``certificates_pdf`` of a ``certificates_context`` already built (timed by bench/big_pdf.py)."""
    certificates = context["certificates"]
    part = balanced_parts(len(certificates), PART_CERTIFICATES)
    return render_document(
        CERTIFICATES_TEMPLATE,
        context,
        size=len(certificates),
        one_pass_max=PART_CERTIFICATES,
        parts=lambda: (
            (CERTIFICATES_TEMPLATE, {**context, "certificates": certificates[k : k + part]})
            for k in range(0, len(certificates), part)
        ),
    )


@job_kind("awards.decision_documents", _("Tạo tệp PDF quyết định khen thưởng"))
def decision_documents(job, context):
    """A draft: a preview marked DỰ THẢO as the job's file. A signed decision: its PDF and certificates,
    rendered once and kept on the decision (a second run finds them and does nothing)."""
    decision = Decision.objects.select_related("award", "amends").filter(pk=job.params.get("decision_id")).first()
    if decision is None:
        raise JobError(_("Quyết định không còn tồn tại."))
    context.progress(10, str(_("Đang dựng quyết định")))
    if decision.status == Decision.Status.DRAFT:
        path = context.new_result_path(".pdf")
        path.write_bytes(decision_pdf(decision))
        context.set_result(path, f"du-thao-quyet-dinh-{decision.pk}.pdf")
        return
    if decision.pdf_file:
        return  # rendered once and kept
    pdf = decision_pdf(decision)
    context.progress(60, str(_("Đang in Bằng khen")))
    certificates = None
    if decision.purpose != Decision.Purpose.REVOCATION:
        certificates = certificates_pdf(decision)
    decision_documents_store(decision=decision, decision_pdf=pdf, certificates_pdf=certificates)


@job_kind("awards.decision_sign", _("Ký ban hành quyết định khen thưởng"), time_limit=1800)
def decision_sign_run(job, context):
    """Sign the decision as ``decision_sign_request`` asked: every line in one transaction (all or nothing).
    A decision already signed (by an earlier run of this job) is left as it is."""
    decision = Decision.objects.filter(pk=job.params.get("decision_id")).first()
    if decision is None:
        raise JobError(_("Quyết định không còn tồn tại."))
    if not decision.is_draft:
        return
    context.progress(5, str(_("Đang ghi nhận ký và ghi lịch sử khen thưởng của từng đối tượng")))
    try:
        decision_sign(
            decision=decision,
            by=job.requested_by,
            decision_date=date.fromisoformat(job.params["decision_date"]),
            register_number=job.params.get("register_number", ""),
            out_of_order_reason=job.params.get("out_of_order_reason", ""),
            progress=context.progress,  # written on a connection of its own: seen while the signing runs
        )
    except DomainError as exc:
        raise JobError(str(exc)) from exc


def packet_context(meeting) -> dict:
    entries = []
    items = list(packet_items(meeting))
    eligibility = evaluate_many(item.nomination for item in items)
    groups: dict[str, int] = {}
    number = 0
    for item in items:
        findings = [f"{f.mark} {f.label}: {f.evidence}" for f in eligibility[item.nomination_id].findings]
        award_name = item.nomination.award.name
        first = award_name not in groups  # the agenda comes award by award: a new name starts a new group
        if first:
            groups[award_name] = len(groups) + 1
            number = 0
        number += 1
        entries.append(
            {
                "group_number": groups[award_name],
                "group_name": award_name if first else "",
                "number": number,
                "item": item,
                "nomination": item.nomination,
                "findings": findings,
                "comments": list(item.nomination.public_comments.all()),
            }
        )
    return {"meeting": meeting, "entries": entries, "title": "TÀI LIỆU PHIÊN HỌP"}


PART_ENTRIES = 100  # nominees a part of a long meeting packet (about a third of a page each)


def packet_pdf(meeting) -> bytes:
    """The meeting packet through the bounded path: one pass up to ``PART_ENTRIES`` nominees, else parts."""
    context = packet_context(meeting)
    entries = context["entries"]
    return render_document(
        PACKET_TEMPLATE,
        context,
        size=len(entries),
        one_pass_max=PART_ENTRIES,
        parts=lambda: (
            (
                PACKET_TEMPLATE,
                {**context, "entries": entries[k : k + PART_ENTRIES], "part_continued": k > 0, "part_stamped": True},
            )
            for k in range(0, len(entries), PART_ENTRIES)
        ),
        numbered_from_part=0,
    )


def minutes_context(meeting) -> dict:
    return {
        "meeting": meeting,
        "attendance": list(meeting_attendance(meeting)),
        "items": list(meeting_items(meeting)),
        "chair": meeting.term.members.filter(role="chair").select_related("user").first(),
        "secretary": meeting.term.members.filter(role="secretary").select_related("user").first(),
        "title": "BIÊN BẢN",
        "absent_count": (meeting.members_total or 0) - (meeting.present_count or 0),
        "recusals": list(meeting_recusals(meeting)),
        "flagged_votes": flagged_online_votes(meeting),
        "absent_rule": absent_rule(meeting),
    }


def _meeting(job):
    meeting = Meeting.objects.select_related("term").filter(pk=job.params.get("meeting_id")).first()
    if meeting is None:
        raise JobError(_("Phiên họp không còn tồn tại."))
    return meeting


@job_kind("awards.meeting_packet", _("Tạo tài liệu phiên họp Hội đồng (PDF)"))
def meeting_packet(job, context):
    meeting = _meeting(job)
    path = context.new_result_path(".pdf")
    path.write_bytes(packet_pdf(meeting))
    context.set_result(path, f"tai-lieu-phien-hop-{meeting.pk}.pdf")


@job_kind("awards.meeting_minutes", _("Tạo biên bản phiên họp Hội đồng (PDF)"))
def meeting_minutes(job, context):
    meeting = _meeting(job)
    if meeting.status != meeting.Status.CLOSED:
        raise JobError(_("Chỉ lập biên bản sau khi đóng bỏ phiếu."))
    path = context.new_result_path(".pdf")
    # One pass through the one path: the tallies of an agenda (hundreds of lines at most) in tables under
    # the minutes' signatures, which have no parts.
    path.write_bytes(render_document("reports/pdf/awards/meeting_minutes.html", minutes_context(meeting)))
    context.set_result(path, f"bien-ban-phien-hop-{meeting.pk}.pdf")


# ---------------------------------------------------------------------------
# The decision's Word files and its payment list: in the request when short, else a job
# ---------------------------------------------------------------------------

# Up to this many lines a decision's file is the answer of the click itself (the common case stays one click),
# beyond it a job makes it: about a second in the request at most (measured on the 2-core machine under a load of
# 4, see the commit). A Word file or the xlsx of 300 lines takes 0.15-0.3 s (25,000 lines: 5-10 s); the payment
# list's PDF is a WeasyPrint table, ~0.8 s plus 10-20 ms a line (by the load): 1 s at 30 lines, 3-7 s at 300.
IN_REQUEST_MAX_LINES = 300
IN_REQUEST_MAX_PDF_LINES = 30

DOCX_JOB = "awards.decision_docx"
PAYMENTS_PDF_JOB = "awards.payments_pdf"
PAYMENTS_XLSX_JOB = "awards.payments_xlsx"
PAYMENTS_TEMPLATE = "reports/pdf/awards/payment_list.html"


def made_in_request(decision, *, pdf: bool = False) -> bool:
    """Whether the decision is short enough for its file to be made in the request (``IN_REQUEST_MAX_LINES``,
    ``IN_REQUEST_MAX_PDF_LINES`` for a PDF). ``decision`` comes from ``decisions_visible_to``, which counts its
    lines (no query here)."""
    return decision.recipient_count <= (IN_REQUEST_MAX_PDF_LINES if pdf else IN_REQUEST_MAX_LINES)


# A payment line is a table row of 6 cells: ~6 ms of CPU a line in WeasyPrint with fixed columns (9 ms with the
# automatic layout it had), against ~1 ms an annex line. One pass up to PAYMENT_ONE_PASS_MAX_LINES lines, else parts
# of at most PAYMENT_PART_LINES lines laid out on every core (measured with bench/payment_pdf.py, see the commit).
PAYMENT_ONE_PASS_MAX_LINES = 600
PAYMENT_PART_LINES = 1000


def payment_parts(context: dict, part_lines: int):
    """A long payment list as parts of at most ``part_lines`` lines (``balanced_parts``): the header and the
    heading in the first only, the total row in the last only, every part's pages numbered by the stamps."""
    listing = context["payments"]
    lines = listing.lines
    part_lines = balanced_parts(len(lines), part_lines)
    for k in range(0, len(lines), part_lines):
        yield (
            PAYMENTS_TEMPLATE,
            {
                **context,
                "payments": replace(listing, lines=lines[k : k + part_lines]),
                "part_continued": k > 0,
                "total_omitted": k + part_lines < len(lines),
                "part_stamped": True,
            },
        )


def payments_pdf(listing) -> bytes:
    """The payment list through the bounded path: one pass up to ``PAYMENT_ONE_PASS_MAX_LINES`` lines, else parts
    whose pages are numbered on from the first part's second page, as the one pass numbers them."""
    context = {"payments": listing, "decision": listing.decision}
    return render_document(
        PAYMENTS_TEMPLATE,
        context,
        size=len(listing.lines),
        one_pass_max=PAYMENT_ONE_PASS_MAX_LINES,
        parts=lambda: payment_parts(context, PAYMENT_PART_LINES),
        numbered_from_part=0,
    )


def payments_xlsx(listing) -> bytes:
    return write_xlsx(payments.PAYMENT_HEADERS, payments.payment_rows(listing), title="Chi tiền thưởng")


def _requested_decision(job):
    """The job's decision as its requester may see it now (checked again: the job may run after access was lost)."""
    user = job.requested_by
    decision = None
    if user is not None and user.has_perm("awards.manage_decisions"):
        decision = decisions_visible_to(user).filter(pk=job.params.get("decision_id")).first()
    if decision is None:
        raise JobError(_("Quyết định không còn tồn tại hoặc bạn không còn quyền xem."))
    return decision


@job_kind(DOCX_JOB, _("Tạo văn bản Word của quyết định khen thưởng"))
def decision_docx_run(job, context):
    """The decision, its annex or the Tờ trình (``params["kind"]``) as a Word file, as the request makes it."""
    from awards.services import documents  # noqa: PLC0415 -- awards.services.documents reads this module's wording

    decision = _requested_decision(job)
    kind = job.params.get("kind")
    context.progress(10, str(_("Đang điền mẫu văn bản Word")))
    try:
        data = documents.decision_docx(decision=decision, kind=kind)
    except DomainError as exc:
        raise JobError(str(exc)) from exc
    path = context.new_result_path(".docx")
    path.write_bytes(data)
    context.set_result(path, documents.docx_filename(decision, kind))


def _payment_list(job, context):
    decision = _requested_decision(job)
    context.progress(10, str(_("Đang tính tiền thưởng từng dòng")))
    try:
        return payments.payment_list(decision)
    except DomainError as exc:
        raise JobError(str(exc)) from exc


@job_kind(PAYMENTS_PDF_JOB, _("Lập danh sách chi tiền thưởng (PDF)"))
def payments_pdf_run(job, context):
    listing = _payment_list(job, context)
    context.progress(30, str(_("Đang dàn trang PDF")))
    path = context.new_result_path(".pdf")
    path.write_bytes(payments_pdf(listing))
    context.set_result(path, payments.payment_filename(listing.decision, "pdf"))


@job_kind(PAYMENTS_XLSX_JOB, _("Lập danh sách chi tiền thưởng (Excel)"))
def payments_xlsx_run(job, context):
    listing = _payment_list(job, context)
    context.progress(50, str(_("Đang ghi tệp Excel")))
    path = context.new_result_path(".xlsx")
    path.write_bytes(payments_xlsx(listing))
    context.set_result(path, payments.payment_filename(listing.decision, "xlsx"))
