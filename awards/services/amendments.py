"""Writes of corrections and revocations (đính chính, hủy bỏ): a later decision amending lines of a signed one.

An amendment acts on award lines (DecisionRecipient), never on a whole decision: each of its lines
``replaces`` the line it corrects or revokes, and a decision may be amended many times, each time by a new
decision, numbered and signed like any other. What still holds of a decision (``Decision.effect``) is
derived from its lines once an amendment is signed: a line holds, was corrected (a signed correction
replaced it), or was revoked (a signed revocation replaced it or the line correcting it). Money: an
amendment pays nothing; its lines show the difference (0 for a correction, minus the reward paid for a
revoked line), and the payment of a decision is the reward of its lines that still hold.

Every service is keyword-only, atomic, checks the current state under ``select_for_update`` and lists
its side effects in its docstring. ``awards.services.decisions`` drafts and signs every decision and
calls the hooks here for the lines an amendment replaces.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardRecord, Decision, DecisionRecipient, LegalCitation, Nomination
from awards.services.catalogue import reward_on
from awards.services.dossiers import move_nomination
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.workflow import record_event


def _cited_bases_on(day: date) -> str:
    """The "Căn cứ" lines in force on ``day`` (as ``decisions.cited_bases_on``, without importing it back)."""
    return "\n".join(LegalCitation.objects.in_force(day).values_list("text", flat=True))


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


# ---------------------------------------------------------------------------
# What holds: the lines' state, derived
# ---------------------------------------------------------------------------

HOLDS, CORRECTED, REVOKED = "holds", "corrected", "revoked"

LINE_STATE_LABELS = {
    HOLDS: _("Còn hiệu lực"),
    CORRECTED: _("Đã đính chính"),
    REVOKED: _("Đã bị hủy bỏ"),
}


def _signed_successor(line: DecisionRecipient) -> DecisionRecipient | None:
    """The signed line of a later correction or revocation that replaced ``line`` (at most one is signed)."""
    return (
        line.replaced_by.exclude(decision__status=Decision.Status.DRAFT)
        .select_related("decision")
        .order_by("decision__decision_date", "pk")
        .first()
    )


def line_state(line: DecisionRecipient) -> tuple[str, DecisionRecipient, list[Decision]]:
    """Whether ``line`` holds, was corrected or was revoked; its current version (the last signed line of
    the chain of corrections, or the revoking line); and the amending decisions, in order."""
    state, current, by = HOLDS, line, []
    seen = {line.pk}
    while (nxt := _signed_successor(current)) is not None and nxt.pk not in seen:
        seen.add(nxt.pk)
        by.append(nxt.decision)
        current = nxt
        if nxt.decision.purpose == Decision.Purpose.REVOCATION:
            return REVOKED, current, by
        state = CORRECTED
    return state, current, by


def _successors(decision: Decision, lines=None) -> dict[int, DecisionRecipient]:
    """A line of ``decision`` (or of the given ``lines`` of it) or of its amendments → the signed line that replaced
    it (the earliest), in one query per step of the longest chain of amendments, reading only amended lines."""
    successor: dict[int, DecisionRecipient] = {}
    seen: set[int] = set()
    # The first step by a join (not a list of every line), or from the lines given (a page of them).
    step = Q(replaces__decision=decision) if lines is None else Q(replaces_id__in=[line.pk for line in lines])
    frontier = True
    while frontier:
        later = (
            DecisionRecipient.objects.filter(step)
            .exclude(decision__status=Decision.Status.DRAFT)
            .select_related("decision")
            .order_by("decision__decision_date", "pk")
        )
        frontier = []
        for line in later:
            if line.replaces_id not in successor:
                successor[line.replaces_id] = line
                if line.pk not in seen:
                    seen.add(line.pk)
                    frontier.append(line.pk)
        step = Q(replaces_id__in=frontier)
    return successor


def _state(line: DecisionRecipient, successor: dict[int, DecisionRecipient]):
    state, current, by, visited = HOLDS, line, [], {line.pk}
    while (nxt := successor.get(current.pk)) is not None and nxt.pk not in visited:
        visited.add(nxt.pk)
        by.append(nxt.decision)
        current = nxt
        if nxt.decision.purpose == Decision.Purpose.REVOCATION:
            return REVOKED, current, by
        state = CORRECTED
    return state, current, by


def line_states(decision: Decision, lines=None) -> dict[int, tuple[str, DecisionRecipient, list[Decision]]]:
    """``line_state`` of each line of ``decision`` (or of the given ``lines`` of it) by its pk, in one query per
    step of the longest chain of amendments (a correction of a correction is two), whatever the number of lines;
    with ``lines``, only their chains are read (a page of a decision of 25,000 lines, the amended ones included)."""
    lines = None if lines is None else list(lines)  # read twice below
    successor = _successors(decision, lines)
    return {line.pk: _state(line, successor) for line in (decision.recipients.all() if lines is None else lines)}


def effect_of(decision: Decision) -> str:
    """What holds of a signed decision, from its lines."""
    if decision.is_draft or decision.purpose == Decision.Purpose.REVOCATION:
        return Decision.Effect.IN_FORCE
    states = [state for state, _current, _by in line_states(decision).values()]
    if states and all(s == REVOKED for s in states):
        return Decision.Effect.REVOKED
    if REVOKED in states:
        return Decision.Effect.PARTLY_REVOKED
    if states and all(s == CORRECTED for s in states):
        return Decision.Effect.CORRECTED
    if CORRECTED in states:
        return Decision.Effect.PARTLY_CORRECTED
    return Decision.Effect.IN_FORCE


def paid_amount(line: DecisionRecipient) -> int:
    """The reward paid for the award ``line`` stands for: its own, or that of the line it corrects."""
    seen = set()
    while line is not None and line.pk not in seen:
        seen.add(line.pk)
        if line.reward_amount is not None and line.decision.purpose == Decision.Purpose.AWARD:
            return line.reward_amount
        line = line.replaces
    return 0


def payment_total(decision: Decision, states: dict | None = None) -> int:
    """What a decision pays: the rewards of its award lines that still hold (a corrected line is still paid
    once, by this decision); an amendment pays nothing. ``states``: the decision's ``line_states``, if read."""
    if decision.purpose != Decision.Purpose.AWARD:
        return 0
    states = line_states(decision) if states is None else states
    amounts = decision.recipients.values_list("pk", "reward_amount")
    return sum(amount or 0 for pk, amount in amounts if states[pk][0] != REVOKED)


