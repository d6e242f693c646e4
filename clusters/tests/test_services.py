from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from awards.models import Dossier
from clusters import services
from clusters.models import ClusterYear, Membership, RotationProposal
from clusters.selectors import ranking_compute
from clusters.tests.factories import (
    CriterionFactory,
    CriterionGroupFactory,
    cluster_with_members,
)
from thiduakt.models import Notification
from thiduakt.services import DomainError, unit_merge

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

DISTRICTS = ["HG.VT", "HG.NB", "HG.TXLM", "HG.LM", "HG.CT", "HG.CTA", "HG.PH", "HG.VTH"]


def _units(world, codes):
    return [world.unit(c) for c in codes]


def _roles(cluster_year):
    return {m.unit.code: m.role for m in cluster_year.memberships.select_related("unit") if m.role != "member"}


# ---------------------------------------------------------------------------
# Head and deputy
# ---------------------------------------------------------------------------


def test_membership_second_head_in_one_year_violates_constraint(world):
    cy = cluster_with_members(_units(world, ["HG.NB", "HG.CT", "HG.VT"]), head=world.nga_bay)
    second = cy.memberships.get(unit=world.chau_thanh)
    second.role = Membership.Role.HEAD
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_membership_second_deputy_in_one_year_violates_constraint(world):
    cy = cluster_with_members(_units(world, ["HG.NB", "HG.CT", "HG.VT"]), deputy=world.nga_bay)
    second = cy.memberships.get(unit=world.chau_thanh)
    second.role = Membership.Role.DEPUTY
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_membership_head_in_two_years_is_allowed(world):
    cy = cluster_with_members(_units(world, ["HG.NB", "HG.CT"]), head=world.nga_bay)
    other = ClusterYear.objects.create(cluster=cy.cluster, year=2024)
    Membership.objects.create(cluster_year=other, unit=world.chau_thanh, role=Membership.Role.HEAD)
    assert Membership.objects.filter(role="head").count() == 2


def test_membership_set_role_moves_the_head(world):
    cy = cluster_with_members(_units(world, ["HG.NB", "HG.CT", "HG.VT"]), head=world.nga_bay)
    services.membership_set_role(cluster_year=cy, unit=world.chau_thanh, role="head", by=world.user("staff"))
    assert _roles(cy) == {"HG.CT": "head"}


# ---------------------------------------------------------------------------
# Rotation under each rule
# ---------------------------------------------------------------------------


def test_rotation_fixed_order_proposes_next_members(world):
    cy = cluster_with_members(_units(world, DISTRICTS), head=world.nga_bay, deputy=world.chau_thanh)
    proposal = services.rotation_propose(cluster_year=cy, by=world.user("staff"))
    assert (proposal.rule, proposal.head.code, proposal.deputy.code) == ("fixed_order", "HG.TXLM", "HG.LM")


def test_rotation_fixed_order_wraps_around(world):
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT"]), head=world.chau_thanh)
    proposal = services.rotation_propose(cluster_year=cy, by=world.user("staff"))
    assert (proposal.head.code, proposal.deputy.code) == ("HG.VT", "HG.NB")


