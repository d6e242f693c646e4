"""List pages with 100,000+ rows: median time against a trivial view and against the Django admin changelist.

    DATABASE_URL=postgres://… .venv/bin/python bench/list_pages.py [--repeat 15]

Run after ``manage.py seed_demo`` and ``manage.py seed_bulk --years 4``. Every page goes through the full
middleware stack (Django's test client, ``bench/urls.py`` adds a trivial view). For each page: median time,
its ratio to the trivial view (target ≤ 3×) and to the admin changelist of the same model (target ≤ 1×),
and the number of queries on page 1 and page 3 (must be equal: constant).
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()

    django.setup()
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()
    from django.db import connection  # noqa: PLC0415 -- Django is set up only in main()
    from django.test import Client  # noqa: PLC0415 -- Django is set up only in main()
    from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: PLC0415 -- Django is set up only in main()

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False  # as in production (DEBUG on keeps every query's text)
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    from awards.models import AwardRecord, Dossier  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import User  # noqa: PLC0415 -- Django is set up only in main()

    print(f"award records: {AwardRecord.objects.count()}, dossiers: {Dossier.objects.count()}")
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    anon = Client()

    def median(client, url) -> float:
        client.get(url)  # warm
        times = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times)

    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    floor = median(staff, "/bench/trivial/")
    print(f"trivial view: {floor * 1000:.1f} ms")
    # For context, not a target: a page with the base layout (role-aware navigation, notifications) and no data.
    layout = median(staff, "/accounts/password/done/")
    print(f"base layout, no data (password changed page): {layout * 1000:.1f} ms ({layout / floor:.1f}× trivial)")
    pages = [
        ("dossier queue (staff)", staff, "/khen-thuong/tiep-nhan/", admin, "/admin/awards/dossier/"),
        ("dossier list (staff)", staff, "/khen-thuong/", admin, "/admin/awards/dossier/"),
        (
            "lookup, signed-in staff",
            staff,
            "/khen-thuong/tra-cuu/?q=nguyen",
            admin,
            "/admin/awards/awardrecord/?q=nguyen",
        ),
        ("public lookup (anonymous)", anon, "/khen-thuong/tra-cuu/?q=nguyen+van", admin, "/admin/awards/awardrecord/"),
    ]
    print(
        f"{'page':28} {'median':>9} {'× trivial':>10} {'× layout':>9} {'admin':>9} {'× admin':>8} {'queries p1/p3':>14}"
    )
    for name, client, url, admin_client, admin_url in pages:
        ours = median(client, url)
        theirs = median(admin_client, admin_url)
        sep = "&" if "?" in url else "?"
        q1, q3 = queries(client, url), queries(client, f"{url}{sep}page=3")
        print(
            f"{name:28} {ours * 1000:7.1f}ms {ours / floor:9.1f}× {ours / layout:8.1f}× {theirs * 1000:7.1f}ms "
            f"{ours / theirs:7.2f}× "
            f"{q1:>7}/{q3}"
        )


if __name__ == "__main__":
    main()
