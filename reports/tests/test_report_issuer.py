"""A report's heading names the Sở Nội vụ of the province-level body in force on the day it is made."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from reports.kinds import ReportData, department_of_home_affairs, render_pdf_bytes
from thiduakt import demo
from thiduakt.tests.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_department_follows_the_2025_merger(world):
    demo.seed_reorganisation()
    assert department_of_home_affairs(date(2025, 6, 30)) == "SỞ NỘI VỤ TỈNH HẬU GIANG"
    assert department_of_home_affairs(date(2025, 7, 1)) == "SỞ NỘI VỤ THÀNH PHỐ CẦN THƠ"


def test_a_report_made_after_the_merger_is_headed_by_the_citys_department(world, tmp_path):
    demo.seed_reorganisation()
    made = timezone.make_aware(datetime(2025, 7, 15, 9, 0))
    pdf = render_pdf_bytes(ReportData(title="Báo cáo thử"), generated_at=made)
    assert "SỞ NỘI VỤ THÀNH PHỐ CẦN THƠ" in pdf_text(pdf, tmp_path)