def test_rotation_confirm_opens_next_year_with_head_and_deputy(world):
    staff = world.user("staff")
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT"]), head=world.nga_bay)
    proposal = services.rotation_propose(cluster_year=cy, by=staff)
    next_year = services.rotation_confirm(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == RotationProposal.Status.CONFIRMED
    assert (next_year.year, _roles(next_year)) == (2024, {"HG.CT": "head", "HG.VT": "deputy"})
    assert sorted(next_year.memberships.values_list("unit__code", flat=True)) == ["HG.CT", "HG.NB", "HG.VT"]


def test_rotation_confirm_twice_is_refused(world):
    staff = world.user("staff")
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT"]), head=world.nga_bay)
    proposal = services.rotation_propose(cluster_year=cy, by=staff)
    services.rotation_confirm(proposal=proposal, by=staff)
    with pytest.raises(DomainError):
        services.rotation_confirm(proposal=proposal, by=staff)
    with pytest.raises(DomainError):
        services.rotation_propose(cluster_year=cy, by=staff)


def test_rotation_withdraw_and_confirm_write_the_moves_in_the_years_history(world):
    staff = world.user("staff")
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT"]), head=world.nga_bay)
    first = services.rotation_propose(cluster_year=cy, by=staff)
    services.rotation_withdraw(proposal=first, by=staff, reason="Nhầm thứ tự")
    with pytest.raises(DomainError, match=r"^Đề xuất này không còn chờ xác nhận\.$"):
        services.rotation_confirm(proposal=first, by=staff)
    second = services.rotation_propose(cluster_year=cy, by=staff)
    services.rotation_confirm(proposal=second, by=staff)
    moves = list(
        cy.events.exclude(to_status="").order_by("at", "id").values_list("from_status", "to_status", "reason", "by")
    )
    assert moves == [
        ("proposed", "withdrawn", "Nhầm thứ tự", staff.pk),
        ("proposed", "confirmed", "", staff.pk),
    ]


def _scored_year(world, codes, points, *, rule="fixed_order", head=None, tie_break="fewer_deductions,group_totals"):
    """A year where member i scores ``points[i]`` = (group 1 points, group 2 points); all submitted."""
    cy = cluster_with_members(_units(world, codes), rule=rule, head=head)
    cy.tie_break = tie_break
    cy.save()
    g1 = CriterionGroupFactory(cluster_year=cy, position=1)
    g2 = CriterionGroupFactory(cluster_year=cy, position=2)
    c1 = CriterionFactory(group=g1, max_points=Decimal("60"))
    c2 = CriterionFactory(group=g2, max_points=Decimal("40"))
    for code, (a, b) in zip(codes, points, strict=True):
        m = cy.memberships.get(unit__code=code)
        services.score_self_save(membership=m, criterion=c1, points=Decimal(a), by=None)
        services.score_self_save(membership=m, criterion=c2, points=Decimal(b), by=None)
        services.score_sheet_submit(membership=m, by=None)
    return cy


def test_rotation_by_ranking_takes_best_ranked_except_current_head(world):
    staff = world.user("staff")
    cy = _scored_year(
        world,
        ["HG.VT", "HG.NB", "HG.CT", "HG.PH"],
        [(50, 30), (55, 35), (50, 35), (40, 20)],
        rule="ranking",
        head=world.nga_bay,
    )
    services.ranking_publish(cluster_year=cy, by=staff)
    proposal = services.rotation_propose(cluster_year=cy, by=staff)
    # Ngã Bảy ranks first but is this year's head: Châu Thành (85) heads, Vị Thanh (80) deputy.
    assert (proposal.rule, proposal.head.code, proposal.deputy.code) == ("ranking", "HG.CT", "HG.VT")


def test_rotation_by_ranking_needs_published_ranking(world):
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB"]), rule="ranking")
    with pytest.raises(DomainError, match="công bố xếp hạng"):
        services.rotation_propose(cluster_year=cy, by=world.user("staff"))


def test_rotation_elected_has_no_suggestion_and_staff_record_result(world):
    staff = world.user("staff")
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT"]), rule="elected", head=world.nga_bay)
    with pytest.raises(DomainError, match="bầu"):
        services.rotation_propose(cluster_year=cy, by=staff)
    proposal = services.rotation_record(
        cluster_year=cy, head=world.chau_thanh, deputy=world.unit("HG.VT"), note="7/8 phiếu", by=staff
    )
    next_year = services.rotation_confirm(proposal=proposal, by=staff)
    assert (proposal.rule, _roles(next_year)) == ("elected", {"HG.CT": "head", "HG.VT": "deputy"})


def test_rotation_record_refuses_a_non_member(world):
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB"]), rule="elected")
    with pytest.raises(DomainError, match="thành viên"):
        services.rotation_record(cluster_year=cy, head=world.chau_thanh, deputy=None, note="x", by=None)


# ---------------------------------------------------------------------------
# Years: membership carried over, merged units replaced
# ---------------------------------------------------------------------------


def test_cluster_year_create_carries_members_and_replaces_merged_units_as_staff_confirm(world):
    staff = world.user("staff")
    cy = cluster_with_members(_units(world, ["HG.VT", "HG.NB", "HG.CT", "HG.CTA"]))
    CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), title="Thu ngân sách")
    unit_merge(units=[world.unit("HG.CTA")], into=world.chau_thanh, on=date(2024, 1, 1), by=staff, reason="Sáp nhập")
    cta = world.unit("HG.CTA")
    # A merged member is not carried silently: the successor is proposed, staff confirm it.
    with pytest.raises(DomainError, match="Hãy xem đề xuất đơn vị kế thừa"):
        services.cluster_year_create(cluster=cy.cluster, year=2024, by=staff)
    assert not ClusterYear.objects.filter(cluster=cy.cluster, year=2024).exists()
    (closed,) = services.year_closed_members(cluster=cy.cluster, year=2024)
    assert (closed.membership.unit, closed.proposed) == (cta, [world.chau_thanh])
    next_year = services.cluster_year_create(
        cluster=cy.cluster, year=2024, by=staff, successors={cta.pk: closed.proposed}
    )
    assert list(next_year.memberships.order_by("rotation_position").values_list("unit__code", flat=True)) == [
        "HG.VT",
        "HG.NB",
        "HG.CT",
    ]
    assert list(next_year.criterion_groups.values_list("criteria__title", flat=True)) == ["Thu ngân sách"]
    assert next_year.events.get().reason == (
        "Đơn vị kế thừa do cán bộ xác nhận: Ủy ban nhân dân huyện Châu Thành A → Ủy ban nhân dân huyện Châu Thành"
    )


