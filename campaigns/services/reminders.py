"""Reminders: one daily digest per unit, and the staff's reminders of late reports and missing registrations.

Each report reminder is a stored ``Reminder`` (unique per due date, unit and reason), so that no report
is ever reminded twice for the same reason. What one run finds for one unit, across every campaign, is
told in one notice per officer, the unit's digest of the day (``thiduakt.models.DailyDigest``, unique per
unit and day): a second run the same day, or two workers at once, tell nobody again.

Units that have not registered (no submitted or approved registration; participants and the host,
cooperating agencies are not chased) are reminded in the digest while the campaign takes registrations,
on the days ``registration_reminder_day`` says: a campaign stores no deadline of its own for
registrations (they close with the interim review), so every 7th day after the launch, and
``remind_days_before`` days and 1 day before the planned interim review when it is set.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    ACTIVE_STATUSES,
    REGISTRATION_STATUSES,
    REPORTING_ROLES,
    Campaign,
    Participant,
    ProgressReport,
    Registration,
    Reminder,
    ReportDue,
)
from campaigns.services.common import locked_campaign, unit_officers
from thiduakt.models import DailyDigest, User
from thiduakt.services import DomainError, digest_claim, notification_send, notifications_send
from thiduakt.workflow import record_event

# Overdue reminders go out for due dates of the last few months only: an old campaign
# switched on again must not flood units with reminders about years-old reports.
OVERDUE_WINDOW_DAYS = 92
# A unit that has not registered is reminded every this many days after the launch.
REGISTRATION_REMIND_EVERY_DAYS = 7
# Registrations that count as "registered": sent to the department, or approved.
REGISTERED = (Registration.Status.SUBMITTED, Registration.Status.APPROVED)
UNREGISTERED = "unregistered"
_ORDER = {Reminder.Reason.OVERDUE: 0, Reminder.Reason.UPCOMING: 1, UNREGISTERED: 2}


@dataclass(frozen=True)
class DigestItem:
    """One thing a unit is reminded of: a report overdue or due soon, or a campaign it has not registered for."""

    kind: str  # Reminder.Reason.OVERDUE, Reminder.Reason.UPCOMING or UNREGISTERED
    campaign: Campaign
    due: ReportDue | None = None

    @property
    def sort_key(self):
        return (_ORDER[self.kind], self.due.due_on if self.due else date.min, self.campaign.name, self.campaign.pk)

    def line(self) -> str:
        values = {"c": self.campaign.name}
        if self.due is not None:
            values |= {"label": self.due.label, "d": f"{self.due.due_on:%d/%m/%Y}"}
        if self.kind == Reminder.Reason.OVERDUE:
            return _("– Báo cáo trễ hạn: %(c)s, kỳ “%(label)s”, hạn ngày %(d)s.") % values
        if self.kind == Reminder.Reason.UPCOMING:
            return _("– Báo cáo sắp đến hạn: %(c)s, kỳ “%(label)s”, hạn ngày %(d)s.") % values
        text = _("– Chưa đăng ký thi đua: %(c)s, phát động ngày %(d)s.") % {
            **values,
            "d": f"{timezone.localdate(self.campaign.launched_at):%d/%m/%Y}",
        }
        if self.campaign.interim_review_on:
            text += " " + _("Nhận đăng ký đến ngày sơ kết dự kiến %(r)s.") % {
                "r": f"{self.campaign.interim_review_on:%d/%m/%Y}"
            }
        return text


def digest_title(day: date, items: list[DigestItem]) -> str:
    """ "Nhắc việc ngày 01/12/2026: 3 báo cáo trễ hạn, 1 báo cáo sắp đến hạn, 1 phong trào chưa đăng ký"."""
    counts = {kind: sum(1 for i in items if i.kind == kind) for kind in _ORDER}
    parts = [
        text % {"n": counts[kind]}
        for kind, text in (
            (Reminder.Reason.OVERDUE, _("%(n)s báo cáo trễ hạn")),
            (Reminder.Reason.UPCOMING, _("%(n)s báo cáo sắp đến hạn")),
            (UNREGISTERED, _("%(n)s phong trào chưa đăng ký")),
        )
        if counts[kind]
    ]
    return (_("Nhắc việc ngày %(d)s: %(what)s") % {"d": f"{day:%d/%m/%Y}", "what": ", ".join(parts)})[:200]


def digest_body(items: list[DigestItem]) -> str:
    lines = [_("Các việc đơn vị cần làm:"), *(item.line() for item in items)]
    lines.append(_("Xem và thực hiện tại trang “Phong trào của đơn vị”."))
    return "\n".join(lines)


def registration_reminder_day(campaign: Campaign, today: date) -> bool:
    """Whether units that have not registered for ``campaign`` are reminded on ``today`` (see the module)."""
    if campaign.status not in REGISTRATION_STATUSES or campaign.launched_at is None:
        return False
    since = (today - timezone.localdate(campaign.launched_at)).days
    if since > 0 and since % REGISTRATION_REMIND_EVERY_DAYS == 0:
        return True
    if campaign.interim_review_on:
        left = (campaign.interim_review_on - today).days
        return left in {campaign.remind_days_before, 1}
    return False


def _reporting(campaign_ids) -> dict[int, list[int]]:
    units: dict[int, list[int]] = {}
    for campaign_id, unit_id in Participant.objects.filter(
        campaign_id__in=campaign_ids, role__in=REPORTING_ROLES
    ).values_list("campaign_id", "unit_id"):
        units.setdefault(campaign_id, []).append(unit_id)
    return units


def _submitted(dues) -> set[tuple[int, int]]:
    return set(
        ProgressReport.objects.filter(due__in=dues, status=ProgressReport.Status.SUBMITTED).values_list(
            "due_id", "unit_id"
        )
    )


def _report_items(today: date) -> dict[int, list[DigestItem]]:
    campaigns = Campaign.objects.filter(status__in=ACTIVE_STATUSES)
    horizon = max(campaigns.values_list("remind_days_before", flat=True), default=0)
    dues = list(
        ReportDue.objects.filter(
            campaign__in=campaigns,
            due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
            due_on__lte=today + timedelta(days=horizon),
        ).select_related("campaign")
    )
    participants = _reporting({d.campaign_id for d in dues})
    submitted = _submitted(dues)
    told = set(
        Reminder.objects.filter(due__in=dues)
        .exclude(reason=Reminder.Reason.MANUAL)
        .values_list("due_id", "unit_id", "reason")
    )
    items: dict[int, list[DigestItem]] = {}
    for due in dues:
        if due.due_on < today:
            reason = Reminder.Reason.OVERDUE
        elif (due.due_on - today).days <= due.campaign.remind_days_before:
            reason = Reminder.Reason.UPCOMING
        else:
            continue
        for unit_id in participants.get(due.campaign_id, []):
            if (due.pk, unit_id) not in submitted and (due.pk, unit_id, reason) not in told:
                items.setdefault(unit_id, []).append(DigestItem(kind=reason, campaign=due.campaign, due=due))
    return items


def _unregistered(campaigns: list[Campaign]) -> dict[int, list[int]]:
    """Campaign id → the reporting units that have no submitted or approved registration."""
    registered = set(
        Registration.objects.filter(campaign__in=campaigns, status__in=REGISTERED).values_list("campaign_id", "unit_id")
    )
    return {
        campaign_id: [u for u in units if (campaign_id, u) not in registered]
        for campaign_id, units in _reporting([c.pk for c in campaigns]).items()
    }


def _registration_items(today: date) -> dict[int, list[DigestItem]]:
    campaigns = [
        c
        for c in Campaign.objects.filter(status__in=REGISTRATION_STATUSES, launched_at__isnull=False)
        if registration_reminder_day(c, today)
    ]
    by_id = {c.pk: c for c in campaigns}
    items: dict[int, list[DigestItem]] = {}
    for campaign_id, unit_ids in _unregistered(campaigns).items():
        for unit_id in unit_ids:
            items.setdefault(unit_id, []).append(DigestItem(kind=UNREGISTERED, campaign=by_id[campaign_id]))
    return items


def digest_items(today: date) -> dict[int, list[DigestItem]]:
    """Unit id → what it is to be reminded of today, reports it was already reminded of left out."""
    items = _report_items(today)
    for unit_id, more in _registration_items(today).items():
        items.setdefault(unit_id, []).extend(more)
    return {unit_id: sorted(found, key=lambda i: i.sort_key) for unit_id, found in items.items()}


def _digest_send(*, unit_id: int, items: list[DigestItem], today: date) -> int:
    """Claim the unit's digest of the day, store its reminders, then tell its officers once. Returns the items told."""
    with transaction.atomic():
        digest = digest_claim(unit_id=unit_id, day=today)
        if digest is None:
            return 0
        told, reminders = [], []
        for item in items:
            if item.due is not None:
                try:
                    with transaction.atomic():
                        reminders.append(
                            Reminder.objects.create(due=item.due, unit_id=unit_id, reason=item.kind, sent_on=today)
                        )
                except IntegrityError:  # reminded meanwhile (a staff reminder does not count: another reason)
                    continue
            told.append(item)
        if not told:
            transaction.set_rollback(True)  # nothing to say: the day stays open for this unit
            return 0
        recipients = unit_officers([unit_id])
        title = digest_title(today, told)
        notification_send(recipients=recipients, title=title, body=digest_body(told), link=reverse("campaigns:mine"))
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(recipients=len(recipients))
        DailyDigest.objects.filter(pk=digest.pk).update(items=len(told), recipients=len(recipients), title=title)
    return len(told)


