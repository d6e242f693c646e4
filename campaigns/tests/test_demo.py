import pytest

from campaigns import demo
from campaigns.models import Campaign, ProgressReport, Registration, Review, ReviewProposal

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Campaign, Registration, ProgressReport, Review, ReviewProposal)]


def test_demo_seeds_the_campaigns_of_the_seeds_and_is_idempotent(world):
    demo.seed()
    first = _counts()
    demo.seed()
    assert _counts() == first
    assert first == [8, 10, 20, 2, 2]
    plan = Campaign.objects.get(document_number="04/KH-UBND")
    assert (plan.document_date.isoformat(), plan.status) == ("2021-01-13", "final_reviewed")
    assert plan.reviews.get().kind == "final"
    green = Campaign.objects.get(name__startswith="Thi đua thiết lập “Vùng xanh”")
    assert (str(green.start_time), green.start_date.isoformat(), str(green.end_time), green.end_date.isoformat()) == (
        "00:00:00",
        "2021-08-09",
        "00:00:00",
        "2021-08-23",
    )
    expressway = Campaign.objects.get(document_number="1008/QĐ-TTg")
    assert expressway.implementations.get().document_number == "215/KH-UBND"
    assert Campaign.objects.filter(launcher="prime_minister").count() == 5
    assert ProgressReport.objects.filter(is_late=True).count() == 5
