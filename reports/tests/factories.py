from datetime import date

import factory

from awards.models import Award, AwardRecord, AwardType, RecipientKind
from awards.tests.factories import award
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from clusters.models import Agreement
from clusters.tests.factories import ClusterYearFactory
from reports.models import Report


class ReportFactory(factory.django.DjangoModelFactory):
    """A report row without jobs (the access matrix and list tests); ``services.report_request`` makes real ones."""

    class Meta:
        model = Report

    kind = "annual_statistics"
    params = factory.LazyFunction(lambda: {"year": 2024})
    title = factory.Sequence(lambda n: f"Thống kê thi đua, khen thưởng năm 2024 – số {n}")


class DecidedRecordFactory(factory.django.DjangoModelFactory):
    """An award record decided on ``decision_date`` (the statistics forms count by it); give person, unit or
    household_name, the recipient kind follows."""

    class Meta:
        model = AwardRecord

    recipient_kind = factory.LazyAttribute(
        lambda o: (
            RecipientKind.INDIVIDUAL if o.person else RecipientKind.COLLECTIVE if o.unit else RecipientKind.HOUSEHOLD
        )
    )
    person = None
    unit = None
    household_name = ""
    award = factory.LazyFunction(lambda: award("BKT"))
    year = factory.LazyAttribute(lambda o: o.decision_date.year if o.decision_date else 2024)
    decision_date = date(2024, 5, 5)
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    award_type = AwardType.MERIT
    source = AwardRecord.Source.IMPORTED


class LaunchedCampaignFactory(CampaignFactory):
    """A campaign past its draft, launched by the document of ``document_date``."""

    status = Campaign.Status.LAUNCHED


def cluster_year_with_agreement(*, year: int, signed_on: date | None, members=()):
    cluster_year = ClusterYearFactory(year=year)
    for position, unit in enumerate(members, start=1):
        cluster_year.memberships.create(unit=unit, rotation_position=position)
    if signed_on is not None:
        Agreement.objects.create(
            cluster_year=cluster_year,
            title=f"Giao ước thi đua năm {year}",
            targets="Hoàn thành chỉ tiêu",
            signed_on=signed_on,
        )
    return cluster_year


def catalogue_award(code: str, name: str, level: str, **flags) -> Award:
    """An award the reference catalogue does not hold (a State honour title, a provincial badge)."""
    return Award.objects.create(
        code=code,
        name=name,
        kind=Award.Kind.COMMENDATION,
        level=level,
        for_individual=True,
        for_collective=True,
        decided_by="Chủ tịch nước" if level == Award.Level.CENTRAL else "Chủ tịch UBND tỉnh",
        order=90,
        **flags,
    )
