"""Writes of decisions: drafts worded from the award's template and the laws in force, signing with the next
number (and the certificates' register numbers), and keeping the signed PDFs; what a correction or
revocation does to the lines it amends is in ``awards.services.amendments``.

Every function is keyword-only, atomic, checks the current state under
``select_for_update`` and lists its side effects in its docstring.
"""

import re
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import lookup_cache
from awards.models import (
    Award,
    AwardRecord,
    Decision,
    DecisionRecipient,
    DecisionTemplate,
    DossierEvent,
    LegalCitation,
    Nomination,
    RecipientKind,
    RegisterCounter,
)
from awards.selectors import DECIDABLE, decidable_nominations
from awards.services import amendments
from awards.services.catalogue import base_salary_on, coefficient_on, reward_on
from awards.services.numbering import check_not_future, parse_entered, take_number
from thiduakt.models import Job, OfficeHolder, OrgUnit, User
from thiduakt.selectors import Issuer, authority_area_type, issuer_as_of
from thiduakt.services import DomainError, job_create, notification_send
from thiduakt.text import nfc
from thiduakt.workflow import record_event, transition

S = Nomination.Status


# The "Căn cứ" laws, decrees and the province's regulation are dated rows (LegalCitation, seeded from
# awards.reference.CITATIONS); the proposal line gets "tại Tờ trình số …/TTr-SNV ngày …" from the decision.
DEFAULT_PROPOSAL = "Xét đề nghị của Giám đốc Sở Nội vụ"


DEFAULT_EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên "
    "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
)


DEFAULT_COPY_RECIPIENTS = ["Như Điều 3", "Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Lưu: VT, NC"]


def cited_bases_on(day: date) -> str:
    """The "Căn cứ" lines in force on ``day`` (laws, decrees, the province's regulation), one per line."""
    return "\n".join(LegalCitation.objects.in_force(day).values_list("text", flat=True))


_LOCAL_GOVERNMENT = ("Ủy ban nhân dân ", "UBND ")


def _area(unit) -> str:
    """ "xã Hòa An" for the commune's people's committee ("Ủy ban nhân dân xã Hòa An"), "tỉnh Hậu Giang" for the
    province (its area type and place name); "" for a unit that governs no area."""
    if unit.area_type and unit.place_name:
        return f"{unit.area_type} {unit.place_name}"
    for prefix in _LOCAL_GOVERNMENT:
        rest = unit.name.removeprefix(prefix).strip()
        if rest != unit.name.strip() and rest[:1].islower():
            return rest
    return ""


def administrative_address(unit) -> str:
    """ "xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang": the areas from ``unit`` up, as long as each governs one."""
    parts, seen = [], set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        area = _area(unit)
        if not area:
            break
        parts.append(area)
        unit = unit.parent
    return ", ".join(parts)


def _load_areas(units) -> None:
    """Read the parents of ``units`` up to the province, one query per level whatever their number, so that
    ``administrative_address`` walks them in memory."""
    level = list(units)
    known = {u.pk: u for u in level}
    while level:
        wanted = {u.parent_id for u in level if u.parent_id and u.parent_id not in known}
        parents = {p.pk: p for p in OrgUnit.objects.filter(pk__in=wanted)} if wanted else {}
        known.update(parents)
        for unit in level:
            if unit.parent_id in known:
                unit.parent = known[unit.parent_id]
        level = list(parents.values())


def recipient_description(nomination: Nomination) -> str:
    """What follows a recipient's name in the decision's list: "position, unit" for a person (the unit once:
    a position that already names it is written alone), the address for a household (the areas of the
    local government that proposes it), nothing for a collective."""
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL and nomination.person_id:
        person = nomination.person
        unit = person.unit.name if person.unit_id else nomination.dossier.unit.name
        position = nfc(person.position).strip().rstrip(",")
        if not position:
            return unit
        if nfc(unit).casefold() in position.casefold():
            return position
        return f"{position}, {unit}"
    if nomination.nominee_kind == RecipientKind.HOUSEHOLD:
        unit = nomination.dossier.unit
        return administrative_address(unit) or unit.name
    return ""


