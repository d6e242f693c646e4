"""Opening a cluster year after a merger: the closed members' successors are proposed, staff confirm them.

The district cluster of Hậu Giang (seed 002) had 2024 as its last year; on 01/07/2025 its eight districts
closed, each split over several communes and wards of thành phố Cần Thơ (NQ 1668/NQ-UBTVQH15). Opening 2026
must not copy the abolished districts, nor pick their successors for staff without asking.
"""

from datetime import date

import pytest
from django.test import Client

from clusters import demo as clusters_demo
from clusters import services
from clusters.models import Cluster, ClusterYear, Membership, RotationProposal
from clusters.tests.factories import cluster_with_members
from thiduakt import demo
from thiduakt.models import OrgUnit
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db

DISTRICTS = ["HG.VT", "HG.NB", "HG.TXLM", "HG.LM", "HG.CT", "HG.CTA", "HG.PH", "HG.VTH"]


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _codes(units) -> list[str]:
    return [u.code for u in units]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def districts_2024(world):
    """The district cluster with its 2024 year (Châu Thành head, Vị Thanh deputy), then the reorganisation."""
    cy = cluster_with_members(
        [world.unit(c) for c in DISTRICTS], year=2024, head=world.unit("HG.CT"), deputy=world.unit("HG.VT")
    )
    demo.seed_reorganisation()
    return cy


def _members(cluster_year) -> list[str]:
    return list(cluster_year.memberships.order_by("rotation_position").values_list("unit__code", flat=True))


def test_the_closed_districts_are_listed_with_every_successor_the_resolution_names(districts_2024):
    closed = services.year_closed_members(cluster=districts_2024.cluster, year=2026)
    proposals = {c.membership.unit.code: _codes(c.proposed) for c in closed}
    assert list(proposals) == DISTRICTS  # in the rotation order of 2024
    assert proposals["HG.CT"] == ["CTH.X.CHAUTHANH", "CTH.X.DONGPHUOC", "CTH.X.PHUHUU"]
    assert proposals["HG.NB"] == ["CTH.P.NGABAY", "CTH.P.DAITHANH"]
    assert proposals["HG.PH"][0] == "CTH.X.HIEPHUNG" and len(proposals["HG.PH"]) == 7
    assert proposals["HG.LM"] == ["CTH.X.VINHVIEN", "CTH.X.LUONGTAM", "CTH.X.VINHTHUANDONG", "CTH.X.XAPHIEN"]
    # 2025 began with the districts still in force: nothing to confirm for it.
    assert services.year_closed_members(cluster=districts_2024.cluster, year=2025) == []


def test_opening_2026_without_confirming_the_successors_writes_nothing(districts_2024):
    with pytest.raises(DomainError) as refused:
        services.cluster_year_create(cluster=districts_2024.cluster, year=2026, by=None)
    assert str(refused.value).startswith(
        "Năm 2026: đơn vị thành viên năm trước đã ngừng hoạt động (Ủy ban nhân dân thành phố Vị Thanh, "
    )
    assert str(refused.value).endswith("Hãy xem đề xuất đơn vị kế thừa và xác nhận trước khi mở năm.")
    assert not ClusterYear.objects.filter(cluster=districts_2024.cluster, year=2026).exists()