def reminders_send(*, today: date | None = None) -> int:
    """Send each unit its digest of the day: reports overdue or due soon, campaigns it has not registered for.

    Run periodically (Celery beat). A report is reminded once per (due date, unit, reason): a stored
    ``Reminder`` under a unique constraint. A unit is told at most once a day, in one notice per
    officer (in-app and e-mail): its ``DailyDigest`` row is claimed under a unique constraint before
    anyone is told, so a second run the same day (or two workers at once) sends nothing again; what
    turns up later that day waits for the next day's digest. Returns the number of items told.
    Side effects: DailyDigests, Reminders, Notifications (in-app and e-mail after commit).
    """
    today = today or timezone.localdate()
    return sum(_digest_send(unit_id=u, items=items, today=today) for u, items in digest_items(today).items())


def _officers_by_unit(unit_ids) -> dict[int, list[User]]:
    officers: dict[int, list[User]] = {}
    for user in unit_officers(unit_ids):
        officers.setdefault(user.unit_id, []).append(user)
    return officers


@transaction.atomic
def campaign_remind_late(*, campaign: Campaign, by: User, today: date | None = None) -> int:
    """Staff: remind every unit of the reports it has not sent past their due date, each report once a day at most.

    One notice per officer of each unit reminded, listing its late reports. Returns the number of
    reports reminded. Side effects: Reminders (manual), Notifications (in-app and e-mail), an event.
    """
    today = today or timezone.localdate()
    if campaign.status not in ACTIVE_STATUSES:
        raise DomainError(_("Phong trào không ở giai đoạn nhận báo cáo."))
    dues = list(campaign.dues.filter(due_on__lt=today).order_by("due_on"))
    participants = _reporting([campaign.pk])
    submitted = _submitted(dues)
    late: dict[int, list[Reminder]] = {}
    for due in dues:
        for unit_id in participants.get(campaign.pk, []):
            if (due.pk, unit_id) in submitted:
                continue
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        due=due, unit_id=unit_id, reason=Reminder.Reason.MANUAL, sent_on=today, sent_by=by
                    )
            except IntegrityError:  # reminded today already
                continue
            late.setdefault(unit_id, []).append(reminder)
    officers = _officers_by_unit(late)
    notices = []
    title = _("Quá hạn báo cáo: %(c)s") % {"c": campaign.name}
    link = reverse("campaigns:progress", args=[campaign.pk])
    for unit_id, reminders in late.items():
        periods = "; ".join(
            _("kỳ “%(label)s” (hạn ngày %(d)s)") % {"label": r.due.label, "d": f"{r.due.due_on:%d/%m/%Y}"}
            for r in reminders
        )
        body = _("Đơn vị chưa gửi báo cáo tiến độ: %(periods)s. Đề nghị gửi ngay.") % {"periods": periods}
        notices += [(user, title, body, link) for user in officers.get(unit_id, [])]
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(recipients=len(officers.get(unit_id, [])))
    notifications_send(notices=notices)
    sent = sum(len(r) for r in late.values())
    if sent:
        record_event(campaign, by=by, action=_("Nhắc %(n)s báo cáo trễ hạn") % {"n": sent})
    return sent