def _out_of_office(name: str, issuer: Issuer) -> bool:
    """Whether the registry knows ``name`` as an office holder, but not of the issuer in office on its day."""
    holders = list(OfficeHolder.objects.filter(full_name=nfc(name)))
    return bool(holders) and not any(h.unit_id == issuer.unit.pk and h.is_active_on(issuer.day) for h in holders)


def issuer_changes(decision: Decision, day: date, *, signing: bool) -> tuple[dict, str]:
    """The header, place, authority (and signer) the unit registry gives a decision of ``day``, and a note.

    Returns the fields that differ from the decision's and a line for its history ("" when none). The
    generic "Ủy ban nhân dân tỉnh" of the subject, proposal and executors follows the issuer ("thành phố"
    for Cần Thơ). A draft gets the registry's signer when it names none; at signing, a signer the registry
    knows only as an office holder of another body or term is replaced by the one in office that day (or
    refused when there is none). With no province-level body on ``day`` in the registry nothing changes.
    """
    issuer = issuer_as_of(day)
    if issuer is None:
        return {}, ""
    from_area = authority_area_type(decision.issuer) or "tỉnh"
    wanted = {
        "issuer_parent": issuer.parent_line,
        "issuer_name": issuer.name_line,
        "issuer": issuer.authority,
        "place": issuer.place,
        **{
            name: issuer.reword(getattr(decision, name), from_area_type=from_area)
            for name in ("subject", "proposal", "executors")
        },
    }
    signer = decision.signer_name.strip()
    replaced = signing and signer and _out_of_office(signer, issuer)
    if replaced and issuer.signer is None:
        raise DomainError(
            _("%(name)s không giữ chức vụ tại %(body)s ngày %(day)s; hãy sửa người ký.")
            % {"name": signer, "body": issuer.unit.name, "day": day.strftime("%d/%m/%Y")}
        )
    if issuer.signer and (replaced or (not signing and not signer)):
        wanted.update(
            signer_authority=issuer.signer_authority, signer_title=issuer.signer_title, signer_name=issuer.signer_name
        )
    changes = {name: value for name, value in wanted.items() if getattr(decision, name) != value}
    if not changes:
        return {}, ""
    note = _("Theo danh mục đơn vị ngày %(day)s: %(body)s") % {"day": day.strftime("%d/%m/%Y"), "body": issuer.header}
    if replaced:
        note += _("; người ký %(new)s (%(old)s không còn giữ chức vụ)") % {"new": issuer.signer_name, "old": signer}
    return changes, note


def _coefficient(award: Award, kind: str, day: date) -> Decimal:
    """The coefficient a draft shows (of ``day``); the signing takes the one of the decision's date."""
    row = coefficient_on(award, kind, day)
    return row.coefficient if row else Decimal(0)


# ---------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------


def decision_create_draft(*, award: Award, nominations: list[Nomination], by: User | None) -> Decision:
    """A draft decision for ``award`` naming the given nominees, worded from the award's template.

    Side effects: one Decision, its DecisionRecipients, one event.
    """
    if not nominations:
        raise DomainError(_("Chưa chọn đối tượng nào."))
    if award.central_level:
        raise DomainError(_("%(a)s do Trung ương quyết định: trình Trung ương, không ra quyết định.") % {"a": award})
    template = DecisionTemplate.objects.filter(award=award).first()
    with transaction.atomic():
        locked = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations])
            .select_related("award", "dossier__unit", "person__unit", "unit")
        )
        allowed = set(decidable_nominations().filter(pk__in=[n.pk for n in locked]).values_list("pk", flat=True))
        for nomination in locked:
            if nomination.award_id != award.pk:
                raise DomainError(
                    _("%(name)s được đề nghị %(a)s, không phải %(b)s.")
                    % {"name": nomination.nominee_name, "a": nomination.award, "b": award}
                )
            if nomination.pk not in allowed:
                raise DomainError(
                    _("%(name)s chưa đủ điều kiện ra quyết định hoặc đã có trong một dự thảo khác.")
                    % {"name": nomination.nominee_name}
                )
        decision = Decision(
            award=award,
            subject=template.subject if template else _("Về việc tặng %(a)s") % {"a": award.name},
            cited_bases=cited_bases_on(timezone.localdate()),
            legal_bases=template.legal_bases if template else "",
            proposal=template.proposal if template else DEFAULT_PROPOSAL,
            executors=template.executors if template and template.executors else DEFAULT_EXECUTORS,
            copy_recipients=template.copy_recipients
            if template and template.copy_recipients
            else "\n".join(DEFAULT_COPY_RECIPIENTS),
            signer_name="",
            created_by=by,
        )
        for name, value in issuer_changes(decision, timezone.localdate(), signing=False)[0].items():
            setattr(decision, name, value)
        decision.save()
        # In bulk, whatever the number of lines: one coefficient per kind, the households' areas read once.
        today = timezone.localdate()
        coefficients = {kind: _coefficient(award, kind, today) for kind in {n.nominee_kind for n in locked}}
        _load_areas([n.dossier.unit for n in locked if n.nominee_kind == RecipientKind.HOUSEHOLD])
        lines = []
        for nomination in locked:
            line = DecisionRecipient(
                decision=decision,
                nomination=nomination,
                recipient_kind=nomination.nominee_kind,
                person=nomination.person,
                unit=nomination.unit,
                household_name=nomination.household_name,
                recipient_name=nomination.nominee_name,
                description=recipient_description(nomination),
                year=nomination.year,
                coefficient=coefficients[nomination.nominee_kind],
            )
            line.normalise()
            lines.append(line)
        DecisionRecipient.objects.bulk_create(lines, batch_size=2000)
        record_event(decision, by=by, action=_("Soạn dự thảo với %(n)s đối tượng") % {"n": len(locked)})
    return decision


