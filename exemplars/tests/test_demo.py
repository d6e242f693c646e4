import pytest

from exemplars import demo
from exemplars.models import Exemplar, HonouringEvent, StageEvent

pytestmark = pytest.mark.django_db


def test_demo_seeds_several_fields_and_stages_and_the_ceremony_once(world):
    demo.seed()
    counts = (Exemplar.objects.count(), StageEvent.objects.count(), HonouringEvent.objects.count())
    demo.seed()
    assert (Exemplar.objects.count(), StageEvent.objects.count(), HonouringEvent.objects.count()) == counts
    assert Exemplar.objects.count() == 7
    assert set(Exemplar.objects.values_list("stage", flat=True)) == {"discovered", "fostered", "reviewed", "replicated"}
    assert Exemplar.objects.values("field").distinct().count() == 6
    assert set(Exemplar.objects.values_list("kind", flat=True)) == {"individual", "collective", "household"}
    assert Exemplar.objects.filter(is_published=True).count() == 2
    event = HonouringEvent.objects.get()
    assert event.date.strftime("%d/%m/%Y") == "08/06/2023"
    assert "133 cá nhân" in event.description
    assert sorted(event.honoured.values_list("name", flat=True)) == ["Châu Văn Nam", "Phạm Thị Diễm", "Võ Văn Đức"]
