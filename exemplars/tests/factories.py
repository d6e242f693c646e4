from datetime import date

import factory

from exemplars.models import Exemplar, ExemplarFile, Field, FosteringAction, HonouringEvent, Kind, Stage
from thiduakt.models import OrgUnit
from thiduakt.testing import ensure_reference_data as ensure
from thiduakt.tests.factories import PersonFactory


def field(code: str = "giao-duc") -> Field:
    return Field.objects.get(code=code)


class ExemplarFactory(factory.django.DjangoModelFactory):
    """An individual exemplar of Châu Thành (``HG.CT``) when the demo world exists, else of the person's unit."""

    class Meta:
        model = Exemplar

    kind = Kind.INDIVIDUAL
    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: OrgUnit.objects.filter(code="HG.CT").first() or o.person.unit)
    field = factory.LazyFunction(field)
    headline = factory.Sequence(lambda n: f"Mô hình dạy học sáng tạo số {n}")
    story = "<p>Câu chuyện.</p>"
    discovered_by = "Phòng Giáo dục huyện"
    discovered_on = date(2024, 3, 15)
    stage = Stage.DISCOVERED


class FosteringActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FosteringAction

    exemplar = factory.SubFactory(ExemplarFactory)
    date = date(2024, 4, 1)
    description = "Tập huấn, hỗ trợ tài liệu"
    responsible_unit = factory.LazyAttribute(lambda o: o.exemplar.unit)


class ExemplarFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExemplarFile

    exemplar = factory.SubFactory(ExemplarFactory)
    kind = ExemplarFile.FileKind.PHOTO
    file = factory.django.FileField(filename="anh.png")
    original_name = "anh.png"
    content_type = "image/png"
    extension = ".png"
    size = 10
    sha256 = factory.Sequence(lambda n: f"{n:064d}")


class HonouringEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonouringEvent

    title = factory.Sequence(lambda n: f"Hội nghị biểu dương điển hình tiên tiến lần {n}")
    date = date(2024, 6, 8)
    organiser = factory.LazyFunction(lambda: OrgUnit.objects.filter(code="HG").first())


def ensure_reference_data() -> None:
    """Put back the rows the data migrations seed (see thiduakt.testing.ensure_reference_data)."""
    ensure()
