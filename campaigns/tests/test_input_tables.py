"""The input tables (registration, progress report, cluster score sheet): small boxes, numbers on the right, the
units column, a sticky header in a scrolling box; the report shows the unit's own commitment and the plan's target."""

from decimal import Decimal

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from campaigns import services
from campaigns.tests.factories import launched_campaign
from clusters import demo as cluster_demo
from clusters.models import Cluster

pytestmark = pytest.mark.django_db


def _client(world, role="donvi"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _page(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _table(page, testid):
    [table] = page.xpath(f"//table[@data-testid='{testid}']")
    box = table.getparent()
    assert {"table-responsive", "table-input-box"} <= set(box.get("class").split())  # scrolls inside at 360 px
    assert "table-sticky" in table.get("class").split()
    return table


def _classes(page, element_id) -> set[str]:
    return set(page.xpath(f"//*[@id='{element_id}']/@class")[0].split())


def _headers(table) -> list[str]:
    return [th.text_content().strip() for th in table.xpath("./thead//th")]


def _report_rows(page, campaign):
    rows = []
    for c in campaign.criteria.order_by("position"):
        [tr] = page.xpath(f"//tr[@data-testid='report-row-{c.pk}']")
        rows.append([" ".join(td.text_content().split()) for td in tr.xpath("./td")][:4])
    return rows


def test_the_report_form_shows_beside_each_indicator_the_unit_commitment_and_the_target(world):
    donvi, staff = world.user("donvi"), world.user("staff")
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(10,))
    km, households = campaign.criteria.order_by("position")
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=donvi,
        commitments={km.pk: (Decimal("120.5"), ""), households.pk: (Decimal("40"), "")},
    )
    url = reverse("campaigns:report_edit", args=[campaign.dues.get().pk])
    page = _page(_client(world).get(url))
    table = _table(page, "report-table")
    assert _headers(table) == ["Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Đơn vị cam kết", "Kết quả lũy kế", "Ghi chú"]
    assert _report_rows(page, campaign) == [
        ["TC1. Số km đường giao thông nông thôn", "km", "100 mỗi đơn vị", "120,5"],
        ["TC2. Số hộ thoát nghèo", "hộ", "50 mỗi đơn vị", "40"],
    ]
    note = page.xpath("//*[@data-testid='commitment-note']")[0].text_content()
    assert note == "Bản đăng ký thi đua của đơn vị chưa được duyệt: chỉ tiêu cam kết dưới đây chưa chính thức."
    assert {"form-control", "form-control-sm", "text-end"} <= _classes(page, f"id_target_{km.pk}")
    assert {"form-control", "form-control-sm"} <= _classes(page, f"id_text_{km.pk}")

    services.registration_submit(registration=registration, by=donvi)
    services.registration_approve(registration=registration, by=staff)
    page = _page(_client(world).get(url))
    assert page.xpath("//*[@data-testid='commitment-note']") == []
    assert [row[3] for row in _report_rows(page, campaign)] == ["120,5", "40"]


def test_the_report_form_of_a_unit_without_registration_says_so(world):
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(10,))
    page = _page(_client(world).get(reverse("campaigns:report_edit", args=[campaign.dues.get().pk])))
    note = page.xpath("//*[@data-testid='commitment-note']")[0].text_content()
    assert note == "Đơn vị chưa đăng ký thi đua: kết quả được so với chỉ tiêu kế hoạch."
    assert [row[3] for row in _report_rows(page, campaign)] == ["—", "—"]


def test_the_registration_table_has_a_units_column_and_small_right_aligned_number_boxes(world):
    campaign = launched_campaign(world, units=[world.chau_thanh])
    km = campaign.criteria.get(unit_of_measure="km")
    page = _page(_client(world).get(reverse("campaigns:register", args=[campaign.pk])))
    table = _table(page, "registration-table")
    assert _headers(table) == ["Tiêu chí", "Đơn vị tính", "Kế hoạch", "Chỉ tiêu đăng ký", "Ghi chú"]
    first = [" ".join(td.text_content().split()) for td in table.xpath("./tbody/tr[1]/td")][:3]
    assert first == ["TC1. Số km đường giao thông nông thôn", "km", "100 mỗi đơn vị"]
    assert {"form-control", "form-control-sm", "text-end"} <= _classes(page, f"id_target_{km.pk}")


def test_the_score_sheet_has_small_boxes_and_points_on_the_right(world):
    cluster_demo.seed()
    cluster = Cluster.objects.get(name=cluster_demo.DISTRICT_CLUSTER)
    membership = cluster.years.get(year=2024).memberships.get(unit=world.chau_thanh)
    page = _page(_client(world).get(reverse("clusters:score_sheet", args=[membership.pk])))
    table = _table(page, "score-table")
    criterion_id = page.xpath("//input[starts-with(@id, 'id_points_')]/@id")[0]
    assert {"form-control", "form-control-sm", "text-end"} <= _classes(page, criterion_id)
    assert {"form-control", "form-control-sm"} <= _classes(page, criterion_id.replace("points", "note"))
    assert table.xpath(f".//label[@for='{criterion_id}']")  # the criterion names its box