EDITABLE_FIELDS = {
    "subject",
    "legal_bases",
    "proposal",
    "executors",
    "copy_recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
    "issuer",
    "issuer_parent",
    "issuer_name",
    "issuer_code",
    "place",
    "award_type",
    "proposal_number",
    "proposal_date",
}

# "125/TTr-SNV": the number, "/", the ký hiệu (NĐ 30/2020 Annex I II.3), no spaces.
_PROPOSAL_NUMBER = re.compile(r"^\d{1,6}/\S+$")


def _check_proposal(number: str, day: date | None, *, latest: date, latest_label: str) -> None:
    """The Tờ trình cited in the proposal line: a number of the form "125/TTr-SNV" and a date not after
    ``latest`` (today for a draft, the decision's date at signing), both or neither."""
    number = (number or "").strip()
    if number and not _PROPOSAL_NUMBER.match(number):
        raise DomainError(
            _("Số tờ trình “%(n)s” không đúng dạng số/ký hiệu, ví dụ 125/TTr-SNV.") % {"n": number},
            field="proposal_number",
        )
    if bool(number) != bool(day):
        raise DomainError(
            _("Cần ghi cả số và ngày của tờ trình (hoặc để trống cả hai)."),
            field="proposal_date" if number else "proposal_number",
        )
    if day and day > latest:
        raise DomainError(
            _("Ngày tờ trình %(d)s sau %(what)s %(latest)s.")
            % {"d": day.strftime("%d/%m/%Y"), "what": latest_label, "latest": latest.strftime("%d/%m/%Y")},
            field="proposal_date",
        )


def decision_update(*, decision: Decision, by: User | None, **fields) -> Decision:
    """Edit the wording of a draft (the Tờ trình checked: number and date together, dated at the latest
    today); its dated "Căn cứ" lines become those in force today. Side effects: the decision (history),
    one event."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not decision.is_draft:
            raise DomainError(_("Quyết định đã ký, không thể sửa; hãy ra quyết định đính chính."))
        if "proposal_number" in fields:
            fields["proposal_number"] = nfc(fields["proposal_number"] or "").strip()
        today = timezone.localdate()
        _check_proposal(
            fields.get("proposal_number", decision.proposal_number),
            fields.get("proposal_date", decision.proposal_date),
            latest=today,
            latest_label=_("ngày hôm nay"),
        )
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.cited_bases = cited_bases_on(today)
        decision._change_reason = "edit draft"
        decision.save()
        record_event(decision, by=by, action=_("Sửa dự thảo"))
    return decision


def decision_recipient_remove(*, recipient: DecisionRecipient, by: User | None) -> None:
    """Take one recipient out of a draft. Side effects: the recipient row is deleted, one event."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=recipient.decision_id)
        if not decision.is_draft:
            raise DomainError(_("Quyết định đã ký, không thể sửa; hãy ra quyết định đính chính."))
        if decision.recipients.count() <= 1:
            raise DomainError(_("Quyết định phải có ít nhất một đối tượng."))
        name = recipient.recipient_name
        recipient.delete()
        record_event(decision, by=by, action=_("Bỏ %(name)s khỏi dự thảo") % {"name": name})


