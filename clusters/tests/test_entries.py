"""Issue 14 in clusters: every entry checked against its meaning, every mistake correctable with history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clusters import services
from clusters.models import Agreement, AwardProposal, ClusterYear, Criterion, Deduction, Event, FlagHandover, Membership
from clusters.selectors import quota_counts, ranking_compute, table_total
from clusters.tests.factories import CriterionFactory, CriterionGroupFactory, cluster_with_members
from thiduakt.models import Notification
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------
# Flag handover: to that year's head, for a year that has begun; corrected or cancelled with a reason
# ---------------------------------------------------------------------------


def _flag_cluster(world):
    """2023: Ngã Bảy heads; 2024: Châu Thành heads (Vị Thanh a member)."""
    cy23 = cluster_with_members([world.nga_bay, world.chau_thanh, world.unit("HG.VT")], year=2023, head=world.nga_bay)
    cluster = cy23.cluster
    cy24 = cluster_with_members(
        [world.nga_bay, world.chau_thanh, world.unit("HG.VT")], year=2024, head=world.chau_thanh
    )
    other = cy24.cluster  # the helper made a cluster of its own: move its year under the first
    cy24.cluster = cluster
    cy24.save()
    other.delete()
    return cluster, cy23, cy24


def _handover(world, cluster, **kw):
    args = {
        "cluster": cluster,
        "year": 2024,
        "from_unit": world.nga_bay,
        "to_unit": world.chau_thanh,
        "handed_on": date(2024, 1, 20),
        "by": world.user("staff"),
    }
    args.update(kw)
    return services.handover_record(**args)


def test_handover_to_a_unit_that_is_not_that_years_head_is_refused(world):
    cluster, _cy23, _cy24 = _flag_cluster(world)
    with pytest.raises(DomainError, match="phải là cụm trưởng năm 2024"):
        _handover(world, cluster, to_unit=world.unit("HG.VT"))
    response = _client(world.user("staff")).post(
        f"/cum-khoi/{cluster.pk}/trao-co/",
        {"year": 2024, "from_unit": world.nga_bay.pk, "to_unit": world.unit("HG.VT").pk, "handed_on": "20/01/2024"},
    )
    assert response.status_code == 200
    assert "Đơn vị nhận cờ năm 2024 phải là cụm trưởng năm 2024." in response.content.decode()
    assert FlagHandover.objects.count() == 0


def test_handover_for_a_year_not_begun_is_refused(world):
    cluster, _cy23, _cy24 = _flag_cluster(world)
    with pytest.raises(DomainError, match="2031"):
        _handover(world, cluster, year=2031, handed_on=date(2024, 1, 20))
    response = _client(world.user("staff")).post(
        f"/cum-khoi/{cluster.pk}/trao-co/",
        {"year": 2031, "from_unit": world.nga_bay.pk, "to_unit": world.chau_thanh.pk, "handed_on": "20/01/2024"},
    )
    assert response.status_code == 200
    assert "Năm 2031 không hợp lệ: không được sau" in response.content.decode()
    assert FlagHandover.objects.count() == 0


def test_handover_form_is_prefilled_with_year_holder_and_new_head(world):
    cluster, _cy23, _cy24 = _flag_cluster(world)
    _handover(world, cluster, year=2023, from_unit=None, to_unit=world.nga_bay, handed_on=date(2023, 1, 15))
    form = _client(world.user("staff")).get(f"/cum-khoi/{cluster.pk}/trao-co/").context["form"]
    assert (form["year"].value(), form["from_unit"].value(), form["to_unit"].value()) == (
        2024,
        world.nga_bay.pk,
        world.chau_thanh.pk,
    )


def test_mistaken_handover_is_corrected_with_a_reason_kept_in_history(world):
    cluster, _cy23, cy24 = _flag_cluster(world)
    handover = _handover(world, cluster, handed_on=date(2024, 1, 2))
    client = _client(world.user("staff"))
    refused = client.post(
        f"/cum-khoi/trao-co/{handover.pk}/sua/",
        {"from_unit": world.nga_bay.pk, "to_unit": world.chau_thanh.pk, "handed_on": "20/01/2024", "reason": ""},
    )
    assert refused.status_code == 200 and FlagHandover.objects.get().handed_on == date(2024, 1, 2)
    response = client.post(
        f"/cum-khoi/trao-co/{handover.pk}/sua/",
        {
            "from_unit": world.nga_bay.pk,
            "to_unit": world.chau_thanh.pk,
            "handed_on": "20/01/2024",
            "place": "Thành phố Ngã Bảy",
            "reason": "Ghi nhầm ngày trao",
        },
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert (handover.year, handover.handed_on, handover.place) == (2024, date(2024, 1, 20), "Thành phố Ngã Bảy")
    assert handover.history.first().history_change_reason == "Ghi nhầm ngày trao"
    event = Event.objects.filter(cluster_year=cy24).first()
    assert event.reason == "Ghi nhầm ngày trao"
    assert event.action.startswith("Sửa bản ghi trao Cờ Cụm trưởng năm 2024: ngày trao 02/01/2024 → 20/01/2024")


def test_mistaken_handover_is_cancelled_with_a_reason_and_the_right_one_recorded(world):
    cluster, _cy23, cy24 = _flag_cluster(world)
    wrong = _handover(world, cluster, from_unit=world.unit("HG.VT"))
    client = _client(world.user("staff"))
    page = client.get(f"/cum-khoi/trao-co/{wrong.pk}/huy/")
    assert page.status_code == 200 and FlagHandover.objects.get().status == FlagHandover.Status.RECORDED
    assert client.post(f"/cum-khoi/trao-co/{wrong.pk}/huy/", {"reason": ""}).status_code == 200
    response = client.post(f"/cum-khoi/trao-co/{wrong.pk}/huy/", {"reason": "Ghi nhầm đơn vị trao"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert (wrong.status, wrong.cancel_reason, wrong.cancelled_by) == (
        FlagHandover.Status.CANCELLED,
        "Ghi nhầm đơn vị trao",
        world.user("staff"),
    )
    right = _handover(world, cluster)
    assert list(FlagHandover.objects.order_by("id").values_list("status", flat=True)) == ["cancelled", "recorded"]
    event = Event.objects.filter(cluster_year=cy24, to_status="cancelled").get()
    assert event.reason == "Ghi nhầm đơn vị trao"
    detail = client.get(f"/cum-khoi/{cluster.pk}/")
    assert detail.context["flag"] == right
    assert "Ghi nhầm đơn vị trao" in detail.content.decode()
    with pytest.raises(DomainError, match="đã hủy"):
        services.handover_cancel(handover=wrong, reason="lần nữa", by=None)


# ---------------------------------------------------------------------------
# Agreement, table, deductions, votes; setup read-only on published years
# ---------------------------------------------------------------------------


def _table_year(world, *, year=2024):
    """Châu Thành heads, Ngã Bảy and Vị Thanh members; a table of 60 + 40 = 100 points (the declared maximum)."""
    cy = cluster_with_members(
        [world.chau_thanh, world.nga_bay, world.unit("HG.VT")], year=year, head=world.chau_thanh, deputy=world.nga_bay
    )
    group = CriterionGroupFactory(cluster_year=cy, position=1)
    c1 = CriterionFactory(group=group, max_points=Decimal("60"))
    c2 = CriterionFactory(group=group, max_points=Decimal("40"))
    return cy, c1, c2


def test_agreement_signed_in_2030_or_outside_its_year_is_refused(world):
    cy, _c1, _c2 = _table_year(world)
    client = _client(world.user("staff"))
    url = f"/cum-khoi/{cy.cluster_id}/2024/giao-uoc/"
    for day, message in (
        ("10/03/2030", "Ngày 10/03/2030 chưa đến"),
        ("15/06/2022", "Ngày 15/06/2022 sớm hơn ngày 01/10/2023 (quý IV năm trước)"),
        ("05/01/2025", "Ngày 05/01/2025 muộn hơn ngày cuối năm 2024 (31/12/2024)"),
    ):
        response = client.post(url, {"title": "Giao ước 2024", "targets": "Vượt kế hoạch", "signed_on": day})
        assert response.status_code == 200, day
        assert message in response.content.decode(), day
    with pytest.raises(DomainError, match="chưa đến"):
        services.agreement_save(cluster_year=cy, title="G", targets="T", signed_on=date(2030, 3, 10), by=None)
    assert not Agreement.objects.exists()
    assert client.post(url, {"title": "Giao ước 2024", "targets": "T", "signed_on": "20/01/2024"}).status_code == 302


def test_criterion_of_1000_points_over_the_tables_declared_maximum_is_refused(world):
    cy, c1, _c2 = _table_year(world)
    client = _client(world.user("staff"))
    response = client.post(
        f"/cum-khoi/nhom-tieu-chi/{c1.group_id}/tieu-chi/",
        {"position": 3, "title": "Tiêu chí thêm", "max_points": "1000"},
    )
    assert response.status_code == 200
    assert "1.000 lớn hơn số điểm còn lại của bảng (tổng tối đa 100, các tiêu chí khác 100) (0)." in (
        response.content.decode()
    )
    with pytest.raises(DomainError, match="tổng điểm tối đa của bảng chấm điểm năm 2024"):
        services.criterion_save(group=c1.group, title="Thêm", position=3, max_points=Decimal("1000"), by=None)
    with pytest.raises(DomainError, match="100,5 lớn hơn"):
        services.criterion_save(
            group=c1.group, criterion=c1, title=c1.title, position=1, max_points=Decimal("60.5"), by=None
        )
    assert Criterion.objects.filter(group__cluster_year=cy).count() == 2
    # Lowering one criterion makes room for another of the same size.
    services.criterion_save(group=c1.group, criterion=c1, title=c1.title, position=1, max_points=Decimal("50"), by=None)
    services.criterion_save(group=c1.group, title="Thêm", position=3, max_points=Decimal("10"), by=None)
    assert table_total(cy) == Decimal("100")


def test_deduction_of_500_points_making_the_total_negative_is_refused(world):
    cy, c1, c2 = _table_year(world)
    member = cy.memberships.get(unit=world.nga_bay)
    services.score_self_save(membership=member, criterion=c1, points=Decimal("55.5"), by=None)
    services.score_self_save(membership=member, criterion=c2, points=Decimal("38"), by=None)
    staff = world.user("staff")
    with pytest.raises(DomainError, match="500 lớn hơn tổng điểm tối đa của bảng chấm điểm"):
        services.deduction_add(membership=member, points=Decimal("500"), reason="Vi phạm", source="Công an", by=staff)
    services.score_sheet_submit(membership=member, by=None)
    with pytest.raises(DomainError, match="95 lớn hơn điểm sau thẩm định của đơn vị"):
        services.deduction_add(membership=member, points=Decimal("95"), reason="Vi phạm", source="Công an", by=staff)
    response = _client(staff).post(
        f"/cum-khoi/thanh-vien/{member.pk}/diem-tru/", {"points": "500", "reason": "Vi phạm", "source": "Công an"}
    )
    assert response.status_code == 200
    assert "500 lớn hơn số điểm còn có thể trừ (điểm sau thẩm định của đơn vị 93,5, đã trừ 0) (93,5)." in (
        response.content.decode()
    )
    assert not Deduction.objects.exists()
    services.deduction_add(membership=member, points=Decimal("2.5"), reason="Vi phạm", source="Thuế", by=staff)
    assert [r.total for r in ranking_compute(cy) if r.membership == member] == [Decimal("91.0")]


def test_eight_votes_for_with_seven_present_or_more_voters_than_members_is_refused(world, private_media):
    cy, _c1, _c2 = _table_year(world, year=2023)
    proposal = AwardProposal.objects.create(cluster_year=cy)
    args = {"meeting_on": date(2024, 1, 15), "meeting_place": "", "vote_note": "", "by": None}
    with pytest.raises(DomainError, match="8 lớn hơn tổng số đơn vị biểu quyết"):
        services.award_proposal_update(proposal=proposal, votes_for=8, votes_total=7, **args)
    with pytest.raises(DomainError, match="7 lớn hơn số đơn vị thành viên của cụm"):
        services.award_proposal_update(proposal=proposal, votes_for=3, votes_total=7, **args)
    with pytest.raises(DomainError, match="chưa đến"):
        services.award_proposal_update(
            proposal=proposal, votes_for=3, votes_total=3, **{**args, "meeting_on": date(2030, 1, 1)}
        )
    Membership.objects.filter(cluster_year=cy, role="deputy").update(role="member")
    Membership.objects.filter(cluster_year=cy, unit=world.chau_thanh).update(role="head")
    response = _client(world.user("donvi")).post(
        f"/cum-khoi/{cy.cluster_id}/2023/de-nghi/sua/", {"meeting_on": "15/01/2024", "votes_for": 8, "votes_total": 7}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "7 lớn hơn số đơn vị thành viên của cụm (3)." in page
    assert "8 lớn hơn tổng số đơn vị biểu quyết (7)." in page
    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_total) == (None, None)


def test_setup_forms_are_read_only_on_a_published_year(world):
    cy, c1, _c2 = _table_year(world)
    Agreement.objects.create(cluster_year=cy, title="Giao ước 2024", targets="Vượt kế hoạch")
    ClusterYear.objects.filter(pk=cy.pk).update(scoring_status="published")
    client = _client(world.user("staff"))
    base = f"/cum-khoi/{cy.cluster_id}/2024"
    configure = client.get(f"{base}/cau-hinh/")
    assert configure.context["form"] is None and "thiết lập của năm chỉ còn để xem" in configure.content.decode()
    assert ("Tổng điểm tối đa của bảng chấm điểm", "100") in configure.context["readonly"]
    agreement = client.get(f"{base}/giao-uoc/")
    assert agreement.context["form"] is None and ("Tên giao ước", "Giao ước 2024") in agreement.context["readonly"]
    member = cy.memberships.get(unit=world.nga_bay)
    assert client.get(f"/cum-khoi/thanh-vien/{member.pk}/cam-ket/").context["form"] is None
    with pytest.raises(DomainError, match="thiết lập của năm không sửa được"):
        services.commitment_save(membership=member, content="Cam kết", by=None)
    assert client.get(f"/cum-khoi/tieu-chi/{c1.pk}/sua/").status_code == 302
    assert client.get(f"/cum-khoi/nhom-tieu-chi/{c1.group_id}/tieu-chi/").status_code == 302
    year_page = client.get(f"{base}/").content.decode()
    assert 'data-testid="member-setup"' not in year_page and 'data-testid="agreement-edit"' not in year_page
    with pytest.raises(DomainError, match="thiết lập của năm không sửa được"):
        services.membership_set_role(cluster_year=cy, unit=world.unit("HG.VT"), role="head", by=None)
    with pytest.raises(DomainError, match="thiết lập của năm không sửa được"):
        services.agreement_save(cluster_year=cy, title="G", targets="T", signed_on=None, by=None)


# ---------------------------------------------------------------------------
# Cross-check: never one's own sheet; a returned sheet tells its member why
# ---------------------------------------------------------------------------


def test_head_cannot_adjust_its_own_score_the_deputy_or_staff_does(world):
    cy, c1, _c2 = _table_year(world)
    own = cy.memberships.get(unit=world.chau_thanh)
    score = services.score_self_save(membership=own, criterion=c1, points=Decimal("14"), by=None)
    head = _client(world.user("donvi"))
    assert head.post(f"/cum-khoi/diem/{score.pk}/tham-dinh/", {"points": "15", "reason": "Tự sửa"}).status_code == 404
    with pytest.raises(DomainError, match="không tự thẩm định"):
        services.score_adjust(score=score, points=Decimal("15"), reason="Tự sửa", by=world.user("donvi"))
    score.refresh_from_db()
    assert score.adjusted_points is None
    deputy = _client(world.user("donvi2"))  # Ngã Bảy is the deputy
    response = deputy.post(f"/cum-khoi/diem/{score.pk}/tham-dinh/", {"points": "13,5", "reason": "Thiếu minh chứng"})
    score.refresh_from_db()
    assert (response.status_code, score.adjusted_points, score.adjusted_by) == (
        302,
        Decimal("13.5"),
        world.user("donvi2"),
    )
    # The deputy cross-checks only the head's sheet.
    other = services.score_self_save(
        membership=cy.memberships.get(unit=world.unit("HG.VT")), criterion=c1, points=9, by=None
    )
    assert deputy.post(f"/cum-khoi/diem/{other.pk}/tham-dinh/", {"points": "8", "reason": "x"}).status_code == 404


def test_returned_sheet_shows_its_member_the_reason_and_adjustment_and_notifies(world):
    cy, c1, c2 = _table_year(world)
    member = cy.memberships.get(unit=world.nga_bay)
    score = services.score_self_save(membership=member, criterion=c1, points=Decimal("50"), by=None)
    services.score_self_save(membership=member, criterion=c2, points=Decimal("30"), by=None)
    services.score_sheet_submit(membership=member, by=None)
    head = world.user("donvi")
    services.score_adjust(score=score, points=Decimal("45"), reason="Thu ngân sách chưa đạt", by=head)
    response = _client(head).post(f"/cum-khoi/thanh-vien/{member.pk}/tra-lai/", {"reason": "Bổ sung minh chứng"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.submitted_at, member.return_reason, member.returned_by) == (None, "Bổ sung minh chứng", head)
    note = Notification.objects.get(recipient=world.user("donvi2"))
    assert "trả lại bảng tự chấm năm 2024" in note.title and "Bổ sung minh chứng" in note.body
    assert note.link == f"/cum-khoi/thanh-vien/{member.pk}/cham-diem/"
    page = _client(world.user("donvi2")).get(note.link).content.decode()
    assert 'data-testid="return-reason">Bổ sung minh chứng<' in page
    assert "50 → <strong>45</strong> — Thu ngân sách chưa đạt" in page


# ---------------------------------------------------------------------------
# Cluster proposals: the quota counted ("2/1 ✗"), beyond it only by staff with a reason
# ---------------------------------------------------------------------------


def _tied_year(world):
    """Vị Thanh and Ngã Bảy share rank 1; one flag and one commendation allowed."""
    cy, c1, c2 = _table_year(world, year=2023)
    Membership.objects.filter(cluster_year=cy, role="deputy").update(role="member")
    for unit, (a, b) in ((world.unit("HG.VT"), (50, 30)), (world.nga_bay, (50, 30)), (world.chau_thanh, (40, 30))):
        m = cy.memberships.get(unit=unit)
        services.score_self_save(membership=m, criterion=c1, points=Decimal(a), by=None)
        services.score_self_save(membership=m, criterion=c2, points=Decimal(b), by=None)
        services.score_sheet_submit(membership=m, by=None)
    cy.tie_break, cy.flag_count, cy.commendation_count = "", 1, 1
    cy.save()
    services.ranking_publish(cluster_year=cy, by=world.user("staff"))
    return cy


def test_cluster_proposal_over_quota_only_by_staff_with_a_reason_shown_2_of_1(world):
    cy = _tied_year(world)
    with pytest.raises(DomainError, match="đồng hạng 1"):
        services.award_proposal_create(cluster_year=cy, by=world.user("donvi"))
    with pytest.raises(DomainError, match="Chỉ Sở Nội vụ"):
        services.award_proposal_create(cluster_year=cy, by=world.user("donvi"), override_reason="Đồng hạng")
    assert not AwardProposal.objects.exists()
    staff = _client(world.user("staff"))
    response = staff.post(
        f"/cum-khoi/{cy.cluster_id}/2023/de-nghi/", {"override_reason": "Hai đơn vị đồng hạng nhất, cùng thành tích"}
    )
    assert response.status_code == 302
    proposal = AwardProposal.objects.get()
    assert sorted((i.membership.unit.code, i.award_code) for i in proposal.items.all()) == [
        ("HG.CT", "BKT"),
        ("HG.NB", "CTDT"),
        ("HG.VT", "CTDT"),
    ]
    assert [q.text for q in quota_counts(proposal)] == ["Cờ thi đua: 2/1 ✗", "Bằng khen: 1/1 ✓"]
    assert (proposal.quota_override_reason, proposal.quota_override_by) == (
        "Hai đơn vị đồng hạng nhất, cùng thành tích",
        world.user("staff"),
    )
    assert Event.objects.filter(cluster_year=cy, action__startswith="Cho phép đề nghị vượt số lượng").get().reason == (
        "Hai đơn vị đồng hạng nhất, cùng thành tích"
    )
    page = staff.get(f"/cum-khoi/{cy.cluster_id}/2023/").content.decode()
    assert "Cờ thi đua: 2/1 ✗" in page and "Hai đơn vị đồng hạng nhất" in page


def test_cluster_proposal_send_refuses_items_over_quota_without_reason(world, private_media):
    cy = _tied_year(world)
    proposal = services.award_proposal_create(cluster_year=cy, by=world.user("staff"), override_reason="Đồng hạng")
    AwardProposal.objects.filter(pk=proposal.pk).update(quota_override_reason="")
    services.award_proposal_update(
        proposal=proposal,
        meeting_on=date(2024, 1, 15),
        meeting_place="",
        votes_for=3,
        votes_total=3,
        vote_note="",
        upload=SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        by=None,
    )
    with pytest.raises(DomainError, match="Cờ thi đua: 2/1 ✗"):
        services.award_proposal_send(proposal=proposal, by=world.user("staff"))


def test_year_boxes_show_2024_not_a_grouped_number(world):
    cluster, _cy23, _cy24 = _flag_cluster(world)
    page = _client(world.user("staff")).get(f"/cum-khoi/{cluster.pk}/trao-co/").content.decode()
    assert 'value="2024"' in page and "2.024" not in page
