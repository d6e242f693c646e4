"""Every campaign entry checked for its meaning, every mistake correctable (issue 14, campaigns part)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier
from campaigns import demo, forms, services
from campaigns.models import Campaign, CampaignEvent, Criterion, Participant, ReportDue, Review, ReviewProposal
from campaigns.selectors import campaign_progress, indicator_bar, quota_uses, unit_results
from campaigns.tests.factories import launched_campaign
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db
S = Campaign.Status
A = Criterion.Aggregation


def _client(world, role="staff"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _today():
    return timezone.localdate()


# ---------------------------------------------------------------------------
# 1. Vietnamese decimals in and out
# ---------------------------------------------------------------------------


def test_registration_report_and_result_forms_read_vietnamese_decimals(world):
    campaign = launched_campaign(world)
    criteria = list(campaign.criteria.all())
    km = criteria[0]
    data = {f"target_{c.pk}": "72,5" for c in criteria} | {"note": "Cam kết"}
    registration = forms.RegistrationForm(data, criteria=criteria)
    assert registration.is_valid(), registration.errors
    assert registration.commitments()[km.pk] == (Decimal("72.5"), "")
    report = forms.ReportForm({f"target_{km.pk}": "1.234,5", "note": "Đã làm"}, criteria=criteria)
    assert report.is_valid(), report.errors
    assert report.commitments()[km.pk][0] == Decimal("1234.5")
    adjust = forms.AdjustForm({"percent": "72,5", "reason": "Bổ sung số liệu"})
    assert adjust.is_valid() and adjust.cleaned_data["percent"] == Decimal("72.5")


def test_registration_page_shows_targets_the_vietnamese_way(world):
    campaign = launched_campaign(world)
    km = campaign.criteria.get(unit_of_measure="km")
    Criterion.objects.filter(pk=km.pk).update(target=Decimal("50000"))
    registration = services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=world.user("donvi"),
        commitments={c.pk: (Decimal("72.5"), "") for c in campaign.criteria.all()},
    )
    page = (
        _client(world)
        .get(reverse("campaigns:registration_detail", args=[campaign.pk, registration.pk]))
        .content.decode()
    )
    assert "72,5" in page and "50.000 km" in page
    assert "72.50" not in page and "50000.00" not in page and "72.5<" not in page


# ---------------------------------------------------------------------------
# 2. Indicators: aggregation and target scope (exact numbers)
# ---------------------------------------------------------------------------


def _criterion(pk, unit="%", target=Decimal(10), aggregation="", scope=Criterion.Scope.PER_UNIT):
    criterion = Criterion(pk=pk, unit_of_measure=unit, target=target, aggregation=aggregation, target_scope=scope)
    if not criterion.aggregation:
        criterion.aggregation = A.AVERAGE if "%" in unit else A.SUM
    return criterion


def _units(n):
    return [Participant(unit_id=100 + i) for i in range(n)]


def test_a_rate_is_averaged_not_summed():
    criterion = _criterion(1)  # 10 % per unit
    latest = {(100 + i, 1): Decimal(v) for i, v in enumerate([8, 12, 9, 11, 10, 9, 11, 5])}
    bar = indicator_bar(criterion, _units(8), latest, {})
    assert (bar.value, bar.target, bar.percent) == (Decimal("9.38"), Decimal("10.00"), 93)


def test_a_province_wide_target_is_not_multiplied_by_the_units():
    criterion = _criterion(1, unit="hộ", target=Decimal(50000), scope=Criterion.Scope.PROVINCE)
    latest = {(100 + i, 1): Decimal(5000) for i in range(8)}
    bar = indicator_bar(criterion, _units(8), latest, {})
    assert (bar.value, bar.target, bar.percent) == (Decimal(40000), Decimal(50000), 80)
    per_unit = indicator_bar(_criterion(1, unit="hộ", target=Decimal(50000)), _units(8), latest, {})
    assert per_unit.target == Decimal(400000)  # the old reading, still right for a per-unit target


def test_minimum_and_share_of_units_reaching_the_target():
    latest = {(100, 1): Decimal(96), (101, 1): Decimal(100), (102, 1): Decimal(92)}
    committed = {(101, 1): Decimal(95)}
    minimum = indicator_bar(_criterion(1, target=Decimal(95), aggregation=A.MIN), _units(4), latest, committed)
    assert (minimum.value, minimum.target, minimum.percent) == (Decimal(92), Decimal(95), 96)
    share = indicator_bar(_criterion(1, target=Decimal(95), aggregation=A.SHARE), _units(4), latest, committed)
    # 96 ≥ 95 and 100 ≥ 95 (its own commitment), 92 < 95, the fourth did not report: 2 of 4 units.
    assert (share.reached, share.counted, share.value, share.target, share.percent) == (
        2,
        4,
        Decimal("50.00"),
        Decimal(100),
        50,
    )
    assert share.unit_label == "% số đơn vị"


def test_a_criterion_in_percent_defaults_to_average_and_a_sum_of_rates_is_refused(world):
    campaign = services.campaign_create(
        by=world.user("staff"),
        name="Cải cách hành chính",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.THEMATIC,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    rate = services.criterion_add(
        campaign=campaign, by=world.user("staff"), indicator="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", target=10
    )
    count = services.criterion_add(
        campaign=campaign, by=world.user("staff"), indicator="Số hộ", unit_of_measure="hộ", target=Decimal(5)
    )
    assert (rate.aggregation, count.aggregation) == (A.AVERAGE, A.SUM)
    with pytest.raises(DomainError, match="không cộng tổng"):
        services.criterion_add(
            campaign=campaign,
            by=world.user("staff"),
            indicator="Tỷ lệ khác",
            unit_of_measure="%",
            target=10,
            aggregation=A.SUM,
        )


def test_progress_and_unit_results_use_the_province_wide_target(world):
    donvi = world.user("donvi")
    campaign = launched_campaign(world, dues=(-10,), status=S.IN_PROGRESS)
    km = campaign.criteria.get(unit_of_measure="km")
    Criterion.objects.filter(pk=km.pk).update(target=Decimal(500), target_scope=Criterion.Scope.PROVINCE)
    report = services.report_save(
        due=campaign.dues.get(), unit=world.chau_thanh, by=donvi, narrative="x", values={km.pk: (Decimal(125), "")}
    )
    services.report_submit(report=report, by=donvi)
    bar = next(b for b in campaign_progress(campaign).bars if b.criterion.pk == km.pk)
    assert (bar.value, bar.target, bar.percent) == (Decimal(125), Decimal(500), 25)
    # Châu Thành's share of 500 km between two units is 250 km: 125 km is 50 % of it, weighted 60 of 100
    # (households, weighted 40, not reported): 30 %. Measured against 500 km it would have been 15 %.
    assert unit_results(campaign)[world.chau_thanh.pk] == Decimal("30.00")


def test_the_demo_green_zone_shows_a_believable_rate(world):
    demo.seed()
    green = Campaign.objects.get(name__startswith="Thi đua thiết lập “Vùng xanh”")
    [bar] = campaign_progress(green).bars
    assert (bar.value, bar.target, bar.percent) == (Decimal("96.00"), Decimal("100.00"), 96)
    expressway = Campaign.objects.get(document_number="215/KH-UBND")
    area = next(b for b in campaign_progress(expressway).bars if b.criterion.unit_of_measure == "ha")
    assert area.target == Decimal(120)  # the province's 120 ha, not 120 ha times the units


# ---------------------------------------------------------------------------
# 3. Impossible entries refused
# ---------------------------------------------------------------------------


def test_a_quota_over_100_percent_is_refused_with_a_message_not_a_500(world):
    campaign = launched_campaign(world)
    response = _client(world).post(
        reverse("campaigns:setup_add", args=[campaign.pk, "quota"]),
        {"quota-award": "BKT", "quota-recipient": "collective", "quota-max_percent": "150"},
    )
    assert response.status_code == 200
    assert "150 lớn hơn tỷ lệ tối đa cho phép (% số tham gia) (100)." in response.content.decode()
    assert not campaign.quotas.exists()
    with pytest.raises(DomainError, match="150 lớn hơn"):
        services.quota_add(
            campaign=campaign, by=world.user("staff"), award_code="BKT", recipient="collective", max_percent=150
        )


@pytest.mark.parametrize(
    ("kind", "held_on", "message"),
    [
        ("interim", date(2025, 1, 1), "sớm hơn ngày bắt đầu phong trào"),
        ("interim", date(2030, 3, 10), "chưa đến"),
        ("final", "today", "sớm hơn ngày kết thúc phong trào"),
    ],
)
def test_a_review_dated_before_the_start_in_the_future_or_a_final_one_before_the_end_is_refused(
    world, kind, held_on, message
):
    campaign = launched_campaign(world, status=S.IN_PROGRESS)  # runs until today + 200 days
    held_on = _today() if held_on == "today" else held_on
    service = services.campaign_interim_review if kind == "interim" else services.campaign_final_review
    with pytest.raises(DomainError, match=message):
        service(campaign=campaign, by=world.user("staff"), held_on=held_on, summary="Tổng kết")
    response = _client(world).post(
        reverse("campaigns:review_create", args=[campaign.pk]),
        {"review-kind": kind, "review-held_on": f"{held_on:%d/%m/%Y}", "review-summary": "Tổng kết"},
        follow=True,
    )
    assert message in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.status, campaign.reviews.count()) == (S.IN_PROGRESS, 0)  # still running, not "Đã tổng kết"


def test_the_dossier_from_review_proposals_carries_the_review_year(world):
    today = _today()
    campaign = launched_campaign(world, status=S.IN_PROGRESS, end_date=today)
    staff = world.user("staff")
    review = services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Tổng kết")
    services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="collective",
        award_code="BKT",
        nominee_unit=world.chau_thanh,
    )
    [dossier] = services.review_proposals_to_dossiers(review=review, by=staff)
    assert Dossier.objects.get(pk=dossier.pk).year == today.year


def test_a_fixed_due_date_outside_the_period_is_refused(world):
    campaign = launched_campaign(world)
    response = _client(world).post(
        reverse("campaigns:setup_add", args=[campaign.pk, "due"]), {"due-due_on": "01/01/2020", "due-label": "Sai"}
    )
    assert response.status_code == 200
    assert "Ngày 01/01/2020 sớm hơn ngày bắt đầu phong trào" in response.content.decode()
    assert not campaign.dues.filter(due_on=date(2020, 1, 1)).exists()
    with pytest.raises(DomainError, match="muộn hơn ngày kết thúc phong trào"):
        services.report_due_add(campaign=campaign, by=world.user("staff"), due_on=campaign.end_date + timedelta(1))


def test_shortening_a_campaign_past_its_due_dates_is_refused_with_the_list(world):
    campaign = launched_campaign(world, dues=(-10, 20, 40))
    days = ", ".join(f"{_today() + timedelta(days=d):%d/%m/%Y}" for d in (20, 40))
    with pytest.raises(DomainError) as refused:
        services.campaign_update(campaign=campaign, by=world.user("staff"), end_date=_today() + timedelta(days=5))
    assert str(refused.value) == (
        f"Còn kỳ báo cáo ngoài thời gian mới của phong trào: {days}. Hãy sửa hoặc hủy các kỳ đó trước."
    )
    form = forms.CampaignForm(
        {
            **{f: getattr(campaign, f) for f in ("name", "launcher", "kind", "report_frequency")},
            "start_date": f"{campaign.start_date:%d/%m/%Y}",
            "end_date": f"{_today() + timedelta(days=5):%d/%m/%Y}",
            "report_day": 20,
            "remind_days_before": 3,
            "document_number": campaign.document_number,
        },
        instance=campaign,
    )
    assert not form.is_valid() and days in form.errors["end_date"][0]


def test_a_manual_review_result_over_100_percent_is_refused(world):
    today = _today()
    campaign = launched_campaign(world, status=S.IN_PROGRESS)
    review = services.campaign_interim_review(campaign=campaign, by=world.user("staff"), held_on=today, summary="x")
    result = review.results.get(unit=world.chau_thanh)
    with pytest.raises(DomainError, match="150 lớn hơn mức hoàn thành tối đa"):
        services.review_result_adjust(result=result, by=world.user("staff"), percent=Decimal(150), reason="Sai")
    form = forms.AdjustForm({"percent": "150", "reason": "Sai"})
    assert not form.is_valid() and form.errors["percent"] == ["150 lớn hơn mức hoàn thành tối đa (%) (100)."]


# ---------------------------------------------------------------------------
# 4. Quotas at the award proposals of a review
# ---------------------------------------------------------------------------


def _interim_with_quota(world):
    staff = world.user("staff")
    campaign = launched_campaign(world, status=S.IN_PROGRESS)
    services.quota_add(campaign=campaign, by=staff, award_code="BKT", recipient="collective", max_per_unit=1)
    review = services.campaign_interim_review(campaign=campaign, by=staff, held_on=_today(), summary="Sơ kết")
    nga_bay = world.nga_bay
    services.review_proposal_add(
        review=review, by=staff, unit=nga_bay, kind="collective", award_code="BKT", nominee_unit=nga_bay
    )
    return campaign, review


def test_a_second_collective_beyond_the_quota_is_refused_then_overridden_with_a_reason(world):
    staff = world.user("staff")
    campaign, review = _interim_with_quota(world)
    second = world.nga_bay.children.first()
    with pytest.raises(DomainError, match=r"Vượt số lượng kế hoạch cho phép \(.*: 2/1 ✗\)"):
        services.review_proposal_add(
            review=review, by=staff, unit=world.nga_bay, kind="collective", award_code="BKT", nominee_unit=second
        )
    assert review.proposals.count() == 1
    proposal = services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.nga_bay,
        kind="collective",
        award_code="BKT",
        nominee_unit=second,
        quota_override_reason="Thành tích đặc biệt xuất sắc trong đợt lũ",
    )
    assert proposal.quota_override_reason == "Thành tích đặc biệt xuất sắc trong đợt lũ"
    assert CampaignEvent.objects.filter(
        campaign=campaign, reason="Thành tích đặc biệt xuất sắc trong đợt lũ", action__contains="vượt số lượng"
    ).exists()
    review.campaign = campaign
    assert [(str(u.unit), u.label) for u in quota_uses(review)] == [(str(world.nga_bay), "2/1 ✗")]
    page = _client(world).get(reverse("campaigns:reviews", args=[campaign.pk])).content.decode()
    assert "2/1 ✗" in page and "Thành tích đặc biệt xuất sắc trong đợt lũ" in page


def test_a_unit_officer_cannot_override_a_quota(world):
    _campaign, review = _interim_with_quota(world)
    officer = world.user("donvi2")
    with pytest.raises(DomainError, match="Vượt số lượng"):
        services.review_proposal_add(
            review=review,
            by=officer,
            unit=world.nga_bay,
            kind="collective",
            award_code="BKT",
            nominee_unit=world.nga_bay.children.first(),
            quota_override_reason="Xin vượt",
        )


# ---------------------------------------------------------------------------
# 5. Correction paths with their history; read-only once closed
# ---------------------------------------------------------------------------


def test_a_review_is_corrected_with_a_reason_in_its_history(world):
    campaign = launched_campaign(world, status=S.IN_PROGRESS)
    staff = world.user("staff")
    review = services.campaign_interim_review(
        campaign=campaign, by=staff, held_on=_today() - timedelta(days=2), summary="Sơ kết"
    )
    client = _client(world)
    url = reverse("campaigns:review_edit", args=[review.pk])
    assert "Lý do sửa" in client.get(url).content.decode()
    refused = client.post(url, {"held_on": "10/03/2030", "summary": "Sơ kết", "reason": "Nhầm"})
    assert refused.status_code == 400 and "chưa đến" in refused.content.decode()
    client.post(url, {"held_on": f"{_today():%d/%m/%Y}", "summary": "Sơ kết 6 tháng", "reason": "Nhầm ngày"})
    review.refresh_from_db()
    assert (review.held_on, review.summary) == (_today(), "Sơ kết 6 tháng")
    assert review.history.latest("history_date").history_change_reason == "Nhầm ngày"
    assert campaign.events.filter(reason="Nhầm ngày", action__startswith="Sửa sơ kết").count() == 1


def test_a_mistaken_final_review_is_cancelled_and_the_campaign_goes_back(world):
    today = _today()
    campaign = launched_campaign(world, status=S.IN_PROGRESS, end_date=today)
    staff = world.user("staff")
    services.campaign_interim_review(campaign=campaign, by=staff, held_on=today, summary="Sơ kết")
    final = services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Tổng kết nhầm")
    with pytest.raises(DomainError, match="Cần ghi lý do"):
        services.review_cancel(review=final, by=staff, reason=" ")
    response = _client(world).post(
        reverse("campaigns:review_cancel", args=[final.pk]), {"reason": "Ghi nhầm phong trào"}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == S.INTERIM_REVIEWED
    assert list(campaign.reviews.values_list("kind", flat=True)) == ["interim"]
    event = campaign.events.get(to_status=S.INTERIM_REVIEWED, from_status=S.FINAL_REVIEWED)
    assert (event.action, event.reason) == ("Hủy tổng kết ghi nhầm", "Ghi nhầm phong trào")
    # The start service cannot move the campaign backwards.
    with pytest.raises(DomainError):
        services.campaign_start(campaign=campaign, by=staff)


def test_a_review_whose_proposals_became_dossiers_cannot_be_cancelled(world):
    today = _today()
    campaign = launched_campaign(world, status=S.IN_PROGRESS, end_date=today)
    staff = world.user("staff")
    review = services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Tổng kết")
    services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="collective",
        award_code="BKT",
        nominee_unit=world.chau_thanh,
    )
    services.review_proposals_to_dossiers(review=review, by=staff)
    with pytest.raises(DomainError, match="Đã có đề xuất được lập hồ sơ"):
        services.review_cancel(review=review, by=staff, reason="Nhầm")
    assert Review.objects.filter(pk=review.pk).exists()


def test_a_fixed_due_date_is_moved_or_cancelled_with_a_reason(world):
    campaign = launched_campaign(world, dues=(-10, 20))
    staff = world.user("staff")
    due = campaign.dues.order_by("due_on").last()
    client = _client(world)
    moved_to = _today() + timedelta(days=25)
    response = client.post(
        reverse("campaigns:due_edit", args=[campaign.pk, due.pk]),
        {"due_on": f"{moved_to:%d/%m/%Y}", "label": "Quý 3", "reason": "Theo công văn mới"},
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert (due.due_on, due.label) == (moved_to, "Quý 3")
    assert campaign.events.filter(reason="Theo công văn mới", action__startswith="Sửa kỳ báo cáo").exists()
    confirm = client.get(reverse("campaigns:due_cancel", args=[campaign.pk, due.pk])).content.decode()
    assert "Hủy kỳ báo cáo" in confirm and 'name="reason"' in confirm
    assert client.post(reverse("campaigns:due_cancel", args=[campaign.pk, due.pk]), {}).status_code == 400
    assert ReportDue.objects.filter(pk=due.pk).exists()
    services.report_due_cancel(due=due, by=staff, reason="Trùng kỳ")
    assert not ReportDue.objects.filter(pk=due.pk).exists()
    assert campaign.events.filter(reason="Trùng kỳ", action__startswith="Hủy kỳ báo cáo").exists()


def test_a_due_date_some_unit_reported_for_cannot_be_moved(world):
    campaign = launched_campaign(world, dues=(-10,))
    donvi = world.user("donvi")
    due = campaign.dues.get()
    report = services.report_save(due=due, unit=world.chau_thanh, by=donvi, narrative="x", values={})
    services.report_submit(report=report, by=donvi)
    with pytest.raises(DomainError, match="Đã có đơn vị gửi báo cáo"):
        services.report_due_update(due=due, by=world.user("staff"), due_on=_today(), reason="Nhầm")


def test_a_participant_removal_is_confirmed_with_a_reason(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    participant = campaign.participants.get(unit=world.nga_bay)
    client = _client(world)
    url = reverse("campaigns:participant_remove", args=[campaign.pk, participant.pk])
    page = client.get(url).content.decode()
    assert "Bỏ đơn vị tham gia" in page and "thêm lại đơn vị" in page
    assert client.post(url, {}).status_code == 400
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert client.post(url, {"reason": "Chọn nhầm đơn vị"}).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    event = campaign.events.get(reason="Chọn nhầm đơn vị")
    assert event.action == f"Bỏ đơn vị tham gia: {world.nga_bay} (đơn vị tham gia)"


def test_a_closed_campaign_shows_its_setup_read_only(world):
    today = _today()
    staff = world.user("staff")
    campaign = launched_campaign(world, status=S.IN_PROGRESS, end_date=today)
    services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Tổng kết")
    services.campaign_close(campaign=campaign, by=staff)
    client = _client(world)
    page = client.get(reverse("campaigns:setup", args=[campaign.pk]), follow=True).content.decode()
    for action in ("due", "quota", "participants", "criterion"):
        assert reverse("campaigns:setup_add", args=[campaign.pk, action]) not in page
    assert "chỉ còn để xem" in page
    reviews = client.get(reverse("campaigns:reviews", args=[campaign.pk])).content.decode()
    assert "review-edit" not in reviews and "proposal_add" not in reviews
    response = client.post(
        reverse("campaigns:setup_add", args=[campaign.pk, "due"]), {"due-due_on": f"{today:%d/%m/%Y}"}, follow=True
    )
    assert "Phong trào đã kết thúc: kế hoạch chỉ còn để xem." in response.content.decode()
    assert ReviewProposal.objects.count() == 0
