"""Reads of the reports app: visible reports, and the counts the report kinds and the dashboard use.

Other apps' tables are only read here, never written.
"""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

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
    return records.filter(
        Q(nomination__dossier__unit_id__in=unit_ids)
        | Q(nomination__isnull=True) & (Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids))
    )


# The rows of forms 0602.N / 0603.N: (key, label, indent).
RECIPIENT_ROWS = [
    ("collective", "1. Tập thể", ""),
    ("enterprise", "Trong đó: doanh nghiệp", "indent-1"),
    ("household", "2. Hộ gia đình", ""),
    ("individual", "3. Cá nhân", ""),
    ("leader_province", "Lãnh đạo cấp tỉnh trở lên", "indent-1"),
    ("leader_department", "Lãnh đạo cấp sở, huyện và tương đương", "indent-1"),
    ("leader_division", "Lãnh đạo cấp phòng và tương đương", "indent-1"),
    ("business", "Doanh nhân", "indent-1"),
    ("direct_worker", "Công nhân, nông dân, người lao động trực tiếp", "indent-1"),
    ("female", "Nữ", "indent-1"),
]


def award_counts(*, year: int, unit_ids: set[int] | None) -> dict:
    """Counts of award records per award code and per row of the Ministry forms, in one query.

    Returns ``{"by_award": {code: Counter(row_key -> n)}, "by_type": {code: Counter(award_type -> n)}}``;
    every row key of ``RECIPIENT_ROWS`` plus "total".
    """
    rows = (
        award_records_in_scope(year=year, unit_ids=unit_ids)
        .values(
            "award__code",
            "recipient_kind",
            "award_type",
            "unit__kind",
            "person__leader_rank",
            "person__is_business_person",
            "person__is_direct_worker",
            "person__gender",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    by_award: dict[str, Counter] = {}
    by_type: dict[str, Counter] = {}
    for r in rows:
        counter = by_award.setdefault(r["award__code"], Counter())
        n = r["n"]
        counter["total"] += n
        by_type.setdefault(r["award__code"], Counter())[r["award_type"]] += n
        kind = r["recipient_kind"]
        counter[kind] += n
        if kind == "collective" and r["unit__kind"] == "enterprise":
            counter["enterprise"] += n
        if kind == "individual":
            if r["person__leader_rank"]:
                counter[f"leader_{r['person__leader_rank']}"] += n
            if r["person__is_business_person"]:
                counter["business"] += n
            if r["person__is_direct_worker"]:
                counter["direct_worker"] += n
            if r["person__gender"] == "female":
                counter["female"] += n
    return {"by_award": by_award, "by_type": by_type}


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
