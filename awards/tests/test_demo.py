import pytest

from awards import demo
from awards.eligibility import evaluate
from awards.models import Attachment, AwardRecord, Dossier, DossierEvent, Nomination


@pytest.mark.django_db
def test_demo_covers_every_state_with_interesting_findings_and_is_idempotent(world, private_media):
    demo.seed()
    counts = (
        AwardRecord.objects.count(),
        Dossier.objects.count(),
        Nomination.objects.count(),
        Attachment.objects.count(),
    )
    events = DossierEvent.objects.count()
    demo.seed()
    assert (
        AwardRecord.objects.count(),
        Dossier.objects.count(),
        Nomination.objects.count(),
        Attachment.objects.count(),
    ) == counts
    assert DossierEvent.objects.count() == events
    assert set(Dossier.objects.values_list("status", flat=True)) == {s for s, _ in Dossier.Status.choices}
    assert len(set(Dossier.objects.values_list("unit", flat=True))) >= 4
    chau = Nomination.objects.get(person__full_name="Lê Minh Châu")
    diem = Nomination.objects.get(person__full_name="Phạm Thị Diễm")
    assert evaluate(chau).passed is True
    assert evaluate(diem).passed is False
    year = diem.year
    assert any(
        f"{year - 1} ✗" in f.evidence and f.evidence.endswith("chưa đủ 3 năm liên tục") for f in evaluate(diem).findings
    )
    assert Nomination.objects.filter(disclosure_opens_on__isnull=False).count() == 1
    assert AwardRecord.objects.filter(is_public=True).count() > 10
