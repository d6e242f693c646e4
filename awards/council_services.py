"""Writes of awards part 2: council meetings and ballots, decisions and their numbering, forwarding.

Every function is keyword-only, atomic, checks the current state under
``select_for_update`` and lists its side effects in its docstring.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.council_models import (
    AgendaItem,
    Attendance,
    BallotBox,
    BallotReceipt,
    BaseSalary,
    CentralItem,
    CentralSubmission,
    CouncilMember,
    CouncilTerm,
    Decision,
    DecisionCounter,
    DecisionEvent,
    DecisionRecipient,
    DecisionTemplate,
    Meeting,
    MeetingEvent,
    Recusal,
)
from awards.models import Award, AwardRecord, DossierEvent, Nomination, RecipientKind
from thiduakt.models import User
from thiduakt.services import DomainError, notification_send

S = Nomination.Status
AGREE, DISAGREE = "agree", "disagree"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _nomination_event(nomination: Nomination, *, by, action: str, before: str, reason: str = "") -> None:
    DossierEvent.objects.create(
        dossier_id=nomination.dossier_id,
        nomination=nomination,
        by=by,
        action=action,
        from_status=before,
        to_status=nomination.status,
        reason=reason,
        round_number=nomination.dossier.round_number,
    )


def _set_nomination_status(nomination: Nomination, status: str, *, by, action: str, reason: str = "") -> None:
    """Move a (locked) nomination to ``status`` with its history and a dossier event."""
    before = nomination.status
    nomination.status = status
    nomination._change_reason = (reason or action)[:100]
    nomination.save()
    _nomination_event(nomination, by=by, action=action, before=before, reason=reason)


def _meeting_event(meeting: Meeting, *, by, action: str, reason: str = "") -> None:
    MeetingEvent.objects.create(meeting=meeting, by=by, action=action, reason=reason)


def _decision_event(decision: Decision, *, by, action: str, reason: str = "") -> None:
    DecisionEvent.objects.create(decision=decision, by=by, action=action, reason=reason)


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("term").get(pk=meeting.pk)


def _require_status(meeting: Meeting, *statuses: str, message: str) -> None:
    if meeting.status not in statuses:
        raise DomainError(message)


def member_seat(*, user: User, meeting: Meeting) -> CouncilMember | None:
    """The seat ``user`` holds on the council of ``meeting``, if any."""
    if not user.is_authenticated or not user.is_council_member:
        return None
    return CouncilMember.objects.filter(term_id=meeting.term_id, user=user).first()


# ---------------------------------------------------------------------------
# Quorum and thresholds (pure arithmetic, in integers: no rounding surprises)
# ---------------------------------------------------------------------------


def percent_of(count: int, percent: int) -> int:
    """The smallest whole number of members that is at least ``percent`` % of ``count``."""
    return (percent * count + 99) // 100


@dataclass(frozen=True)
class ItemResult:
    members_total: int
    required: int
    agree: int
    passed: bool
    rule: str


def item_result(
    *,
    members: int,
    recused: int,
    agree: int,
    threshold_percent: int,
    quorum_met: bool,
    recused_excluded: bool = True,
) -> ItemResult:
    """Whether a nominee passes: agreeing votes ≥ threshold % of ALL council members (not of those present).

    Written votes of absent members are among ``agree``. A member who stepped
    out for the nominee is left out of the total when ``recused_excluded``.
    13 members, 90 %: the bar is 11.7, so 12 agree pass and 11 fail.
    """
    total = members - recused if recused_excluded else members
    required = percent_of(total, threshold_percent)
    passed = bool(quorum_met and total > 0 and agree >= required)
    rule = _("≥ %(p)s%% tổng số %(total)s thành viên Hội đồng (%(exact)s): cần %(req)s phiếu đồng ý") % {
        "p": threshold_percent,
        "total": total,
        "exact": f"{threshold_percent * total / 100:.1f}".replace(".", ","),
        "req": required,
    }
    if recused and recused_excluded:
        rule += _("; %(n)s thành viên tránh xét không tính vào tổng số") % {"n": recused}
    if not quorum_met:
        rule += _("; phiên họp không đủ số thành viên dự họp nên không biểu quyết")
    return ItemResult(members_total=total, required=required, agree=agree, passed=passed, rule=rule)


# ---------------------------------------------------------------------------
# Meetings and agenda
# ---------------------------------------------------------------------------


def nominations_ready_for_council(*, on: date | None = None):
    """Nominees the council may take: ready for council and, when the award requires public
    disclosure, whose window has closed before ``on`` (default today)."""
    on = on or timezone.localdate()
    return (
        Nomination.objects.filter(status=S.READY_FOR_COUNCIL)
        .filter(Q(award__requires_disclosure=False) | Q(disclosure_closes_on__lt=on))
        .select_related("award", "dossier__unit", "person", "unit")
        .order_by("award__order", "sort_key", "nominee_name", "id")
    )


def meeting_create(
    *, term: CouncilTerm, title: str, date: date, kind: str, by: User | None, location: str = ""
) -> Meeting:
    """Schedule a meeting of ``term``'s council, every member marked present by default.

    Side effects: one Meeting, one Attendance per member, one event.
    """
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Loại phiên họp không hợp lệ."))
    if not (title or "").strip():
        raise DomainError(_("Cần ghi tên phiên họp."))
    if (term.valid_to and date > term.valid_to) or date < term.valid_from:
        raise DomainError(_("Ngày họp không thuộc nhiệm kỳ của Hội đồng."))
    with transaction.atomic():
        meeting = Meeting(term=term, title=title, date=date, kind=kind, location=location, created_by=by)
        meeting.save()
        for member in term.members.all():
            Attendance.objects.create(meeting=meeting, member=member)
        _meeting_event(meeting, by=by, action=_("Tạo phiên họp"))
    return meeting


def agenda_add(*, meeting: Meeting, nominations: list[Nomination], by: User | None) -> list[AgendaItem]:
    """Put nominees ready for council on the agenda of a meeting in preparation.

    Refuses a nominee that is not ready (or whose disclosure window is still
    open on the meeting day). Side effects: AgendaItems, nominations → on_agenda, events.
    """
    if not nominations:
        raise DomainError(_("Chưa chọn đối tượng nào."))
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(meeting, Meeting.Status.DRAFT, message=_("Chỉ sửa chương trình khi phiên họp đang chuẩn bị."))
        ready = nominations_ready_for_council(on=min(meeting.date, timezone.localdate()))
        locked = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations])
            .select_related("award", "dossier")
        )
        ready_ids = set(ready.filter(pk__in=[n.pk for n in locked]).values_list("pk", flat=True))
        order = meeting.items.count()
        items = []
        for nomination in sorted(locked, key=lambda n: (n.award.order, n.sort_key, n.nominee_name, n.pk)):
            if nomination.pk not in ready_ids:
                raise DomainError(
                    _("%(name)s chưa thể đưa ra Hội đồng (chưa thẩm định đạt hoặc chưa hết thời gian công khai).")
                    % {"name": nomination.nominee_name}
                )
            order += 1
            threshold = nomination.award.council_threshold_percent or meeting.term.default_threshold_percent
            items.append(
                AgendaItem.objects.create(
                    meeting=meeting, nomination=nomination, order=order, threshold_percent=threshold
                )
            )
            _set_nomination_status(
                nomination, S.ON_AGENDA, by=by, action=_("Đưa vào phiên họp Hội đồng: %(m)s") % {"m": meeting}
            )
        _meeting_event(meeting, by=by, action=_("Thêm %(n)s đối tượng vào chương trình") % {"n": len(items)})
    return items


def agenda_remove(*, item: AgendaItem, by: User | None) -> None:
    """Take a nominee off the agenda of a meeting in preparation; it is ready for council again.

    Side effects: the AgendaItem is deleted (no vote exists yet), nomination → ready_for_council, events.
    """
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_status(meeting, Meeting.Status.DRAFT, message=_("Chỉ sửa chương trình khi phiên họp đang chuẩn bị."))
        item = AgendaItem.objects.select_related("nomination__dossier").get(pk=item.pk)
        nomination = (
            Nomination.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=item.nomination_id)
        )
        item.delete()
        _set_nomination_status(
            nomination, S.READY_FOR_COUNCIL, by=by, action=_("Rút khỏi phiên họp Hội đồng: %(m)s") % {"m": meeting}
        )
        _meeting_event(meeting, by=by, action=_("Rút %(name)s khỏi chương trình") % {"name": nomination.nominee_name})


def attendance_set(*, meeting: Meeting, absent_member_ids: set[int], by: User | None) -> None:
    """Record who is present (everyone not listed as absent) before the ballot closes.

    Side effects: Attendance rows (history), one event.
    """
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(
            meeting,
            Meeting.Status.DRAFT,
            Meeting.Status.VOTING,
            message=_("Phiên họp đã kết thúc bỏ phiếu, không thể sửa điểm danh."),
        )
        _ensure_attendance(meeting)
        for row in Attendance.objects.filter(meeting=meeting):
            status = Attendance.Status.ABSENT if row.member_id in absent_member_ids else Attendance.Status.PRESENT
            if row.status != status:
                row.status = status
                row._change_reason = "attendance"
                row.save()
        present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
        _meeting_event(meeting, by=by, action=_("Điểm danh: %(n)s thành viên có mặt") % {"n": present})


def _ensure_attendance(meeting: Meeting) -> None:
    have = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    for member in meeting.term.members.exclude(pk__in=have):
        Attendance.objects.create(meeting=meeting, member=member)


def _same_unit(member: CouncilMember, nomination: Nomination) -> bool:
    unit_id = member.user.unit_id
    if not unit_id:
        return False
    nominee_units = {
        nomination.dossier.unit_id,
        nomination.unit_id,
        nomination.person.unit_id if nomination.person_id else None,
    }
    return unit_id in nominee_units


def meeting_open_ballot(*, meeting: Meeting, by: User | None) -> Meeting:
    """Open the ballot: members can now see the agenda and packet and vote.

    Members of the nominee's own unit are recused automatically (recorded).
    Side effects: the meeting (voting), one BallotBox per item, Recusals, events.
    """
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(meeting, Meeting.Status.DRAFT, message=_("Phiên họp không ở trạng thái chuẩn bị."))
        items = list(meeting.items.select_related("nomination__dossier", "nomination__person"))
        if not items:
            raise DomainError(_("Chương trình họp chưa có đối tượng nào."))
        members = list(meeting.term.members.select_related("user"))
        if not members:
            raise DomainError(_("Hội đồng chưa có thành viên."))
        _ensure_attendance(meeting)
        for item in items:
            BallotBox.objects.create(item=item)
            for member in members:
                if _same_unit(member, item.nomination):
                    Recusal.objects.create(item=item, member=member, reason=Recusal.Reason.OWN_UNIT, recorded_by=by)
        meeting.status = Meeting.Status.VOTING
        meeting.opened_at = timezone.now()
        meeting._change_reason = "open ballot"
        meeting.save()
        _meeting_event(meeting, by=by, action=_("Mở bỏ phiếu"))
    return meeting


def recusal_declare(
    *, item: AgendaItem, member: CouncilMember, by: User | None, reason: str, note: str = ""
) -> Recusal:
    """A member steps out for one nominee (declared relation or another conflict), before voting on it.

    Side effects: one Recusal, one event.
    """
    if reason not in Recusal.Reason.values:
        raise DomainError(_("Lý do tránh xét không hợp lệ."))
    with transaction.atomic():
        meeting = _locked_meeting(item.meeting)
        _require_status(meeting, Meeting.Status.VOTING, message=_("Phiên họp không trong thời gian bỏ phiếu."))
        if member.term_id != meeting.term_id:
            raise DomainError(_("Bạn không phải thành viên Hội đồng của phiên họp này."))
        if BallotReceipt.objects.filter(item=item, member=member).exists():
            raise DomainError(_("Đã bỏ phiếu cho đối tượng này, không thể tránh xét."))
        if Recusal.objects.filter(item=item, member=member).exists():
            raise DomainError(_("Đã ghi nhận tránh xét đối tượng này."))
        recusal = Recusal.objects.create(item=item, member=member, reason=reason, note=note.strip(), recorded_by=by)
        _meeting_event(
            meeting,
            by=by,
            action=_("%(member)s tránh xét %(name)s") % {"member": member.user, "name": item.nomination.nominee_name},
            reason=recusal.get_reason_display(),
        )
    return recusal


def ballot_cast(*, meeting: Meeting, user: User, choices: dict[int, str]) -> int:
    """A member's own online ballot: agree / disagree for each item they may vote on.

    Refused: not a member of this meeting's council, ballot not open, an item
    voted before (also by a double submit: the receipt's unique constraint),
    an item the member stepped out of. The choice goes into the item's
    anonymous ballot box and only "has voted" is recorded against the member.
    Side effects: BallotReceipts; BallotBox counters. Returns the number of items voted.
    """
    if not choices:
        raise DomainError(_("Chưa chọn ý kiến cho đối tượng nào."))
    if any(choice not in (AGREE, DISAGREE) for choice in choices.values()):
        raise DomainError(_("Phiếu không hợp lệ."))
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        member = member_seat(user=user, meeting=meeting)
        if member is None:
            raise DomainError(_("Bạn không phải thành viên Hội đồng của phiên họp này."))
        _require_status(meeting, Meeting.Status.VOTING, message=_("Phiên họp không trong thời gian bỏ phiếu."))
        items = {i.pk: i for i in meeting.items.filter(pk__in=list(choices))}
        if len(items) != len(choices):
            raise DomainError(_("Đối tượng không thuộc phiên họp này."))
        recused = set(Recusal.objects.filter(item__in=items.values(), member=member).values_list("item_id", flat=True))
        voted = set(
            BallotReceipt.objects.filter(item__in=items.values(), member=member).values_list("item_id", flat=True)
        )
        for item_id in choices:
            if item_id in recused:
                raise DomainError(_("Bạn đã tránh xét %(name)s.") % {"name": items[item_id].nomination.nominee_name})
            if item_id in voted:
                raise DomainError(
                    _("Bạn đã bỏ phiếu cho %(name)s; mỗi thành viên chỉ bỏ phiếu một lần.")
                    % {"name": items[item_id].nomination.nominee_name}
                )
        try:
            with transaction.atomic():
                for item_id, choice in sorted(choices.items()):
                    BallotReceipt.objects.create(item_id=item_id, member=member, channel=BallotReceipt.Channel.ONLINE)
                    field = "agree" if choice == AGREE else "disagree"
                    BallotBox.objects.filter(item_id=item_id).update(**{field: F(field) + 1})
        except IntegrityError:
            raise DomainError(_("Phiếu đã được ghi nhận trước đó; mỗi thành viên chỉ bỏ phiếu một lần.")) from None
    return len(choices)


def ballot_record_paper(
    *, meeting: Meeting, members: list[CouncilMember], tallies: dict[int, tuple[int, int]], by: User | None
) -> None:
    """The secretary records paper ballots (and written ballots of absent members) as counted.

    ``members`` are the members whose paper ballot is in the box; ``tallies``
    gives, per item, how many of those ballots agree and disagree — never who.
    For each item the counts must add up to the paper voters who may vote on it
    (not recused, no online vote). Side effects: BallotReceipts (paper), BallotBox counters, one event.
    """
    if not members:
        raise DomainError(_("Chưa chọn thành viên nào bỏ phiếu giấy."))
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(meeting, Meeting.Status.VOTING, message=_("Phiên họp không trong thời gian bỏ phiếu."))
        if any(m.term_id != meeting.term_id for m in members):
            raise DomainError(_("Có người không phải thành viên Hội đồng của phiên họp này."))
        member_ids = {m.pk for m in members}
        for item in meeting.items.select_related("nomination"):
            agree, disagree = tallies.get(item.pk, (0, 0))
            if agree < 0 or disagree < 0:
                raise DomainError(_("Số phiếu không hợp lệ."))
            recused = set(Recusal.objects.filter(item=item).values_list("member_id", flat=True))
            voted = set(BallotReceipt.objects.filter(item=item).values_list("member_id", flat=True))
            already = member_ids & voted
            if already:
                raise DomainError(
                    _("Có thành viên đã bỏ phiếu cho %(name)s, không thể ghi thêm phiếu giấy.")
                    % {"name": item.nomination.nominee_name}
                )
            eligible = member_ids - recused
            if agree + disagree != len(eligible):
                raise DomainError(
                    _("%(name)s: số phiếu đồng ý và không đồng ý (%(sum)s) phải bằng số phiếu giấy hợp lệ (%(n)s).")
                    % {"name": item.nomination.nominee_name, "sum": agree + disagree, "n": len(eligible)}
                )
            for member_id in sorted(eligible):
                BallotReceipt.objects.create(item=item, member_id=member_id, channel=BallotReceipt.Channel.PAPER)
            BallotBox.objects.filter(item=item).update(agree=F("agree") + agree, disagree=F("disagree") + disagree)
        _meeting_event(meeting, by=by, action=_("Ghi nhận %(n)s phiếu giấy, phiếu bằng văn bản") % {"n": len(members)})


def meeting_close(*, meeting: Meeting, by: User | None) -> Meeting:
    """Close the ballot: nothing can be voted any more; count and record each nominee's result.

    The meeting decides only with its quorum (present members ≥ quorum % of all
    members). Without it every nominee goes back to "ready for council".
    Side effects: the meeting (frozen totals), each item's result, nominations
    (council_passed / council_failed / ready_for_council), events.
    """
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(meeting, Meeting.Status.VOTING, message=_("Phiên họp không trong thời gian bỏ phiếu."))
        term = meeting.term
        _ensure_attendance(meeting)
        members_total = term.members.count()
        present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
        quorum_met = present >= percent_of(members_total, term.quorum_percent) and members_total > 0
        meeting.members_total = members_total
        meeting.present_count = present
        meeting.quorum_percent = term.quorum_percent
        meeting.quorum_met = quorum_met
        meeting.status = Meeting.Status.CLOSED
        meeting.closed_at = timezone.now()
        meeting._change_reason = "close ballot"
        meeting.save()
        for item in meeting.items.select_related("ballot_box", "nomination__dossier"):
            recused = item.recusals.count()
            voted = item.receipts.count()
            box = item.ballot_box
            result = item_result(
                members=members_total,
                recused=recused,
                agree=box.agree,
                threshold_percent=item.threshold_percent,
                quorum_met=quorum_met,
                recused_excluded=term.recused_excluded_from_total,
            )
            item.members_total = result.members_total
            item.agree_count = box.agree
            item.disagree_count = box.disagree
            item.recused_count = recused
            item.not_voted_count = max(members_total - recused - voted, 0)
            item.required_count = result.required
            item.passed = result.passed
            item.rule_applied = result.rule
            item.save()
            nomination = (
                Nomination.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=item.nomination_id)
            )
            counts = {"a": box.agree, "t": result.members_total}
            if not quorum_met:
                status, action = S.READY_FOR_COUNCIL, _("Phiên họp không đủ số thành viên: chờ phiên họp khác")
            elif result.passed:
                status, action = S.COUNCIL_PASSED, _("Hội đồng đồng ý (%(a)s/%(t)s phiếu)") % counts
            else:
                status, action = S.COUNCIL_FAILED, _("Hội đồng không đồng ý (%(a)s/%(t)s phiếu)") % counts
            _set_nomination_status(nomination, status, by=by, action=action, reason=result.rule)
        _meeting_event(
            meeting,
            by=by,
            action=_("Đóng bỏ phiếu: %(p)s/%(t)s thành viên có mặt, %(q)s")
            % {
                "p": present,
                "t": members_total,
                "q": _("đủ số thành viên dự họp") if quorum_met else _("không đủ số thành viên dự họp"),
            },
        )
    return meeting


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------

DEFAULT_LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "một số điều của Luật Thi đua, khen thưởng;",
]
DEFAULT_PROPOSAL = "Xét đề nghị của Giám đốc Sở Nội vụ."
DEFAULT_EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên "
    "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
)
DEFAULT_COPY_RECIPIENTS = ["Như Điều 3", "Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Lưu: VT, NC"]
DECIDABLE = (S.COUNCIL_PASSED, S.READY_FOR_DECISION)


def base_salary_on(day: date) -> int:
    """The base salary in force on ``day`` (dated data, e.g. 2,530,000 VND from 1/7/2026)."""
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if salary is None:
        raise DomainError(_("Chưa có mức lương cơ sở áp dụng cho ngày %(d)s.") % {"d": day.strftime("%d/%m/%Y")})
    return salary.amount


def reward_amount(coefficient: Decimal, base: int) -> int:
    """Coefficient × base salary, rounded to the đồng (1.5 × 2,340,000 = 3,510,000)."""
    return int((Decimal(coefficient) * Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decidable_nominations():
    """Nominees a decision may name: passed by the council or not needing it, provincial awards,
    not already in another decision that is not revoked."""
    return (
        Nomination.objects.filter(status__in=DECIDABLE, award__central_level=False)
        .exclude(decision_recipients__decision__status=Decision.Status.DRAFT)
        .select_related("award", "dossier__unit", "person__unit", "unit")
        .order_by("award__order", "nominee_kind", "sort_key", "nominee_name", "id")
    )


def _recipient_description(nomination: Nomination) -> str:
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL and nomination.person_id:
        person = nomination.person
        unit = person.unit.name if person.unit_id else nomination.dossier.unit.name
        return f"{person.position}, {unit}" if person.position else unit
    if nomination.nominee_kind == RecipientKind.HOUSEHOLD:
        return nomination.dossier.unit.name
    return ""


def _coefficient(award: Award, kind: str) -> Decimal:
    return (
        award.reward_coefficient_individual if kind == RecipientKind.INDIVIDUAL else award.reward_coefficient_collective
    )


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
            legal_bases=template.legal_bases if template else "\n".join(DEFAULT_LEGAL_BASES),
            proposal=template.proposal if template else DEFAULT_PROPOSAL,
            executors=template.executors if template and template.executors else DEFAULT_EXECUTORS,
            copy_recipients=template.copy_recipients
            if template and template.copy_recipients
            else "\n".join(DEFAULT_COPY_RECIPIENTS),
            signer_name="",
            created_by=by,
        )
        decision.save()
        for nomination in locked:
            DecisionRecipient.objects.create(
                decision=decision,
                nomination=nomination,
                recipient_kind=nomination.nominee_kind,
                person=nomination.person,
                unit=nomination.unit,
                household_name=nomination.household_name,
                recipient_name=nomination.nominee_name,
                description=_recipient_description(nomination),
                year=nomination.year,
                coefficient=_coefficient(award, nomination.nominee_kind),
            )
        _decision_event(decision, by=by, action=_("Soạn dự thảo với %(n)s đối tượng") % {"n": len(locked)})
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
}


def decision_update(*, decision: Decision, by: User | None, **fields) -> Decision:
    """Edit the wording of a draft. Side effects: the decision (history), one event."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not decision.is_draft:
            raise DomainError(_("Quyết định đã ký, không thể sửa; hãy ra quyết định đính chính."))
        for name, value in fields.items():
            setattr(decision, name, value)
        decision._change_reason = "edit draft"
        decision.save()
        _decision_event(decision, by=by, action=_("Sửa dự thảo"))
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
        _decision_event(decision, by=by, action=_("Bỏ %(name)s khỏi dự thảo") % {"name": name})


def _next_number(decision: Decision, year: int) -> int:
    """Take the next number of the (issuer, kind, year) register, locked until the signing commits.

    The counter row is created on first use; two signers creating it at once
    both end up locking the same row (the loser of the insert reads it).
    """
    key = {"issuer_code": decision.issuer_code, "doc_kind": decision.doc_kind, "year": year}
    if not DecisionCounter.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                DecisionCounter.objects.create(**key)
        except IntegrityError:
            pass
    counter = DecisionCounter.objects.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _unit_officers(unit_ids: set[int]):
    return User.objects.filter(is_unit_officer=True, is_active=True, unit_id__in=unit_ids)


def _lookup_link() -> str:
    try:
        return reverse("awards:lookup")
    except NoReverseMatch:
        return ""


def decision_sign(*, decision: Decision, by: User | None, decision_date: date) -> Decision:
    """Record that the draft was signed on ``decision_date``: give it the next number and carry it out.

    The number is the next of its issuer, document kind and year, under a row
    lock held until commit: no two decisions share a number and none is skipped.
    Every recipient's award goes into the award history (public in the
    lookup); nominations become decided; the units are told; a correction or
    revocation retires the records of the decision it amends.
    Side effects: the decision (number, date, base salary, status), DecisionCounter,
    AwardRecords, recipients' rewards, nominations, amended decision, Notifications,
    events; after commit, a background job renders and keeps the PDFs.
    """
    from thiduakt.services import job_create

    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",)).select_related("award", "amends").get(pk=decision.pk)
        )
        if not decision.is_draft:
            raise DomainError(_("Quyết định đã được ký số %(n)s.") % {"n": decision.number_display})
        if not decision.signer_name.strip():
            raise DomainError(_("Cần ghi họ tên người ký."))
        recipients = list(
            decision.recipients.select_related("nomination__dossier", "person__unit", "unit", "replaces__award_record")
        )
        if not recipients:
            raise DomainError(_("Quyết định chưa có đối tượng nào."))
        if decision.amends_id and decision.amends.status == Decision.Status.DRAFT:
            raise DomainError(_("Quyết định được đính chính chưa được ký."))
        base = base_salary_on(decision_date)
        year = decision_date.year
        number = _next_number(decision, year)
        decision.year = year
        decision.number = number
        decision.number_display = f"{number:02d}/{decision.doc_kind}-{decision.issuer_code}"
        decision.decision_date = decision_date
        decision.base_salary = base
        decision.status = Decision.Status.SIGNED
        decision.signed_by = by
        decision.signed_at = timezone.now()
        decision._change_reason = "sign"
        decision.save()
        unit_ids: set[int] = set()
        for recipient in recipients:
            if recipient.nomination_id:
                unit_ids.add(recipient.nomination.dossier.unit_id)
            if decision.purpose == Decision.Purpose.REVOCATION:
                _retire_record(recipient.replaces, decision)
                continue
            if decision.purpose == Decision.Purpose.CORRECTION and recipient.replaces_id:
                _retire_record(recipient.replaces, decision)
            recipient.reward_amount = reward_amount(recipient.coefficient, base)
            record = AwardRecord(
                recipient_kind=recipient.recipient_kind,
                person=recipient.person,
                unit=recipient.unit,
                household_name=recipient.household_name,
                award=decision.award,
                year=recipient.year,
                decision_number=decision.number_display,
                decision_date=decision_date,
                issuer=decision.issuer,
                award_type=decision.award_type,
                source=AwardRecord.Source.DECIDED,
                is_public=True,
                nomination=recipient.nomination,
                recipient_name=recipient.recipient_name,
                recipient_unit_name=recipient.description,
            )
            record._change_reason = f"QĐ {decision.number_display}"
            record.save()
            recipient.award_record = record
            recipient.save()
            if recipient.nomination_id and decision.purpose == Decision.Purpose.AWARD:
                nomination = (
                    Nomination.objects.select_for_update(of=("self",))
                    .select_related("dossier")
                    .get(pk=recipient.nomination_id)
                )
                if nomination.status not in DECIDABLE:
                    raise DomainError(
                        _("%(name)s không còn ở trạng thái chờ quyết định (%(s)s).")
                        % {"name": nomination.nominee_name, "s": nomination.get_status_display()}
                    )
                _set_nomination_status(
                    nomination,
                    S.DECIDED,
                    by=by,
                    action=_("Có Quyết định khen thưởng số %(n)s") % {"n": decision.number_display},
                )
        if decision.amends_id:
            old = Decision.objects.select_for_update().get(pk=decision.amends_id)
            old.status = (
                Decision.Status.REVOKED
                if decision.purpose == Decision.Purpose.REVOCATION
                else Decision.Status.CORRECTED
            )
            old._change_reason = f"{decision.get_purpose_display()}: {decision.number_display} – {decision.reason}"[
                :100
            ]
            old.save()
            _decision_event(
                old,
                by=by,
                action=_("%(p)s bởi Quyết định số %(n)s")
                % {"p": old.get_status_display(), "n": decision.number_display},
                reason=decision.reason,
            )
        _decision_event(
            decision,
            by=by,
            action=_("Ký ban hành: số %(n)s ngày %(d)s")
            % {"n": decision.number_display, "d": decision_date.strftime("%d/%m/%Y")},
        )
        title = _("Quyết định số %(n)s: %(s)s") % {"n": decision.number_display, "s": decision.subject}
        body = "\n".join(r.recipient_name for r in recipients if r.nomination_id)
        notification_send(recipients=_unit_officers(unit_ids), title=title[:200], body=body, link=_lookup_link())
        job_create(kind="awards.decision_documents", requested_by=by, params={"decision_id": decision.pk})
    return decision


