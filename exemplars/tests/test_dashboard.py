import pytest
from django.test import Client

from exemplars.dashboard import cards
from exemplars.models import Stage
from exemplars.tests.factories import ExemplarFactory

pytestmark = pytest.mark.django_db


def test_cards_count_what_each_role_sees(world, django_assert_num_queries):
    ExemplarFactory(unit=world.chau_thanh)
    ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED, is_published=True, public_summary="x")
    ExemplarFactory(unit=world.nga_bay, stage=Stage.DROPPED, drop_reason="x")
    staff = world.user("staff")
    with django_assert_num_queries(1):
        values = [c.value for c in cards(staff)]
    assert values == [2, 1]
    assert [c.value for c in cards(world.user("donvi"))] == [2, 1]
    assert [c.value for c in cards(world.user("donvi2"))] == [0, 0]
    assert cards(world.user("hoidong")) == []


def test_home_page_shows_the_exemplar_cards(world):
    client = Client()
    client.force_login(world.user("staff"))
    assert "Điển hình đang theo dõi" in client.get("/").content.decode()