# ---------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------


def register_of(decision: Decision) -> str:
    """The register (sổ vàng) the decision's certificates are written in: one per award and issuing body."""
    return f"{decision.award.code}/{decision.issuer_code}/{decision.issuer_name}"[:120]


def _take_register_numbers(register: str, count: int) -> int:
    """Take ``count`` consecutive numbers of ``register`` and return the first; the counter row stays locked
    until the signing commits, so no number is given twice and the register never restarts."""
    if not RegisterCounter.objects.filter(register=register).exists():
        try:
            with transaction.atomic():
                RegisterCounter.objects.create(register=register)
        except IntegrityError:
            pass
    counter = RegisterCounter.objects.select_for_update().get(register=register)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


# The certificates are numbered in the order of the annex (awards.selectors.grouped_recipients).
_ANNEX_ORDER = {RecipientKind.COLLECTIVE: 0, RecipientKind.INDIVIDUAL: 1, RecipientKind.HOUSEHOLD: 2}


# Rows per INSERT of a signing (a history row has about 30 columns: 30,000 parameters, well under PostgreSQL's
# 65,535), and per UPDATE of the lines (Django's bulk_update writes a CASE per column: longer ones get slow).
SIGN_BATCH = 1000
SIGN_UPDATE_BATCH = 500


def _sign_lines(
    decision: Decision,
    recipients: list[DecisionRecipient],
    *,
    register: str,
    register_numbers: dict,
    by: User | None,
    progress=None,
) -> None:
    """Carry out each line of a decision being signed, in bulk: its award record with its history row,
    its reward, and its nominee moved to "decided" with the nominee's history row and a dossier event.

    ``progress(percent, message)``, if given, hears of each step (the signing job's progress bar)."""
    progress = progress or (lambda _percent, _message: None)
    rewards: dict[str, object] = {}  # one catalogue look-up per recipient kind, not per line
    lines, records = [], []
    for recipient in recipients:
        if decision.purpose != Decision.Purpose.AWARD:
            # Corrections and revocations act on the lines they replace (awards.services.amendments).
            if not amendments.sign_line(recipient, decision):
                continue
        else:
            kind = recipient.recipient_kind
            if kind not in rewards:
                rewards[kind] = reward_on(decision.award, kind, decision.decision_date)
            recipient.coefficient, recipient.reward_amount = rewards[kind].coefficient, rewards[kind].amount
        record = AwardRecord(
            recipient_kind=recipient.recipient_kind,
            person=recipient.person,
            unit=recipient.unit,
            household_name=recipient.household_name,
            award=decision.award,
            year=recipient.year,
            decision_number=decision.number_display,
            decision_date=decision.decision_date,
            issuer=decision.issuer,
            award_type=decision.award_type,
            source=AwardRecord.Source.DECIDED,
            is_public=True,
            nomination=recipient.nomination,
            recipient_name=recipient.recipient_name,
            recipient_unit_name=recipient.description,
            register=register,
            register_number=register_numbers[recipient.pk],
        )
        record.derive()
        lines.append(recipient)
        records.append(record)
    written = AwardRecord.objects.bulk_create(records, batch_size=SIGN_BATCH)
    lookup_cache.changed()  # bulk_create sends no signal: the public lookup's cached pages are out of date
    progress(35, _("Đã ghi %(n)s khen thưởng vào lịch sử khen thưởng") % {"n": f"{len(written):,}"})
    AwardRecord.history.bulk_history_create(
        written, default_user=by, default_change_reason=f"QĐ {decision.number_display}", batch_size=SIGN_BATCH
    )
    for recipient, record in zip(lines, written, strict=True):
        recipient.award_record = record
    progress(55, _("Đã ghi lịch sử thay đổi; đang ghi số vào sổ và tiền thưởng của từng dòng"))
    _write_signed_lines(lines)
    if decision.purpose == Decision.Purpose.AWARD:
        progress(75, _("Đang chuyển các đối tượng được đề nghị sang “đã có quyết định”"))
        _decide_nominations([r.nomination_id for r in lines if r.nomination_id], decision=decision, by=by)
    progress(90, _("Đang gửi thông báo cho các đơn vị"))