def _retire_record(recipient: DecisionRecipient | None, decision: Decision) -> None:
    """The record of an amended line stays (nothing is deleted) but leaves the public lookup."""
    if recipient is None or recipient.award_record_id is None:
        return
    record = AwardRecord.objects.select_for_update().get(pk=recipient.award_record_id)
    record.is_public = False
    record.retired_by = decision
    record._change_reason = f"{decision.get_purpose_display()} theo QĐ {decision.number_display}: {decision.reason}"[
        :100
    ]
    record.save()


def decision_amend_draft(
    *,
    old: Decision,
    purpose: str,
    reason: str,
    by: User | None,
    recipients: list[DecisionRecipient],
    corrections: dict[int, dict] | None = None,
) -> Decision:
    """A draft correcting or revoking (some lines of) a signed decision, with the reason.

    A correction carries the corrected lines (``corrections[recipient_id]`` may
    change ``recipient_name``/``description``); a revocation lists the lines it
    revokes. Side effects: one Decision (referencing ``old``), its recipients, events.
    """
    reason = (reason or "").strip()
    if purpose not in (Decision.Purpose.CORRECTION, Decision.Purpose.REVOCATION):
        raise DomainError(_("Loại quyết định không hợp lệ."))
    if not reason:
        raise DomainError(_("Cần ghi lý do đính chính, hủy bỏ."))
    if not recipients:
        raise DomainError(_("Chưa chọn dòng nào của quyết định cũ."))
    corrections = corrections or {}
    with transaction.atomic():
        old = Decision.objects.select_for_update().get(pk=old.pk)
        if old.status != Decision.Status.SIGNED:
            raise DomainError(_("Chỉ đính chính, hủy bỏ quyết định đã ký và còn hiệu lực."))
        if old.amendments.filter(status=Decision.Status.DRAFT).exists():
            raise DomainError(_("Đã có một dự thảo đính chính, hủy bỏ quyết định này."))
        lines = list(old.recipients.filter(pk__in=[r.pk for r in recipients]))
        if len(lines) != len(recipients):
            raise DomainError(_("Dòng không thuộc quyết định cũ."))
        verb = _("Về việc đính chính") if purpose == Decision.Purpose.CORRECTION else _("Về việc hủy bỏ")
        decision = Decision(
            purpose=purpose,
            award=old.award,
            award_type=old.award_type,
            amends=old,
            reason=reason,
            issuer_parent=old.issuer_parent,
            issuer_name=old.issuer_name,
            issuer=old.issuer,
            issuer_code=old.issuer_code,
            doc_kind=old.doc_kind,
            place=old.place,
            subject=_("%(verb)s Quyết định số %(n)s ngày %(d)s")
            % {"verb": verb, "n": old.number_display, "d": old.decision_date.strftime("%d/%m/%Y")},
            legal_bases=old.legal_bases,
            proposal=old.proposal,
            executors=old.executors,
            copy_recipients=old.copy_recipients,
            signer_authority=old.signer_authority,
            signer_title=old.signer_title,
            signer_name=old.signer_name,
            created_by=by,
        )
        decision.save()
        for line in lines:
            change = corrections.get(line.pk, {})
            DecisionRecipient.objects.create(
                decision=decision,
                replaces=line,
                recipient_kind=line.recipient_kind,
                person=line.person,
                unit=line.unit,
                household_name=line.household_name,
                recipient_name=change.get("recipient_name") or line.recipient_name,
                description=change.get("description", line.description),
                year=line.year,
                coefficient=line.coefficient,
            )
        _decision_event(
            decision,
            by=by,
            action=_("Soạn dự thảo %(p)s Quyết định số %(n)s")
            % {"p": decision.get_purpose_display().lower(), "n": old.number_display},
            reason=reason,
        )
        _decision_event(
            old, by=by, action=_("Có dự thảo %(p)s") % {"p": decision.get_purpose_display().lower()}, reason=reason
        )
    return decision


