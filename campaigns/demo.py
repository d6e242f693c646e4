"""Demo campaigns from the seed articles (Hậu Giang, 2019–2025); idempotent (natural keys).

- the four Prime Minister campaigns of 2019–2025 that the province implements;
- the provincial plan 04/KH-UBND of 13/01/2021, final review done, proposals waiting to become dossiers;
- "Vùng xanh", 00:00 9/8/2021 – 00:00 23/8/2021, closed;
- "500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc" (QĐ 1008/QĐ-TTg, 19/9/2024) and the
  province's plan implementing it, in progress, with reports on time, late and missing. It runs across the
  2025 reorganisation: a report due from 01/07/2025 comes from the unit in force then (the seat that carries a
  closed district or department on, made a participant), once the registry holds the reorganisation.

Rows are written directly (not through the services) so that seeding sends no notifications.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from awards.models import Award
from campaigns.models import (
    AwardQuota,
    Campaign,
    CampaignEvent,
    Commitment,
    Criterion,
    Participant,
    ProgressReport,
    Registration,
    ReportDue,
    ReportValue,
    Review,
    ReviewProposal,
    ReviewResult,
)
from thiduakt.models import OrgUnit, Person, User
from thiduakt.selectors import successors_of

L, K, S = Campaign.Launcher, Campaign.Kind, Campaign.Status

PM_CAMPAIGNS = [
    "Cả nước chung sức xây dựng nông thôn mới",
    "Doanh nghiệp Việt Nam hội nhập và phát triển",
    "Cả nước chung tay vì người nghèo – không để ai bị bỏ lại phía sau",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
]
PROVINCE = {"target_scope": Criterion.Scope.PROVINCE}
DISTRICTS = ["HG.VT", "HG.NB", "HG.TXLM", "HG.LM", "HG.CT", "HG.CTA", "HG.PH", "HG.VTH"]


def _unit(code):
    return OrgUnit.objects.get(code=code)


def _unit_on(code, day):
    """The unit of ``code`` on ``day``, or the one carrying it on then (a closed district's seat)."""
    old = _unit(code)
    return next(iter(successors_of(old, day)), old)


def _at(day: date, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _campaign(name, **values) -> Campaign:
    campaign, _created = Campaign.objects.update_or_create(name=name, defaults=values)
    return campaign


def _criteria(campaign, rows):
    found = []
    for position, (indicator, unit, target, weight, *extra) in enumerate(rows, start=1):
        criterion, _ = Criterion.objects.update_or_create(
            campaign=campaign,
            position=position,
            defaults={
                "indicator": indicator,
                "unit_of_measure": unit,
                "target": target,
                "weight": weight,
                "is_qualitative": target is None,
                # A rate is averaged over the units (a 100 % target stays 100 %, not 900 %).
                "aggregation": Criterion.Aggregation.AVERAGE if "%" in unit else Criterion.Aggregation.SUM,
                "target_scope": Criterion.Scope.PER_UNIT,
                **(extra[0] if extra else {}),
            },
        )
        found.append(criterion)
    return found


def _participants(campaign, codes, role=Participant.Role.PARTICIPANT, source=Participant.Source.INDIVIDUAL):
    for code in codes:
        Participant.objects.get_or_create(
            campaign=campaign, unit=_unit(code), defaults={"role": role, "source": source}
        )


def _dues(campaign, days):
    dues = []
    for day, label in days:
        due, _ = ReportDue.objects.get_or_create(campaign=campaign, due_on=day, defaults={"label": label})
        dues.append(due)
    return dues


def _register(campaign, code, status, targets, by):
    unit = _unit(code)
    registration, _ = Registration.objects.update_or_create(
        campaign=campaign,
        unit=unit,
        defaults={
            "status": status,
            "note": "Đơn vị đăng ký thực hiện các chỉ tiêu của kế hoạch.",
            "submitted_at": _at(campaign.start_date) if status != Registration.Status.DRAFT else None,
            "reviewed_by": by if status == Registration.Status.APPROVED else None,
            "reviewed_at": _at(campaign.start_date, 15) if status == Registration.Status.APPROVED else None,
            "created_by": by,
        },
    )
    for criterion, target in zip(campaign.criteria.order_by("position"), targets, strict=False):
        Commitment.objects.update_or_create(registration=registration, criterion=criterion, defaults={"target": target})
    return registration


def _report(due, code, *, days_late, values, narrative):
    """days_late: None = not sent; 0 = on time (two days early); n > 0 = sent n days late.

    Sent by the unit in force on the due day: after a merger, the one that carries ``code`` on.
    """
    if days_late is None:
        return None
    sent = due.due_on.toordinal() + (days_late if days_late else -2)
    unit = _unit_on(code, due.due_on)
    if unit.code != code:
        role = Participant.objects.filter(campaign=due.campaign, unit__code=code).values_list("role", flat=True)
        Participant.objects.get_or_create(
            campaign=due.campaign,
            unit=unit,
            defaults={"role": role.first() or Participant.Role.PARTICIPANT, "source": Participant.Source.INDIVIDUAL},
        )
    report, _ = ProgressReport.objects.update_or_create(
        due=due,
        unit=unit,
        defaults={
            "campaign": due.campaign,
            "status": ProgressReport.Status.SUBMITTED,
            "narrative": narrative,
            "submitted_at": _at(date.fromordinal(sent)),
            "is_late": bool(days_late),
        },
    )
    for criterion, value in zip(due.campaign.criteria.order_by("position"), values, strict=False):
        ReportValue.objects.update_or_create(report=report, criterion=criterion, defaults={"value": value})
    return report


def _event(campaign, action, by, day):
    event, created = CampaignEvent.objects.get_or_create(
        campaign=campaign, registration=None, action=action, defaults={"by": by}
    )
    if created:
        CampaignEvent.objects.filter(pk=event.pk).update(at=_at(day))


def _pm_campaigns():
    for name in PM_CAMPAIGNS:
        _campaign(
            name,
            launcher=L.PRIME_MINISTER,
            kind=K.THEMATIC,
            start_date=date(2019, 1, 1),
            end_date=date(2025, 12, 31),
            status=S.IN_PROGRESS,
            report_frequency=Campaign.ReportFrequency.NONE,
            purpose="Phong trào thi đua do Thủ tướng Chính phủ phát động, giai đoạn 2019 – 2025; "
            "các tỉnh xây dựng kế hoạch triển khai.",
        )


def _plan_2021(staff):
    campaign = _campaign(
        "Phong trào thi đua yêu nước năm 2021 trên địa bàn tỉnh Hậu Giang",
        slogan="Đoàn kết, sáng tạo, thi đua thực hiện thắng lợi nhiệm vụ năm 2021",
        purpose="Phát huy truyền thống yêu nước, đoàn kết, sáng tạo trong công tác, lao động, sản xuất và học tập; "
        "thực hiện thắng lợi nhiệm vụ chính trị năm 2021 và các chỉ tiêu kinh tế – xã hội giai đoạn 2021 – 2025.",
        launcher=L.PROVINCIAL_CHAIR,
        kind=K.REGULAR,
        document_number="04/KH-UBND",
        document_date=date(2021, 1, 13),
        start_date=date(2021, 1, 13),
        end_date=date(2021, 12, 31),
        host_unit=_unit("HG.SNV"),
        report_frequency=Campaign.ReportFrequency.QUARTERLY,
        report_day=20,
        interim_review_on=date(2021, 7, 15),
        final_review_on=date(2022, 1, 20),
        dossier_deadline=date(2022, 1, 10),
        status=S.FINAL_REVIEWED,
        launched_at=_at(date(2021, 1, 15)),
        created_by=staff,
    )
    campaign.cooperating_units.set([_unit("HG.LDLD"), _unit("HG.TD")])
    _criteria(
        campaign,
        [
            ("Số xã đạt chuẩn nông thôn mới trong năm", "xã", Decimal(2), Decimal(40)),
            ("Số hộ thoát nghèo", "hộ", Decimal(300), Decimal(40)),
            ("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", Decimal(98), Decimal(20)),
        ],
    )
    _participants(campaign, DISTRICTS, source=Participant.Source.KIND)
    _participants(campaign, ["HG.SNV"], role=Participant.Role.HOST)
    _participants(campaign, ["HG.LDLD", "HG.TD"], role=Participant.Role.COOPERATING)
    dues = _dues(
        campaign,
        [
            (date(2021, 3, 20), "Quý 1/2021"),
            (date(2021, 6, 20), "Quý 2/2021"),
            (date(2021, 9, 20), "Quý 3/2021"),
            (date(2021, 12, 20), "Quý 4/2021"),
        ],
    )
    A = Registration.Status.APPROVED
    _register(campaign, "HG.CT", A, [Decimal(2), Decimal(350), Decimal(98)], staff)
    _register(campaign, "HG.NB", A, [Decimal(1), Decimal(120), Decimal(99)], staff)
    _register(campaign, "HG.VT", Registration.Status.SUBMITTED, [Decimal(1), Decimal(150), Decimal(98)], staff)
    ct = [(0, [0, 90, 97]), (0, [1, 180, 98]), (0, [1, 260, 98]), (0, [2, 362, 99])]
    nb = [(0, [0, 30, 99]), (4, [0, 70, 99]), (12, [1, 95, 98]), (None, [])]
    for due, (late, values) in zip(dues, ct, strict=True):
        _report(due, "HG.CT", days_late=late, values=values, narrative="Huyện Châu Thành báo cáo kết quả thực hiện.")
    for due, (late, values) in zip(dues, nb, strict=True):
        _report(due, "HG.NB", days_late=late, values=values, narrative="Thành phố Ngã Bảy báo cáo kết quả thực hiện.")
    review, _ = Review.objects.update_or_create(
        campaign=campaign,
        kind=Review.Kind.FINAL,
        defaults={
            "held_on": date(2022, 1, 20),
            "summary": "Các đơn vị triển khai bài bản, có nội dung, tiêu chí rõ ràng. Một số đơn vị chủ trì "
            "chưa chủ động báo cáo định kỳ; cần đôn đốc và gắn khen thưởng với kết quả phong trào.",
            "created_by": staff,
        },
    )
    results = {"HG.CT": Decimal("100.00"), "HG.NB": Decimal("62.33")}
    for code in [*DISTRICTS, "HG.SNV"]:
        computed = results.get(code)
        ReviewResult.objects.update_or_create(
            review=review, unit=_unit(code), defaults={"computed_percent": computed, "percent": computed}
        )
    _proposals(review, staff)
    for day, action in (
        (date(2021, 1, 13), "Tạo dự thảo phong trào"),
        (date(2021, 1, 15), "Phát động phong trào"),
        (date(2021, 2, 1), "Chuyển sang giai đoạn triển khai"),
        (date(2022, 1, 20), "Tổng kết phong trào"),
    ):
        _event(campaign, action, staff, day)
    return campaign


def _proposals(review, staff):

    bkt = Award.objects.filter(code="BKT").first()
    if bkt is None:
        return
    AwardQuota.objects.get_or_create(
        campaign=review.campaign,
        award=bkt,
        recipient=AwardQuota.For.COLLECTIVE,
        defaults={"max_per_unit": 1, "note": "Tối đa 01 tập thể mỗi đơn vị"},
    )
    AwardQuota.objects.get_or_create(
        campaign=review.campaign, award=bkt, recipient=AwardQuota.For.INDIVIDUAL, defaults={"max_per_unit": 3}
    )
    chau_thanh = _unit("HG.CT")
    ReviewProposal.objects.get_or_create(
        review=review,
        nominee_unit=_unit("HG.CT.DP"),
        award=bkt,
        defaults={
            "unit": chau_thanh,
            "kind": ReviewProposal.Kind.COLLECTIVE,
            "summary": "Dẫn đầu huyện về xây dựng nông thôn mới năm 2021.",
            "created_by": staff,
        },
    )
    person = Person.objects.filter(full_name="Võ Văn Đức").first()
    if person:
        ReviewProposal.objects.get_or_create(
            review=review,
            person=person,
            award=bkt,
            defaults={
                "unit": chau_thanh,
                "kind": ReviewProposal.Kind.INDIVIDUAL,
                "is_exemplar": True,
                "summary": "Nông dân sản xuất giỏi, giúp 5 hộ thoát nghèo.",
                "created_by": staff,
            },
        )


def _green_zone(staff):
    campaign = _campaign(
        "Thi đua thiết lập “Vùng xanh” phòng, chống dịch Covid-19 trên địa bàn tỉnh Hậu Giang",
        slogan="Giữ vững vùng xanh, thu hẹp vùng đỏ",
        launcher=L.PROVINCIAL_COMMITTEE,
        kind=K.PEAK,
        document_number="Kế hoạch ngày 10/8/2021",
        document_date=date(2021, 8, 10),
        start_date=date(2021, 8, 9),
        start_time=time(0, 0),
        end_date=date(2021, 8, 23),
        end_time=time(0, 0),
        host_unit=_unit("HG.SYT"),
        report_frequency=Campaign.ReportFrequency.FIXED,
        status=S.CLOSED,
        launched_at=_at(date(2021, 8, 10)),
        created_by=staff,
    )
    _criteria(campaign, [("Tỷ lệ ấp, khu vực được công nhận “vùng xanh”", "%", Decimal(100), Decimal(100))])
    _participants(campaign, DISTRICTS)
    _participants(campaign, ["HG.SYT"], role=Participant.Role.HOST)
    [due] = _dues(campaign, [(date(2021, 8, 23), "Báo cáo kết thúc đợt")])
    for code, late, value in (("HG.CT", 0, 96), ("HG.NB", 0, 100), ("HG.VT", 1, 92)):
        _register(campaign, code, Registration.Status.APPROVED, [Decimal(100)], staff)
        _report(due, code, days_late=late, values=[value], narrative="Kết quả thiết lập vùng xanh.")
    Review.objects.update_or_create(
        campaign=campaign,
        kind=Review.Kind.FINAL,
        defaults={
            "held_on": date(2021, 8, 25),
            "summary": "Đợt thi đua kết thúc lúc 00 giờ ngày 23/8/2021; phần lớn địa bàn giữ được vùng xanh.",
            "created_by": staff,
        },
    )
    return campaign


def _expressway(staff):
    national = _campaign(
        "500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc",
        launcher=L.PRIME_MINISTER,
        kind=K.PEAK,
        document_number="1008/QĐ-TTg",
        document_date=date(2024, 9, 19),
        start_date=date(2024, 9, 19),
        end_date=date(2026, 1, 31),
        report_frequency=Campaign.ReportFrequency.NONE,
        status=S.IN_PROGRESS,
    )
    campaign = _campaign(
        "Hậu Giang hưởng ứng phong trào 500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc",
        launcher=L.PROVINCIAL_COMMITTEE,
        kind=K.PEAK,
        parent=national,
        document_number="215/KH-UBND",
        document_date=date(2024, 10, 15),
        start_date=date(2024, 10, 15),
        end_date=date(2026, 1, 31),
        host_unit=_unit("HG.SXD"),
        report_frequency=Campaign.ReportFrequency.QUARTERLY,
        report_day=20,
        remind_days_before=5,
        status=S.IN_PROGRESS,
        launched_at=_at(date(2024, 10, 16)),
        created_by=staff,
    )
    campaign.cooperating_units.set([_unit("HG.STC"), _unit("HG.SNNMT")])
    _criteria(
        campaign,
        [
            # The province's targets as a whole: the units' commitments add up to them.
            ("Diện tích mặt bằng bàn giao cho dự án cao tốc", "ha", Decimal(120), Decimal(60), PROVINCE),
            ("Số hộ được bố trí tái định cư", "hộ", Decimal(80), Decimal(40), PROVINCE),
        ],
    )
    _participants(campaign, ["HG.CT", "HG.CTA", "HG.PH", "HG.NB"])
    _participants(campaign, ["HG.SXD"], role=Participant.Role.HOST)
    _participants(campaign, ["HG.STC", "HG.SNNMT"], role=Participant.Role.COOPERATING)
    dues = _dues(
        campaign,
        [
            (date(2024, 12, 20), "Quý 4/2024"),
            (date(2025, 3, 20), "Quý 1/2025"),
            (date(2025, 6, 20), "Quý 2/2025"),
            (date(2025, 9, 20), "Quý 3/2025"),
            (date(2025, 12, 20), "Quý 4/2025"),
        ],
    )
    _register(campaign, "HG.CT", Registration.Status.APPROVED, [Decimal(45), Decimal(30)], staff)
    _register(campaign, "HG.CTA", Registration.Status.APPROVED, [Decimal(40), Decimal(25)], staff)
    _register(campaign, "HG.NB", Registration.Status.SUBMITTED, [Decimal(10), Decimal(5)], staff)
    _register(campaign, "HG.PH", Registration.Status.DRAFT, [Decimal(25), Decimal(20)], staff)
    plan = {
        "HG.CT": [(0, [12, 6]), (0, [20, 11]), (0, [31, 18]), (2, [38, 24]), (None, [])],
        "HG.CTA": [(0, [8, 5]), (9, [15, 9]), (None, []), (None, []), (None, [])],
        "HG.SXD": [(0, [20, 11]), (0, [35, 20]), (0, [49, 29]), (0, [69, 42]), (None, [])],
    }
    for code, rows in plan.items():
        for due, (late, values) in zip(dues, rows, strict=True):
            _report(due, code, days_late=late, values=values, narrative="Báo cáo tiến độ giải phóng mặt bằng.")
    return campaign


def seed(stdout=None) -> None:
    staff = User.objects.filter(username="staff").first()
    _pm_campaigns()
    _plan_2021(staff)
    _green_zone(staff)
    _expressway(staff)
    if stdout:
        stdout.write(f"  phong trào: {Campaign.objects.count()} phong trào, {Registration.objects.count()} bản đăng ký")