def difference_total(decision: Decision) -> int:
    """What an amendment changes in the money paid: the sum of its lines' differences (≤ 0)."""
    return sum(line.reward_difference or 0 for line in decision.recipients.all())


def money(amount: int | None, *, signed: bool = False) -> str:
    """ "1.490.000 đ"; with ``signed``, "−1.490.000 đ" and "+…" ("0 đ" stays unsigned)."""
    amount = amount or 0
    text = f"{abs(amount):,}".replace(",", ".") + " đ"
    if signed and amount < 0:
        return f"−{text}"
    if signed and amount > 0:
        return f"+{text}"
    return text


def decision_money(decision: Decision, groups=()) -> dict:
    """What the decision page shows: each line's state (set on the lines of ``groups`` as ``state`` and
    ``amended_by``), and the money — the payment of the lines that still hold for an award decision, the
    difference for an amendment (never a second payment).

    Reads only the page's lines and the amended ones (a line no signed line replaces holds): the same few
    queries for a decision of 25,000 lines; the sums are the database's."""
    successor = _successors(decision)
    for _heading, lines in groups:
        for line in lines:
            line.state, _current, line.amended_by = _state(line, successor)
    if decision.purpose == Decision.Purpose.AWARD:
        amended = decision.recipients.filter(pk__in=list(successor)).only("pk")
        revoked = [line.pk for line in amended if _state(line, successor)[0] == REVOKED] if successor else []
        paid = decision.recipients.exclude(pk__in=revoked).aggregate(total=Sum("reward_amount"))["total"] or 0
        return {
            "total": paid,
            "total_label": _("tổng tiền thưởng (các dòng còn hiệu lực)"),
            "total_display": money(paid),
        }
    difference = decision.recipients.aggregate(total=Sum("reward_difference"))["total"] or 0
    return {
        "total": difference,
        "total_label": _("chênh lệch tiền thưởng (không chi thêm)"),
        "total_display": money(difference, signed=True),
    }


