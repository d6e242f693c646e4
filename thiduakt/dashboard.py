from django.urls import reverse
from django.utils.translation import gettext as _

from thiduakt.models import Job, Notification, OrgUnit, Person, User
from thiduakt.navigation import Card


def cards(user) -> list[Card]:
    result = []
    if user.is_department_staff:
        result += [
            Card(_("Đơn vị đang hoạt động"), OrgUnit.objects.filter(valid_to__isnull=True).count(), icon="building"),
            Card(_("Cá nhân trong danh bạ"), Person.objects.count(), icon="person-vcard"),
            Card(_("Người dùng"), User.objects.filter(is_active=True).count(), icon="people"),
        ]
    if user.is_unit_officer and user.unit_id:
        result.append(
            Card(_("Cá nhân của đơn vị"), Person.objects.filter(unit_id=user.unit_id).count(), icon="person-vcard")
        )
    running = Job.objects.filter(requested_by=user, status__in=[Job.Status.WAITING, Job.Status.RUNNING]).count()
    result.append(Card(_("Công việc nền đang chờ/chạy"), running, url=reverse("job_list"), icon="hourglass-split"))
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    result.append(Card(_("Thông báo chưa đọc"), unread, url=reverse("notification_list"), icon="bell"))
    return result
