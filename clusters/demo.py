"""Demo data of clusters and blocks (seed 002): the cluster of Hậu Giang's districts, a few sector blocks.

Ngã Bảy was head in 2023 and handed the Cờ Cụm trưởng to Châu Thành (head
2024) on 20/01/2024 in Ngã Bảy. Deputies, the scoring table and the 2023
scores are illustrative. Idempotent: natural keys, get_or_create.

Once the registry holds the 2025 reorganisation (``seed_demo``), the district cluster also has 2025, its
districts' last year (they closed on 30/06/2025): opening 2026 then lists them with the communes and wards
that carry them on, for staff to confirm (no 2026 year is seeded: that is the staff's step to try).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from clusters.models import (
    Agreement,
    Cluster,
    ClusterYear,
    Commitment,
    Criterion,
    CriterionGroup,
    FlagHandover,
    Membership,
    RankingEntry,
    RotationProposal,
    Score,
)
from clusters.selectors import ranking_compute
from clusters.services import cluster_year_create
from thiduakt.models import OrgUnit, User
from thiduakt.workflow import transition

DISTRICT_CLUSTER = "Cụm thi đua các huyện, thị xã, thành phố"
DISTRICTS = ["HG.VT", "HG.NB", "HG.TXLM", "HG.LM", "HG.CT", "HG.CTA", "HG.PH", "HG.VTH"]

BLOCKS = [
    # name, member codes, head, deputy
    ("Khối các sở, ban, ngành tổng hợp", ["HG.SNV", "HG.STC", "HG.SKHCN"], "HG.STC", "HG.SNV"),
    ("Khối các sở quản lý kinh tế – kỹ thuật", ["HG.SNNMT", "HG.SXD", "HG.CA"], "HG.SXD", "HG.SNNMT"),
    ("Khối văn hóa – xã hội", ["HG.SGDDT", "HG.SYT"], "HG.SYT", "HG.SGDDT"),
    ("Khối các tổ chức chính trị - xã hội", ["HG.LDLD", "HG.HND", "HG.TD"], "HG.HND", "HG.TD"),
]

TABLE = [
    # group, [(criterion, max points, evidence asked)]
    (
        "Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội",
        [
            ("Tổng giá trị sản xuất đạt và vượt kế hoạch", 20, "Báo cáo tình hình kinh tế - xã hội năm"),
            ("Thu ngân sách nhà nước đạt và vượt dự toán", 15, "Báo cáo thu ngân sách"),
            ("Giải quyết việc làm, giảm nghèo bền vững", 15, "Báo cáo của phòng chuyên môn"),
        ],
    ),
    (
        "Công tác thi đua, khen thưởng",
        [
            (
                "Tổ chức các phong trào thi đua do Trung ương, tỉnh phát động",
                15,
                "Kế hoạch, báo cáo tổng kết phong trào",
            ),
            ("Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 15, "Danh sách điển hình tiên tiến"),
        ],
    ),
    (
        "Cải cách hành chính, xây dựng chính quyền điện tử",
        [
            ("Chỉ số cải cách hành chính", 10, ""),
            ("Tỷ lệ hồ sơ trực tuyến giải quyết đúng hạn", 10, ""),
        ],
    ),
]

# Share of the maximum each district earned in 2023 (illustrative).
SHARES_2023 = {
    "HG.NB": Decimal("0.95"),
    "HG.CT": Decimal("0.94"),
    "HG.VT": Decimal("0.92"),
    "HG.PH": Decimal("0.90"),
    "HG.CTA": Decimal("0.895"),
    "HG.LM": Decimal("0.88"),
    "HG.TXLM": Decimal("0.87"),
    "HG.VTH": Decimal("0.86"),
}


def _units(codes):
    found = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def _year(cluster, year, codes, head, deputy):
    cy, _ = ClusterYear.objects.get_or_create(cluster=cluster, year=year)
    for position, unit in enumerate(_units(codes), start=1):
        Membership.objects.get_or_create(cluster_year=cy, unit=unit, defaults={"rotation_position": position})
    # Roles: clear first so that the one-head/one-deputy constraints hold while switching.
    cy.memberships.exclude(unit__code__in=[head, deputy]).exclude(role=Membership.Role.MEMBER).update(
        role=Membership.Role.MEMBER
    )
    for code, role in ((head, Membership.Role.HEAD), (deputy, Membership.Role.DEPUTY)):
        cy.memberships.filter(unit__code=code).update(role=role)
    return cy


def _table(cy):
    for g_pos, (group_title, criteria) in enumerate(TABLE, start=1):
        group, _ = CriterionGroup.objects.get_or_create(
            cluster_year=cy, title=group_title, defaults={"position": g_pos}
        )
        for c_pos, (title, max_points, evidence) in enumerate(criteria, start=1):
            Criterion.objects.get_or_create(
                group=group,
                title=title,
                defaults={"position": c_pos, "max_points": Decimal(max_points), "evidence_required": evidence},
            )


def seed(stdout=None) -> None:
    staff = User.objects.filter(username="staff").first()
    cluster, _ = Cluster.objects.get_or_create(
        name=DISTRICT_CLUSTER,
        defaults={
            "kind": Cluster.Kind.CLUSTER,
            "rotation_rule": Cluster.RotationRule.ELECTED,
            "description": "Cụm thi đua của 8 huyện, thị xã, thành phố tỉnh Hậu Giang. Cụm trưởng, cụm phó do "
            "hội nghị tổng kết giao ước thi đua hằng năm thống nhất bầu.",
        },
    )
    y2023 = _year(cluster, 2023, DISTRICTS, "HG.NB", "HG.CT")
    y2024 = _year(cluster, 2024, DISTRICTS, "HG.CT", "HG.VT")
    _table(y2023)
    _table(y2024)
    Agreement.objects.get_or_create(
        cluster_year=y2024,
        defaults={
            "title": "Giao ước thi đua năm 2024 của Cụm thi đua các huyện, thị xã, thành phố",
            "targets": "Thực hiện tốt các phong trào thi đua do Trung ương và UBND tỉnh phát động;\n"
            "Hoàn thành vượt chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2024;\n"
            "Đẩy mạnh cải cách hành chính, xây dựng chính quyền điện tử.",
            "signed_on": date(2024, 1, 20),
            "signed_at_place": "Thành phố Ngã Bảy",
        },
    )
    ct_2024 = y2024.memberships.get(unit__code="HG.CT")
    Commitment.objects.get_or_create(
        membership=ct_2024,
        defaults={"content": "Hoàn thành 100% chỉ tiêu kinh tế - xã hội; tổ chức tốt các phong trào thi đua năm 2024."},
    )
    # 2023 scores, all submitted, ranking published.
    submitted = timezone.make_aware(datetime(2023, 12, 10, 9, 0))
    criteria = list(Criterion.objects.filter(group__cluster_year=y2023))
    for membership in y2023.memberships.select_related("unit"):
        share = SHARES_2023[membership.unit.code]
        for criterion in criteria:
            points = (criterion.max_points * share * 4).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 4
            Score.objects.get_or_create(
                membership=membership,
                criterion=criterion,
                defaults={"self_points": points, "self_note": "Số liệu theo báo cáo tổng kết năm 2023."},
            )
        if membership.submitted_at is None:
            membership.submitted_at = submitted
            membership.save(update_fields=["submitted_at"])
    if not y2023.ranking_entries.exists():
        RankingEntry.objects.bulk_create(
            [
                RankingEntry(
                    cluster_year=y2023,
                    membership=r.membership,
                    position=r.position,
                    rank=r.rank,
                    self_total=r.self_total,
                    scored_total=r.scored_total,
                    deductions_total=r.deductions_total,
                    total=r.total,
                )
                for r in ranking_compute(y2023)
            ]
        )
        y2023 = transition(
            y2023,
            to=ClusterYear.ScoringStatus.PUBLISHED,
            by=staff,
            action="Công bố xếp hạng năm 2023",
            field="scoring_status",
            flow=ClusterYear.ScoringStatus,
            changes={"published_at": timezone.make_aware(datetime(2024, 1, 10, 8, 0)), "published_by": staff},
        )
    RotationProposal.objects.get_or_create(
        cluster_year=y2023,
        status=RotationProposal.Status.CONFIRMED,
        defaults={
            "rule": Cluster.RotationRule.ELECTED,
            "head": OrgUnit.objects.get(code="HG.CT"),
            "deputy": OrgUnit.objects.get(code="HG.VT"),
            "note": "Hội nghị tổng kết giao ước thi đua năm 2023 (20/01/2024) thống nhất.",
            "created_by": staff,
            "confirmed_by": staff,
            "confirmed_at": timezone.make_aware(datetime(2024, 1, 20, 11, 0)),
        },
    )
    FlagHandover.objects.get_or_create(
        cluster=cluster,
        year=2024,
        defaults={
            "from_unit": OrgUnit.objects.get(code="HG.NB"),
            "to_unit": OrgUnit.objects.get(code="HG.CT"),
            "handed_on": date(2024, 1, 20),
            "place": "Thành phố Ngã Bảy",
            "note": "Hội nghị tổng kết giao ước thi đua năm 2023, triển khai phương hướng nhiệm vụ năm 2024 "
            "(Báo Hậu Giang, 20/01/2024).",
            "recorded_by": staff,
        },
    )
    if (
        OrgUnit.objects.filter(code="CTH").exists()
        and not ClusterYear.objects.filter(cluster=cluster, year=2025).exists()
    ):
        cluster_year_create(cluster=cluster, year=2025, by=staff)  # the districts were in force on 01/01/2025
    for name, codes, head, deputy in BLOCKS:
        block, _ = Cluster.objects.get_or_create(
            name=name, defaults={"kind": Cluster.Kind.BLOCK, "rotation_rule": Cluster.RotationRule.FIXED_ORDER}
        )
        _year(block, 2024, codes, head, deputy)
    if stdout:
        stdout.write(f"  cụm, khối: {Cluster.objects.count()} cụm/khối, trao cờ 20/01/2024 Ngã Bảy → Châu Thành")
