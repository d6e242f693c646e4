"""The "contains" searches are served by trigram indexes on PostgreSQL (not by reading every row)."""

import pytest
from django.db import connection

from awards.models import AwardRecord, Dossier, Nomination
from awards.selectors import published_records
from thiduakt.models import OrgUnit, Person
from thiduakt.selectors import search_filter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm indexes exist on PostgreSQL only"),
]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tables are tiny in tests, so the planner's choice would follow the statistics of the moment. Leave it
        # only the scans that need an index condition (bitmap scans): the plan then shows whether a trigram
        # index can serve the search at all, whatever the statistics.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_each_searched_table_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'")
        found = dict(cursor.fetchall())
    assert sorted(found) == [
        "awardrecord_search_trgm",
        "decisionrecipient_search_trgm",
        "dossier_search_trgm",
        "nomination_search_trgm",
        "orgunit_search_trgm",
        "person_search_trgm",
    ]
    assert all("USING gin (search_text gin_trgm_ops)" in definition for definition in found.values())


def test_the_lookup_and_the_dossier_search_use_them():
    # The lookup's name search (its other conditions — public, dated today or before — match nearly every row of a
    # real register; on a test table of ten rows the planner may prefer another index for them, so the name
    # search is planned on its own here, and the lookup is checked to apply that same search).
    lookup = published_records(query="Nguyễn Văn")
    assert "search_text" in str(lookup.query) and "%nguyen%" in str(lookup.query).lower()
    # public records: the trigram index, or the lookup's covering index, which holds the search words too
    public_plan = _plan(AwardRecord.objects.filter(is_public=True).filter(search_filter("search_text", "Nguyễn Văn")))
    assert "awardrecord_search_trgm" in public_plan or "awardrecord_lookup_order" in public_plan
    assert "dossier_search_trgm" in _plan(Dossier.objects.filter(search_filter("search_text", "châu thành")))
    assert "nomination_search_trgm" in _plan(Nomination.objects.filter(search_filter("search_text", "lan")))
    assert "awardrecord_search_trgm" in _plan(AwardRecord.objects.filter(search_filter("search_text", "thi lan")))
    # the pickers' searches (thiduakt/pickers.py)
    assert "person_search_trgm" in _plan(Person.objects.filter(search_filter("search_text", "nguyen van")))
    assert "orgunit_search_trgm" in _plan(OrgUnit.objects.filter(search_filter("search_text", "chau thanh")))
