import factory

from awards.models import Award, AwardRecord, Dossier, Initiative, Nomination, RecipientKind
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory


def award(code: str) -> Award:
    return Award.objects.get(code=code)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    unit = factory.SubFactory(OrgUnitFactory)
    round_kind = Dossier.RoundKind.YEARLY
    year = 2024
    title = factory.Sequence(lambda n: f"Hồ sơ đề nghị khen thưởng số {n}")


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    dossier = factory.SubFactory(DossierFactory)
    nominee_kind = RecipientKind.INDIVIDUAL
    person = factory.SubFactory(PersonFactory)
    award = factory.LazyFunction(lambda: award("BKT"))
    year = factory.SelfAttribute("dossier.year")
    summary = "Hoàn thành xuất sắc nhiệm vụ."


class AwardRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRecord

    recipient_kind = RecipientKind.INDIVIDUAL
    person = factory.SubFactory(PersonFactory)
    award = factory.LazyFunction(lambda: award("CSTDCS"))
    year = 2023
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    issuer = "UBND huyện Châu Thành"
    source = AwardRecord.Source.IMPORTED


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến số {n}")
    level = Initiative.Level.UNIT
    year = 2024