def _write_signed_lines(lines: list[DecisionRecipient]) -> None:
    """Write each line's record, coefficient and amounts. On PostgreSQL one ``UPDATE … FROM (VALUES …)`` per
    batch: Django's ``bulk_update`` builds a CASE per column and row, which took most of a signing's time."""
    fields = ["award_record", "coefficient", "reward_amount", "reward_difference"]
    if connection.vendor != "postgresql":
        DecisionRecipient.objects.bulk_update(lines, fields, batch_size=SIGN_UPDATE_BATCH)
        return
    table = connection.ops.quote_name(DecisionRecipient._meta.db_table)
    for start in range(0, len(lines), SIGN_BATCH):
        batch = lines[start : start + SIGN_BATCH]
        rows = ", ".join(["(%s::bigint, %s::bigint, %s::numeric, %s::bigint, %s::bigint)"] * len(batch))
        params = [
            value
            for r in batch
            for value in (r.pk, r.award_record_id, r.coefficient, r.reward_amount, r.reward_difference)
        ]
        sql = (
            f"UPDATE {table} AS line SET award_record_id = v.record, coefficient = v.coefficient, "  # noqa: S608 -- the model's table; values bound
            "reward_amount = v.amount, reward_difference = v.difference "
            f"FROM (VALUES {rows}) AS v(id, record, coefficient, amount, difference) WHERE line.id = v.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _decide_nominations(ids: list[int], *, decision: Decision, by: User | None) -> None:
    """Move the decision's nominees to "decided" as ``transition`` would, one statement per batch: locked,
    checked (a nominee no longer awaiting a decision refuses the whole signing), history rows and events."""
    S = Nomination.Status
    nominations = list(
        Nomination.objects.select_for_update(of=("self",)).select_related("dossier").filter(pk__in=ids).order_by("pk")
    )
    decidable = {str(s) for s in DECIDABLE}
    for nomination in nominations:
        if nomination.status not in decidable or not S.allows(nomination.status, S.DECIDED):
            raise DomainError(
                _("%(name)s không còn ở trạng thái chờ quyết định (%(s)s).")
                % {"name": nomination.nominee_name, "s": nomination.get_status_display()}
            )
    action = _("Có Quyết định khen thưởng số %(n)s") % {"n": decision.number_display}
    events = [
        DossierEvent(
            dossier_id=n.dossier_id,
            nomination=n,
            round_number=n.dossier.round_number,
            by=by,
            action=action[:200],
            from_status=n.status,
            to_status=str(S.DECIDED),
        )
        for n in nominations
    ]
    for nomination in nominations:
        nomination.status = str(S.DECIDED)
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status=S.DECIDED)
    Nomination.history.bulk_history_create(
        nominations, default_user=by, default_change_reason=action, batch_size=SIGN_BATCH
    )
    DossierEvent.objects.bulk_create(events, batch_size=SIGN_BATCH)


def _unit_officers(unit_ids: set[int]):
    return User.objects.filter(is_unit_officer=True, is_active=True, unit_id__in=unit_ids)


def _lookup_link() -> str:
    try:
        return reverse("awards:lookup")
    except NoReverseMatch:
        return ""


