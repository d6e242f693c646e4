"""Demo data of the reports app: last year's statistics of the province and of donvi's unit (Châu Thành;
xã Châu Thành after the 2025 reorganisation), already requested.

Idempotent: a report of the same kind, parameters and scope is not requested twice. The
worker started by ``python3 .dev/do.py run`` renders the files in the background.
"""

from django.utils import timezone

from reports.models import Report
from reports.services import report_request
from thiduakt.models import User


def seed(stdout=None):
    year = timezone.localdate().year - 1
    staff = User.objects.get(username="staff")
    donvi = User.objects.get(username="donvi")
    chau_thanh = donvi.unit  # huyện Châu Thành, or the commune that carries it on after 01/07/2025
    created = 0
    for kind, unit, by in [
        ("annual_statistics", None, staff),
        ("annual_statistics", chau_thanh, donvi),
        ("workload", None, staff),
    ]:
        params = {"year": year}
        if Report.objects.filter(kind=kind, params=params, unit=unit, scheduled=False).exists():
            continue
        report_request(kind=kind, params=params, unit=unit, by=by)
        created += 1
    if stdout:
        stdout.write(f"reports: {created} báo cáo minh họa được yêu cầu")