def test_opening_2026_carries_the_successors_staff_kept_once_each_and_records_them(districts_2024, world):
    staff = world.user("staff")
    closed = {
        c.membership.unit.code: c for c in services.year_closed_members(cluster=districts_2024.cluster, year=2026)
    }
    chosen = {c.membership.unit_id: [] for c in closed.values()}  # staff drop the districts they do not keep
    chosen[_unit("HG.CT").pk] = closed["HG.CT"].proposed[:2]  # xã Châu Thành, xã Đông Phước; not xã Phú Hữu
    chosen[_unit("HG.CTA").pk] = [_unit("CTH.X.TANHOA"), _unit("CTH.X.DONGPHUOC")]  # Đông Phước again
    chosen[_unit("HG.NB").pk] = closed["HG.NB"].proposed
    year = services.cluster_year_create(
        cluster=districts_2024.cluster, year=2026, by=staff, successors=chosen, units=[_unit("CTH.X.PHUHUU")]
    )
    assert _members(year) == [
        "CTH.P.NGABAY",
        "CTH.P.DAITHANH",
        "CTH.X.CHAUTHANH",
        "CTH.X.DONGPHUOC",
        "CTH.X.TANHOA",
        "CTH.X.PHUHUU",
    ]
    assert list(year.memberships.order_by("rotation_position").values_list("rotation_position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    reason = year.events.get().reason
    assert reason.startswith("Đơn vị kế thừa do cán bộ xác nhận: Ủy ban nhân dân thành phố Vị Thanh → không có")
    assert "Ủy ban nhân dân huyện Châu Thành → Ủy ban nhân dân xã Châu Thành, Ủy ban nhân dân xã Đông Phước" in reason
    assert not year.memberships.filter(unit__valid_to__lt=date(2026, 1, 1)).exists()


def test_a_stale_or_wrong_confirmation_is_refused_and_writes_nothing(districts_2024):
    cluster = districts_2024.cluster
    closed = services.year_closed_members(cluster=cluster, year=2026)
    partial = {c.membership.unit_id: c.proposed for c in closed[1:]}  # one closed member not answered
    with pytest.raises(DomainError, match="đã thay đổi; hãy xem lại đề xuất đơn vị kế thừa"):
        services.cluster_year_create(cluster=cluster, year=2026, by=None, successors=partial)
    wrong = {c.membership.unit_id: [] for c in closed}
    wrong[closed[0].membership.unit_id] = [_unit("HG.NB")]  # a closed district cannot carry on another
    with pytest.raises(DomainError) as refused:
        services.cluster_year_create(cluster=cluster, year=2026, by=None, successors=wrong)
    assert str(refused.value) == "Ủy ban nhân dân thành phố Ngã Bảy không hoạt động trong năm 2026."
    assert not ClusterYear.objects.filter(cluster=cluster, year=2026).exists()
    assert Membership.objects.filter(cluster_year__cluster=cluster).count() == len(DISTRICTS)


def test_the_confirmed_head_of_a_closed_district_passes_to_its_kept_successor(world):
    staff = world.user("staff")
    year_2025 = cluster_with_members([world.unit(c) for c in DISTRICTS], year=2025, head=world.unit("HG.CT"))
    demo.seed_reorganisation()
    cluster = year_2025.cluster
    proposal = services.rotation_record(
        cluster_year=year_2025, head=_unit("HG.CT"), deputy=_unit("HG.NB"), note="Bầu 8/8 phiếu", by=staff
    )
    # Next year is not opened behind staff's back: its closed members come first.
    with pytest.raises(DomainError) as refused:
        services.rotation_confirm(proposal=proposal, by=staff)
    assert str(refused.value) == (
        "Năm 2026 có đơn vị thành viên đã ngừng hoạt động: hãy mở năm 2026 và xác nhận đơn vị kế thừa trước, "
        "rồi xác nhận cụm trưởng, cụm phó."
    )
    proposal.refresh_from_db()
    assert proposal.status == RotationProposal.Status.PROPOSED
    assert not ClusterYear.objects.filter(cluster=cluster, year=2026).exists()
    chosen = {c.membership.unit_id: c.proposed for c in services.year_closed_members(cluster=cluster, year=2026)}
    chosen[_unit("HG.NB").pk] = []  # the deputy's district is not kept
    services.cluster_year_create(cluster=cluster, year=2026, by=staff, successors=chosen)
    next_year = services.rotation_confirm(proposal=proposal, by=staff)
    assert dict(next_year.memberships.exclude(role="member").values_list("unit__code", "role")) == {
        "CTH.X.CHAUTHANH": "head"
    }
    assert next_year.events.filter(
        action="Cụm phó đã xác nhận (Ủy ban nhân dân thành phố Ngã Bảy) đã ngừng hoạt động: cần phân công lại."
    ).exists()


def test_membership_add_refuses_a_unit_not_in_force_in_the_year(districts_2024):
    year_2024 = districts_2024
    with pytest.raises(DomainError) as refused:
        services.membership_add(cluster_year=year_2024, unit=_unit("CTH.X.CHAUTHANH"), by=None)
    assert str(refused.value) == "Ủy ban nhân dân xã Châu Thành không hoạt động trong năm 2024."
    assert not year_2024.memberships.filter(unit__code="CTH.X.CHAUTHANH").exists()


# ---------------------------------------------------------------------------
# The screens
# ---------------------------------------------------------------------------


def test_open_year_screen_previews_closed_members_then_opens_as_confirmed(districts_2024, world):
    cluster = districts_2024.cluster
    client = _client(world.user("staff"))
    form = client.get(f"/cum-khoi/{cluster.pk}/mo-nam/")
    offered = {u.code for u in form.context["form"].fields["units"].queryset}
    assert form.context["form"].initial["year"] == 2025
    assert {"CTH.X.CHAUTHANH", "HG.CT"} <= offered  # 2025: the districts to 30/06, the communes from 01/07
    assert "HG.CT.PNV" in offered and "HG.PH.HA" in offered
    preview = client.post(f"/cum-khoi/{cluster.pk}/mo-nam/", {"year": 2026})
    assert preview.status_code == 200
    assert preview.templates[0].name == "clusters/year_successors.html"
    page = preview.content.decode()
    assert "Mở năm 2026: xác nhận đơn vị kế thừa" in page
    assert 'data-testid="closed-HG.CT"' in page and "đã sáp nhập vào Ủy ban nhân dân xã Châu Thành" in page
    ct, nb = _unit("HG.CT"), _unit("HG.NB")
    assert f'name="keep_{ct.pk}" value="{_unit("CTH.X.PHUHUU").pk}"' in page
    assert page.count("checked") == sum(len(c.proposed) for c in preview.context["successor_form"].closed)
    txlm = page[page.index('data-testid="closed-HG.TXLM"') :]
    assert txlm.index("phường Long Mỹ") < txlm.index("phường Long Bình")  # the seat first, as proposed
    assert not ClusterYear.objects.filter(cluster=cluster, year=2026).exists()
    shown = preview.context["successor_form"].ids
    confirm = {
        "year": 2026,
        "confirm": "1",
        "shown": shown,
        f"keep_{ct.pk}": [_unit("CTH.X.CHAUTHANH").pk],
        f"keep_{nb.pk}": [_unit("CTH.P.NGABAY").pk, _unit("CTH.P.DAITHANH").pk],
        "units": [_unit("CTH.X.HOAAN").pk],
    }
    stale = client.post(f"/cum-khoi/{cluster.pk}/mo-nam/", {**confirm, "shown": "1,2"})
    assert stale.status_code == 200
    assert "Danh sách đơn vị đã ngừng hoạt động đã thay đổi" in stale.content.decode()
    assert not ClusterYear.objects.filter(cluster=cluster, year=2026).exists()
    done = client.post(f"/cum-khoi/{cluster.pk}/mo-nam/", confirm)
    year = ClusterYear.objects.get(cluster=cluster, year=2026)
    assert done.status_code == 302 and done.url == f"/cum-khoi/{cluster.pk}/2026/"
    assert _members(year) == ["CTH.P.NGABAY", "CTH.P.DAITHANH", "CTH.X.CHAUTHANH", "CTH.X.HOAAN"]


def test_open_year_screen_without_closed_members_opens_directly(world):
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], year=2024)
    response = _client(world.user("staff")).post(f"/cum-khoi/{cy.cluster_id}/mo-nam/", {"year": 2025})
    assert response.status_code == 302
    assert sorted(_members(ClusterYear.objects.get(cluster=cy.cluster, year=2025))) == ["HG.CT", "HG.NB"]


