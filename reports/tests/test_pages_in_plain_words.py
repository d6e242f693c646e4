"""Report and job pages in plain words (issue 14): parameters with their labels, attempts only when they matter."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.tests.factories import launched_campaign
from reports import services
from reports.forms import ScopedYearForm, YearForm
from thiduakt.models import Job

pytestmark = pytest.mark.django_db


def _client(world, role="staff") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_a_report_page_shows_its_parameters_with_their_vietnamese_labels(world):
    report = services.report_request(kind="annual_statistics", params={"year": 2026}, unit=None, by=world.user("staff"))
    page = _client(world).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "year = 2026" not in page and "Tham số" not in page
    assert '<dt class="col-sm-3">Năm báo cáo</dt><dd class="col-sm-9" data-testid="parameter">2026</dd>' in page


def test_a_campaign_report_names_its_campaign(world):
    campaign = launched_campaign(world)
    report = services.report_request(
        kind="campaign_review", params={"campaign": campaign.pk}, unit=None, by=world.user("staff")
    )
    assert report.parameter_rows == [("Phong trào thi đua", campaign.name)]


@pytest.mark.parametrize(
    ("status", "attempts", "shown"),
    [
        ("done", 0, None),
        ("done", 2, None),
        ("waiting", 1, None),
        ("running", 2, "lần thứ 2 (tối đa 3 lần)"),
        ("failed", 3, "3 lần, không thành công"),
    ],
)
def test_a_job_shows_its_attempts_only_while_retrying_or_failed(world, status, attempts, shown):
    job = Job.objects.create(kind="units_export", status=status, attempts=attempts, requested_by=world.user("staff"))
    page = _client(world).get(reverse("job_detail", args=[job.public_id])).content.decode()
    assert "Số lần chạy" not in page and f"{attempts}/3" not in page
    if shown is None:
        assert 'data-testid="attempts"' not in page
    else:
        assert f'data-testid="attempts">{shown}</dd>' in page


def test_the_year_forms_default_to_the_current_year(world):
    this_year = timezone.localdate().year
    assert ScopedYearForm(user=world.user("staff")).fields["year"].initial == this_year
    assert YearForm(user=world.user("staff")).fields["year"].initial == this_year
