"""Writes of the council: meetings, agenda, attendance, recusals, the secret ballot and its count.

Every function is keyword-only, atomic, checks the current state under
``select_for_update`` and lists its side effects in its docstring; the meeting's
two moves (open, close) go through ``thiduakt.workflow.transition``. Only
``ballot_cast`` and ``ballot_record_paper`` write a ballot box, only
``meeting_close`` reads one.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    AbsentOnlineVote,
    AgendaItem,
    Attachment,
    Attendance,
    BallotBox,
    BallotReceipt,
    CouncilMember,
    CouncilTerm,
    Meeting,
    MeetingDocumentRead,
    Nomination,
    Recusal,
)
from awards.models.council import fraction_label
from awards.selectors import nominations_ready_for_council
from awards.services.dossiers import move_nomination, move_nominations
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.workflow import record_event, transition

S = Nomination.Status
AGREE, DISAGREE = "agree", "disagree"


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


def absent_rule(meeting: Meeting) -> str:
    """The rule on absent members voting online: frozen on the meeting when its ballot opened, else the term's."""
    return meeting.absent_online_vote or meeting.term.absent_online_vote


def is_absent(*, meeting: Meeting, member: CouncilMember) -> bool:
    return Attendance.objects.filter(meeting=meeting, member=member, status=Attendance.Status.ABSENT).exists()


def flagged_online_votes(meeting: Meeting) -> list[dict]:
    """Online ballots of members marked absent, one line per member: who, on how many nominees (never how).

    Under "allow_flagged" they count and the minutes say so; under "refuse" a member can only be here
    when marked absent after voting, and the minutes say that too.
    """
    absent = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.ABSENT).values("member_id")
    receipts = (
        BallotReceipt.objects.filter(item__meeting=meeting, channel=BallotReceipt.Channel.ONLINE, member_id__in=absent)
        .select_related("member__user", "item__nomination")
        .order_by("member__order", "member_id", "item__order", "item_id")
    )
    lines: dict[int, dict] = {}
    for receipt in receipts:
        line = lines.setdefault(receipt.member_id, {"member": receipt.member, "nominees": []})
        line["nominees"].append(receipt.item.nomination.nominee_name)
    return list(lines.values())


# ---------------------------------------------------------------------------
# Quorum and thresholds (pure arithmetic, in integers: no rounding surprises)
# ---------------------------------------------------------------------------


def percent_of(count: int, percent: int) -> int:
    """The smallest whole number of members that is at least ``percent`` % of ``count``."""
    return share_of(count, percent, 100)


def share_of(count: int, numerator: int, denominator: int) -> int:
    """The smallest whole number of members that is at least ``numerator``/``denominator`` of ``count``.

    2/3 of 15 is 10; 2/3 of 13 is 8,67, so 9; 80/100 of 13 is 10,4, so 11.
    """
    return (numerator * count + denominator - 1) // denominator


@dataclass(frozen=True)
class Quorum:
    required: int
    rule: str


def meeting_quorum(meeting: Meeting, members_total: int) -> Quorum:
    """How many members must be present for ``meeting`` to decide, and the rule in words.

    A meeting with nominees on its agenda considers awards: the term's award-session quorum (80 %);
    otherwise its ordinary quorum (2/3). Both count over all members of the council.
    """
    term = meeting.term
    award_session = meeting.items.exists()
    numerator, denominator = term.quorum(award_session=award_session)
    required = share_of(members_total, numerator, denominator)
    rule = _("ít nhất %(f)s tổng số %(t)s thành viên, tức %(n)s thành viên (%(session)s; %(basis)s)") % {
        "f": fraction_label(numerator, denominator),
        "t": members_total,
        "n": required,
        "session": _("phiên họp xét khen thưởng") if award_session else _("phiên họp thường"),
        "basis": term.quorum_basis,
    }
    return Quorum(required=required, rule=rule[:400])


@dataclass(frozen=True)
class ItemResult:
    members_total: int
    required: int
    agree: int
    passed: bool
    rule: str


