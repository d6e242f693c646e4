from django.urls import reverse
from django.utils.translation import gettext as _

from thiduakt.models import Job, Notification, OrgUnit, Person, User
from thiduakt.navigation import Card
from thiduakt.selectors import counts


def cards(user) -> list[Card]:
    """The registry's figures for staff, a unit's people for its officers, everybody's jobs and notifications
    (one query)."""
    wanted = {
        "running": Job.objects.filter(requested_by=user, status__in=[Job.Status.WAITING, Job.Status.RUNNING]),
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True),
    }
    if user.is_department_staff:
        wanted |= {
            "units": OrgUnit.objects.filter(valid_to__isnull=True),
            "people": Person.objects.all(),
            "users": User.objects.filter(is_active=True),
        }
    if user.is_unit_officer and user.unit_id:
        wanted["unit_people"] = Person.objects.filter(unit_id=user.unit_id)
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
    result.append(
        Card(_("Công việc nền đang chờ/chạy"), figures["running"], url=reverse("job_list"), icon="hourglass-split")
    )
    result.append(Card(_("Thông báo chưa đọc"), figures["unread"], url=reverse("notification_list"), icon="bell"))
    return result
