"""Import: a 10,000-row award-history xlsx through the real import, against openpyxl + bulk_create.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_history.py [--rows 10000]

Ours: ``awards.services.history_import_create`` (content check, stored file), ``history_import_analyse`` (every
row checked, people matched), ambiguous rows resolved as new people, ``history_import_apply`` (one transaction,
history recorded). Floor: the same file read with openpyxl in read-only mode and the same rows written with
``bulk_create`` (as plain records, no matching). Everything runs inside a transaction that is rolled back, so the
benchmark can be repeated. Prints the ratio (target ≤ 3×) and the peak memory growth against the file size
(target ≤ 20×).
"""

import argparse
import io
import os
import resource
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")

GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khoa", "Lan", "Minh", "Ngọc", "Phúc", "Quyên", "Sơn", "Trang"]


def make_xlsx(rows: int) -> bytes:
    import openpyxl  # noqa: PLC0415 -- slow import, needed only when the sheet is written

    from awards.imports import COLUMNS  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import OrgUnit  # noqa: PLC0415 -- Django is set up only in main()

    units = list(OrgUnit.objects.filter(valid_to__isnull=True).values_list("name", flat=True)[:300])
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Lịch sử")
    sheet.append(list(COLUMNS.values()))
    codes = ["LDTT", "CSTDCS", "GK", "BKT"]
    for i in range(rows):
        name = f"Phan Thị Nhập {GIVEN[i % len(GIVEN)]} {i}"
        sheet.append(
            [
                "Cá nhân", name, 1970 + i % 30, f"0{i:011d}", units[i % len(units)], codes[i % 4], 2019 + i % 4,
                f"{i % 500 + 1}/QĐ-NHAP", f"15/12/{2019 + i % 4}", "Chủ tịch UBND tỉnh", "Công trạng", "Có",
            ]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    options = parser.parse_args()

    django.setup()
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only in main()

    # As in production: with DEBUG on, Django keeps the text of every query (bulk inserts included) in memory.
    settings.DEBUG = False
    import openpyxl  # noqa: PLC0415 -- slow import, needed only when the sheet is written
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- Django is set up only in main()
    from django.db import transaction  # noqa: PLC0415 -- Django is set up only in main()

    from awards import services  # noqa: PLC0415 -- Django is set up only in main()
    from awards.models import Award, AwardRecord  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import User  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.text import fold, vi_sort_key  # noqa: PLC0415 -- Django is set up only in main()

    data = make_xlsx(options.rows)
    staff = User.objects.get(username="staff")
    print(f"rows: {options.rows}   file: {len(data) / 1024:.0f} KiB")

    # Floor: openpyxl read-only + bulk_create of the same rows.
    with transaction.atomic():
        started = time.perf_counter()
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = list(book.active.iter_rows(min_row=2, values_only=True))
        awards = {a.code: a for a in Award.objects.all()}
        AwardRecord.objects.bulk_create(
            [
                AwardRecord(
                    recipient_kind="household",
                    household_name=r[1],
                    recipient_name=r[1],
                    award=awards[r[5]],
                    year=r[6],
                    decision_number=r[7],
                    source="imported",
                    search_text=fold(r[1]),
                    sort_key=vi_sort_key(r[1]),
                )
                for r in rows
            ],
            batch_size=2000,
        )
        floor = time.perf_counter() - started
        transaction.set_rollback(True)
    print(f"openpyxl read-only + bulk_create: {floor:6.1f} s")

    before = peak_kib()
    with transaction.atomic():
        started = time.perf_counter()
        upload = SimpleUploadedFile(
            "lich-su.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        history_import = services.history_import_create(upload=upload, by=staff)
        if history_import.status == "analysing":  # a large file: what the background job does
            history_import = services.history_import_analyse(history_import=history_import)
        assert history_import.status == "ready", (history_import.status, history_import.message)
        unresolved = services.history_import_unresolved(history_import)
        if unresolved:
            history_import = services.history_import_resolve(
                history_import=history_import, choices=dict.fromkeys(unresolved, "new"), by=staff
            )
        history_import = services.history_import_apply(history_import=history_import, by=staff)
        ours = time.perf_counter() - started
        written = AwardRecord.objects.filter(decision_number__endswith="/QĐ-NHAP").count()
        transaction.set_rollback(True)
    growth = max(peak_kib() - before, 0) * 1024
    print(f"real import (check, analyse, match, apply): {ours:6.1f} s   records written: {written}")
    print(f"RATIO import/floor: {ours / floor:.2f}  (target <= 3)")
    print(f"PEAK memory growth: {growth / len(data):.1f}× the file size (target <= 20×)")


if __name__ == "__main__":
    main()