def annotate_effects(records) -> list:
    """Set ``decision_effect`` ("Đã bị hủy bỏ một phần", …; "" while it holds whole) on award records, from
    the signed decision of their number, date and issuer; returns them as a list (the public lookup)."""
    records = list(records)
    numbers = {r.decision_number for r in records if r.decision_number}
    effects = {
        (d.number_display, d.decision_date, d.issuer): d
        for d in Decision.objects.filter(number_display__in=numbers).exclude(status=Decision.Status.DRAFT)
    }
    for record in records:
        decision = effects.get((record.decision_number, record.decision_date, record.issuer))
        amended = decision is not None and decision.effect != Decision.Effect.IN_FORCE
        record.decision_effect = decision.get_effect_display() if amended else ""
    return records


# ---------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------


def _subject(old: Decision, purpose: str, *, whole: bool) -> str:
    numbered = _("Quyết định số %(n)s ngày %(d)s") % {
        "n": old.number_display,
        "d": old.decision_date.strftime("%d/%m/%Y"),
    }
    if purpose == Decision.Purpose.CORRECTION:
        return _("Về việc đính chính %(q)s") % {"q": numbered}
    if whole:
        return _("Về việc hủy bỏ %(q)s") % {"q": numbered}
    return _("Về việc hủy bỏ một phần %(q)s") % {"q": numbered}


