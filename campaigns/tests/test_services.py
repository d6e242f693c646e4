from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Award, Dossier
from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignEvent,
    Participant,
    ProgressReport,
    Registration,
    Reminder,
    ReportDue,
    Review,
    ReviewProposal,
)
from campaigns.selectors import campaign_progress, registration_rollup, top_participant_units
from campaigns.tests.factories import launched_campaign
from clusters.models import Cluster, ClusterYear, Membership
from thiduakt.models import Notification, OrgUnit
from thiduakt.services import DomainError
from thiduakt.tests.upload_files import png_bytes

pytestmark = pytest.mark.django_db
S = Campaign.Status


def _draft(world, **fields):
    values = {
        "name": "Cả nước chung sức xây dựng nông thôn mới",
        "launcher": Campaign.Launcher.PROVINCIAL_CHAIR,
        "kind": Campaign.Kind.THEMATIC,
        "start_date": date(2021, 1, 13),
        "end_date": date(2021, 12, 31),
        "report_frequency": Campaign.ReportFrequency.QUARTERLY,
    } | fields
    return services.campaign_create(by=world.user("staff"), **values)


def _commit_all(campaign, value=Decimal(100)):
    return {c.pk: (value, "") for c in campaign.criteria.all()}


# ---------------------------------------------------------------------------
# Plan and launch
# ---------------------------------------------------------------------------


def test_campaign_create_records_event_and_folds_search_text(world):
    campaign = _draft(world, document_number="04/KH-UBND", document_date=date(2021, 1, 13))
    assert campaign.status == S.DRAFT
    assert campaign.search_text == "ca nuoc chung suc xay dung nong thon moi 04/kh-ubnd"
    assert list(CampaignEvent.objects.values_list("action", flat=True)) == ["Tạo dự thảo phong trào"]
    assert campaign.document_label == "04/KH-UBND ngày 13/01/2021"


def test_campaign_create_refuses_end_before_start_and_same_day_times_reversed(world):
    with pytest.raises(DomainError, match="Ngày kết thúc phải sau ngày bắt đầu"):
        _draft(world, start_date=date(2021, 8, 9), end_date=date(2021, 8, 1))
    with pytest.raises(DomainError, match="Thời điểm kết thúc"):
        _draft(
            world,
            start_date=date(2021, 8, 9),
            end_date=date(2021, 8, 9),
            start_time=time(10, 0),
            end_time=time(8, 0),
        )
    assert Campaign.objects.count() == 0


def test_peak_drive_keeps_its_hours(world):
    campaign = _draft(
        world,
        name="Vùng xanh",
        kind=Campaign.Kind.PEAK,
        start_date=date(2021, 8, 9),
        start_time=time(0, 0),
        end_date=date(2021, 8, 23),
        end_time=time(0, 0),
    )
    assert campaign.has_times is True


def test_criterion_add_requires_target_and_unit_unless_qualitative(world):
    campaign = _draft(world)
    staff = world.user("staff")
    with pytest.raises(DomainError, match="cần đơn vị tính và chỉ tiêu"):
        services.criterion_add(campaign=campaign, by=staff, indicator="Làm tốt công tác dân vận")
    qualitative = services.criterion_add(
        campaign=campaign, by=staff, indicator="Làm tốt công tác dân vận", is_qualitative=True
    )
    assert (qualitative.is_qualitative, qualitative.target) == (True, None)


def test_criterion_add_refuses_weights_over_100(world):
    campaign = _draft(world)
    staff = world.user("staff")
    services.criterion_add(
        campaign=campaign, by=staff, indicator="A", unit_of_measure="km", target=Decimal(1), weight=Decimal(70)
    )
    with pytest.raises(DomainError, match="vượt quá 100%"):
        services.criterion_add(
            campaign=campaign, by=staff, indicator="B", unit_of_measure="km", target=Decimal(1), weight=Decimal(31)
        )


