"""Who may request the annual statistics. The forms' figures are tested in ``test_statistics_forms.py``."""

import pytest

from reports import services

pytestmark = pytest.mark.django_db


def test_officer_cannot_request_outside_own_subtree(world):
    with pytest.raises(services.DomainError):
        services.report_request(
            kind="annual_statistics", params={"year": 2024}, unit=world.nga_bay, by=world.user("donvi")
        )
    with pytest.raises(services.DomainError):
        services.report_request(kind="annual_statistics", params={"year": 2024}, unit=None, by=world.user("donvi"))
    with pytest.raises(services.DomainError):
        services.report_request(kind="workload", params={"year": 2024}, unit=None, by=world.user("donvi"))


def test_officer_may_request_own_unit_with_the_statistics_parameters(world):
    report = services.report_request(
        kind="annual_statistics",
        params={"year": 2024, "date_from": "2023-12-01", "date_to": "2024-11-30", "preparer_name": "Trần Thị Anh"},
        unit=world.chau_thanh,
        by=world.user("donvi"),
    )

    assert report.title == "Thống kê thi đua, khen thưởng năm 2024 – Ủy ban nhân dân huyện Châu Thành"
    assert report.pdf_job.unit_id == world.chau_thanh.pk and report.xlsx_job.unit_id == world.chau_thanh.pk
