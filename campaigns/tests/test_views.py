from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier
from campaigns import services
from campaigns.dashboard import cards
from campaigns.models import Campaign, ProgressReport, Registration
from campaigns.tests.factories import launched_campaign
from thiduakt.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def _campaigns_with_units(world, count, units_each):
    units = [OrgUnitFactory(parent=world.unit("HG")) for _ in range(units_each)]
    return [
        launched_campaign(world, units=[world.chau_thanh, *units], name=f"Phong trào {i}", document_number=f"{i}/KH")
        for i in range(count)
    ]


LIST_QUERIES = 10  # the missing reports of the page: three subqueries of the list's own query, not a query


@pytest.mark.parametrize("count,units_each", [(1, 0), (12, 4)])
def test_campaign_list_runs_constant_queries(world, django_assert_num_queries, count, units_each):
    _campaigns_with_units(world, count, units_each)
    client = _client(world, "staff")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("campaigns:list"))
    assert response.status_code == 200
    assert len(response.context["page"]) == count
    # One report 10 days past due, nobody sent it: one missing report per unit, shown at a glance.
    assert {c.missing_reports for c in response.context["page"]} == {1 + units_each}


@pytest.mark.parametrize("count", [1, 50])
def test_progress_tab_runs_constant_queries_with_1_or_50_units(world, django_assert_num_queries, count):
    units = [world.chau_thanh] + [OrgUnitFactory(parent=world.unit("HG")) for _ in range(count - 1)]
    campaign = launched_campaign(world, units=units, dues=(-20, -5, 10))
    km = campaign.criteria.get(unit_of_measure="km")
    for unit in units[: max(1, count // 2)]:
        report = services.report_save(
            due=campaign.dues.order_by("due_on").first(),
            unit=unit,
            by=None,
            narrative="x",
            values={km.pk: (Decimal(3), "")},
        )
        services.report_submit(report=report, by=None)
    client = _client(world, "staff")
    with django_assert_num_queries(18):  # the figures counted by the database, then one page of the grid
        response = client.get(reverse("campaigns:progress", args=[campaign.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == count  # 50 units: one page of the grid
    assert response.context["summary"].late_units == count
    assert b"chart-bar" in response.content


def test_campaign_list_filters_and_folded_search(world):
    launched_campaign(world, name="Cả nước chung tay vì người nghèo", kind=Campaign.Kind.THEMATIC)
    launched_campaign(
        world, name="Vùng xanh", kind=Campaign.Kind.PEAK, document_number="01/KH", host_unit=world.unit("HG.SYT")
    )
    client = _client(world, "staff")

    def names(**params):
        response = client.get(reverse("campaigns:list"), params)
        return sorted(c.name for c in response.context["page"])

    assert names(q="nguoi ngheo") == ["Cả nước chung tay vì người nghèo"]
    assert names(q="VUNG XANH") == ["Vùng xanh"]
    assert names(kind="peak") == ["Vùng xanh"]
    assert names(host=world.unit("HG.SYT").pk) == ["Vùng xanh"]
    assert names(status="launched", launcher="provincial_chair") == ["Cả nước chung tay vì người nghèo", "Vùng xanh"]
    assert names(status="closed") == []
    year = timezone.localdate().year
    assert len(names(year=year)) == 2
    assert names(year=1990) == []


def test_officer_sees_only_campaigns_of_their_unit(world):
    launched_campaign(world, units=[world.chau_thanh], name="Chỉ Châu Thành")
    launched_campaign(world, units=[world.nga_bay], name="Chỉ Ngã Bảy", document_number="2/KH")
    response = _client(world, "donvi").get(reverse("campaigns:list"))
    assert [c.name for c in response.context["page"]] == ["Chỉ Châu Thành"]


def test_registration_form_invalid_saves_nothing_then_submit(world):
    campaign = launched_campaign(world)
    client = _client(world, "donvi")
    criteria = list(campaign.criteria.all())
    url = reverse("campaigns:register", args=[campaign.pk])
    response = client.post(url, {f"target_{criteria[0].pk}": "abc", "submit": "1"})
    assert response.status_code == 200
    assert "Nhập một số" in response.content.decode() or "số" in str(response.context["form"].errors)
    assert Registration.objects.count() == 0
    data = {f"target_{c.pk}": "12,5".replace(",", ".") for c in criteria} | {"note": "Cam kết", "submit": "1"}
    response = client.post(url, data)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("campaigns:registration_detail", args=[campaign.pk, registration.pk])
    assert registration.status == Registration.Status.SUBMITTED
    assert sorted(registration.commitments.values_list("target", flat=True)) == [Decimal("12.5"), Decimal("12.5")]
    # A stale second submit does not create anything.
    response = client.post(url, data)
    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_staff_returns_registration_with_reason_from_the_page(world):
    campaign = launched_campaign(world)
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=world.user("donvi"),
        commitments={c.pk: (Decimal(1), "") for c in campaign.criteria.all()},
    )
    services.registration_submit(registration=registration, by=world.user("donvi"))
    client = _client(world, "staff")
    url = reverse("campaigns:registration_return", args=[campaign.pk, registration.pk])
    client.post(url, {"reason": ""})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    client.post(url, {"reason": "Thiếu chỉ tiêu hộ nghèo"})
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == ("returned", "Thiếu chỉ tiêu hộ nghèo")
    page = _client(world, "donvi").get(reverse("campaigns:registration_detail", args=[campaign.pk, registration.pk]))
    assert "Thiếu chỉ tiêu hộ nghèo" in page.content.decode()


def test_officer_submits_report_with_attachment_and_staff_downloads_it(world, private_media):

    campaign = launched_campaign(world, dues=(5,))
    due = campaign.dues.get()
    km = campaign.criteria.get(unit_of_measure="km")
    client = _client(world, "donvi")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    response = client.post(
        reverse("campaigns:report_edit", args=[due.pk]),
        {f"target_{km.pk}": "7", "note": "Đã làm 7 km", "upload": upload, "submit": "1"},
    )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert (report.status, report.is_late, report.narrative) == ("submitted", False, "Đã làm 7 km")
    attachment = report.attachments.get()
    download = _client(world, "staff").get(reverse("campaigns:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bien ban"
    assert (
        _client(world, "donvi2").get(reverse("campaigns:attachment_download", args=[attachment.pk])).status_code == 404
    )


def test_report_with_a_disguised_file_is_refused_and_not_submitted(world, private_media):

    campaign = launched_campaign(world, dues=(5,))
    due = campaign.dues.get()
    client = _client(world, "donvi")
    upload = SimpleUploadedFile("bien-ban.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(
        reverse("campaigns:report_edit", args=[due.pk]), {"note": "x", "upload": upload, "submit": "1"}
    )
    assert response.status_code == 200
    assert (
        "Tệp “bien-ban.pdf” không phải PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG (kiểm tra theo nội dung tệp)."
        in response.content.decode()
    )
    assert ProgressReport.objects.count() == 0


def test_staff_reminds_late_units_in_one_click(world):
    campaign = launched_campaign(world, dues=(-4,))
    client = _client(world, "staff")
    response = client.post(reverse("campaigns:remind_late", args=[campaign.pk]), follow=True)
    assert "Đã nhắc 2 báo cáo trễ hạn." in response.content.decode()
    response = client.post(reverse("campaigns:remind_late", args=[campaign.pk]), follow=True)
    assert "đã nhắc hôm nay" in response.content.decode()
    assert world.user("donvi").notifications.count() == 1
    reminders = response.context["reminders"]
    assert sorted((r.unit.code, r.reason, r.recipients, r.sent_by.username) for r in reminders) == [
        ("HG.CT", "manual", 1, "staff"),
        ("HG.NB", "manual", 1, "staff"),
    ]


def test_launch_wizard_creates_a_campaign_and_launches_it(world):
    client = _client(world, "staff")
    today = timezone.localdate()
    response = client.post(
        reverse("campaigns:create"),
        {
            "name": "500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc",
            "launcher": "prime_minister",
            "kind": "peak",
            "document_number": "1008/QĐ-TTg",
            "document_date": "2024-09-19",
            "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=500)).isoformat(),
            "report_frequency": "quarterly",
            "report_day": "20",
            "remind_days_before": "3",
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == reverse("campaigns:setup", args=[campaign.pk])
    setup = reverse("campaigns:setup_add", args=[campaign.pk, "criterion"])
    response = client.post(setup, {"criterion-indicator": "Km cao tốc", "criterion-weight": "100"})
    assert response.status_code == 200  # no target: the form again
    assert campaign.criteria.count() == 0
    client.post(
        setup,
        {
            "criterion-indicator": "Km cao tốc hoàn thành",
            "criterion-unit_of_measure": "km",
            "criterion-target": "3000",
            "criterion-weight": "100",
        },
    )
    client.post(
        reverse("campaigns:setup_add", args=[campaign.pk, "participants"]),
        {"participants-how": "kind", "participants-kind": "district", "participants-role": "participant"},
    )
    assert campaign.participants.count() == 8
    client.post(reverse("campaigns:transition", args=[campaign.pk, "launch"]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert campaign.dues.count() >= 5


def test_my_campaigns_shows_what_is_due_next(world):
    campaign = launched_campaign(world, dues=(-2, 6))
    response = _client(world, "donvi").get(reverse("campaigns:mine"))
    [item] = response.context["items"]
    assert item["campaign"] == campaign
    assert [d.due_on for d in item["overdue"]] == [timezone.localdate() - timedelta(days=2)]
    assert item["days_left"] == 6
    assert "Quá hạn báo cáo" in response.content.decode()


def test_officer_registers_individuals_and_collectives_when_the_plan_allows(world):
    campaign = launched_campaign(world, allows_nominee_registration=True)
    person = world.chau_thanh.people.first()
    commune = world.unit("HG.CT.NS")
    data = {f"target_{c.pk}": "5" for c in campaign.criteria.all()} | {
        "people": [str(person.pk)],
        "collectives": [str(commune.pk)],
        "save": "1",
    }
    response = _client(world, "donvi").post(reverse("campaigns:register", args=[campaign.pk]), data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert sorted((n.kind, str(n)) for n in registration.nominees.all()) == [
        ("collective", "Ủy ban nhân dân thị trấn Ngã Sáu"),
        ("individual", str(person)),
    ]
    other = world.nga_bay.people.first()
    data["people"] = [str(other.pk)]
    response = _client(world, "donvi").post(reverse("campaigns:register", args=[campaign.pk]), data)
    assert response.status_code == 200  # not a person of the unit: not a choice
    assert registration.nominees.count() == 2


@pytest.mark.parametrize("count", [1, 30])
def test_participants_tab_runs_constant_queries(world, django_assert_num_queries, count):
    units = [world.chau_thanh] + [OrgUnitFactory(parent=world.chau_thanh) for _ in range(count - 1)]
    campaign = launched_campaign(world, units=units)
    for unit in units:
        services.registration_save(
            campaign=campaign,
            unit=unit,
            by=None,
            commitments={c.pk: (Decimal(2), "") for c in campaign.criteria.all()},
        )
    client = _client(world, "staff")
    with django_assert_num_queries(16):  # units and registrations as tuples, then the page's times sent
        response = client.get(reverse("campaigns:participants", args=[campaign.pk]))
    [rollup] = response.context["rollups"]
    assert (rollup.unit, rollup.participants, rollup.registered) == (world.chau_thanh, count, count)
    assert sorted(rollup.commitments.values()) == [Decimal(2 * count), Decimal(2 * count)]


@pytest.mark.parametrize("count", [1, 12])
def test_my_campaigns_runs_constant_queries(world, django_assert_num_queries, count):
    for i in range(count):
        launched_campaign(world, units=[world.chau_thanh], name=f"Phong trào {i}", document_number=f"{i}/KH")
    client = _client(world, "donvi")
    with django_assert_num_queries(11):
        response = client.get(reverse("campaigns:mine"))
    assert len(response.context["items"]) == count


def test_dashboard_cards_for_staff_and_officer(world):

    campaign = launched_campaign(world, dues=(-3, 4))
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=None,
        commitments={c.pk: (Decimal(2), "") for c in campaign.criteria.all()},
    )
    services.registration_submit(registration=registration, by=None)
    assert [(c.title, c.value) for c in cards(world.user("staff"))] == [
        ("Phong trào đang triển khai", 1),
        ("Bản đăng ký thi đua chờ duyệt", 1),
    ]
    assert [(c.title, c.value) for c in cards(world.user("donvi"))] == [("Báo cáo phong trào quá hạn", 1)]
    assert cards(world.user("hoidong")) == []


def test_staff_adds_a_proposal_from_the_reviews_tab_and_turns_it_into_a_dossier(world):

    today = timezone.localdate()
    campaign = launched_campaign(world, units=[world.chau_thanh], status=Campaign.Status.IN_PROGRESS, end_date=today)
    client = _client(world, "staff")
    client.post(
        reverse("campaigns:review_create", args=[campaign.pk]),
        {"review-kind": "final", "review-held_on": f"{today:%d/%m/%Y}", "review-summary": "Tổng kết đợt thi đua"},
    )
    review = campaign.reviews.get()
    form = client.get(reverse("campaigns:reviews", args=[campaign.pk])).context["proposal_form"]
    people = {p.unit_id for p in form.fields["person"].queryset}
    assert world.nga_bay.pk not in people and world.unit("HG.CT.DP").pk in people
    person = world.unit("HG.CT.DP").people.get()
    response = client.post(
        reverse("campaigns:proposal_add", args=[review.pk]),
        {
            "proposal-unit": world.chau_thanh.pk,
            "proposal-kind": "individual",
            "proposal-person": person.pk,
            "proposal-award": "BKT",
            "proposal-summary": "Nông dân sản xuất giỏi",
        },
    )
    assert response.status_code == 302
    client.post(reverse("campaigns:proposals_to_dossiers", args=[review.pk]))
    dossier = Dossier.objects.get()
    assert (dossier.unit, dossier.origin) == (world.chau_thanh, "campaign_review")
    assert review.proposals.get().dossier == dossier
