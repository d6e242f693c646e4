"""Writes of the appraisal (staff): intake of a sent dossier (completeness, a late sending), returning it,
and the verdict on each nominee, with the justification an override of the automatic check needs.

Every function is keyword-only, atomic, checks the current state under ``select_for_update`` and lists
its side effects. Status changes go through ``thiduakt.workflow.transition`` (a nominee's through
``move_nomination``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility import Verdict, evaluate
from awards.models import Dossier, Nomination
from awards.services.catalogue import processing_rule_on
from awards.services.dossiers import _locked, _notify_unit, dossier_event, move_nomination
from awards.workdays import add_working_days
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.workflow import transition

# Passing a nominee the automatic check did not find eligible needs a justification this long at least.
OVERRIDE_MIN_LENGTH = 30
# Taking a dossier sent after its deadline needs a reason this long at least.
LATE_REASON_MIN_LENGTH = 10


def _not_awaiting(dossier: Dossier) -> str:
    return _("Hồ sơ đang ở trạng thái “%(status)s”, không ở bước thẩm định.") % {"status": dossier.get_status_display()}


def _require_awaiting(dossier: Dossier) -> None:
    """For the steps of appraisal that keep the dossier's status (completeness, one nominee)."""
    if dossier.status not in Dossier.AWAITING:
        raise DomainError(_not_awaiting(dossier))


def _require_on_time_or_accepted(dossier: Dossier) -> None:
    """A dossier sent late is appraised only once staff have accepted it with a reason."""
    if dossier.late_pending:
        raise DomainError(
            _(
                "Hồ sơ nộp muộn so với hạn %(day)s: cần chấp nhận hồ sơ nộp muộn (ghi lý do) trước khi thẩm định, "
                "hoặc trả lại hồ sơ cho đơn vị."
            )
            % {"day": dossier.deadline_on.strftime("%d/%m/%Y")}
        )


def dossier_accept_late(*, dossier: Dossier, by: User | None, reason: str) -> Dossier:
    """Staff take a dossier sent after its deadline, with the written reason; it can then be appraised.

    Side effects: the acceptance (who, when, why) on the dossier (history), one event with the reason,
    a notification to the unit's officers.
    """
    reason = (reason or "").strip()
    if len(reason) < LATE_REASON_MIN_LENGTH:
        raise DomainError(
            _("Cần ghi lý do chấp nhận hồ sơ nộp muộn (ít nhất %(n)s ký tự).") % {"n": LATE_REASON_MIN_LENGTH}
        )
    with transaction.atomic():
        dossier = _locked(dossier)
        _require_awaiting(dossier)
        if not dossier.submitted_late:
            raise DomainError(_("Hồ sơ gửi đúng hạn, không cần chấp nhận nộp muộn."))
        if dossier.late_accepted_at:
            raise DomainError(_("Hồ sơ nộp muộn này đã được chấp nhận."))
        dossier.late_accepted_at = timezone.now()
        dossier.late_accepted_by = by
        dossier.late_acceptance_reason = reason
        dossier._change_reason = _("Chấp nhận hồ sơ nộp muộn")
        dossier.save()
        action = _("Chấp nhận hồ sơ nộp muộn so với hạn %(day)s") % {"day": dossier.deadline_on.strftime("%d/%m/%Y")}
        dossier_event(dossier=dossier, by=by, action=action, reason=reason)
        _notify_unit(dossier, _("Sở Nội vụ chấp nhận hồ sơ nộp muộn: %(d)s") % {"d": dossier}, reason)
    return dossier


def dossier_mark_complete(*, dossier: Dossier, by: User | None) -> Dossier:
    """Staff confirm the dossier is complete: the appraisal clock (working days) starts today.

    Side effects: complete and due dates, one event.
    """
    with transaction.atomic():
        dossier = _locked(dossier)
        _require_awaiting(dossier)
        _require_on_time_or_accepted(dossier)
        if dossier.complete_on:
            raise DomainError(_("Hồ sơ đã được xác nhận đủ thành phần."))
        _start_appraisal_clock(dossier, timezone.localdate())
        dossier._change_reason = "complete"
        dossier.save()
        dossier_event(dossier=dossier, by=by, action=_("Xác nhận hồ sơ đủ thành phần, bắt đầu thẩm định"))
    return dossier


def _start_appraisal_clock(dossier: Dossier, today) -> None:
    dossier.complete_on = today
    dossier.due_on = add_working_days(today, processing_rule_on(today).appraisal_working_days)