def decision_amend_draft(
    *,
    old: Decision,
    purpose: str,
    reason: str,
    by: User | None,
    recipients: list[DecisionRecipient],
    corrections: dict[int, dict] | None = None,
) -> Decision:
    """A draft correcting or revoking some lines of a signed decision, with the reason.

    A correction carries the corrected lines (``corrections[recipient_id]`` may change
    ``recipient_name``/``description``); a revocation lists the lines it revokes. Each chosen line must still
    hold and be in no other draft amendment; the new line replaces its current version (the last signed
    correction of it), so a decision is amended line by line, many times. A revocation of every line is
    titled "Về việc hủy bỏ Quyết định số …", of some "Về việc hủy bỏ một phần Quyết định số …".
    Side effects: one Decision (referencing ``old``), its recipients, events.
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
        old = Decision.objects.select_for_update().select_related("award").get(pk=old.pk)
        if old.is_draft:
            raise DomainError(_("Chỉ đính chính, hủy bỏ quyết định đã ký."))
        if old.purpose == Decision.Purpose.REVOCATION:
            raise DomainError(_("Quyết định hủy bỏ không được đính chính, hủy bỏ bằng chức năng này."))
        lines = list(old.recipients.filter(pk__in=[r.pk for r in recipients]))
        if len(lines) != len(recipients):
            raise DomainError(_("Dòng không thuộc quyết định cũ."))
        targets = []
        for line in lines:
            state, current, by_decisions = line_state(line)
            if state == REVOKED:
                raise DomainError(
                    _("Khen thưởng của %(name)s đã bị hủy bỏ theo Quyết định số %(n)s.")
                    % {"name": line.recipient_name, "n": by_decisions[-1].number_display}
                )
            # Locked: two tabs drafting an amendment of the same line do not both pass the check below.
            current = DecisionRecipient.objects.select_for_update().get(pk=current.pk)
            if current.replaced_by.filter(decision__status=Decision.Status.DRAFT).exists():
                raise DomainError(
                    _("%(name)s đã có trong một dự thảo đính chính, hủy bỏ chưa ký.") % {"name": line.recipient_name}
                )
            targets.append((line, current))
        whole = len(lines) == old.recipients.count()
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
            subject=_subject(old, purpose, whole=whole),
            cited_bases=_cited_bases_on(timezone.localdate()),
            # A decision signed before the laws were dated rows holds them in its own lines: not copied again.
            legal_bases=old.legal_bases if old.cited_bases else "",
            proposal=old.proposal,
            executors=old.executors,
            copy_recipients=old.copy_recipients,
            signer_authority=old.signer_authority,
            signer_title=old.signer_title,
            signer_name=old.signer_name,
            created_by=by,
        )
        decision.save()
        for line, current in targets:
            change = corrections.get(line.pk, {}) if purpose == Decision.Purpose.CORRECTION else {}
            DecisionRecipient.objects.create(
                decision=decision,
                replaces=current,
                nomination=current.nomination,
                recipient_kind=current.recipient_kind,
                person=current.person,
                unit=current.unit,
                household_name=current.household_name,
                recipient_name=change.get("recipient_name") or current.recipient_name,
                description=change.get("description", current.description),
                year=current.year,
                coefficient=current.coefficient,
            )
        record_event(
            decision,
            by=by,
            action=_("Soạn dự thảo %(p)s Quyết định số %(n)s")
            % {"p": decision.get_purpose_display().lower(), "n": old.number_display},
            reason=reason,
        )
        record_event(
            old,
            by=by,
            action=_("Có dự thảo %(p)s %(k)s/%(t)s dòng")
            % {"p": decision.get_purpose_display().lower(), "k": len(lines), "t": old.recipients.count()},
            reason=reason,
        )
    return decision


# ---------------------------------------------------------------------------
# Hooks of the signing (awards.services.decisions.decision_sign)
# ---------------------------------------------------------------------------


def check_signable(decision: Decision) -> None:
    """Refuse to sign an amendment whose amended decision is not signed."""
    if decision.amends_id and decision.amends.status == Decision.Status.DRAFT:
        raise DomainError(_("Quyết định được đính chính chưa được ký."))


def sign_line(recipient: DecisionRecipient, decision: Decision) -> bool:
    """Sign one line of an amendment: the line it replaces (locked) must not have been amended by another
    signed decision meanwhile; its record leaves the lookup. The line pays nothing: it keeps the difference
    (minus the reward paid for a revoked line, 0 for a correction). Returns whether the line writes a new
    award record (a correction does, a revocation does not)."""
    if not recipient.replaces_id:
        # Older amendment lines without a replaced line: a correction rewarded as drafted.
        if decision.purpose == Decision.Purpose.REVOCATION:
            return False
        reward = reward_on(decision.award, recipient.recipient_kind, decision.decision_date)
        recipient.coefficient, recipient.reward_amount = reward.coefficient, reward.amount
        return True
    replaced = DecisionRecipient.objects.select_for_update().select_related("decision").get(pk=recipient.replaces_id)
    other = replaced.replaced_by.exclude(decision__status=Decision.Status.DRAFT).exclude(pk=recipient.pk).first()
    if other is not None:
        raise DomainError(
            _("%(name)s đã được đính chính, hủy bỏ bởi Quyết định số %(n)s; hãy soạn lại dự thảo này.")
            % {"name": replaced.recipient_name, "n": other.decision.number_display}
        )
    _retire_record(replaced, decision)
    recipient.reward_amount = None
    recipient.coefficient = replaced.coefficient
    if decision.purpose == Decision.Purpose.REVOCATION:
        recipient.reward_difference = -paid_amount(replaced)
        recipient.save(update_fields=["reward_amount", "coefficient", "reward_difference"])
        return False
    recipient.reward_difference = 0
    return True


def _chain_decisions(line: DecisionRecipient) -> list[Decision]:
    """The decisions of ``line`` and of the lines it replaces, back to the award."""
    found, seen = [], set()
    while line is not None and line.pk not in seen:
        seen.add(line.pk)
        found.append(line.decision)
        line = line.replaces
    return found


def amendment_signed(decision: Decision, *, by: User | None) -> None:
    """After the lines of a signed amendment: what holds of each decision it amends (``effect``, with an
    event when it changes), the nominees (a revoked award moves the nominee to "Khen thưởng đã bị hủy bỏ",
    a correction is written in the dossier's history). The units are told by the signing itself.
    Side effects: the amended decisions (effect, history, events), nominations, dossier events."""
    lines = list(decision.recipients.select_related("replaces__decision", "nomination__dossier"))
    amended = {decision.amends_id: decision.amends}
    for line in lines:
        if line.replaces_id:
            for d in _chain_decisions(line.replaces):
                amended.setdefault(d.pk, d)
    for pk in sorted(amended):
        old = Decision.objects.select_for_update().get(pk=pk)
        effect = effect_of(old)
        if effect == old.effect:
            continue
        old.effect = effect
        old._change_reason = f"{decision.number_display}: {decision.reason}"
        old.save(update_fields=["effect"])
        record_event(
            old,
            by=by,
            action=_("%(e)s bởi Quyết định số %(n)s") % {"e": old.get_effect_display(), "n": decision.number_display},
            reason=decision.reason,
        )
    what = reword_award(decision)
    for line in lines:
        if not line.nomination_id:
            continue
        nomination = (
            Nomination.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=line.nomination_id)
        )
        if decision.purpose == Decision.Purpose.REVOCATION:
            action = _("Khen thưởng %(a)s bị hủy bỏ theo Quyết định số %(n)s") % {
                "a": what,
                "n": decision.number_display,
            }
            if nomination.status == Nomination.Status.DECIDED:
                move_nomination(nomination, Nomination.Status.REVOKED, by=by, action=action, reason=decision.reason)
                continue
        else:
            action = _("Đính chính khen thưởng %(a)s theo Quyết định số %(n)s: %(name)s, %(d)s") % {
                "a": what,
                "n": decision.number_display,
                "name": line.recipient_name,
                "d": line.description or "—",
            }
        record_event(
            nomination.dossier,
            by=by,
            action=action,
            reason=decision.reason,
            nomination=nomination,
            round_number=nomination.dossier.round_number,
        )


# ---------------------------------------------------------------------------
# Document (awards.jobs.decision_context)
# ---------------------------------------------------------------------------


def reword_award(decision: Decision, award_name: str = "") -> str:
    """ "danh hiệu Chiến sĩ thi đua cơ sở" for a title, the award's own name ("Cờ thi đua của …") otherwise."""
    name = award_name or decision.award.name
    return f"danh hiệu {name}" if decision.award.kind == "title" else name


def amendment_articles(decision: Decision, *, count: int, award_name: str = "") -> list[str]:
    """The articles of a correction or revocation, naming the award it acts on and whether it amends the
    whole decision or part of it; a revocation recovers the award and the reward paid (the difference)."""
    old = decision.amends
    what = reword_award(decision, award_name)
    cited = f"Quyết định số {old.number_display} ngày {old.decision_date:%d/%m/%Y} của {old.issuer}"
    total = old.recipients.count()
    if decision.purpose == Decision.Purpose.CORRECTION:
        return [
            f"Đính chính {cited} về việc tặng {what} đối với {count} trường hợp (có danh sách kèm theo). "
            f"Lý do: {decision.reason}",
            f"Các nội dung khác của Quyết định số {old.number_display} giữ nguyên hiệu lực; "
            "việc đính chính không làm phát sinh tiền thưởng.",
            decision.executors,
        ]
    recovered = -difference_total(decision)
    money_line = f"tiền thưởng đã nhận ({money(recovered)})" if recovered else "tiền thưởng đã nhận (nếu có)"
    if count >= total:
        first = (
            f"Hủy bỏ {cited} về việc tặng {what} đối với {count} trường hợp (có danh sách kèm theo). "
            f"Lý do: {decision.reason}"
        )
        keep = f"Thu hồi {what} và {money_line} theo Quyết định số {old.number_display}."
    else:
        first = (
            f"Hủy bỏ một phần {cited}: hủy bỏ việc tặng {what} đối với {count} trong số {total} trường hợp "
            f"(có danh sách kèm theo). Lý do: {decision.reason}"
        )
        keep = (
            f"Thu hồi {what} và {money_line} của các trường hợp tại Điều 1. Các nội dung khác của "
            f"Quyết định số {old.number_display} giữ nguyên hiệu lực."
        )
    return [first, keep, decision.executors]
