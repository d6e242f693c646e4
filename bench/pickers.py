"""The search pickers (units, people) on the bench data: median answer time against a trivial view.

    DATABASE_URL=postgres://… .venv/bin/python bench/pickers.py [--repeat 25]

Run after ``manage.py seed_demo`` and ``manage.py seed_bulk`` (≈ 800 units, 40,000 people). Every answer goes
through the full middleware stack as a signed-in user (Django's test client; ``bench/urls.py`` adds the
trivial view, asked by the same signed-in client, interleaved with the subjects so that both see the same
machine). Prints, per query, the median time, its ratio to the trivial view, the number of results and of
SQL queries. Target (issue 16): every answer ≤ 50 ms.
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

QUERIES = [
    ("units", "/chon/don-vi/", "chau thanh"),
    ("units", "/chon/don-vi/", "ubnd xa"),
    ("units", "/chon/don-vi/", ""),
    ("units in force", "/chon/don-vi/?open=1", "phong"),
    ("people", "/chon/ca-nhan/", "nguyen van a"),
    ("people", "/chon/ca-nhan/", "nguyen"),
    ("people", "/chon/ca-nhan/", "tran thi thu"),
    ("people", "/chon/ca-nhan/", "a"),
    ("people", "/chon/ca-nhan/", ""),
    ("people", "/chon/ca-nhan/", "khong co ai ten nay"),
]
TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=25)
    options = parser.parse_args()

    django.setup()
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()
    from django.db import connection  # noqa: PLC0415 -- Django is set up only in main()
    from django.test import Client  # noqa: PLC0415 -- Django is set up only in main()
    from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: PLC0415 -- Django is set up only in main()

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    from thiduakt.models import OrgUnit, Person, User  # noqa: PLC0415 -- Django is set up only in main()

    print(f"{connection.vendor}; units: {OrgUnit.objects.count()}, people: {Person.objects.count()}")
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    officer = Client()
    officer.force_login(User.objects.get(username="donvi"))

    def once(client, url) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    rows = []
    subjects = [(who, client, label, url, q) for who, client in (("staff", staff), ("donvi", officer))
                for label, url, q in QUERIES]  # fmt: skip
    for who, client, label, url, q in subjects:
        full = f"{url}{'&' if '?' in url else '?'}q={q.replace(' ', '+')}"
        once(client, full)  # warm
        once(client, "/bench/trivial/")
        times, floors = [], []
        for _ in range(options.repeat):
            floors.append(once(client, "/bench/trivial/"))
            times.append(once(client, full))
        with CaptureQueriesContext(connection) as ctx:
            found = len(client.get(full).json()["results"])
        subject, floor = statistics.median(times), statistics.median(floors)
        rows.append((who, label, q, subject * 1000, floor * 1000, subject / floor, found, len(ctx.captured_queries)))

    print(f"{'who':6} {'picker':15} {'typed':22} {'ms':>7} {'trivial':>8} {'ratio':>6} {'found':>5} {'SQL':>4}")
    for who, label, q, ms, floor_ms, ratio, found, sql in rows:
        print(f"{who:6} {label:15} {q!r:22} {ms:7.1f} {floor_ms:8.1f} {ratio:5.1f}× {found:5} {sql:4}")
    worst = max(row[3] for row in rows)
    print(f"slowest answer {worst:.1f} ms; target ≤ {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