def test_cluster_year_create_twice_is_refused(world):
    cy = cluster_with_members(_units(world, ["HG.VT"]))
    with pytest.raises(DomainError):
        services.cluster_year_create(cluster=cy.cluster, year=2023, by=None)


# ---------------------------------------------------------------------------
# Scoring and ranking
# ---------------------------------------------------------------------------


def test_ranking_ties_broken_by_group_totals_then_shared(world):
    # Vị Thanh and Châu Thành: 85 each, Châu Thành stronger in group 1; Ngã Bảy and Phụng Hiệp fully equal.
    cy = _scored_year(
        world,
        ["HG.VT", "HG.NB", "HG.CT", "HG.PH"],
        [(50, 35), (40, 30), (55, 30), (40, 30)],
        tie_break="group_totals",
    )
    rows = ranking_compute(cy)
    assert [(r.unit.code, r.total, r.rank, r.position) for r in rows] == [
        ("HG.CT", Decimal("85"), 1, 1),
        ("HG.VT", Decimal("85"), 2, 2),
        ("HG.PH", Decimal("70"), 3, 3),  # fully equal: same rank, listed by name (huyện… before thành phố…)
        ("HG.NB", Decimal("70"), 3, 4),
    ]


def test_ranking_ties_without_rules_share_rank(world):
    cy = _scored_year(world, ["HG.VT", "HG.NB", "HG.CT"], [(50, 35), (55, 30), (40, 30)], tie_break="")
    assert [(r.unit.code, r.rank) for r in ranking_compute(cy)] == [("HG.NB", 1), ("HG.VT", 1), ("HG.CT", 3)]


def test_ranking_deductions_and_adjustments_change_totals_and_ties(world):
    staff = world.user("staff")
    cy = _scored_year(world, ["HG.VT", "HG.NB", "HG.CT"], [(50, 35), (55, 35), (50, 35)], tie_break="fewer_deductions")
    nb = cy.memberships.get(unit__code="HG.NB")
    score = nb.scores.get(criterion__group__position=1)
    services.score_adjust(score=score, points=Decimal("50"), reason="Thiếu minh chứng", by=staff)
    services.deduction_add(
        membership=cy.memberships.get(unit__code="HG.VT"),
        points=Decimal("2"),
        reason="Vi phạm",
        source="Công an tỉnh",
        by=staff,
    )
    services.deduction_add(
        membership=cy.memberships.get(unit__code="HG.CT"),
        points=Decimal("1"),
        reason="Chậm nộp",
        source="Cục Thuế",
        by=staff,
    )
    services.score_adjust(score=nb.scores.get(criterion__group__position=2), points=Decimal("34"), reason="x", by=staff)
    rows = ranking_compute(cy)
    # NB 84 (0 deductions), CT 85-1 = 84 (1 deduction), VT 85-2 = 83.
    assert [(r.unit.code, r.total, r.deductions_total, r.rank) for r in rows] == [
        ("HG.NB", Decimal("84"), Decimal("0"), 1),
        ("HG.CT", Decimal("84"), Decimal("1"), 2),
        ("HG.VT", Decimal("83"), Decimal("2"), 3),
    ]