def campaign_remind_unregistered(*, campaign: Campaign, by: User, today: date | None = None) -> int:
    """Staff: remind every unit that has not registered for the campaign; once a day at most.

    Units that have not registered are participants and the host with no submitted or approved
    registration. Returns the number of units reminded (0 when already reminded today).
    Side effects: Notifications (one per officer, in-app and e-mail), an event naming the units.
    """
    today = today or timezone.localdate()
    action = _("Nhắc đơn vị chưa đăng ký")
    with transaction.atomic():
        campaign = locked_campaign(campaign)  # two clicks at once: the second sees the first's event
        if campaign.status not in REGISTRATION_STATUSES:
            raise DomainError(_("Phong trào không ở giai đoạn nhận đăng ký."))
        if campaign.events.filter(action=action, at__date=today).exists():
            return 0
        unit_ids = _unregistered([campaign]).get(campaign.pk, [])
        if not unit_ids:
            return 0
        officers = _officers_by_unit(unit_ids)
        title = _("Chưa đăng ký thi đua: %(c)s") % {"c": campaign.name}
        body = _("Đơn vị chưa gửi bản đăng ký thi đua (cam kết chỉ tiêu) của phong trào “%(c)s”. Đề nghị đăng ký sớm.")
        link = reverse("campaigns:register", args=[campaign.pk])
        notifications_send(
            notices=[(u, title, body % {"c": campaign.name}, link) for ids in unit_ids for u in officers.get(ids, [])]
        )
        names = sorted(str(p.unit) for p in campaign.participants.filter(unit_id__in=unit_ids).select_related("unit"))
        record_event(
            campaign,
            by=by,
            action=action,
            reason=(_("%(n)s đơn vị: %(names)s") % {"n": len(unit_ids), "names": ", ".join(names)})[:4000],
        )
    return len(unit_ids)
