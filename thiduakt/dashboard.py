from django.urls import reverse
from django.utils.translation import gettext as _

from thiduakt.models import Job, Notification, OrgUnit, Person, User
from thiduakt.navigation import Card
from thiduakt.selectors import counts


def cards(user) -> list[Card]:
    """The registry's figures for staff, a unit's people for its officers (one query)."""
    wanted = {}
    if user.is_department_staff:
        wanted |= {
            "units": OrgUnit.objects.filter(valid_to__isnull=True),
            "people": Person.objects.all(),
            "users": User.objects.filter(is_active=True),
        }
    if user.is_unit_officer and user.unit_id:
        wanted["unit_people"] = Person.objects.filter(unit_id=user.unit_id)
    if not wanted:
        return []
    figures = counts(**wanted)
    result = []
    if user.is_department_staff:
        result += [
            Card(_("Đơn vị đang hoạt động"), figures["units"], icon="building"),
            Card(_("Cá nhân trong danh bạ"), figures["people"], icon="person-vcard"),
            Card(_("Người dùng"), figures["users"], icon="people"),
        ]
    if "unit_people" in figures:
        result.append(Card(_("Cá nhân của đơn vị"), figures["unit_people"], icon="person-vcard"))
    return result


def live_cards(user) -> list[Card]:
    """Everybody's own background jobs and unread notifications (one query): they change all day, so they are
    kept apart from the other figures, which a new notification or a job's progress would make stale."""
    figures = counts(
        running=Job.objects.filter(requested_by=user, status__in=[Job.Status.WAITING, Job.Status.RUNNING]),
        unread=Notification.objects.filter(recipient=user, read_at__isnull=True),
    )
    return [
        Card(_("Công việc nền đang chờ/chạy"), figures["running"], url=reverse("job_list"), icon="hourglass-split"),
        Card(_("Thông báo chưa đọc"), figures["unread"], url=reverse("notification_list"), icon="bell"),
    ]
