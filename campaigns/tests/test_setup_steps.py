"""Campaign set-up in six steps: general → criteria → participants → quotas → schedule → review and launch."""

from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from campaigns import services
from campaigns.models import AwardQuota, Campaign, Criterion
from campaigns.tests.factories import launched_campaign
from thiduakt.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

SLUGS = ["chung", "tieu-chi", "don-vi", "khen-thuong", "lich", "ra-soat"]


def _client(world, role="staff"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _step(campaign, slug):
    return reverse("campaigns:setup_step", args=[campaign.pk, slug])


def _add(campaign, what):
    return reverse("campaigns:setup_add", args=[campaign.pk, what])


def _draft(world, **fields):
    today = timezone.localdate()
    values = {
        "name": "Dự thảo thi đua chuyển đổi số",
        "launcher": Campaign.Launcher.PROVINCIAL_CHAIR,
        "kind": Campaign.Kind.THEMATIC,
        "start_date": today,
        "end_date": today + timedelta(days=365),
    } | fields
    return services.campaign_create(by=world.user("staff"), **values)


def _page(response):
    return lxml.html.fromstring(response.content.decode())


def _summary_links(response) -> list[tuple[str, str]]:
    page = _page(response)
    [summary] = page.xpath("//*[@data-testid='error-summary']")
    return [(a.get("href"), a.text_content()) for a in summary.xpath(".//a")]


def _general(today, **extra):
    return {
        "name": "Thi đua chuyển đổi số năm 2027",
        "launcher": "provincial_chair",
        "kind": "thematic",
        "document_number": "12/KH-UBND",
        "document_date": f"{today:%d/%m/%Y}",
        "start_date": f"{today:%d/%m/%Y}",
        "end_date": f"{today + timedelta(days=365):%d/%m/%Y}",
    } | extra


def test_steps_walked_through_with_save_and_continue_launch_from_review(world):
    client = _client(world)
    today = timezone.localdate()
    # Step 1 before the campaign exists: the indicator shows the six steps, only the first one current.
    page = _page(client.get(reverse("campaigns:create")))
    steps = page.xpath("//*[@data-testid='setup-steps']//li")
    assert [" ".join(li.text_content().split()) for li in steps] == [
        "1 Thông tin chung",
        "2 Tiêu chí",
        "3 Đơn vị tham gia",
        "4 Khen thưởng",
        "5 Lịch báo cáo",
        "6 Rà soát và phát động",
    ]
    assert [e.text_content().strip() for e in page.xpath("//*[@aria-current='step']")] == ["1 Thông tin chung"]
    assert page.xpath("//*[@data-testid='setup-steps']//a") == []  # nothing to go to before it is saved

    response = client.post(reverse("campaigns:create"), _general(today))
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.DRAFT
    assert response.url == reverse("campaigns:setup", args=[campaign.pk])
    assert client.get(response.url).url == _step(campaign, "tieu-chi")  # the first step still lacking something

    # Step 2: a criterion added with "Lưu và tiếp tục" goes on to step 3.
    response = client.post(
        _add(campaign, "criterion"),
        {
            "criterion-indicator": "Tỷ lệ hồ sơ trực tuyến toàn trình",
            "criterion-unit_of_measure": "%",
            "criterion-target": "80",
            "criterion-weight": "100",
            "next": "",
        },
    )
    assert response.url == _step(campaign, "don-vi")
    assert list(campaign.criteria.values_list("indicator", "target")) == [
        ("Tỷ lệ hồ sơ trực tuyến toàn trình", Decimal(80))
    ]
    # The indicator: steps 1 and 2 done (and 5: the plan's default schedule lacks nothing), 3 current;
    # every step of an existing draft is a link.
    page = _page(client.get(response.url))
    current = page.xpath("//*[@aria-current='step']")
    assert [e.get("href") for e in current] == [_step(campaign, "don-vi")]
    assert [a.get("href") for a in page.xpath("//*[@data-testid='setup-steps']//a")] == [
        _step(campaign, s) for s in SLUGS
    ]
    done = page.xpath("//*[@data-testid='setup-steps']//li[contains(@class, 'setup-step-done')]/@data-testid")
    assert done == ["step-general", "step-criteria", "step-schedule"]

    # Step 3: units by kind, then on.
    response = client.post(
        _add(campaign, "participants"),
        {"participants-how": "kind", "participants-kind": "district", "participants-role": "participant", "next": ""},
    )
    assert response.url == _step(campaign, "khen-thuong")
    assert campaign.participants.count() == 8

    # Step 4: "Lưu và tiếp tục" with nothing filled in adds nothing and goes on.
    first_award = Award.objects.order_by("name").first().code  # what a list sends when nobody chose
    response = client.post(
        _add(campaign, "quota"), {"quota-award": first_award, "quota-recipient": "collective", "next": ""}
    )
    assert response.url == _step(campaign, "lich")
    assert not campaign.quotas.exists()

    # Step 5: the schedule saved, then the review.
    response = client.post(
        _step(campaign, "lich"),
        {"report_frequency": "monthly", "report_day": "25", "remind_days_before": "5"},
    )
    assert response.url == _step(campaign, "ra-soat")
    campaign.refresh_from_db()
    assert (campaign.report_frequency, campaign.report_day, campaign.remind_days_before) == ("monthly", 25, 5)
    assert campaign.status == Campaign.Status.DRAFT

    # Step 6: nothing missing (quotas are advice only), launch.
    page = _page(client.get(response.url))
    assert page.xpath("//*[@data-testid='missing']") == []
    assert [" ".join(e.text_content().split()) for e in page.xpath("//*[@data-testid='advice']")] == [
        "Chưa quy định hình thức khen thưởng và số lượng."
    ]
    response = client.post(_step(campaign, "ra-soat"))
    assert response.url == reverse("campaigns:detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert campaign.dues.count() == 12  # monthly over a year, on the 25th


def test_an_invalid_step_shows_the_summary_and_saves_nothing(world):
    client = _client(world)
    today = timezone.localdate()
    # Step 1: end before start, no name.
    response = client.post(
        reverse("campaigns:create"), _general(today, name="", end_date=f"{today - timedelta(days=1):%d/%m/%Y}")
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    assert _summary_links(response) == [
        ("#id_name", "Tên phong trào: Trường này là bắt buộc."),
        ("#id_end_date", "Kết thúc ngày: Ngày kết thúc phải sau ngày bắt đầu."),
    ]
    heading = _page(response).xpath("//*[@data-testid='error-summary']/h2")[0].text_content()
    assert heading == "Có 2 lỗi cần sửa"

    campaign = _draft(world)
    # Step 2: a measurable criterion without its target or unit.
    response = client.post(
        _add(campaign, "criterion"), {"criterion-indicator": "Km đường", "criterion-weight": "50", "next": ""}
    )
    assert response.status_code == 200
    assert _summary_links(response) == [
        ("#id_criterion-unit_of_measure", "Đơn vị tính: Cần đơn vị tính (ví dụ: km, hộ, %)."),
        ("#id_criterion-target", "Chỉ tiêu kế hoạch: Tiêu chí đo lường được cần chỉ tiêu (con số)."),
    ]
    assert not Criterion.objects.filter(campaign=campaign).exists()
    # The page is the criteria step again, with what was typed.
    page = _page(response)
    assert page.xpath("//*[@aria-current='step']")[0].get("href") == _step(campaign, "tieu-chi")
    assert page.xpath("//input[@id='id_criterion-indicator']/@value") == ["Km đường"]

    # Step 4: a quota with neither a count nor a share: the form's own error first, unlinked.
    response = client.post(
        _add(campaign, "quota"), {"quota-award": "BKT", "quota-recipient": "collective", "quota-note": "x", "next": ""}
    )
    assert response.status_code == 200
    summary = _page(response).xpath("//*[@data-testid='error-summary']//li")
    assert [li.text_content() for li in summary] == ["Cần ghi số lượng tối đa mỗi đơn vị hoặc tỷ lệ tối đa."]
    assert not AwardQuota.objects.exists()

    # Step 5: a report day past the 28th and an interim review after the end.
    before = Campaign.objects.values().get(pk=campaign.pk)
    response = client.post(
        _step(campaign, "lich"),
        {
            "report_frequency": "monthly",
            "report_day": "31",
            "remind_days_before": "3",
            "interim_review_on": f"{campaign.end_date + timedelta(days=1):%d/%m/%Y}",
        },
    )
    assert response.status_code == 200
    assert [href for href, _text in _summary_links(response)] == ["#id_report_day", "#id_interim_review_on"]
    assert Campaign.objects.values().get(pk=campaign.pk) == before

    # Step 1 of the existing draft: nothing changed either.
    response = client.post(_step(campaign, "chung"), _general(today, name=""))
    assert _summary_links(response) == [("#id_name", "Tên phong trào: Trường này là bắt buộc.")]
    assert Campaign.objects.values().get(pk=campaign.pk) == before


def test_review_lists_what_is_missing_per_step_and_launch_is_refused_until_complete(world):
    client = _client(world)
    campaign = _draft(world)
    page = _page(client.get(_step(campaign, "ra-soat")))
    missing = {
        li.get("data-testid"): [(a.get("href"), a.text_content()) for a in li.xpath(".//*[@data-testid='missing']/a")]
        for li in page.xpath("//*[@data-testid='setup-review']/li")
    }
    assert missing == {
        "review-general": [(_step(campaign, "chung"), "Cần ghi số văn bản phát động trước khi phát động.")],
        "review-criteria": [
            (_step(campaign, "tieu-chi"), "Cần ít nhất một tiêu chí đo lường được (có đơn vị tính và chỉ tiêu).")
        ],
        "review-participants": [(_step(campaign, "don-vi"), "Cần chọn đơn vị tham gia trước khi phát động.")],
        "review-quotas": [],
        "review-schedule": [],
    }
    assert page.xpath("//*[@data-testid='launch']") == []
    assert page.xpath("//*[@data-testid='launch-blocked']")

    # Posted anyway: the launch service refuses, the campaign stays a draft, back to the review.
    response = client.post(_step(campaign, "ra-soat"), follow=True)
    assert response.redirect_chain == [(_step(campaign, "ra-soat"), 302)]
    assert "Cần ghi số văn bản phát động trước khi phát động." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT

    # Complete it: then the launch button shows, and the campaign is launched from there.
    services.campaign_update(campaign=campaign, by=world.user("staff"), document_number="7/KH-UBND")
    services.criterion_add(
        campaign=campaign, by=world.user("staff"), indicator="Km", unit_of_measure="km", target=Decimal(5)
    )
    services.participants_add(campaign=campaign, by=world.user("staff"), units=[world.chau_thanh])
    page = _page(client.get(_step(campaign, "ra-soat")))
    assert page.xpath("//*[@data-testid='missing']") == []
    assert len(page.xpath("//*[@data-testid='launch']")) == 1
    assert client.post(_step(campaign, "ra-soat")).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert client.get(reverse("campaigns:setup", args=[campaign.pk])).url == _step(campaign, "ra-soat")


def test_a_launched_campaign_keeps_its_plan_read_only_in_the_steps(world):
    client = _client(world)
    campaign = launched_campaign(world)
    before = Campaign.objects.values().get(pk=campaign.pk)
    page = client.get(_step(campaign, "chung")).content.decode()
    assert "Phong trào đã phát động: thông tin chung sửa ở “Sửa kế hoạch”." in page
    response = client.post(_step(campaign, "chung"), {"name": "Tên khác"}, follow=True)
    assert "Phong trào đã phát động: phần này của kế hoạch sửa ở “Sửa kế hoạch”." in response.content.decode()
    assert Campaign.objects.values().get(pk=campaign.pk) == before
    criteria = client.get(_step(campaign, "tieu-chi")).content.decode()
    assert _add(campaign, "criterion") not in criteria
    assert _add(campaign, "quota") in client.get(_step(campaign, "khen-thuong")).content.decode()
    # Launching again from the review is refused by the service.
    assert client.post(_step(campaign, "ra-soat")).url == _step(campaign, "ra-soat")


def test_steps_are_for_staff_only_and_an_unknown_step_is_404(world):
    campaign = _draft(world)
    for role in ("donvi", "hoidong"):
        assert _client(world, role).get(_step(campaign, "tieu-chi")).status_code == 404
    assert _client(world).get(_step(campaign, "khong-co")).status_code == 404
    assert _client(world).post(_step(campaign, "tieu-chi")).status_code == 405  # rows go to setup_add


@pytest.mark.parametrize("slug", ["don-vi", "ra-soat"])
def test_participants_and_review_steps_run_a_constant_number_of_queries(world, slug):
    client = _client(world)
    campaign = _draft(world)
    client.get("/")  # the session's first stamp (thiduakt.sessions): none of the requests below saves it
    counts = []
    for size in (1, 6):
        units = [OrgUnitFactory(parent=world.unit("HG")) for _ in range(size)]
        services.participants_add(campaign=campaign, by=world.user("staff"), units=units)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_step(campaign, slug)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