def item_result(*, members: int, recused: int, agree: int, threshold_percent: int, quorum_met: bool) -> ItemResult:
    """Whether a nominee passes: agreeing votes ≥ threshold % of ALL council members (not of those present).

    NĐ 98/2023 Điều 30 khoản 7: "tính trên tổng số thành viên của Hội đồng". Written votes of absent
    members are among ``agree``. A member who stepped out for the nominee does not vote and still
    counts in the total (a provincial rule cannot lower the decree's bar).
    13 members, 90 %: the bar is 11.7, so 12 agree pass and 11 fail, with or without a recusal.
    """
    total = members
    required = percent_of(total, threshold_percent)
    passed = bool(quorum_met and total > 0 and agree >= required)
    rule = _("≥ %(p)s%% tổng số %(total)s thành viên Hội đồng (%(exact)s): cần %(req)s phiếu đồng ý") % {
        "p": threshold_percent,
        "total": total,
        "exact": f"{threshold_percent * total / 100:.1f}".replace(".", ","),
        "req": required,
    }
    if recused:
        rule += _("; %(n)s thành viên tránh xét không biểu quyết, vẫn tính vào tổng số") % {"n": recused}
    if not quorum_met:
        rule += _("; phiên họp không đủ số thành viên dự họp nên không biểu quyết")
    return ItemResult(members_total=total, required=required, agree=agree, passed=passed, rule=rule)


# ---------------------------------------------------------------------------
# Meetings and agenda
# ---------------------------------------------------------------------------


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
        record_event(meeting, by=by, action=_("Tạo phiên họp"))
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
        chosen = sorted(locked, key=lambda n: (n.award.order, n.sort_key, n.nominee_name, n.pk))
        for nomination in chosen:
            if nomination.pk not in ready_ids:
                if placed := nomination.agenda_items.select_related("meeting").filter(meeting=meeting).first():
                    raise DomainError(  # a double click, or a second tab of the same agenda
                        _("%(name)s đã có trong chương trình phiên họp «%(m)s».")
                        % {"name": nomination.nominee_name, "m": placed.meeting}
                    )
                raise DomainError(
                    _("%(name)s chưa thể đưa ra Hội đồng (chưa thẩm định đạt hoặc chưa hết thời gian công khai).")
                    % {"name": nomination.nominee_name}
                )
        # In bulk, whatever the number of nominees: the items, then each nominee's move with its history and event.
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                nomination=nomination,
                order=order + index,
                threshold_percent=nomination.award.council_threshold_percent or meeting.term.default_threshold_percent,
            )
            for index, nomination in enumerate(chosen, start=1)
        )
        move_nominations(chosen, S.ON_AGENDA, by=by, action=_("Đưa vào phiên họp Hội đồng: %(m)s") % {"m": meeting})
        record_event(meeting, by=by, action=_("Thêm %(n)s đối tượng vào chương trình") % {"n": len(items)})
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
        move_nomination(
            nomination, S.READY_FOR_COUNCIL, by=by, action=_("Rút khỏi phiên họp Hội đồng: %(m)s") % {"m": meeting}
        )
        record_event(meeting, by=by, action=_("Rút %(name)s khỏi chương trình") % {"name": nomination.nominee_name})


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
        record_event(meeting, by=by, action=_("Điểm danh: %(n)s thành viên có mặt") % {"n": present})


def _ensure_attendance(meeting: Meeting) -> None:
    have = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    for member in meeting.term.members.exclude(pk__in=have):
        Attendance.objects.create(meeting=meeting, member=member)


