"""Search at a province's scale (issue 18): counts stop at a cap ("hơn 1.000 kết quả"), pages follow the last
row's key (no OFFSET), the dossier search is a union of two indexed searches, and a decision's lines are
searched within the decision."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import selectors
from awards.models import AwardRecord, DecisionRecipient, Dossier
from awards.services import decision_create_draft
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, NominationFactory, award
from awards.views import dossiers as dossier_views
from awards.views import public
from thiduakt import write_cache
from thiduakt.keyset import capped_count, count_label, keyset_page
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

LOOKUP_QUERIES = 4  # the award catalogue of the form, the capped count, the page, the decisions of the page


def _records(names_years):
    people = {name: PersonFactory(full_name=name) for name, _year in names_years}
    for name, year in names_years:
        AwardRecord.objects.create(
            recipient_kind="individual",
            person=people[name],
            award=award("BKT"),
            year=year,
            decision_number="163/QĐ-UBND",
            is_public=True,
            recipient_unit_name="Sở Nội vụ",
        )


def _names(response):
    return [(r.recipient_name, r.year) for r in response.context["page"].object_list]


def test_lookup_says_more_than_the_cap_when_more_records_match(settings):
    cache.clear()
    settings.SEARCH_COUNT_CAP = 3
    _records([(f"Nguyễn Văn Số {i}", 2023) for i in range(55)])  # more than a page: counted, up to the cap
    response = Client().get("/khen-thuong/tra-cuu/?q=nguyen")
    assert response.context["page"].count_label == "hơn 3 kết quả"
    assert '<p class="small text-body-secondary mb-1" data-testid="lookup-count">hơn 3 kết quả</p>' in (
        response.content.decode()
    )
    assert len(response.context["page"].object_list) == 50  # the page itself is not capped


def test_a_first_page_holding_every_match_gives_their_exact_number_without_counting(
    settings, django_assert_num_queries
):
    cache.clear()
    settings.SEARCH_COUNT_CAP = 3
    _records([(f"Nguyễn Văn {given}", 2023) for given in ["An", "Bình", "Cường", "Dũng", "Hải"]])
    with django_assert_num_queries(LOOKUP_QUERIES - 1):  # no count: the page read them all
        response = Client().get("/khen-thuong/tra-cuu/?q=nguyen")
    assert response.context["page"].count_label == "5 kết quả"
    assert len(response.context["page"].object_list) == 5


def test_lookup_shows_the_exact_count_under_the_cap(settings):
    cache.clear()
    settings.SEARCH_COUNT_CAP = 3
    _records([("Nguyễn Văn An", 2023), ("Nguyễn Văn Bình", 2023), ("Trần Thị Hoa", 2023)])
    response = Client().get("/khen-thuong/tra-cuu/?q=nguyen")
    assert response.context["page"].count_label == "2 kết quả"
    assert 'data-testid="lookup-count">2 kết quả</p>' in response.content.decode()
    response = Client().get("/khen-thuong/tra-cuu/?q=nguyen+binh")
    assert response.context["page"].count_label == "1 kết quả"


def test_capped_count_stops_at_the_cap_in_the_sql(settings):
    settings.SEARCH_COUNT_CAP = 1000
    _records([("Lê Văn Tám", 2020)])
    with CaptureQueriesContext(connection) as ctx:
        assert capped_count(AwardRecord.objects.all()) == (1, False)
    assert "LIMIT 1001" in ctx.captured_queries[0]["sql"]
    assert count_label(1000, True) == "hơn 1.000 kết quả"
    assert count_label(12345, False) == "12.345 kết quả"


def test_lookup_page_two_starts_after_page_one_last_row_with_ties_and_no_offset(monkeypatch):
    cache.clear()
    monkeypatch.setattr(public, "PAGE_SIZE", 2)
    # Ties on the name (the sort key): ordered by year descending, then id.
    _records([("Nguyễn Văn An", 2021), ("Nguyễn Văn An", 2023), ("Nguyễn Văn An", 2022), ("Lê Văn Anh", 2020)])
    _records([("Trần Văn An", 2023), ("Phạm Thị Bình", 2023)])
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/khen-thuong/tra-cuu/?q=an")
    # given name first: An (Nguyễn Văn) ×3 newest first, An (Trần Văn), Anh; "Bình" does not match
    assert _names(first) == [("Nguyễn Văn An", 2023), ("Nguyễn Văn An", 2022)]
    page = first.context["page"]
    assert page.first and page.previous_cursor is None
    second = client.get(f"/khen-thuong/tra-cuu/?q=an&sau={page.next_cursor}")
    assert _names(second) == [("Nguyễn Văn An", 2021), ("Trần Văn An", 2023)]
    assert f"q=an&amp;sau={second.context['page'].next_cursor}" in second.content.decode()
    third = client.get(f"/khen-thuong/tra-cuu/?q=an&sau={second.context['page'].next_cursor}")
    assert _names(third) == [("Lê Văn Anh", 2020)]
    assert third.context["page"].next_cursor is None
    back = client.get(f"/khen-thuong/tra-cuu/?q=an&truoc={third.context['page'].previous_cursor}")
    assert _names(back) == _names(second)
    back = client.get(f"/khen-thuong/tra-cuu/?q=an&truoc={second.context['page'].previous_cursor}")
    assert _names(back) == _names(first)
    assert back.context["page"].first
    cache.clear()  # the third page again, from the database (not from the lookup's cache)
    with CaptureQueriesContext(connection) as deep:
        client.get(f"/khen-thuong/tra-cuu/?q=an&sau={second.context['page'].next_cursor}")
    sqls = [q["sql"] for q in ctx.captured_queries + deep.captured_queries]
    assert not [sql for sql in sqls if "OFFSET" in sql.upper()]
    assert len([sql for sql in sqls if "LIMIT 3" in sql]) == 2  # the page: its size and one more, by the key


def test_a_cursor_that_does_not_read_shows_the_first_page():
    cache.clear()
    _records([("Nguyễn Văn An", 2021)])
    for cursor in ["xyz", "W10", "WyJhIiwxLDJd", "!!"]:
        response = Client().get(f"/khen-thuong/tra-cuu/?q=an&sau={cursor}")
        assert response.status_code == 200
        assert _names(response) == [("Nguyễn Văn An", 2021)]


@pytest.mark.parametrize("count", [3, 60])
def test_lookup_queries_constant(count, django_assert_num_queries):
    cache.clear()
    _records([(f"Nguyễn Văn Số {i}", 2023) for i in range(count)])
    client = Client()
    client.get("/khen-thuong/tra-cuu/?q=nguyen")
    cache.clear()  # the page from the database, not from the lookup's cache (awards/tests/test_lookup_cache.py)
    # A first page holding every match needs no count (one query fewer); beyond it, the capped count.
    with django_assert_num_queries(LOOKUP_QUERIES if count > 50 else LOOKUP_QUERIES - 1):
        response = client.get("/khen-thuong/tra-cuu/?q=nguyen")
    assert len(response.context["page"].object_list) == min(count, 50)
    cursor = response.context["page"].next_cursor
    if cursor:
        with django_assert_num_queries(LOOKUP_QUERIES):
            deep = client.get(f"/khen-thuong/tra-cuu/?q=nguyen&sau={cursor}")
        assert len(deep.context["page"].object_list) == count - 50


def test_dossier_list_pages_by_update_time_and_id_without_offset(world, monkeypatch):
    monkeypatch.setattr(dossier_views, "PAGE_SIZE", 2)
    same = timezone.now() - timedelta(days=1)
    dossiers = [DossierFactory(unit=world.chau_thanh, title=f"Hồ sơ {i}") for i in range(5)]
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(updated_at=same)  # ties: by id, newest first
    client = Client()
    client.force_login(world.user("staff"))
    seen = []
    url = "/khen-thuong/?q=ho+so"
    with CaptureQueriesContext(connection) as ctx:
        while url:
            response = client.get(url)
            page = response.context["page"]
            seen += [d.pk for d in page.object_list]
            url = f"/khen-thuong/?q=ho+so&sau={page.next_cursor}" if page.next_cursor else ""
    assert seen == sorted((d.pk for d in dossiers), reverse=True)
    assert page.count_label == "5 kết quả"
    assert not [q["sql"] for q in ctx.captured_queries if "OFFSET" in q["sql"].upper()]


def test_dossier_search_is_a_union_not_an_exists_over_every_dossier(world):
    by_nominee = DossierFactory(unit=world.chau_thanh, title="Hồ sơ A")
    NominationFactory(dossier=by_nominee, person=PersonFactory(full_name="Huỳnh Thị Hạnh"))
    by_title = DossierFactory(unit=world.nga_bay, title="Đề nghị khen Huỳnh Thị Hạnh")
    DossierFactory(unit=world.nga_bay, title="Hồ sơ C")
    client = Client()
    client.force_login(world.user("staff"))
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/khen-thuong/?q=huynh+thi+hanh").context["page"]
    assert sorted(d.pk for d in page.object_list) == sorted([by_nominee.pk, by_title.pk])
    assert page.count_label == "2 kết quả"
    searches = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"]]
    assert searches and all("UNION" in sql and "EXISTS" not in sql for sql in searches)


def test_keyset_page_with_a_descending_key_goes_both_ways(world):
    dossiers = [DossierFactory(unit=world.chau_thanh) for _ in range(5)]
    ids = sorted((d.pk for d in dossiers), reverse=True)
    queryset = Dossier.objects.filter(pk__in=ids)
    first = keyset_page(queryset, ["-id"], {}, size=2)
    second = keyset_page(queryset, ["-id"], {"sau": first.next_cursor}, size=2)
    third = keyset_page(queryset, ["-id"], {"sau": second.next_cursor}, size=2)
    assert [[d.pk for d in p] for p in (first, second, third)] == [ids[:2], ids[2:4], ids[4:]]
    assert third.next_cursor is None
    assert [d.pk for d in keyset_page(queryset, ["-id"], {"truoc": third.previous_cursor}, size=2)] == ids[2:4]


# ---------------------------------------------------------------------------
# The search within a decision's lines
# ---------------------------------------------------------------------------


def _draft(names, staff):
    nominations = [
        ready_nomination("BKT", status="ready_for_decision", person=PersonFactory(full_name=name)) for name in names
    ]
    return decision_create_draft(award=award("BKT"), nominations=nominations, by=staff)


def test_decision_lines_carry_their_folded_search_text():
    staff = StaffFactory()
    decision = _draft(["Nguyễn Văn Đức"], staff)
    line = decision.recipients.get()
    assert line.search_text.startswith("nguyen van duc")
    line.recipient_name = "Trần Thị Ánh"
    line.save()
    assert DecisionRecipient.objects.get(pk=line.pk).search_text.startswith("tran thi anh")


def test_decision_line_search_is_diacritics_insensitive_and_within_the_decision(client):
    staff = StaffFactory()
    decision = _draft(["Nguyễn Văn Đức", "Lê Thị Hoa", "Nguyễn Thị Đào", "Phạm Văn Đức"], staff)
    other = _draft(["Nguyễn Văn Đức Khác"], staff)
    assert other.recipients.count() == 1
    client.force_login(staff)
    url = reverse("awards:decision_detail", args=[decision.pk])
    for typed in ["duc", "Đức", "ĐỨC"]:
        response = client.get(url, {"q": typed})
        lines = [(line.recipient_name, line.tt) for _h, group in response.context["groups"] for line in group]
        # numbered as in the annex (individuals by given name: Đào, Đức, Đức, Hoa)
        assert lines == [("Nguyễn Văn Đức", 2), ("Phạm Văn Đức", 3)], typed
        assert response.context["groups"][0][0] == "I. CÁ NHÂN (4)"
    html = client.get(url, {"q": "nguyen van"}).content.decode()
    assert 'data-testid="line-search-found">1 dòng khớp với “nguyen van”.' in html
    assert "Nguyễn Văn Đức Khác" not in html
    html = client.get(url, {"q": "khong ai"}).content.decode()
    assert "Không có dòng nào khớp." in html
    assert client.get(url, {"q": "x" * 201}).context["query"] == ""  # too long: the whole list, no error


@pytest.mark.parametrize("count", [3, 7])
def test_decision_line_search_queries_constant(count, client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(selectors, "DECISION_PAGE_LINES", 2)
    staff = StaffFactory()
    decision = _draft([f"Nguyễn Văn Số {i}" for i in range(count)], staff)
    client.force_login(staff)
    url = reverse("awards:decision_detail", args=[decision.pk])
    client.get(url, {"q": "nguyen"})
    write_cache.changed()  # the lines' summary read again, as after any write (kept until one otherwise)
    with django_assert_num_queries(DECISION_SEARCH_QUERIES):
        response = client.get(url, {"q": "nguyen", "page": 2})
    assert [line.tt for _h, group in response.context["groups"] for line in group] == [3, 4][: count - 2]


# The decision page's 11 (the lines' ids, then their rows), the counts of the lines found, and the annex
# numbers of the page's lines (one window query).
DECISION_SEARCH_QUERIES = 12


def test_the_data_migration_fills_existing_lines():
    staff = StaffFactory()
    decision = _draft(["Võ Thị Sáu"], staff)
    DecisionRecipient.objects.filter(decision=decision).update(search_text="")
    fill = import_module("awards.migrations.0013_decisionrecipient_search").fill
    fill(apps, None)
    assert DecisionRecipient.objects.get(decision=decision).search_text.startswith("vo thi sau")