def dossier_return(*, dossier: Dossier, by: User | None, reason: str) -> Dossier:
    """Return a dossier to its unit with the reasons; the unit corrects and sends it again.

    Side effects: status returned, the reason, one event, notification (and e-mail) to the unit's officers.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do trả lại hồ sơ."))
    with transaction.atomic():
        dossier = _locked(dossier)
        dossier = transition(
            dossier,
            to=Dossier.Status.RETURNED,
            by=by,
            action=_("Trả lại hồ sơ để bổ sung"),
            reason=reason,
            allowed_from=Dossier.AWAITING,
            error=_not_awaiting(dossier),
            changes={"return_reason": reason, "due_on": None},
            event_fields={"round_number": dossier.round_number},
        )
        _notify_unit(dossier, _("Hồ sơ bị trả lại: %(d)s") % {"d": dossier}, reason)
    return dossier


def _overridden_verdict(nomination: Nomination, reason: str) -> tuple[str, str]:
    """What the automatic check said when staff pass a nominee it did not find eligible: its verdict and
    the verdict with its reasons (both "" when it found the nominee eligible).

    Failing conditions and "Chưa đủ căn cứ" need the justification, in the appraisal
    reason, of at least ``OVERRIDE_MIN_LENGTH`` characters; a suspension (a matter still open) cannot be
    overridden at all. No rule set in force: nothing to override.
    """
    eligibility = evaluate(nomination)
    if eligibility.passed is not False:
        return "", ""
    verdict = eligibility.verdict_label
    if eligibility.verdict == Verdict.SUSPENDED:
        # NĐ 98/2023 and NĐ 152/2025 Điều 4 khoản 4: "chưa khen thưởng" while such a matter is open.
        raise DomainError(
            _(
                "%(name)s đang trong thời gian xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc giải quyết "
                "khiếu nại, tố cáo: chưa được khen thưởng (Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP), không thể "
                "thẩm định đạt cho đến khi vụ việc kết thúc."
            )
            % {"name": nomination.nominee_name}
        )
    if len(reason) < OVERRIDE_MIN_LENGTH:
        raise DomainError(
            _(
                "%(name)s: kiểm tra tự động cho kết quả «%(verdict)s». Muốn thẩm định đạt, cần ghi căn cứ trong ý "
                "kiến thẩm định (ít nhất %(n)s ký tự); căn cứ này được trình Hội đồng và ghi vào lịch sử xử lý."
            )
            % {"name": nomination.nominee_name, "verdict": verdict, "n": OVERRIDE_MIN_LENGTH}
        )
    return verdict, "; ".join([verdict, *eligibility.reasons])


def nomination_appraise(*, nomination: Nomination, by: User | None, accept: bool, reason: str = "") -> Nomination:
    """Staff accept or reject one nominee, with a reason (required to reject).

    An accepted nominee goes on to "ready for council" when its award needs a
    council vote, else to "ready for decision". Accepting a nominee the automatic
    check did not find eligible (a condition failed, "chưa đủ căn cứ", suspended)
    needs a written justification as the reason: what the check said is kept on the
    nominee (``overridden_verdict``) and both go to the council and the history.
    A dossier sent late is appraised only once its lateness is accepted. When every
    nominee is decided, the dossier is appraised. Side effects: the nomination,
    maybe the dossier, events; the unit is told when the dossier is appraised.
    """
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(_("Cần ghi lý do không đạt."))
    with transaction.atomic():
        dossier = _locked(nomination.dossier)
        _require_awaiting(dossier)
        _require_on_time_or_accepted(dossier)
        nomination = Nomination.objects.select_for_update().select_related("award").get(pk=nomination.pk)
        nomination.dossier = dossier
        if nomination.status != Nomination.Status.PROPOSED:
            raise DomainError(
                _("%(name)s đã được thẩm định (%(status)s).")
                % {"name": nomination.nominee_name, "status": nomination.get_status_display().lower()}
            )
        verdict, overridden = _overridden_verdict(nomination, reason) if accept else ("", "")
        if not dossier.complete_on:
            _start_appraisal_clock(dossier, timezone.localdate())
            dossier._change_reason = _("Bắt đầu thẩm định")
            dossier.save()
        if not accept:
            to = Nomination.Status.REJECTED
        elif nomination.award.needs_council:
            to = Nomination.Status.READY_FOR_COUNCIL
        else:
            to = Nomination.Status.READY_FOR_DECISION
        event_reason = reason
        if overridden:
            action = _("Thẩm định đạt dù kiểm tra tự động «%(verdict)s»: %(name)s") % {
                "verdict": verdict,
                "name": nomination.nominee_name,
            }
            event_reason = _("Kết quả kiểm tra tự động: %(check)s. Căn cứ thẩm định đạt: %(reason)s") % {
                "check": overridden,
                "reason": reason,
            }
        elif accept:
            action = _("Thẩm định đạt: %(name)s") % {"name": nomination.nominee_name}
        else:
            action = _("Thẩm định không đạt: %(name)s") % {"name": nomination.nominee_name}
        nomination = move_nomination(
            nomination,
            to,
            by=by,
            action=action[:200],
            reason=event_reason[:4000],
            allowed_from=[Nomination.Status.PROPOSED],
            error=_("%(name)s đã được thẩm định (%(status)s).")
            % {"name": nomination.nominee_name, "status": nomination.get_status_display().lower()},
            changes={
                "appraisal_reason": reason,
                "appraised_by": by,
                "appraised_at": timezone.now(),
                "overridden_verdict": overridden,
            },
        )
        if not dossier.nominations.filter(status=Nomination.Status.PROPOSED).exists():
            dossier = transition(
                dossier,
                to=Dossier.Status.APPRAISED,
                by=by,
                action=_("Hoàn thành thẩm định hồ sơ"),
                allowed_from=Dossier.AWAITING,
                error=_not_awaiting(dossier),
                changes={"appraised_at": timezone.now(), "due_on": None},
                event_fields={"round_number": dossier.round_number},
            )
            _notify_unit(dossier, _("Hồ sơ đã được thẩm định: %(d)s") % {"d": dossier})
    return nomination