# ---------------------------------------------------------------------------
# The ballot
# ---------------------------------------------------------------------------


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
        meeting = transition(
            meeting,
            to=Meeting.Status.VOTING,
            by=by,
            action=_("Mở bỏ phiếu"),
            error=_("Phiên họp không ở trạng thái chuẩn bị."),
            changes={
                "opened_at": timezone.now(),
                # The council's rule on absent members voting on the system, as it stands when the ballot opens.
                "absent_online_vote": meeting.term.absent_online_vote,
                "absent_online_vote_basis": meeting.term.absent_online_vote_basis,
            },
        )
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
        record_event(
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
    an item the member stepped out of, a member marked absent when the council's rule
    (``absent_rule``) refuses their online vote (when it allows it, the minutes flag it:
    ``flagged_online_votes``). The choice goes into the item's
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
        if is_absent(meeting=meeting, member=member) and absent_rule(meeting) == AbsentOnlineVote.REFUSE:
            raise DomainError(
                _(
                    "Bạn được ghi vắng mặt tại phiên họp này: theo quy định của Hội đồng (%(basis)s), thành viên "
                    "vắng mặt gửi phiếu bằng văn bản cho Thư ký, không bỏ phiếu trên hệ thống."
                )
                % {"basis": meeting.absent_online_vote_basis or meeting.term.absent_online_vote_basis}
            )
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
                BallotReceipt.objects.bulk_create(
                    BallotReceipt(item_id=item_id, member=member, channel=BallotReceipt.Channel.ONLINE)
                    for item_id in sorted(choices)
                )
                for field, wanted in (("agree", AGREE), ("disagree", DISAGREE)):
                    if ids := [item_id for item_id, choice in choices.items() if choice == wanted]:
                        BallotBox.objects.filter(item_id__in=ids).update(**{field: F(field) + 1})
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
        record_event(meeting, by=by, action=_("Ghi nhận %(n)s phiếu giấy, phiếu bằng văn bản") % {"n": len(members)})


def meeting_close(*, meeting: Meeting, by: User | None) -> Meeting:
    """Close the ballot: nothing can be voted any more; count and record each nominee's result.

    The meeting decides only with its quorum (present members ≥ the term's award-session
    fraction of all members, ``meeting_quorum``). Without it every nominee goes back to
    "ready for council".
    Side effects: the meeting (frozen totals), each item's result, nominations
    (council_passed / council_failed / ready_for_council), events.
    """
    with transaction.atomic():
        # Locked while counting; transition() below refuses a meeting that is not voting (and nothing stays).
        meeting = _locked_meeting(meeting)
        term = meeting.term
        _ensure_attendance(meeting)
        members_total = term.members.count()
        present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
        quorum = meeting_quorum(meeting, members_total)
        quorum_met = present >= quorum.required and members_total > 0
        meeting = transition(
            meeting,
            to=Meeting.Status.CLOSED,
            by=by,
            action=_("Đóng bỏ phiếu: %(p)s/%(t)s thành viên có mặt, %(q)s")
            % {
                "p": present,
                "t": members_total,
                "q": _("đủ số thành viên dự họp") if quorum_met else _("không đủ số thành viên dự họp"),
            },
            error=_("Phiên họp không trong thời gian bỏ phiếu."),
            changes={
                "members_total": members_total,
                "present_count": present,
                "quorum_required": quorum.required,
                "quorum_rule": quorum.rule,
                "quorum_met": quorum_met,
                "closed_at": timezone.now(),
            },
        )
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
            move_nomination(nomination, status, by=by, action=action, reason=result.rule)
    return meeting


# ---------------------------------------------------------------------------
# The council's reading room and the archive
# ---------------------------------------------------------------------------


def meeting_documents(meeting: Meeting):
    """The documents a member of ``meeting`` may read: those of each agenda nominee and the dossier-wide
    ones (letter, minutes of the unit) of their dossiers; never another nominee's of the same dossier."""
    items = meeting.items.all()
    return (
        Attachment.objects.filter(dossier__nominations__agenda_items__in=items)
        .filter(Q(nomination__isnull=True) | Q(nomination__agenda_items__in=items))
        .distinct()
    )


def reading_room_open(meeting: Meeting) -> bool:
    """Members read the nominees' dossiers once the agenda is final (ballot opened) and until the archive."""
    return meeting.status != Meeting.Status.DRAFT and meeting.archived_at is None


def document_read(*, meeting: Meeting, attachment: Attachment, user: User) -> MeetingDocumentRead:
    """A council member opens a document of an agenda nominee; refused outside the reading room.

    Side effects: one MeetingDocumentRead (who, when, which file).
    """
    seat = member_seat(user=user, meeting=meeting)
    if seat is None:
        raise DomainError(_("Bạn không phải thành viên Hội đồng của phiên họp này."))
    if not reading_room_open(meeting):
        raise DomainError(_("Hồ sơ của phiên họp không còn mở cho thành viên Hội đồng đọc."))
    if not meeting_documents(meeting).filter(pk=attachment.pk).exists():
        raise DomainError(_("Tài liệu không thuộc đối tượng trong chương trình phiên họp."))
    owner = attachment.nomination.nominee_name if attachment.nomination_id else attachment.dossier.unit.name
    return record_event(
        meeting,
        by=user,
        action=_("Đọc tài liệu «%(file)s» (%(kind)s) của %(owner)s")
        % {"file": attachment.original_name, "kind": attachment.get_kind_display(), "owner": owner},
        events="reads",
        attachment=attachment,
        file_name=attachment.original_name[:255],
    )


def meeting_archive(*, meeting: Meeting, by: User | None) -> Meeting:
    """Archive a closed meeting: its reading room closes (members no longer read the nominees' dossiers).

    Side effects: the meeting (archived_at), one event.
    """
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_status(meeting, Meeting.Status.CLOSED, message=_("Chỉ lưu trữ phiên họp đã kết thúc bỏ phiếu."))
        if meeting.archived_at is not None:
            raise DomainError(_("Phiên họp đã được lưu trữ."))
        meeting.archived_at = timezone.now()
        meeting._change_reason = "archive"
        meeting.save()
        record_event(meeting, by=by, action=_("Lưu trữ phiên họp: thành viên Hội đồng không còn đọc hồ sơ đối tượng"))
    return meeting
