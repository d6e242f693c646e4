"""The dashboard's queues and chart, and a page of a decision's lines, are read from their own indexes on
PostgreSQL (issue 18): the nominees of one status, the records of one year in force, one decision's lines in
the annex's order — not every row of every year."""

import pytest
from django.db import connection
from django.db.models import Count

from awards.models import AwardRecord, DecisionRecipient, Nomination

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's"),
]


def _plan(queryset, *, no_sort: bool = False) -> str:
    """The plan with sequential scans ruled out (and sorts, with ``no_sort``): on tiny test tables the planner
    would read them whole, or sort a few rows, so this shows whether an index can serve the query at all."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")  # an index-only scan or an index scan: which one
        if no_sort:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_dashboard_queues_read_the_nominees_of_their_status():
    queued = Nomination.objects.filter(status__in=["ready_for_council", "council_passed", "ready_for_decision"])
    assert "nomination_status" in _plan(queued.values("award").annotate(n=Count("pk")))
    windows = Nomination.objects.filter(disclosure_closes_on__gte="2026-12-01", disclosure_opens_on__lte="2026-12-01")
    assert "nomination_disclosure_closes" in _plan(windows)


def test_the_chart_of_a_year_counts_its_records_in_force_from_the_index():
    year = AwardRecord.objects.filter(retired_by__isnull=True, year=2025).values("award").annotate(n=Count("pk"))
    plan = _plan(year)
    assert "awardrecord_year_award_live" in plan


def test_a_page_of_a_decision_reads_its_lines_in_the_annex_order_from_the_index():
    page = (
        DecisionRecipient.objects.filter(decision_id=1, recipient_kind="individual")
        .order_by("sort_key", "pk")
        .values_list("pk", flat=True)[11_900:12_000]
    )
    plan = _plan(page, no_sort=True)
    assert "decisionrecipient_annex" in plan  # the index gives the order (no other index could, unsorted)
    assert "Sort" not in plan


def test_the_dashboard_counts_its_queues_and_chart_from_the_indexes_alone():
    """Index-only scans: the counts read neither the nominees' nor the records' rows (awards.dashboard,
    reports.dashboard), whatever their number."""
    queued = Nomination.objects.filter(status__in=["ready_for_council", "council_passed", "ready_for_decision"])
    plan = _plan(queued.values_list("status", "award_id").annotate(n=Count("award_id")).order_by())
    assert "Index Only Scan using nomination_status" in plan
    year = AwardRecord.objects.filter(year=2025, retired_by__isnull=True).values_list("award_id")
    assert "Index Only Scan using awardrecord_year_award_live" in _plan(year.annotate(n=Count("award_id")).order_by())


def test_the_dossier_list_counts_each_dossiers_nominees_from_the_index_alone():
    from awards.models import Dossier  # noqa: PLC0415 -- beside the test that needs it
    from awards.selectors import with_nomination_counts  # noqa: PLC0415 -- beside the test that needs it

    page = with_nomination_counts(Dossier.objects.order_by("-updated_at", "-id"))[:50]
    # Every nominee, the withdrawn and the still proposed: each counts a column of an index (dossier, or
    # dossier and status), not the rows' ids (which only the rows hold), and none is a filter over the rows
    # ("status <> 'withdrawn'" was: the planner read each nominee's row)…
    assert str(page.query).count('COUNT(U0."dossier_id")') == 3
    assert "<>" not in str(page.query)
    # … so an index alone answers the count of every nominee, which reads the most entries (on the test's small
    # tables the planner may take the status index and a filter for the withdrawn and the proposed, of which a
    # dossier has few).
    plan = _plan(page)
    scans = [line.strip() for line in plan.splitlines() if " on awards_nomination " in line]
    assert len(scans) == 3
    assert scans[0].startswith("->  Index Only Scan using"), plan


def test_the_intake_queue_reads_a_page_of_waiting_dossiers_in_order_from_its_index():
    from awards.selectors import intake_queue  # noqa: PLC0415 -- only here

    plan = _plan(intake_queue()[:50], no_sort=True)
    assert "dossier_intake_order" in plan  # overdue first is the due date's order: the index gives it
    assert "Sort" not in plan
