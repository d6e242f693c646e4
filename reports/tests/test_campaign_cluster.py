"""The campaign review and the cluster ranking reports, from known data."""

from decimal import Decimal

import pytest
from django.utils import timezone

from awards.models import Award, AwardRecord
from awards.tests.factories import DossierFactory, NominationFactory
from campaigns.models import ProgressReport, ReportValue
from campaigns.tests.factories import launched_campaign
from clusters.models import Deduction
from clusters.tests.factories import CriterionFactory, CriterionGroupFactory, cluster_with_members
from reports import services
from reports.tests.helpers import pdf_text, run_jobs, xlsx_rows, xlsx_table
from thiduakt.models import Person

pytestmark = pytest.mark.django_db


def test_campaign_review_figures_exact(world, private_media, tmp_path):
    campaign = launched_campaign(world)
    past_due = campaign.dues.order_by("due_on").first()
    report = ProgressReport.objects.create(
        campaign=campaign,
        due=past_due,
        unit=world.chau_thanh,
        status=ProgressReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    km, households = campaign.criteria.order_by("position")
    ReportValue.objects.create(report=report, criterion=km, value=Decimal("40"))
    ReportValue.objects.create(report=report, criterion=households, value=Decimal("25"))
    nomination = NominationFactory(
        dossier=DossierFactory(unit=world.chau_thanh, campaign=campaign, year=2024),
        person=Person.objects.get(full_name="Võ Văn Đức"),
        award=Award.objects.get(code="BKT"),
    )
    AwardRecord.objects.create(
        recipient_kind="individual",
        person=nomination.person,
        award=nomination.award,
        year=2024,
        decision_number="5/QĐ-UBND",
        nomination=nomination,
    )

    result = services.report_request(
        kind="campaign_review", params={"campaign": campaign.pk}, unit=None, by=world.user("staff")
    )
    run_jobs(result)

    assert result.title == "Kết quả phong trào thi đua “Vùng xanh thử nghiệm”"
    rows = xlsx_rows(result.xlsx_job)
    participation = {r[0]: r[1] for r in rows if r and r[0] and len(r) > 1 and isinstance(r[1], int)}
    assert participation["Đơn vị tham gia (phải báo cáo)"] == 2
    assert participation["Báo cáo tiến độ đã gửi"] == 1
    assert participation["Đơn vị còn thiếu báo cáo quá hạn"] == 1
    dues = xlsx_table(rows, "Báo cáo theo kỳ")
    assert dues["Kỳ -10"][1:] == (1, 0, 1)
    assert dues["Kỳ +20"][1:] == (0, 0, 0)
    indicators = xlsx_table(rows, "Chỉ tiêu so với kế hoạch")
    assert indicators["Số km đường giao thông nông thôn"] == ("km", 200, 40, 20)
    assert indicators["Số hộ thoát nghèo"] == ("hộ", 100, 25, 25)
    units = xlsx_table(rows, "Mức hoàn thành của từng đơn vị")
    assert units["Ủy ban nhân dân huyện Châu Thành"] == (44,)  # 60 % × 40/100 + 40 % × 25/50
    assert units["Ủy ban nhân dân thành phố Ngã Bảy"] == ("—",)
    awards = xlsx_table(rows, "Khen thưởng")
    assert awards["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == (0, 1, 1)
    assert awards["Tổng cộng"] == (0, 1, 1)

    text = " ".join(pdf_text(result.pdf_job, tmp_path, layout=True).split())
    assert "Số km đường giao thông nông thôn km 200 40 20" in text
    assert "Ủy ban nhân dân huyện Châu Thành 44" in text


def test_cluster_ranking_figures_exact(world, private_media, tmp_path):
    ct, nb, vt = world.chau_thanh, world.nga_bay, world.unit("HG.VT")
    cluster_year = cluster_with_members([ct, nb, vt], year=2024, name="Cụm thi đua các huyện, thị xã, thành phố")
    group = CriterionGroupFactory(cluster_year=cluster_year)
    criterion = CriterionFactory(group=group)
    memberships = {m.unit_id: m for m in cluster_year.memberships.all()}
    for unit, self_points, adjusted in [(ct, "8", "9"), (nb, "9.5", None), (vt, "7", None)]:
        memberships[unit.pk].scores.create(
            criterion=criterion,
            self_points=Decimal(self_points),
            adjusted_points=Decimal(adjusted) if adjusted else None,
            adjust_reason="Minh chứng chưa đủ" if adjusted else "",
        )
    Deduction.objects.create(membership=memberships[vt.pk], points=Decimal("0.5"), reason="Báo cáo trễ", source="Sở")

    result = services.report_request(
        kind="cluster_ranking", params={"cluster_year": cluster_year.pk}, unit=None, by=world.user("staff")
    )
    run_jobs(result)

    rows = xlsx_rows(result.xlsx_job)
    table = {r[0]: r[1:6] for r in rows if r and r[0] in (ct.name, nb.name, vt.name)}
    assert table[nb.name] == (1, 9.5, 9.5, 0, 9.5)
    assert table[ct.name] == (2, 8, 9, 0, 9)
    assert table[vt.name] == (3, 7, 7, 0.5, 6.5)
    assert [r[0] for r in rows if r and r[0] in table] == [nb.name, ct.name, vt.name]
    text = " ".join(pdf_text(result.pdf_job, tmp_path, layout=True).split())
    assert "Ủy ban nhân dân thành phố Vị Thanh 3 7 7 0,5 6,5" in text
    assert "XẾP HẠNG CỤM THI ĐUA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ NĂM 2024" in text
