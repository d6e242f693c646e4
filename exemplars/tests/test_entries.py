"""Issue 14 in exemplars: dates checked against the exemplar's own dates, the approved text required,
records made by mistake removed with a reason kept in the history."""

from datetime import date

import pytest
from django.test import Client

from exemplars import services
from exemplars.admin import ExemplarAdminForm
from exemplars.models import Exemplar, FosteringAction, Replication, Stage, StageEvent
from exemplars.tests.factories import ExemplarFactory, FosteringActionFactory
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_fostering_action_before_the_discovery_or_in_the_future_is_refused(world):
    exemplar = ExemplarFactory(discovered_on=date(2024, 3, 15))
    args = {
        "exemplar": exemplar,
        "by": world.user("staff"),
        "description": "Tập huấn",
        "responsible_unit": exemplar.unit,
    }
    with pytest.raises(DomainError, match="Ngày 01/02/2024 sớm hơn ngày phát hiện điển hình \\(15/03/2024\\)"):
        services.fostering_action_add(date=date(2024, 2, 1), **args)
    with pytest.raises(DomainError, match="chưa đến"):
        services.fostering_action_add(date=date(2030, 1, 1), **args)
    response = _client(world.user("staff")).post(
        f"/dien-hinh/{exemplar.pk}/boi-duong/",
        {"date": "01/02/2024", "responsible_unit": exemplar.unit_id, "description": "Tập huấn"},
        follow=True,
    )
    assert "Ngày 01/02/2024 sớm hơn ngày phát hiện điển hình (15/03/2024)" in response.content.decode()
    assert not FosteringAction.objects.exists()
    services.fostering_action_add(date=date(2024, 3, 15), **args)
    assert FosteringAction.objects.count() == 1


def test_review_before_the_last_fostering_action_is_refused(world):
    exemplar = ExemplarFactory(stage=Stage.FOSTERED, discovered_on=date(2024, 3, 15))
    FosteringActionFactory(exemplar=exemplar, date=date(2024, 5, 1))
    with pytest.raises(DomainError, match="sớm hơn ngày bồi dưỡng gần nhất \\(01/05/2024\\)"):
        services.exemplar_review(
            exemplar=exemplar,
            by=world.user("staff"),
            reason="Đủ",
            review_text="Kinh nghiệm",
            reviewed_on=date(2024, 4, 1),
        )
    assert Exemplar.objects.get(pk=exemplar.pk).stage == Stage.FOSTERED


@pytest.mark.parametrize("summary", ["", "   ", "\u200b", "..."])
def test_publishing_with_the_approved_text_empty_is_refused(world, summary):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, review_text="Kinh nghiệm", reviewed_on=date(2024, 6, 1))
    with pytest.raises(DomainError, match="Cần nội dung được duyệt công bố"):
        services.exemplar_publish(exemplar=exemplar, by=world.user("staff"), public_summary=summary, photo_ids=[])
    response = _client(world.user("staff")).post(
        f"/dien-hinh/{exemplar.pk}/cong-bo/", {"public_summary": summary}, follow=True
    )
    assert "Cần nội dung được duyệt công bố" in response.content.decode() or summary.strip() == ""
    assert Exemplar.objects.get(pk=exemplar.pk).is_published is False


def test_admin_cannot_clear_the_approved_text_of_a_published_exemplar(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, is_published=True, public_summary="Được duyệt")
    data = {f: getattr(exemplar, f) for f in ("kind", "headline", "story", "discovered_by", "discovered_on")}
    data.update(
        {"person": exemplar.person_id, "unit": exemplar.unit_id, "field": exemplar.field_id, "public_summary": "  "}
    )
    form = ExemplarAdminForm(data=data, instance=exemplar)
    assert not form.is_valid()
    assert form.errors["public_summary"] == ["Cần nội dung được duyệt công bố (không để trống)."]


def test_fostering_action_made_by_mistake_is_cancelled_with_a_reason_kept_in_history(world):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=Stage.FOSTERED)
    action = FosteringActionFactory(exemplar=exemplar, date=date(2024, 4, 1), description="Nhầm điển hình")
    client = _client(world.user("donvi"))
    page = client.get(f"/dien-hinh/{exemplar.pk}/boi-duong/{action.pk}/huy/")
    assert page.status_code == 200 and "Nhầm điển hình" in page.content.decode()
    assert client.post(f"/dien-hinh/{exemplar.pk}/boi-duong/{action.pk}/huy/", {"reason": ""}).status_code == 200
    assert FosteringAction.objects.filter(pk=action.pk).exists()
    response = client.post(f"/dien-hinh/{exemplar.pk}/boi-duong/{action.pk}/huy/", {"reason": "Ghi nhầm điển hình"})
    assert response.status_code == 302
    assert not FosteringAction.objects.filter(pk=action.pk).exists()
    event = StageEvent.objects.get(exemplar=exemplar, action__startswith="Hủy hoạt động bồi dưỡng")
    assert (event.reason, event.by) == ("Ghi nhầm điển hình", world.user("donvi"))
    assert "01/04/2024" in event.action and "Nhầm điển hình" in event.action
    # Another unit's officer gets 404.
    other = FosteringActionFactory(exemplar=exemplar)
    assert _client(world.user("donvi2")).get(f"/dien-hinh/{exemplar.pk}/boi-duong/{other.pk}/huy/").status_code == 404


def test_replication_made_by_mistake_is_cancelled_but_a_replicated_exemplar_keeps_one(world):
    exemplar = ExemplarFactory(stage=Stage.REVIEWED, reviewed_on=date(2024, 6, 1), review_text="Kinh nghiệm")
    staff = world.user("staff")
    first = services.replication_add(
        exemplar=exemplar, by=staff, adopting_unit=world.nga_bay, adopted_on=date(2024, 9, 5), results="12 lớp"
    )
    with pytest.raises(DomainError, match="sớm hơn ngày tổng kết"):
        services.replication_add(
            exemplar=exemplar, by=staff, adopting_unit=world.unit("HG.VT"), adopted_on=date(2024, 5, 1), results="x"
        )
    services.exemplar_replicate(exemplar=exemplar, by=staff, reason="Đã có đơn vị áp dụng")
    with pytest.raises(DomainError, match="ít nhất một đơn vị áp dụng"):
        services.replication_cancel(replication=first, by=staff, reason="Nhầm")
    second = services.replication_add(
        exemplar=exemplar, by=staff, adopting_unit=world.unit("HG.VT"), adopted_on=date(2024, 9, 6), results="3 lớp"
    )
    response = _client(staff).post(
        f"/dien-hinh/{exemplar.pk}/nhan-rong/{second.pk}/huy/", {"reason": "Đơn vị chưa áp dụng"}
    )
    assert response.status_code == 302
    assert list(Replication.objects.values_list("pk", flat=True)) == [first.pk]
    assert StageEvent.objects.get(exemplar=exemplar, action__startswith="Hủy bản ghi nhân rộng").reason == (
        "Đơn vị chưa áp dụng"
    )