def test_the_year_page_marks_closed_members_and_offers_only_units_of_the_year(districts_2024, world):
    page = _client(world.user("staff")).get(f"/cum-khoi/{districts_2024.cluster_id}/2024/")
    content = page.content.decode()
    assert (
        "Ủy ban nhân dân huyện Châu Thành (đã sáp nhập vào Ủy ban nhân dân xã Châu Thành, Ủy ban nhân dân xã "
        "Đông Phước, Ủy ban nhân dân xã Phú Hữu)"
    ) in content
    offered = {u.code for u in page.context["member_form"].fields["unit"].queryset}
    assert "HG.DHG" in offered and "CTH.X.CHAUTHANH" not in offered  # 2024: the city's communes did not exist


def test_handover_refuses_a_unit_closed_on_the_day(districts_2024, world):
    client = _client(world.user("staff"))
    response = client.post(
        f"/cum-khoi/{districts_2024.cluster_id}/trao-co/",
        {"year": 2026, "from_unit": _unit("HG.CT").pk, "to_unit": _unit("HG.NB").pk, "handed_on": "20/01/2026"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "from_unit": ["Ủy ban nhân dân huyện Châu Thành không hoạt động vào ngày 20/01/2026."],
        "to_unit": ["Ủy ban nhân dân thành phố Ngã Bảy không hoạt động vào ngày 20/01/2026."],
    }
    assert not districts_2024.cluster.handovers.exists()


def test_a_member_closed_without_successor_is_shown_as_such_and_left_out(world):
    cy = cluster_with_members([world.unit("HG.CT.PNV"), world.unit("HG.SYT")], year=2024)
    demo.seed_reorganisation()
    client = _client(world.user("staff"))
    preview = client.post(f"/cum-khoi/{cy.cluster_id}/mo-nam/", {"year": 2026})
    page = preview.content.decode()
    assert "ngừng hoạt động từ 01/07/2025" in page
    assert "Không có đơn vị kế thừa: đơn vị này không chuyển sang năm mới." in page
    form = preview.context["successor_form"]
    syt = _unit("HG.SYT")
    client.post(
        f"/cum-khoi/{cy.cluster_id}/mo-nam/",
        {"year": 2026, "confirm": "1", "shown": form.ids, f"keep_{syt.pk}": [_unit("CTH.SYT").pk]},
    )
    assert _members(ClusterYear.objects.get(cluster=cy.cluster, year=2026)) == ["CTH.SYT"]


def test_a_tampered_choice_is_refused_in_vietnamese_and_writes_nothing(districts_2024, world):
    cluster = districts_2024.cluster
    client = _client(world.user("staff"))
    form = client.post(f"/cum-khoi/{cluster.pk}/mo-nam/", {"year": 2026}).context["successor_form"]
    ct = _unit("HG.CT")
    response = client.post(
        f"/cum-khoi/{cluster.pk}/mo-nam/",
        {"year": 2026, "confirm": "1", "shown": form.ids, f"keep_{ct.pk}": [_unit("HG.NB").pk]},
    )
    assert response.status_code == 200
    errors = response.context["successor_form"].errors[f"keep_{ct.pk}"]
    assert errors == [
        f"Hãy chọn một lựa chọn hợp lệ. {_unit('HG.NB').pk} không phải là một trong các lựa chọn khả thi."
    ]
    assert errors[0] in response.content.decode()
    assert not ClusterYear.objects.filter(cluster=cluster, year=2026).exists()


def test_the_demo_after_the_reorganisation_has_2025_and_asks_for_2026(world):
    demo.seed_reorganisation()
    clusters_demo.seed()
    cluster = Cluster.objects.get(name=clusters_demo.DISTRICT_CLUSTER)
    assert sorted(_members(ClusterYear.objects.get(cluster=cluster, year=2025))) == sorted(DISTRICTS)
    assert [c.membership.unit.code for c in services.year_closed_members(cluster=cluster, year=2026)] == [
        "HG.VT",
        "HG.NB",
        "HG.TXLM",
        "HG.LM",
        "HG.CT",
        "HG.CTA",
        "HG.PH",
        "HG.VTH",
    ]
    assert _client(world.user("staff")).get(f"/cum-khoi/{cluster.pk}/mo-nam/").context["form"].initial["year"] == 2026
    clusters_demo.seed()
    assert cluster.years.count() == 3
