"""Registrations (đăng ký thi đua): a unit's commitments per criterion, sent to staff, approved or returned.

The moves are declared on ``Registration.Status``; each goes through ``thiduakt.workflow.transition``.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    REGISTRATION_STATUSES,
    Campaign,
    CampaignEvent,
    Commitment,
    RegisteredNominee,
    Registration,
)
from campaigns.services.common import locked_campaign, participant_of, unit_officers
from thiduakt.models import OrgUnit, User
from thiduakt.selectors import unit_descendant_ids
from thiduakt.services import DomainError, notification_send, notifications_send
from thiduakt.workflow import record_event, transition

R = Registration.Status


@transaction.atomic
def registration_save(
    *,
    campaign: Campaign,
    unit: OrgUnit,
    by: User,
    note: str = "",
    commitments: dict[int, tuple[Decimal | None, str]],
    nominees: list[dict] | None = None,
) -> Registration:
    """Create or change the unit's registration (draft or returned) with its commitment per criterion.

    ``commitments``: criterion id → (target, text). Measurable criteria need a target.
    ``nominees``: [{"kind": "individual"|"collective", "person": Person|None, "unit": OrgUnit|None,
    "commitment": str}] when the plan lets units register individuals and collectives.
    Side effects: the Registration (history), its Commitments and nominees, an event.
    """
    campaign = locked_campaign(campaign)
    if campaign.status not in REGISTRATION_STATUSES:
        raise DomainError(_("Phong trào không nhận đăng ký ở trạng thái hiện tại."))
    participant = participant_of(campaign, unit)
    registration, created = Registration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit, defaults={"created_by": by}
    )
    if registration.status not in (R.DRAFT, R.RETURNED):
        raise DomainError(_("Bản đăng ký đã gửi, không sửa được nữa."))
    criteria = [c for c in campaign.criteria.all() if c.group_id is None or c.group_id == participant.group_id]
    errors = []
    for criterion in criteria:
        target, _text = commitments.get(criterion.pk, (None, ""))
        if not criterion.is_qualitative and target is None:
            errors.append(_("Cần ghi chỉ tiêu đăng ký cho “%(c)s”.") % {"c": criterion.indicator})
        if target is not None and target < 0:
            errors.append(_("Chỉ tiêu đăng ký cho “%(c)s” không được âm.") % {"c": criterion.indicator})
    if errors:
        raise DomainError(" ".join(errors))
    registration.note = note
    registration._change_reason = _("Lưu đăng ký")
    registration.save()
    for criterion in criteria:
        target, text = commitments.get(criterion.pk, (None, ""))
        Commitment.objects.update_or_create(
            registration=registration, criterion=criterion, defaults={"target": target, "text": text[:500]}
        )
    if nominees is not None:
        if nominees and not campaign.allows_nominee_registration:
            raise DomainError(_("Kế hoạch không cho đăng ký cá nhân, tập thể."))
        registration.nominees.all().delete()
        for nominee in nominees:
            person, sub_unit = nominee.get("person"), nominee.get("unit")
            if person is not None and person.unit_id not in unit_descendant_ids(unit):
                raise DomainError(_("%(name)s không thuộc đơn vị.") % {"name": person})
            if sub_unit is not None and sub_unit.pk not in unit_descendant_ids(unit):
                raise DomainError(_("%(name)s không thuộc đơn vị.") % {"name": sub_unit})
            RegisteredNominee.objects.create(
                registration=registration,
                kind=nominee["kind"],
                person=person,
                unit=sub_unit,
                commitment=nominee.get("commitment", "")[:500],
            )
    record_event(
        campaign,
        by=by,
        registration=registration,
        action=_("Tạo bản đăng ký") if created else _("Sửa bản đăng ký"),
    )
    return registration


@transaction.atomic
def registration_submit(*, registration: Registration, by: User) -> Registration:
    """Draft or returned → submitted. Side effects: status, time, an event."""
    registration = transition(
        registration,
        to=R.SUBMITTED,
        by=by,
        action=_("Gửi đăng ký thi đua"),
        error=_("Bản đăng ký đã được gửi."),
        changes={"submitted_at": timezone.now()},
        event_fields={"campaign_id": registration.campaign_id},
    )
    if registration.campaign.status not in REGISTRATION_STATUSES:
        raise DomainError(_("Phong trào không nhận đăng ký ở trạng thái hiện tại."))
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, by: User) -> Registration:
    """Submitted → approved. Side effects: status, reviewer, an event, a notice to the unit."""
    registration = transition(
        registration,
        to=R.APPROVED,
        by=by,
        action=_("Duyệt đăng ký thi đua"),
        error=_("Chỉ duyệt được bản đăng ký đã gửi."),
        changes={"reviewed_at": timezone.now(), "reviewed_by": by, "return_reason": ""},
        event_fields={"campaign_id": registration.campaign_id},
    )
    _notify_unit(
        registration,
        _("Đăng ký thi đua đã được duyệt: %(c)s") % {"c": registration.campaign.name},
        "",
    )
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, by: User, reason: str) -> Registration:
    """Submitted → returned with a reason. Side effects: status, reason, an event, a notice to the unit."""
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do trả lại."))
    registration = transition(
        registration,
        to=R.RETURNED,
        by=by,
        action=_("Trả lại bản đăng ký"),
        reason=reason.strip(),
        error=_("Chỉ trả lại được bản đăng ký đã gửi."),
        changes={"return_reason": reason.strip(), "reviewed_at": timezone.now(), "reviewed_by": by},
        event_fields={"campaign_id": registration.campaign_id},
    )
    _notify_unit(
        registration,
        _("Đăng ký thi đua bị trả lại: %(c)s") % {"c": registration.campaign.name},
        reason.strip(),
    )
    return registration


def _notify_unit(registration: Registration, title: str, body: str) -> None:
    link = reverse("campaigns:registration_detail", args=[registration.campaign_id, registration.pk])
    recipients = unit_officers([registration.unit_id])
    transaction.on_commit(lambda: notification_send(recipients=recipients, title=title, body=body, link=link))


def _registrations_decide(*, campaign: Campaign, registrations, by: User, to: str, reason: str) -> list[Registration]:
    """Move every ticked registration of ``campaign`` from submitted to ``to`` at once, or none of them.

    A constant number of queries whatever their number: the rows are locked and checked together,
    written with one update, their history and events inserted in bulk, their units told with one insert.
    """
    ids = {r.pk if isinstance(r, Registration) else int(r) for r in registrations}
    if not ids:
        raise DomainError(_("Chưa chọn bản đăng ký nào."))
    locked = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, pk__in=ids)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    if len(locked) != len(ids):
        raise DomainError(_("Có bản đăng ký không thuộc phong trào này; không bản nào được xử lý."))
    if campaign.status not in REGISTRATION_STATUSES:
        raise DomainError(_("Phong trào không nhận đăng ký ở trạng thái hiện tại."))
    if refused := [r for r in locked if r.status != R.SUBMITTED]:
        raise DomainError(
            _("Chỉ duyệt hoặc trả lại được bản đăng ký đã gửi; không bản nào được xử lý. %(list)s")
            % {"list": "; ".join(f"{r.unit}: {R(r.status).label}" for r in refused)}
        )
    now = timezone.now()
    approved = to == R.APPROVED
    action = _("Duyệt đăng ký thi đua") if approved else _("Trả lại bản đăng ký")
    changes = {"status": to, "reviewed_at": now, "reviewed_by": by, "return_reason": "" if approved else reason}
    Registration.objects.filter(pk__in=ids).update(**changes)
    for registration in locked:
        for name, value in changes.items():
            setattr(registration, name, value)
    Registration.history.bulk_history_create(
        locked, update=True, default_user=by, default_change_reason=reason or action, default_date=now
    )
    CampaignEvent.objects.bulk_create(
        CampaignEvent(
            campaign=campaign,
            registration=r,
            by=by,
            action=action,
            reason=reason,
            from_status=R.SUBMITTED,
            to_status=to,
        )
        for r in locked
    )
    title = (_("Đăng ký thi đua đã được duyệt: %(c)s") if approved else _("Đăng ký thi đua bị trả lại: %(c)s")) % {
        "c": campaign.name
    }
    officers: dict[int, list[User]] = {}
    for user in unit_officers([r.unit_id for r in locked]):
        officers.setdefault(user.unit_id, []).append(user)
    notices = [
        (user, title, reason, reverse("campaigns:registration_detail", args=[campaign.pk, r.pk]))
        for r in locked
        for user in officers.get(r.unit_id, [])
    ]
    transaction.on_commit(lambda: notifications_send(notices=notices))
    return locked


@transaction.atomic
def registrations_approve(*, campaign: Campaign, registrations, by: User) -> list[Registration]:
    """Staff: approve every ticked registration (imported ones too), all or none.

    ``registrations``: Registration objects or ids of ``campaign``; every one must be submitted.
    Side effects: status and reviewer of each (history), one event each, one notice per unit officer.
    """
    return _registrations_decide(campaign=campaign, registrations=registrations, by=by, to=R.APPROVED, reason="")


@transaction.atomic
def registrations_return(*, campaign: Campaign, registrations, by: User, reason: str) -> list[Registration]:
    """Staff: return every ticked registration with one reason (required), all or none.

    Side effects: status, reason and reviewer of each (history), one event each, one notice per unit officer.
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do trả lại."), field="reason")
    return _registrations_decide(
        campaign=campaign, registrations=registrations, by=by, to=R.RETURNED, reason=reason.strip()
    )