def decision_sign(
    *,
    decision: Decision,
    by: User | None,
    decision_date: date,
    register_number: str = "",
    out_of_order_reason: str = "",
    progress=None,
) -> Decision:
    """Record that the draft was signed on ``decision_date``: give it its number and carry it out.

    ``progress(percent, message)``, if given, hears of each step (the signing job: ``JobContext.progress``).

    The date is not after today; the year of the number is that of the date. The number is the next of its
    issuer, document kind and year, under a row lock held until commit (no two decisions share a number and
    none is skipped), or ``register_number``, the number the văn thư's register gave ("12/QĐ-UBND": its
    series' ký hiệu, free in the series; ``awards.services.numbering``). The date may not come before that of
    a lower number of the series (nor after a higher one) unless ``out_of_order_reason`` says why the number
    was reserved out of order; the reason goes into the signing's event.
    Every recipient's award goes into the award history (public in the
    lookup); nominations become decided; the units are told; a correction or
    revocation retires the records of the decision it amends.
    Each recipient's reward is ``reward_on`` the decision date (coefficient and base salary
    of that date, rounded up to 10 000 đ); refused when the catalogue has no coefficient.
    The "Căn cứ" laws become those in force on the decision date, and the Tờ trình may not be
    dated after it. Each certificate (every line but a revocation's) takes the next number of its
    register (sổ vàng, per award and issuing body: ``register_of``), in the order of the annex,
    under the register's row lock: numbers run on from one decision to the next and never repeat.
    Side effects: the decision (number, date, base salary, status, dated bases), DecisionCounter,
    RegisterCounter, AwardRecords (with their register numbers), recipients' rewards, nominations,
    amended decision, Notifications, events; after commit, a background job renders and keeps the PDFs.
    """
    check_not_future(decision_date, field="decision_date")
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",)).select_related("award", "amends").get(pk=decision.pk)
        )
        already_signed = _("Quyết định đã được ký số %(n)s.") % {"n": decision.number_display}
        if not decision.is_draft:
            raise DomainError(already_signed)
        entered = parse_entered(decision, register_number)
        if not decision.signer_name.strip():
            raise DomainError(_("Cần ghi họ tên người ký."))
        recipients = list(
            decision.recipients.select_related("nomination__dossier", "person__unit", "unit", "replaces__award_record")
        )
        if not recipients:
            raise DomainError(_("Quyết định chưa có đối tượng nào."))
        amendments.check_signable(decision)
        _check_proposal(
            decision.proposal_number,
            decision.proposal_date,
            latest=decision_date,
            latest_label=_("ngày ký quyết định"),
        )
        issued_by, issuer_note = issuer_changes(decision, decision_date, signing=True)
        cited = cited_bases_on(decision_date)
        if cited != decision.cited_bases:
            issued_by["cited_bases"] = cited
            cited_note = _("Căn cứ theo các văn bản có hiệu lực ngày %(d)s") % {"d": decision_date.strftime("%d/%m/%Y")}
            issuer_note = f"{issuer_note}; {cited_note}" if issuer_note else cited_note
        base = base_salary_on(decision_date)
        year = decision_date.year
        numbering = take_number(decision, decision_date, entered=entered, out_of_order_reason=out_of_order_reason)
        number_display = numbering.display
        reason = "; ".join(note for note in (numbering.note, issuer_note) if note)
        try:
            with transaction.atomic():  # a savepoint: the number's unique constraint, should a signing race past
                decision = transition(
                    decision,
                    to=Decision.Status.SIGNED,
                    by=by,
                    action=_("Ký ban hành: số %(n)s ngày %(d)s")
                    % {"n": number_display, "d": decision_date.strftime("%d/%m/%Y")},
                    error=already_signed,
                    reason=reason,
                    changes={
                        **issued_by,
                        "year": year,
                        "number": numbering.number,
                        "number_display": number_display,
                        "decision_date": decision_date,
                        "base_salary": base,
                        "signed_by": by,
                        "signed_at": timezone.now(),
                    },
                )
        except IntegrityError as exc:
            raise DomainError(
                _("Số %(n)s năm %(y)s vừa được dùng cho một quyết định khác; hãy kiểm tra sổ và ghi nhận lại.")
                % {"n": number_display, "y": year},
                field="register_number",
            ) from exc
        certified = sorted(
            (r for r in recipients if decision.purpose != Decision.Purpose.REVOCATION),
            key=lambda r: (_ANNEX_ORDER.get(r.recipient_kind, 3), r.sort_key, r.pk),
        )
        register = register_of(decision)
        first = _take_register_numbers(register, len(certified)) if certified else 0
        register_numbers = {r.pk: first + rank for rank, r in enumerate(certified)}
        if progress:
            progress(
                15,
                _("Đã cấp số quyết định %(n)s; đang ghi %(c)s đối tượng")
                % {
                    "n": number_display,
                    "c": f"{len(recipients):,}",
                },
            )
        _sign_lines(
            decision, recipients, register=register, register_numbers=register_numbers, by=by, progress=progress
        )
        unit_ids = {r.nomination.dossier.unit_id for r in recipients if r.nomination_id}
        if decision.amends_id:
            amendments.amendment_signed(decision, by=by)
        title = _("Quyết định số %(n)s: %(s)s") % {"n": decision.number_display, "s": decision.subject}
        body = "\n".join(r.recipient_name for r in recipients if r.nomination_id)
        notification_send(recipients=_unit_officers(unit_ids), title=title[:200], body=body, link=_lookup_link())
        # "signed" keeps this job apart from a draft preview the same user may still have waiting.
        job_create(
            kind="awards.decision_documents", requested_by=by, params={"decision_id": decision.pk, "signed": True}
        )
    return decision


