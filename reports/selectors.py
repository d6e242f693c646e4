"""Reads of the reports app: visible reports, and the counts the report kinds and the dashboard use.

Other apps' tables are only read here, never written.
"""

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from awards.models import AwardRecord, Holiday
from reports.models import Report
from thiduakt.models import User
from thiduakt.selectors import unit_descendant_ids


def reports_visible_to(user: User) -> QuerySet[Report]:
    """Mirror of the rule ``reports.read_report``: staff see every report, an officer those about their subtree."""
    reports = Report.objects.select_related("unit", "requested_by", "pdf_job", "xlsx_job")
    if not user.is_authenticated:
        return reports.none()
    if user.is_department_staff or user.is_superuser:
        return reports
    if user.is_unit_officer and user.unit_id:
        return reports.filter(unit_id__in=unit_descendant_ids(user.unit_id))
    return reports.none()


# ---------------------------------------------------------------------------
# Award records
# ---------------------------------------------------------------------------


def award_records_in_scope(*, year: int, unit_ids: set[int] | None):
    """The award records of a year, for the whole province (``unit_ids`` None) or a set of units.

    A record belongs to the unit that proposed it (the dossier's unit) when it
    was decided here; an imported record to the collective itself, or to the
    individual's current unit.
    """
    records = AwardRecord.objects.in_force().filter(year=year)  # a revoked or replaced award is not counted
    if unit_ids is None:
        return records
    return records.filter(_in_units(unit_ids))


def _in_units(unit_ids: set[int]) -> Q:
    return Q(nomination__dossier__unit_id__in=unit_ids) | Q(nomination__isnull=True) & (
        Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids)
    )


def award_records_decided(*, date_from: date, date_to: date, unit_ids: set[int] | None):
    """The award records in force whose decision date is in ``date_from``–``date_to`` (both included).

    The statistics forms count awards by the date they were decided, not by
    the year of the achievement; a record without a decision date is in no
    period. The scope is that of ``award_records_in_scope``.
    """
    records = AwardRecord.objects.in_force().filter(decision_date__gte=date_from, decision_date__lte=date_to)
    if unit_ids is None:
        return records
    return records.filter(_in_units(unit_ids))


# ---------------------------------------------------------------------------
# Working days (for the 20-day appraisal limit)
# ---------------------------------------------------------------------------


def working_days_after(start: date, end: date, holidays: set[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (weekends and holidays excluded)."""
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if (start + timedelta(days=n)).weekday() < 5 and start + timedelta(days=n) not in holidays
    )


def holidays_between(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))