def decision_documents_store(*, decision: Decision, decision_pdf: bytes, certificates_pdf: bytes | None) -> bool:
    """Keep the signed decision's PDFs: written once, never replaced (a second render is discarded).

    Side effects: files in private storage, the decision's file fields, one event. Returns whether stored.
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

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
            _decision_event(decision, by=None, action=_("Lưu bản PDF của quyết định đã ký"))
    if not stored:
        default_storage.delete(pdf_name)
        if cert_name:
            default_storage.delete(cert_name)
    return bool(stored)


# ---------------------------------------------------------------------------
# Forwarding to central level
# ---------------------------------------------------------------------------


def forwardable_nominations():
    """Nominees for central awards (Prime Minister, President) that the council passed."""
    return (
        Nomination.objects.filter(status=S.COUNCIL_PASSED, award__central_level=True)
        .select_related("award", "dossier__unit", "person", "unit")
        .order_by("award__order", "sort_key", "nominee_name", "id")
    )


def central_forward(
    *,
    nominations: list[Nomination],
    letter_number: str,
    letter_date: date,
    by: User | None,
    addressee: str = "Thủ tướng Chính phủ",
    note: str = "",
) -> CentralSubmission:
    """Forward nominees for central awards with the province's submission letter.

    Side effects: one CentralSubmission, one CentralItem per nominee, nominations → forwarded, events.
    """
    letter_number = (letter_number or "").strip()
    if not letter_number:
        raise DomainError(_("Cần ghi số tờ trình."))
    if not nominations:
        raise DomainError(_("Chưa chọn đối tượng nào."))
    with transaction.atomic():
        if CentralSubmission.objects.filter(letter_number=letter_number).exists():
            raise DomainError(_("Số tờ trình %(n)s đã được dùng.") % {"n": letter_number})
        allowed = set(forwardable_nominations().filter(pk__in=[n.pk for n in nominations]).values_list("pk", flat=True))
        submission = CentralSubmission.objects.create(
            letter_number=letter_number, letter_date=letter_date, addressee=addressee, note=note, created_by=by
        )
        for nomination in (
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations])
            .select_related("dossier")
        ):
            if nomination.pk not in allowed:
                raise DomainError(
                    _("%(name)s không thuộc diện trình Trung ương hoặc chưa được Hội đồng đồng ý.")
                    % {"name": nomination.nominee_name}
                )
            CentralItem.objects.create(submission=submission, nomination=nomination)
            _set_nomination_status(
                nomination,
                S.FORWARDED,
                by=by,
                action=_("Trình Trung ương: Tờ trình số %(n)s") % {"n": letter_number},
            )
    return submission


def central_result_record(
    *,
    item: CentralItem,
    result: str,
    by: User | None,
    decision_number: str = "",
    decision_date: date | None = None,
    decided_by: str = "",
) -> CentralItem:
    """Record the central result of one forwarded nominee; an award goes into the award history.

    Side effects: the item; when awarded, one public AwardRecord and nomination → decided; events.
    """
    if result not in (CentralItem.Result.AWARDED, CentralItem.Result.NOT_AWARDED):
        raise DomainError(_("Kết quả không hợp lệ."))
    decision_number = (decision_number or "").strip()
    if result == CentralItem.Result.AWARDED and (not decision_number or not decision_date):
        raise DomainError(_("Cần ghi số và ngày quyết định của Trung ương."))
    with transaction.atomic():
        item = CentralItem.objects.select_for_update(of=("self",)).select_related("nomination__award").get(pk=item.pk)
        if item.result != CentralItem.Result.PENDING:
            raise DomainError(_("Đã ghi kết quả cho đối tượng này."))
        item.result = result
        item.decision_number = decision_number
        item.decision_date = decision_date
        item.decided_by = decided_by or item.nomination.award.decided_by
        item.recorded_by = by
        item.recorded_at = timezone.now()
        item._change_reason = "central result"
        item.save()
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("dossier", "person__unit")
            .get(pk=item.nomination_id)
        )
        if result == CentralItem.Result.AWARDED:
            record = AwardRecord(
                recipient_kind=nomination.nominee_kind,
                person=nomination.person,
                unit=nomination.unit,
                household_name=nomination.household_name,
                award=nomination.award,
                year=nomination.year,
                decision_number=decision_number,
                decision_date=decision_date,
                issuer=item.decided_by,
                source=AwardRecord.Source.DECIDED,
                is_public=True,
                nomination=nomination,
                recipient_name=nomination.nominee_name,
                recipient_unit_name=_recipient_description(nomination),
            )
            record._change_reason = "central result"
            record.save()
            _set_nomination_status(
                nomination,
                S.DECIDED,
                by=by,
                action=_("Trung ương khen thưởng: Quyết định số %(n)s") % {"n": decision_number},
            )
        else:
            _nomination_event(nomination, by=by, action=_("Trung ương không khen thưởng"), before=nomination.status)
    return item