def test_score_adjust_without_reason_is_refused(world):
    cy = _scored_year(world, ["HG.VT"], [(50, 35)])
    score = cy.memberships.get().scores.first()
    with pytest.raises(DomainError, match="lý do"):
        services.score_adjust(score=score, points=Decimal("1"), reason=" ", by=world.user("staff"))
    score.refresh_from_db()
    assert score.adjusted_points is None


def test_score_self_save_above_max_is_refused(world):
    cy = cluster_with_members(_units(world, ["HG.CT"]))
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), max_points=Decimal("10"))
    with pytest.raises(DomainError, match="từ 0 đến 10"):
        services.score_self_save(membership=cy.memberships.get(), criterion=criterion, points=Decimal("11"), by=None)


def test_score_sheet_submit_requires_evidence_where_asked(world):
    cy = cluster_with_members(_units(world, ["HG.CT"]))
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), evidence_required="Báo cáo")
    membership = cy.memberships.get()
    services.score_self_save(membership=membership, criterion=criterion, points=Decimal("8"), by=None)
    with pytest.raises(DomainError, match="Thiếu minh chứng"):
        services.score_sheet_submit(membership=membership, by=None)
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    services.score_self_save(membership=membership, criterion=criterion, points=Decimal("8"), upload=upload, by=None)
    assert services.score_sheet_submit(membership=membership, by=None).submitted_at is not None


def test_score_self_save_refuses_fake_pdf(world, private_media):
    cy = cluster_with_members(_units(world, ["HG.CT"]))
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy))
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="không phải PDF, DOCX, XLSX, ODT, ODS, JPG hoặc PNG"):
        services.score_self_save(
            membership=cy.memberships.get(), criterion=criterion, points=Decimal("1"), upload=fake, by=None
        )


def test_ranking_publish_needs_every_sheet_and_freezes_scores(world):
    staff = world.user("staff")
    cy = _scored_year(world, ["HG.VT", "HG.NB"], [(50, 35), (55, 35)])
    services.score_sheet_return(membership=cy.memberships.get(unit__code="HG.VT"), reason="Sửa", by=staff)
    with pytest.raises(DomainError, match="chưa nộp"):
        services.ranking_publish(cluster_year=cy, by=staff)
    services.score_sheet_submit(membership=cy.memberships.get(unit__code="HG.VT"), by=None)
    entries = services.ranking_publish(cluster_year=cy, by=staff)
    assert [(e.membership.unit.code, e.rank, e.total) for e in entries] == [
        ("HG.NB", 1, Decimal("90")),
        ("HG.VT", 2, Decimal("85")),
    ]
    # Ngã Bảy's officer (donvi2) is told; Châu Thành's is not a member here.
    assert [(n.recipient.username, n.link) for n in Notification.objects.all()] == [
        ("donvi2", f"/cum-khoi/{cy.cluster_id}/2023/xep-hang/")
    ]
    with pytest.raises(DomainError, match="đã công bố"):
        services.score_adjust(
            score=cy.memberships.get(unit__code="HG.VT").scores.first(), points=1, reason="x", by=staff
        )


# ---------------------------------------------------------------------------
# Flag
# ---------------------------------------------------------------------------