def test_database_refuses_measurable_criterion_without_target(world):
    campaign = _draft(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        campaign.criteria.create(indicator="X", unit_of_measure="", target=None, is_qualitative=False)


def test_campaign_launch_requires_document_participants_and_measurable_criterion(world):
    staff = world.user("staff")
    campaign = _draft(world)
    with pytest.raises(DomainError, match="số văn bản"):
        services.campaign_launch(campaign=campaign, by=staff)
    services.campaign_update(campaign=campaign, by=staff, document_number="04/KH-UBND")
    with pytest.raises(DomainError, match="đơn vị tham gia"):
        services.campaign_launch(campaign=campaign, by=staff)
    services.participants_add(campaign=campaign, by=staff, units=[world.chau_thanh])
    services.criterion_add(campaign=campaign, by=staff, indicator="Định tính", is_qualitative=True)
    with pytest.raises(DomainError, match="tiêu chí đo lường được"):
        services.campaign_launch(campaign=campaign, by=staff)
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT


def test_campaign_launch_creates_quarterly_schedule_and_notifies_officers(world, django_capture_on_commit_callbacks):
    staff = world.user("staff")
    campaign = _draft(world, document_number="04/KH-UBND", report_day=20)
    services.criterion_add(campaign=campaign, by=staff, indicator="Km", unit_of_measure="km", target=Decimal(10))
    services.participants_add(campaign=campaign, by=staff, units=[world.chau_thanh, world.nga_bay])
    services.campaign_update(
        campaign=campaign, by=staff, host_unit=world.unit("HG.SNV"), cooperating_units=[world.unit("HG.LDLD")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_launch(campaign=campaign, by=staff)
    campaign.refresh_from_db()
    assert campaign.status == S.LAUNCHED
    assert sorted(campaign.participants.values_list("unit__code", "role")) == [
        ("HG.CT", "participant"),
        ("HG.LDLD", "cooperating"),
        ("HG.NB", "participant"),
        ("HG.SNV", "host"),
    ]
    assert list(campaign.dues.values_list("due_on", "label")) == [
        (date(2021, 3, 20), "Quý 1/2021"),
        (date(2021, 6, 20), "Quý 2/2021"),
        (date(2021, 9, 20), "Quý 3/2021"),
        (date(2021, 12, 20), "Quý 4/2021"),
    ]
    notified = Notification.objects.filter(title__startswith="Phát động phong trào")
    assert sorted(n.recipient.username for n in notified) == ["donvi", "donvi2"]


def test_monthly_schedule_and_short_drive_schedule(world):
    monthly = _draft(world, report_frequency=Campaign.ReportFrequency.MONTHLY, report_day=5, end_date=date(2021, 4, 1))
    assert [d for d, _ in services.schedule_days(monthly)] == [date(2021, 2, 5), date(2021, 3, 5)]
    drive = _draft(
        world,
        name="Vùng xanh",
        start_date=date(2021, 8, 9),
        end_date=date(2021, 8, 23),
        report_frequency=Campaign.ReportFrequency.MONTHLY,
        report_day=1,
    )
    assert services.schedule_days(drive) == [(date(2021, 8, 23), "Báo cáo kết thúc đợt")]


def test_participants_add_by_kind_skips_units_already_in(world):
    staff = world.user("staff")
    campaign = _draft(world)
    services.participants_add(campaign=campaign, by=staff, units=[world.chau_thanh])
    districts = services.units_for_selection(kind=OrgUnit.Kind.DISTRICT)
    added = services.participants_add(campaign=campaign, by=staff, units=districts, source=Participant.Source.KIND)
    assert added == len(districts) - 1 == 7
    assert campaign.participants.get(unit=world.chau_thanh).source == Participant.Source.INDIVIDUAL


def test_participants_add_by_cluster_uses_the_cluster_members_of_the_year(world):

    cluster = Cluster.objects.create(name="Cụm thi đua các huyện, thị xã, thành phố")
    year = ClusterYear.objects.create(cluster=cluster, year=2021)
    for code in ("HG.CT", "HG.NB", "HG.VT"):
        Membership.objects.create(cluster_year=year, unit=world.unit(code))
    units = services.units_for_selection(cluster=cluster, year=2021)
    assert sorted(u.code for u in units) == ["HG.CT", "HG.NB", "HG.VT"]
    campaign = _draft(world)
    assert (
        services.participants_add(
            campaign=campaign, by=world.user("staff"), units=units, source=Participant.Source.CLUSTER
        )
        == 3
    )


def test_plan_is_frozen_after_launch(world):
    campaign = launched_campaign(world)
    with pytest.raises(DomainError, match="còn là dự thảo"):
        services.criterion_add(
            campaign=campaign, by=world.user("staff"), indicator="Mới", unit_of_measure="km", target=Decimal(1)
        )


def test_quota_add_checks_award_kind_and_duplicates(world):
    campaign = _draft(world)
    staff = world.user("staff")
    quota = services.quota_add(campaign=campaign, by=staff, award_code="BKT", recipient="collective", max_per_unit=1)
    assert quota.award.code == "BKT"
    with pytest.raises(DomainError, match="đã có"):
        services.quota_add(campaign=campaign, by=staff, award_code="BKT", recipient="collective", max_per_unit=2)
    with pytest.raises(DomainError, match="không dành cho cá nhân"):
        services.quota_add(campaign=campaign, by=staff, award_code="TTLDXS", recipient="individual", max_per_unit=1)
    with pytest.raises(DomainError, match="Không có hình thức"):
        services.quota_add(campaign=campaign, by=staff, award_code="XYZ", recipient="individual", max_per_unit=1)


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------


def test_every_transition_in_order_and_each_refused_out_of_order(world):
    staff = world.user("staff")
    today = timezone.localdate()
    campaign = launched_campaign(world, end_date=today)
    with pytest.raises(DomainError):
        services.campaign_launch(campaign=campaign, by=staff)
    with pytest.raises(DomainError):
        services.campaign_interim_review(campaign=campaign, by=staff, held_on=today, summary="x")
    with pytest.raises(DomainError):
        services.campaign_close(campaign=campaign, by=staff)
    services.campaign_start(campaign=campaign, by=staff)
    with pytest.raises(DomainError):
        services.campaign_start(campaign=campaign, by=staff)
    services.campaign_interim_review(campaign=campaign, by=staff, held_on=today, summary="Sơ kết")
    with pytest.raises(DomainError):
        services.campaign_interim_review(campaign=campaign, by=staff, held_on=today, summary="Lần hai")
    services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Tổng kết")
    with pytest.raises(DomainError):
        services.campaign_final_review(campaign=campaign, by=staff, held_on=today, summary="Lần hai")
    services.campaign_close(campaign=campaign, by=staff, reason="Đã khen thưởng xong")
    campaign.refresh_from_db()
    assert campaign.status == S.CLOSED
    history = list(campaign.history.order_by("history_date").values_list("status", flat=True))
    assert history == ["draft", "launched", "in_progress", "interim_reviewed", "final_reviewed", "closed"]
    assert list(campaign.reviews.values_list("kind", flat=True)) == ["interim", "final"]
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.campaign_update(campaign=campaign, by=staff, slogan="Muộn")


def test_final_review_may_follow_in_progress_directly(world):
    staff = world.user("staff")
    campaign = launched_campaign(world, status=S.IN_PROGRESS, end_date=timezone.localdate())
    review = services.campaign_final_review(campaign=campaign, by=staff, held_on=timezone.localdate(), summary="TK")
    assert review.kind == Review.Kind.FINAL
    campaign.refresh_from_db()
    assert campaign.status == S.FINAL_REVIEWED


def test_review_requires_a_summary(world):
    campaign = launched_campaign(world, status=S.IN_PROGRESS)
    with pytest.raises(DomainError, match="tóm tắt"):
        services.campaign_interim_review(campaign=campaign, by=world.user("staff"), held_on=date.today(), summary=" ")
    campaign.refresh_from_db()
    assert campaign.status == S.IN_PROGRESS


# ---------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------


def test_registration_save_submit_approve(world):
    campaign = launched_campaign(world)
    donvi, staff = world.user("donvi"), world.user("staff")
    registration = services.registration_save(
        campaign=campaign, unit=world.chau_thanh, by=donvi, note="Cam kết", commitments=_commit_all(campaign)
    )
    assert registration.status == Registration.Status.DRAFT
    assert registration.commitments.count() == 2
    services.registration_submit(registration=registration, by=donvi)
    with pytest.raises(DomainError, match="đã được gửi"):
        services.registration_submit(registration=registration, by=donvi)
    with pytest.raises(DomainError, match="đã gửi"):
        services.registration_save(
            campaign=campaign, unit=world.chau_thanh, by=donvi, commitments=_commit_all(campaign)
        )
    services.registration_approve(registration=registration, by=staff)
    registration.refresh_from_db()
    assert (registration.status, registration.reviewed_by) == (Registration.Status.APPROVED, staff)
    with pytest.raises(DomainError):
        services.registration_approve(registration=registration, by=staff)


def test_registration_return_needs_reason_and_can_be_resubmitted(world):
    campaign = launched_campaign(world)
    donvi, staff = world.user("donvi"), world.user("staff")
    registration = services.registration_save(
        campaign=campaign, unit=world.chau_thanh, by=donvi, commitments=_commit_all(campaign)
    )
    with pytest.raises(DomainError, match="Chỉ trả lại"):
        services.registration_return(registration=registration, by=staff, reason="Sớm")
    services.registration_submit(registration=registration, by=donvi)
    with pytest.raises(DomainError, match="lý do"):
        services.registration_return(registration=registration, by=staff, reason="  ")
    services.registration_return(registration=registration, by=staff, reason="Chỉ tiêu km thấp hơn kế hoạch")
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == ("returned", "Chỉ tiêu km thấp hơn kế hoạch")
    services.registration_save(
        campaign=campaign, unit=world.chau_thanh, by=donvi, commitments=_commit_all(campaign, Decimal(120))
    )
    services.registration_submit(registration=registration, by=donvi)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    reasons = list(registration.events.exclude(reason="").values_list("reason", flat=True))
    assert reasons == ["Chỉ tiêu km thấp hơn kế hoạch"]


def test_registration_refused_for_a_unit_not_taking_part_or_missing_targets(world):
    campaign = launched_campaign(world, units=[world.chau_thanh])
    with pytest.raises(DomainError, match="không tham gia"):
        services.registration_save(
            campaign=campaign, unit=world.nga_bay, by=world.user("donvi2"), commitments=_commit_all(campaign)
        )
    with pytest.raises(DomainError, match="Cần ghi chỉ tiêu đăng ký"):
        services.registration_save(campaign=campaign, unit=world.chau_thanh, by=world.user("donvi"), commitments={})
    assert Registration.objects.count() == 0


def test_registration_refused_before_launch_and_after_review(world):
    draft = _draft(world)
    services.participants_add(campaign=draft, by=world.user("staff"), units=[world.chau_thanh])
    with pytest.raises(DomainError, match="không nhận đăng ký"):
        services.registration_save(campaign=draft, unit=world.chau_thanh, by=world.user("donvi"), commitments={})


def test_registration_rollup_sums_sub_units_into_their_district(world):

    commune = world.unit("HG.CT.NS")
    campaign = launched_campaign(world, units=[world.chau_thanh, commune, world.nga_bay])
    staff = world.user("staff")
    for unit, km in ((world.chau_thanh, 30), (commune, 12)):
        services.registration_save(
            campaign=campaign, unit=unit, by=staff, commitments=_commit_all(campaign, Decimal(km))
        )
    roots = top_participant_units(campaign)
    assert sorted(u.code for u in roots) == ["HG.CT", "HG.NB"]
    by_code = {r.unit.code: r for r in registration_rollup(campaign, roots)}
    km = campaign.criteria.get(unit_of_measure="km")
    assert (by_code["HG.CT"].participants, by_code["HG.CT"].registered) == (2, 2)
    assert by_code["HG.CT"].commitments[km.pk] == Decimal(42)
    assert (by_code["HG.NB"].registered, by_code["HG.NB"].commitments) == (0, {})


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


def test_report_submitted_after_due_date_is_late(world):
    campaign = launched_campaign(world, dues=(-3, 5))
    donvi = world.user("donvi")
    past, future = campaign.dues.order_by("due_on")
    km = campaign.criteria.get(unit_of_measure="km")
    late = services.report_save(
        due=past, unit=world.chau_thanh, by=donvi, narrative="Trễ", values={km.pk: (Decimal(5), "")}
    )
    services.report_submit(report=late, by=donvi)
    early = services.report_save(due=future, unit=world.chau_thanh, by=donvi, narrative="Sớm", values={})
    services.report_submit(report=early, by=donvi)
    late.refresh_from_db()
    early.refresh_from_db()
    assert (late.is_late, early.is_late) == (True, False)
    with pytest.raises(DomainError, match="đã gửi"):
        services.report_save(due=past, unit=world.chau_thanh, by=donvi, narrative="Sửa", values={})
    with pytest.raises(DomainError, match="đã được gửi"):
        services.report_submit(report=late, by=donvi)


def test_report_refused_for_a_cooperating_agency_and_negative_values(world):
    campaign = launched_campaign(world)
    services.participants_add(
        campaign=campaign, by=world.user("staff"), units=[world.unit("HG.SYT")], role=Participant.Role.COOPERATING
    )
    due = campaign.dues.first()
    with pytest.raises(DomainError, match="phối hợp"):
        services.report_save(due=due, unit=world.unit("HG.SYT"), by=None, narrative="x", values={})
    km = campaign.criteria.get(unit_of_measure="km")
    with pytest.raises(DomainError, match="không được âm"):
        services.report_save(due=due, unit=world.chau_thanh, by=None, narrative="x", values={km.pk: (Decimal(-1), "")})
    assert ProgressReport.objects.count() == 0


def test_report_attach_checks_content_not_name(world, private_media):
    campaign = launched_campaign(world)
    report = services.report_save(due=campaign.dues.first(), unit=world.chau_thanh, by=None, narrative="x", values={})
    with pytest.raises(DomainError, match="không phải PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG"):
        services.report_attach(report=report, by=None, upload=ContentFile(b"MZ\x90\x00evil", name="bien-ban.pdf"))
    attachment = services.report_attach(report=report, by=None, upload=ContentFile(png_bytes(), name="anh.png"))
    assert (attachment.content_kind, attachment.original_name) == ("png", "anh.png")
    assert str(private_media) in attachment.file.path


def test_progress_marks_late_and_missing_and_sums_latest_values(world):

    campaign = launched_campaign(world, dues=(-20, -5, 10))
    donvi = world.user("donvi")
    first, second, _third = campaign.dues.order_by("due_on")
    km = campaign.criteria.get(unit_of_measure="km")
    services.registration_save(
        campaign=campaign, unit=world.chau_thanh, by=donvi, commitments=_commit_all(campaign, Decimal(40))
    )
    for due, value in ((first, 10), (second, 25)):
        report = services.report_save(
            due=due, unit=world.chau_thanh, by=donvi, narrative="x", values={km.pk: (Decimal(value), "")}
        )
        services.report_submit(report=report, by=donvi)
    ProgressReport.objects.filter(due=first).update(is_late=False)
    progress = campaign_progress(campaign)
    states = {row.participant.unit.code: [c.state for c in row.cells] for row in progress.rows}
    assert states == {"HG.CT": ["on_time", "late", "pending"], "HG.NB": ["missing", "missing", "pending"]}
    assert [r.participant.unit.code for r in progress.late_units] == ["HG.NB"]
    km_bar = next(b for b in progress.bars if b.criterion == km)
    # Châu Thành's latest cumulative value (25) against its commitment (40) plus Ngã Bảy's plan target (100).
    assert (km_bar.value, km_bar.target, km_bar.percent) == (Decimal(25), Decimal(140), 17)


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------


def test_reminders_send_once_per_due_and_reason(world, mailoutbox, django_capture_on_commit_callbacks):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay], dues=(-2, 1, 30))
    overdue, tomorrow, _later = campaign.dues.order_by("due_on")
    report = services.report_save(due=tomorrow, unit=world.nga_bay, by=None, narrative="Xong", values={})
    services.report_submit(report=report, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send()
    # Overdue: both units; due tomorrow: only Châu Thành (Ngã Bảy has reported); in 30 days: nobody yet.
    assert sent == 3
    reminders = sorted(Reminder.objects.values_list("due_id", "unit__code", "reason", "recipients"))
    assert reminders == sorted(
        [
            (overdue.pk, "HG.CT", "overdue", 1),
            (overdue.pk, "HG.NB", "overdue", 1),
            (tomorrow.pk, "HG.CT", "upcoming", 1),
        ]
    )
    # One digest per unit: Châu Thành's two reminders arrive in one notice.
    day = f"{timezone.localdate():%d/%m/%Y}"
    titles = sorted(Notification.objects.values_list("recipient__username", "title"))
    assert titles == [
        ("donvi", f"Nhắc việc ngày {day}: 1 báo cáo trễ hạn, 1 báo cáo sắp đến hạn"),
        ("donvi2", f"Nhắc việc ngày {day}: 1 báo cáo trễ hạn"),
    ]
    assert len(mailoutbox) == 2
    assert services.reminders_send() == 0
    assert Notification.objects.count() == 2


def test_reminders_skip_drafts_and_closed_campaigns(world):
    campaign = launched_campaign(world, dues=(-2,))
    Campaign.objects.filter(pk=campaign.pk).update(status=S.CLOSED)
    assert services.reminders_send() == 0


def test_remind_late_by_staff_once_a_day(world):
    campaign = launched_campaign(world, dues=(-2, -1, 5))
    staff = world.user("staff")
    assert services.campaign_remind_late(campaign=campaign, by=staff) == 4
    assert services.campaign_remind_late(campaign=campaign, by=staff) == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.campaign_remind_late(campaign=campaign, by=staff, today=tomorrow) == 4
    assert Reminder.objects.filter(reason="manual", sent_by=staff).count() == 8
    # One notice per unit and click, listing both late reports.
    notices = world.user("donvi").notifications.all()
    assert [n.title for n in notices] == [f"Quá hạn báo cáo: {campaign.name}"] * 2
    first, second = campaign.dues.order_by("due_on")[:2]
    assert notices[0].body == (
        f"Đơn vị chưa gửi báo cáo tiến độ: kỳ “{first.label}” (hạn ngày {first.due_on:%d/%m/%Y}); "
        f"kỳ “{second.label}” (hạn ngày {second.due_on:%d/%m/%Y}). Đề nghị gửi ngay."
    )


def test_reminder_unique_constraint_holds_in_the_database(world):
    campaign = launched_campaign(world, dues=(-2,))
    due = campaign.dues.get()
    Reminder.objects.create(due=due, unit=world.chau_thanh, reason="overdue", sent_on=date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(due=due, unit=world.chau_thanh, reason="overdue", sent_on=date(2024, 1, 2))


# ---------------------------------------------------------------------------
# Reviews and proposals
# ---------------------------------------------------------------------------


def _reviewed(world):
    campaign = launched_campaign(world, dues=(-20, -5), status=S.IN_PROGRESS, end_date=timezone.localdate())
    donvi, staff = world.user("donvi"), world.user("staff")
    km = campaign.criteria.get(unit_of_measure="km")
    households = campaign.criteria.get(unit_of_measure="hộ")
    services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=donvi,
        commitments={km.pk: (Decimal(50), ""), households.pk: (Decimal(20), "")},
    )
    report = services.report_save(
        due=campaign.dues.order_by("due_on").last(),
        unit=world.chau_thanh,
        by=donvi,
        narrative="x",
        values={km.pk: (Decimal(60), ""), households.pk: (Decimal(10), "")},
    )
    services.report_submit(report=report, by=donvi)
    review = services.campaign_final_review(campaign=campaign, by=staff, held_on=timezone.localdate(), summary="TK")
    return campaign, review


def test_final_review_computes_each_units_result_from_reports(world):
    _campaign, review = _reviewed(world)
    results = {r.unit.code: (r.computed_percent, r.percent) for r in review.results.select_related("unit")}
    # km 60/50 capped at 100 % × 60 + households 10/20 = 50 % × 40 → 80 %; Ngã Bảy reported nothing.
    assert results == {"HG.CT": (Decimal("80.00"), Decimal("80.00")), "HG.NB": (None, None)}


def test_review_result_adjust_needs_reason_and_keeps_computed_value(world):
    _campaign, review = _reviewed(world)
    result = review.results.get(unit=world.chau_thanh)
    staff = world.user("staff")
    with pytest.raises(DomainError, match="lý do"):
        services.review_result_adjust(result=result, by=staff, percent=Decimal(90), reason="")
    services.review_result_adjust(result=result, by=staff, percent=Decimal(90), reason="Bổ sung số liệu quý 4")
    result.refresh_from_db()
    assert (result.computed_percent, result.percent, result.is_adjusted) == (Decimal(80), Decimal(90), True)
    assert result.history.first().history_change_reason == "Bổ sung số liệu quý 4"


def test_proposals_become_one_draft_dossier_per_unit(world, django_capture_on_commit_callbacks):

    campaign, review = _reviewed(world)
    staff = world.user("staff")
    person = world.chau_thanh.people.first()
    services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="collective",
        award_code="BKT",
        nominee_unit=world.chau_thanh,
    )
    services.review_proposal_add(
        review=review,
        by=staff,
        unit=world.chau_thanh,
        kind="individual",
        award_code="BKT",
        person=person,
        is_exemplar=True,
    )
    with pytest.raises(DomainError, match="đã được đề xuất"):
        services.review_proposal_add(
            review=review, by=staff, unit=world.chau_thanh, kind="individual", award_code="BKT", person=person
        )
    with pytest.raises(DomainError, match="Còn đề xuất"):
        services.campaign_close(campaign=campaign, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        dossiers = services.review_proposals_to_dossiers(review=review, by=staff)
    assert len(dossiers) == 1
    dossier = Dossier.objects.get()
    assert (dossier.unit, dossier.origin, dossier.round_kind, dossier.status, dossier.year) == (
        world.chau_thanh,
        "campaign_review",
        "campaign",
        "draft",
        timezone.localdate().year,  # the review's year
    )
    assert dossier.nominations.count() == 2
    assert set(ReviewProposal.objects.values_list("dossier_id", flat=True)) == {dossier.pk}
    assert Notification.objects.filter(recipient=world.user("donvi"), title__contains="hồ sơ").count() == 1
    with pytest.raises(DomainError, match="Không còn đề xuất"):
        services.review_proposals_to_dossiers(review=review, by=staff)
    services.campaign_close(campaign=campaign, by=staff)


def test_proposal_must_match_the_plans_award_forms(world):

    campaign, review = _reviewed(world)
    staff = world.user("staff")
    campaign.quotas.create(award=Award.objects.get(code="BKT"), recipient="collective", max_per_unit=1)
    with pytest.raises(DomainError, match="Kế hoạch không có hình thức"):
        services.review_proposal_add(
            review=review,
            by=staff,
            unit=world.chau_thanh,
            kind="collective",
            award_code="GK",
            nominee_unit=world.chau_thanh,
        )


def test_report_due_add_refuses_duplicates(world):
    campaign = launched_campaign(world, dues=())
    day = timezone.localdate() + timedelta(days=100)  # inside the period (a due date outside it is refused)
    services.report_due_add(campaign=campaign, by=world.user("staff"), due_on=day)
    with pytest.raises(DomainError, match="Đã có kỳ báo cáo"):
        services.report_due_add(campaign=campaign, by=world.user("staff"), due_on=day)
    assert ReportDue.objects.filter(campaign=campaign).count() == 1
