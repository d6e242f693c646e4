"""Issue 14 in clusters: every entry checked against its meaning, every mistake correctable with history."""

from datetime import date

import pytest
from django.test import Client

from clusters import services
from clusters.models import Cluster, Event, FlagHandover
from clusters.tests.factories import cluster_with_members
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
    cy24 = cluster_with_members([world.nga_bay, world.chau_thanh, world.unit("HG.VT")], year=2024, head=world.chau_thanh)
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
