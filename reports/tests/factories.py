import factory

from reports.models import Report


class ReportFactory(factory.django.DjangoModelFactory):
    """A report row without jobs (the access matrix and list tests); ``services.report_request`` makes real ones."""

    class Meta:
        model = Report

    kind = "annual_statistics"
    params = factory.LazyFunction(lambda: {"year": 2024})
    title = factory.Sequence(lambda n: f"Thống kê thi đua, khen thưởng năm 2024 – số {n}")