def test_handover_twice_in_a_year_is_refused(world):
    cluster = cluster_with_members([world.nga_bay, world.chau_thanh], year=2024, head=world.chau_thanh).cluster
    services.handover_record(
        cluster=cluster,
        year=2024,
        from_unit=world.nga_bay,
        to_unit=world.chau_thanh,
        handed_on=date(2024, 1, 20),
        by=None,
    )
    with pytest.raises(DomainError, match="2024"):
        services.handover_record(
            cluster=cluster,
            year=2024,
            from_unit=world.nga_bay,
            to_unit=world.chau_thanh,
            handed_on=date(2024, 1, 21),
            by=None,
        )


# ---------------------------------------------------------------------------
# Award proposal → dossier
# ---------------------------------------------------------------------------


def _published_year(world, *, flag_count=1, commendation_count=2):
    staff = world.user("staff")
    codes = ["HG.VT", "HG.NB", "HG.CT", "HG.PH", "HG.LM"]
    cy = _scored_year(world, codes, [(50, 30), (55, 35), (58, 35), (40, 20), (45, 30)], head=world.chau_thanh)
    cy.flag_count, cy.commendation_count = flag_count, commendation_count
    cy.save()
    services.ranking_publish(cluster_year=cy, by=staff)
    return cy


def test_award_proposal_takes_leaders_for_flag_and_next_for_commendation(world):
    cy = _published_year(world)
    proposal = services.award_proposal_create(cluster_year=cy, by=world.user("donvi"))
    assert [(i.membership.unit.code, i.award_code, i.rank) for i in proposal.items.all()] == [
        ("HG.CT", "CTDT", 1),
        ("HG.NB", "BKT", 2),
        ("HG.VT", "BKT", 3),
    ]


def test_award_proposal_send_creates_the_head_units_dossier(world, private_media):
    cy = _published_year(world, flag_count=1, commendation_count=1)
    donvi = world.user("donvi")
    proposal = services.award_proposal_create(cluster_year=cy, by=donvi)
    with pytest.raises(DomainError, match="biên bản"):
        services.award_proposal_send(proposal=proposal, by=donvi)
    minutes = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    services.award_proposal_update(
        proposal=proposal,
        meeting_on=date(2024, 1, 20),
        meeting_place="Ngã Bảy",
        votes_for=5,
        votes_total=5,
        vote_note="Thống nhất 100%",
        upload=minutes,
        by=donvi,
    )
    proposal = services.award_proposal_send(proposal=proposal, by=donvi)
    dossier = Dossier.objects.get()
    assert proposal.dossier == dossier
    assert (dossier.unit, dossier.round_kind, dossier.origin, dossier.year, dossier.status) == (
        world.chau_thanh,
        "cluster",
        "cluster_proposal",
        2023,
        "draft",
    )
    assert "5/5 tán thành" in dossier.origin_note
    assert Notification.objects.filter(recipient=donvi, title__contains="đang chờ hoàn thiện").count() == 1
    nominations = sorted(
        (n.nominee_kind, n.unit.code, n.award.code, n.year) for n in dossier.nominations.select_related("unit", "award")
    )
    assert nominations == [("collective", "HG.CT", "CTDT", 2023), ("collective", "HG.NB", "BKT", 2023)]
    with pytest.raises(DomainError, match="đã được chuyển"):
        services.award_proposal_send(proposal=proposal, by=donvi)
    assert Dossier.objects.count() == 1


def test_award_proposal_refuses_tie_across_the_boundary(world):
    staff = world.user("staff")
    cy = _scored_year(world, ["HG.VT", "HG.NB", "HG.CT"], [(50, 30), (50, 30), (40, 30)], tie_break="")
    services.ranking_publish(cluster_year=cy, by=staff)
    with pytest.raises(DomainError, match="đồng hạng 1"):
        services.award_proposal_create(cluster_year=cy, by=staff)


def test_award_proposal_send_needs_majority(world, private_media):
    cy = _published_year(world)
    proposal = services.award_proposal_create(cluster_year=cy, by=None)
    services.award_proposal_update(
        proposal=proposal,
        meeting_on=date(2024, 1, 20),
        meeting_place="",
        votes_for=2,
        votes_total=5,
        vote_note="",
        upload=SimpleUploadedFile("bb.pdf", PDF),
        by=None,
    )
    with pytest.raises(DomainError, match="quá nửa"):
        services.award_proposal_send(proposal=proposal, by=None)