SIGN_JOB = "awards.decision_sign"


def decision_sign_job(decision: Decision, *, finished_too: bool = False) -> Job | None:
    """The signing of ``decision`` waiting or running in the background, if any; with ``finished_too``, the
    latest signing job whatever its status (the decision page shows why the last one failed)."""
    jobs = Job.objects.filter(kind=SIGN_JOB, params__decision_id=decision.pk).order_by("-created_at", "-pk")
    return jobs.first() if finished_too else jobs.filter(status__in=Job.ACTIVE).first()


def decision_sign_request(
    *,
    decision: Decision,
    by: User | None,
    decision_date: date,
    register_number: str = "",
    out_of_order_reason: str = "",
) -> Job:
    """Queue the signing of the draft (``decision_sign``, run by the job ``awards.decision_sign``): the request
    answers at once whatever the decision's size, the job writes every line in one transaction.

    What can be told at once is refused here (a date after today, a decision already signed, no signer, no
    line, a number not of the series' form); the rest (numbering, dates of the Tờ trình, the nominees) by the
    job, whose failure leaves the draft unsigned with the reason on the job and the decision's page.
    Refused while a signing of this decision is under way (a second click, a second tab, another user): one
    job per decision, under the decision's row lock.
    Side effects: one Job row; after commit, one broker message.
    """
    check_not_future(decision_date, field="decision_date")
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        if not decision.is_draft:
            raise DomainError(_("Quyết định đã được ký số %(n)s.") % {"n": decision.number_display})
        if decision_sign_job(decision) is not None:
            raise DomainError(_("Quyết định đang được ký trong nền; hãy chờ kết quả trên trang này."))
        parse_entered(decision, register_number)
        if not decision.signer_name.strip():
            raise DomainError(_("Cần ghi họ tên người ký."))
        if not decision.recipients.exists():
            raise DomainError(_("Quyết định chưa có đối tượng nào."))
        return job_create(
            kind=SIGN_JOB,
            requested_by=by,
            params={
                "decision_id": decision.pk,
                "decision_date": decision_date.isoformat(),
                "register_number": register_number,
                "out_of_order_reason": out_of_order_reason,
            },
        )


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def decision_documents_store(*, decision: Decision, decision_pdf: bytes, certificates_pdf: bytes | None) -> bool:
    """Keep the signed decision's PDFs: written once, never replaced (a second render is discarded).

    Side effects: files in private storage, the decision's file fields, one event. Returns whether stored.
    """
    if decision.status == Decision.Status.DRAFT:
        raise DomainError(_("Chỉ lưu tệp của quyết định đã ký."))
    slug = decision.number_display.replace("/", "-")
    field = Decision._meta.get_field("pdf_file")
    pdf_name = default_storage.save(field.generate_filename(decision, f"QD-{slug}.pdf"), ContentFile(decision_pdf))
    cert_name = ""
    if certificates_pdf:
        cert_name = default_storage.save(
            field.generate_filename(decision, f"BangKhen-{slug}.pdf"), ContentFile(certificates_pdf)
        )
    with transaction.atomic():
        stored = Decision.objects.filter(pk=decision.pk, pdf_file="").update(
            pdf_file=pdf_name, certificates_file=cert_name
        )
        if stored:
            record_event(decision, by=None, action=_("Lưu bản PDF của quyết định đã ký"))
    if not stored:
        default_storage.delete(pdf_name)
        if cert_name:
            default_storage.delete(cert_name)
    return bool(stored)
