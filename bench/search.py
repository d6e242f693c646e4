"""Searches at a province's scale: the public lookup, the dossier list and the person picker against a trivial view.

    DATABASE_URL=postgres://… .venv/bin/python bench/search.py [--repeat 15] [--explain]

Run after ``manage.py seed_demo`` and ``manage.py seed_bulk --years 4 --scale 10`` (≈ 1.2 million award records).
Every page goes through the full middleware stack (Django's test client, ``bench/urls.py`` adds a trivial view).
The floors are fair and interleaved: an anonymous lookup is timed against the trivial view asked anonymously,
a signed-in page against the trivial view asked by the same signed-in client, one floor request before each
subject request. Prints for each search its median, the ratio (target ≤ 30×), its number of queries and the
count the page shows; ``--explain`` prints the plan of each search query (which index PostgreSQL uses).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")

LOOKUPS = ["nguyen", "nguyen van", "tran thi", "huynh thi diem", "khong co ai ten nay", "a", "nguyen van an"]
DOSSIERS = ["nguyen", "ubnd xa", "nguyen van an"]
PEOPLE = ["nguyen van a", "tran thi", "a"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()

    django.setup()
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()
    from django.core.cache import cache  # noqa: PLC0415 -- Django is set up only in main()
    from django.db import connection  # noqa: PLC0415 -- Django is set up only in main()
    from django.test import Client  # noqa: PLC0415 -- Django is set up only in main()
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: PLC0415 -- Django is set up only in main()

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.AWARDS_LOOKUP_RATE_PER_MINUTE = 10**9  # one client asks hundreds of times: not the throttle's case
    # Timed without the test environment's template instrumentation (a copy of every context, which production
    # never pays); set up only to read the page's count label.
    from awards.models import AwardRecord, Dossier  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import Person, User  # noqa: PLC0415 -- Django is set up only in main()

    print(
        f"award records: {AwardRecord.objects.count():,}, dossiers: {Dossier.objects.count():,}, "
        f"people: {Person.objects.count():,}; load average {Path('/proc/loadavg').read_text().split()[:3]}"
    )
    anon = Client()
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))

    def timed(client, url, cold: bool = False) -> float:
        if cold:
            cache.clear()  # the lookup's page from the database, not from its cache (awards.lookup_cache)
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    def measure(client, url, cold: bool) -> tuple[float, float]:
        """Medians of the subject and of the trivial view asked just before each subject request."""
        timed(client, url, cold)
        timed(client, "/bench/trivial/")
        ours, floor = [], []
        for _ in range(options.repeat):
            floor.append(timed(client, "/bench/trivial/"))
            ours.append(timed(client, url, cold))
        return statistics.median(ours), statistics.median(floor)

    def queries(client, url) -> tuple[int, list[str]]:
        cache.clear()
        setup_test_environment()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        teardown_test_environment()
        shown = response.context.get("page") if response.context else None
        label = getattr(shown, "count_label", "") or ""
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], label

    def explain(sqls: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in sqls:
                if "search_text" not in sql:
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                print("      " + sql[:160].replace("\n", " ") + " …")
                for line in plan:
                    if any(word in line for word in ("Scan", "Execution Time", "Limit", "Sort")):
                        print("        " + line.strip()[:150])

    rows = []

    def run(kind: str, client, url: str, target: float, cold: bool = True) -> None:
        ours, floor = measure(client, url, cold)
        count, sqls, label = queries(client, url)
        ratio = ours / floor
        rows.append((kind, url, ours, floor, ratio, count, label, target))
        met = "met" if ratio <= target else "NOT MET"
        print(
            f"{kind:10} {url[:58]:58} {ours * 1000:7.1f} ms  trivial {floor * 1000:5.1f} ms  {ratio:6.1f}× "
            f"({met}, ≤ {target:.0f}×)  {count} queries  {label}"
        )
        if options.explain:
            explain(sqls)

    # Each lookup twice: from the database (the cache emptied before each request: the first visitor of a
    # page), then as every later visitor gets it until the published records change (awards.lookup_cache).
    for q in LOOKUPS:
        run("lookup", anon, f"/khen-thuong/tra-cuu/?q={q.replace(' ', '+')}", 30)
        run("lookup ⟳", anon, f"/khen-thuong/tra-cuu/?q={q.replace(' ', '+')}", 30, cold=False)
    # A deep page: the next page's cursor from page 1, then again (keyset: as fast as page 1).
    setup_test_environment()
    response = anon.get("/khen-thuong/tra-cuu/?q=nguyen")
    teardown_test_environment()
    cursor = response.context["page"].next_cursor
    run("lookup p2", anon, f"/khen-thuong/tra-cuu/?q=nguyen&sau={cursor}", 30)
    for q in DOSSIERS:
        run("dossiers", staff, f"/khen-thuong/?q={q.replace(' ', '+')}", 30)
    run("dossiers", staff, "/khen-thuong/", 30)
    for q in PEOPLE:
        run("people", staff, f"/chon/ca-nhan/?q={q.replace(' ', '+')}", 30)
    worst = max(rows, key=lambda r: r[4])
    print(f"worst: {worst[0]} {worst[1]} {worst[4]:.1f}× the trivial view")


if __name__ == "__main__":
    main()
