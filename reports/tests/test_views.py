"""The reports screens, the archive, re-run, retry, the monthly schedule and the dashboard cards."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardRecord, Dossier
from awards.tests.factories import DossierFactory
from reports import demo, services
from reports.dashboard import cards
from reports.models import Report
from reports.tests.factories import ReportFactory
from reports.tests.helpers import run_jobs
from thiduakt.models import Job, Notification

pytestmark = pytest.mark.django_db


def client_for(world, role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_request_creates_report_with_two_jobs_and_redirects(world):
    client = client_for(world, "donvi")

    response = client.post(
        reverse("reports:request", args=["annual_statistics"]), {"year": 2024, "unit": world.chau_thanh.pk}
    )

    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:detail", args=[report.pk])
    assert (report.kind, report.params, report.unit, report.requested_by) == (
        "annual_statistics",
        {"year": 2024},
        world.chau_thanh,
        world.user("donvi"),
    )
    assert report.title == "Thống kê thi đua, khen thưởng năm 2024 – Ủy ban nhân dân huyện Châu Thành"
    assert (report.pdf_job.kind, report.xlsx_job.kind) == ("reports.pdf", "reports.xlsx")
    assert report.pdf_job.params == {"report_id": report.pk} and report.pdf_job.unit == world.chau_thanh
    assert Job.objects.count() == 2


def test_request_invalid_form_shows_errors_and_saves_nothing(world):
    client = client_for(world, "donvi")

    response = client.post(reverse("reports:request", args=["annual_statistics"]), {"year": 1990, "unit": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "unit"}
    assert Report.objects.count() == 0 and Job.objects.count() == 0


def test_officer_form_offers_only_own_subtree(world):
    response = client_for(world, "donvi").get(reverse("reports:request", args=["annual_statistics"]))

    codes = {u.code for u in response.context["form"].fields["unit"].queryset}
    assert "HG.CT" in codes and "HG.CT.PNV" in codes
    assert "HG.NB" not in codes and "HG" not in codes


def test_detail_htmx_returns_progress_partial(world):
    report = services.report_request(kind="annual_statistics", params={"year": 2024}, unit=None, by=world.user("staff"))
    client = client_for(world, "staff")

    full = client.get(reverse("reports:detail", args=[report.pk]))
    partial = client.get(reverse("reports:detail", args=[report.pk]), headers={"HX-Request": "true"})

    assert "<nav" in full.content.decode()
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="report-progress"') and "<nav" not in body
    assert 'hx-trigger="every 1s"' in body


def test_failed_job_says_why_and_can_be_retried(world, private_media):
    report = services.report_request(
        kind="annual_statistics", params={"year": "không phải năm"}, unit=None, by=world.user("staff")
    )
    run_jobs(report)
    assert report.xlsx_job.status == "failed"
    why = "năm báo cáo “không phải năm” không phải là một năm."
    assert report.xlsx_job.message == f"Tham số báo cáo không hợp lệ: {why}"
    client = client_for(world, "staff")
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Tham số báo cáo không hợp lệ" in page and reverse("reports:retry", args=[report.pk, "xlsx"]) in page

    response = client.post(reverse("reports:retry", args=[report.pk, "xlsx"]))

    assert response.status_code == 302
    report.xlsx_job.refresh_from_db()
    assert (report.xlsx_job.status, report.xlsx_job.attempts, report.xlsx_job.message) == ("waiting", 0, "")


def test_rerun_makes_a_new_report_with_same_parameters(world):
    report = services.report_request(
        kind="annual_statistics", params={"year": 2024}, unit=world.chau_thanh, by=world.user("donvi")
    )

    response = client_for(world, "staff").post(reverse("reports:rerun", args=[report.pk]))

    new = Report.objects.exclude(pk=report.pk).get()
    assert response.url == reverse("reports:detail", args=[new.pk])
    assert (new.params, new.unit, new.rerun_of, new.requested_by) == (
        {"year": 2024},
        world.chau_thanh,
        report,
        world.user("staff"),
    )
    assert new.pdf_job_id not in (report.pdf_job_id, report.xlsx_job_id)


def test_archive_officer_sees_only_own_subtree(world):
    mine = ReportFactory(unit=world.unit("HG.CT.NS"))
    ReportFactory(unit=world.nga_bay)
    ReportFactory(unit=None)

    page = client_for(world, "donvi").get(reverse("reports:list")).context["page"]

    assert [r.pk for r in page] == [mine.pk]
    assert len(client_for(world, "staff").get(reverse("reports:list")).context["page"]) == 3


def test_report_list_constant_queries(world, django_assert_num_queries, private_media):
    client = client_for(world, "staff")
    services.report_request(kind="annual_statistics", params={"year": 2024}, unit=None, by=world.user("staff"))
    client.get(reverse("reports:list"))  # warm caches (content types, templates)
    # session, user, reports count, chart (the award catalogue, then the year's counts by award), reports page
    # (jobs, units, users in one join): the same number with 1 and with 21 reports (the session, stamped by
    # the warming request, is not saved again within a minute: thiduakt.sessions; the menu with its badge and
    # the user's unit, kept until a write: thiduakt.templatetags.navbar)
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:list"))
    assert len(response.context["page"]) == 1
    for year in range(2000, 2020):
        services.report_request(
            kind="annual_statistics", params={"year": year}, unit=world.chau_thanh, by=world.user("staff")
        )
    client.get(reverse("reports:list"))  # the menu read again after those writes, then kept
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:list"))
    assert len(response.context["page"]) == 21


def test_monthly_schedule_once_per_month_and_notifies_staff(world):
    first = services.report_schedule_monthly(today=date(2026, 11, 1))
    again = services.report_schedule_monthly(today=date(2026, 11, 20))
    december = services.report_schedule_monthly(today=date(2026, 12, 1))

    assert again is None and first is not None and december is not None
    assert (first.scheduled, first.period, first.params, first.requested_by) == (True, "2026-11", {"year": 2026}, None)
    notes = Notification.objects.filter(link=reverse("reports:detail", args=[first.pk]))
    assert [n.recipient.username for n in notes] == ["staff"]
    assert notes[0].title == "Báo cáo thống kê tháng 11/2026 đã được lập"
    assert Report.objects.filter(scheduled=True).count() == 2


def test_dashboard_cards_for_staff_figures(world, django_assert_num_queries):
    year = timezone.localdate().year
    bkt = Award.objects.get(code="BKT")
    AwardRecord.objects.create(recipient_kind="household", household_name="Hộ bà Lê Thị Ba", award=bkt, year=year)
    AwardRecord.objects.create(recipient_kind="household", household_name="Hộ ông Sáu", award=bkt, year=year)
    AwardRecord.objects.create(recipient_kind="household", household_name="Hộ ông Bảy", award=bkt, year=year - 1)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED, due_on=date(2020, 1, 1))
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.RESUBMITTED, due_on=date(2999, 1, 1))
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.RETURNED)

    # the latest year, the catalogue, the year's counts by award, the dossiers by status, the overdue dossiers
    # and late reports (one query: thiduakt.selectors.counts)
    with django_assert_num_queries(5):
        result = cards(world.user("staff"))

    figures = {card.title: card.value for card in result}
    assert figures[f"Lượt khen thưởng năm {year}"] == 2
    assert figures["Hồ sơ chờ thẩm định"] == 2
    assert figures["Hồ sơ quá hạn thẩm định"] == 1
    assert figures[f"Báo cáo phong trào gửi trễ năm {year}"] == 0
    assert all(card.url for card in result)
    assert cards(world.user("donvi")) == []


def test_dashboard_shows_the_charts_with_their_figures_and_falls_back_to_the_latest_year(world):
    year = timezone.localdate().year
    bkt, gk = Award.objects.get(code="BKT"), Award.objects.get(code="GK")
    for name, award in [("Hộ bà Lê Thị Ba", bkt), ("Hộ ông Sáu", bkt), ("Hộ ông Bảy", gk)]:
        AwardRecord.objects.create(recipient_kind="household", household_name=name, award=award, year=year - 1)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    DossierFactory(unit=world.nga_bay, status=Dossier.Status.RETURNED)
    DossierFactory(unit=world.nga_bay, status=Dossier.Status.DRAFT)  # not sent: not counted

    response = client_for(world, "staff").get("/")
    charts = response.context["charts"]
    assert [c["title"] for c in charts] == [
        f"Lượt khen thưởng năm {year - 1} theo hình thức",  # nothing yet this year: the latest year with awards
        "Hồ sơ đề nghị khen thưởng theo trạng thái",
    ]
    page = response.content.decode()
    assert f'aria-label="{bkt.name}: 2; {gk.name}: 1"' in page
    assert 'aria-label="Đã gửi, chờ thẩm định: 2 (66,7 %); Trả lại để bổ sung: 1 (33,3 %)"' in page
    assert f"Lượt khen thưởng năm {year - 1}" in [c.title for c in cards(world.user("staff"))]
    AwardRecord.objects.create(recipient_kind="household", household_name="Hộ ông Tám", award=gk, year=year)
    assert client_for(world, "staff").get("/").context["charts"][0]["title"] == (
        f"Lượt khen thưởng năm {year} theo hình thức"
    )
    assert client_for(world, "donvi").get("/").context["charts"] == []


def test_demo_seed_is_idempotent(world):
    demo.seed()
    demo.seed()

    assert Report.objects.count() == 3
    assert Job.objects.filter(kind__startswith="reports.").count() == 6


@pytest.mark.django_db
def test_the_dashboard_reads_its_figures_once_and_the_latest_year_by_index(world, django_assert_num_queries):
    from reports.dashboard import cards, charts  # noqa: PLC0415 -- beside the test that needs it

    staff = world.user("staff")
    with django_assert_num_queries(4):  # the latest year, the catalogue, its counts by award, dossiers by status
        charts(staff)
    with django_assert_num_queries(1):  # only the cards' own counts (overdue dossiers, late reports) at once
        cards(staff)
