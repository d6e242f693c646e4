"""Import: an award-history xlsx through the real import, against openpyxl + bulk_create, each in a fresh process.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_history.py [--rows 10000] [--repeat 3]

The file: ``--rows`` awards, one in five for people already in the register (their name, birth year and unit,
so the import matches them), the others for new people; on the real import's header ("Họ tên / Tên tập thể"…).

Ours: ``awards.services.history_import_create`` (content check, stored file), ``history_import_analyse`` (every
row checked, people matched, preview rows stored), ambiguous rows resolved as new people, ``history_import_apply``
(one transaction, history recorded). Floor: the same file read with openpyxl in read-only mode, the people looked
up by name a batch at a time, the new people and every record written with ``bulk_create`` and their history rows
(``bulk_history_create``): the same rows written, without the checks. Each side runs in a fresh process (the
parent only builds the file), interleaved floor, ours, floor, ours…; each process's peak memory growth is its
peak resident set (VmHWM, reset once the modules are loaded and the database is connected) less its resident set
at that moment. Everything runs inside a transaction that is rolled back, so the benchmark can be repeated.
Prints the median time ratio (target ≤ 3×) and the peak memory growth against the file size (target ≤ 20×).
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")

GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khoa", "Lan", "Minh", "Ngọc", "Phúc", "Quyên", "Sơn", "Trang"]
CODES = ["LDTT", "CSTDCS", "GK", "BKT"]
SUFFIX = "/QĐ-NHAP"


def make_xlsx(rows: int) -> bytes:
    import openpyxl  # noqa: PLC0415 -- slow import, needed only when the sheet is written

    from awards.imports import COLUMNS  # noqa: PLC0415 -- Django is set up only in main()
    from thiduakt.models import OrgUnit, Person  # noqa: PLC0415 -- Django is set up only in main()

    units = list(OrgUnit.objects.filter(valid_to__isnull=True).values_list("name", flat=True)[:300])
    # people already registered, each alone of their name, birth year and unit (so the import matches them)
    known = Person.objects.filter(birth_year__isnull=False, unit__isnull=False, id_number__isnull=True)
    known = known.select_related("unit").order_by("pk")[:2000]
    seen, people = set(), []
    for person in known:
        key = (person.search_text, person.birth_year)
        if key not in seen:
            seen.add(key)
            people.append(person)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Lịch sử")
    sheet.append(list(COLUMNS.values()))
    for i in range(rows):
        year = 2019 + i % 4
        if people and i % 5 == 0:
            person = people[(i // 5) % len(people)]
            name, born, unit, id_number = person.full_name, person.birth_year, person.unit.name, ""
        else:
            name, born, unit = f"Phan Thị Nhập {GIVEN[i % len(GIVEN)]} {i}", 1970 + i % 30, units[i % len(units)]
            id_number = f"0{i:011d}"
        sheet.append(
            [
                "Cá nhân", name, born, id_number, unit, CODES[i % 4], year, f"{i}{SUFFIX}", f"15/12/{year}",
                "Chủ tịch UBND tỉnh", "Công trạng", "Có",
            ]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident set (Linux ≥ 4.0)


def floor_side(data: bytes, staff) -> int:
    import openpyxl  # noqa: PLC0415 -- Django is set up only in the child

    from awards.models import Award, AwardRecord  # noqa: PLC0415 -- as above
    from thiduakt.models import OrgUnit, Person  # noqa: PLC0415 -- as above
    from thiduakt.text import fold  # noqa: PLC0415 -- as above

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    awards = {a.code: a for a in Award.objects.all()}
    units = dict(OrgUnit.objects.values_list("name", "pk"))
    written = 0

    def write(batch):
        nonlocal written
        people = {
            (p.search_text, p.birth_year): p.pk
            for p in Person.objects.filter(search_text__in={fold(r[1]) for r in batch}).only(
                "pk", "search_text", "birth_year"
            )
        }
        new = {}
        for r in batch:
            key = (fold(r[1]), r[2])
            if key not in people and key not in new:
                person = Person(full_name=r[1], birth_year=r[2], unit_id=units.get(r[4]), id_number=r[3] or None)
                person.derive()
                new[key] = person
        created = Person.objects.bulk_create(list(new.values()))
        Person.history.bulk_history_create(created, default_user=staff, default_change_reason="floor")
        people.update((key, person.pk) for key, person in new.items())
        records = []
        for r in batch:
            record = AwardRecord(
                recipient_kind="individual",
                person_id=people[(fold(r[1]), r[2])],
                recipient_name=r[1],
                award=awards[r[5]],
                year=r[6],
                decision_number=r[7],
                source="imported",
            )
            record.derive()
            records.append(record)
        records = AwardRecord.objects.bulk_create(records)
        AwardRecord.history.bulk_history_create(records, default_user=staff, default_change_reason="floor")
        written += len(records)

    batch = []
    for values in book.active.iter_rows(min_row=2, values_only=True):
        batch.append(values)
        if len(batch) == 1000:
            write(batch)
            batch = []
    if batch:
        write(batch)
    book.close()
    return written


def ours_side(data: bytes, staff) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- Django is set up in the child

    from awards import services  # noqa: PLC0415 -- as above
    from awards.models import AwardRecord  # noqa: PLC0415 -- as above

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
    services.history_import_apply(history_import=history_import, by=staff)
    return AwardRecord.objects.filter(decision_number__endswith=SUFFIX).count()


def child(side: str, path: str) -> None:
    django.setup()
    import openpyxl  # noqa: F401, PLC0415 -- loaded before the baseline, as in a running worker
    from django.conf import settings  # noqa: PLC0415 -- Django is set up only here
    from django.db import transaction  # noqa: PLC0415 -- as above

    import awards.services  # noqa: F401, PLC0415 -- loaded before the baseline, as in a running worker
    from awards.models import AwardRecord  # noqa: PLC0415 -- as above
    from thiduakt.models import User  # noqa: PLC0415 -- as above

    settings.DEBUG = False  # as in production: with DEBUG on, Django keeps the text of every query
    data = Path(path).read_bytes()
    staff = User.objects.get(username="staff")
    AwardRecord.objects.exists()  # connected
    with transaction.atomic():
        _reset_peak()
        before = _status_kib("VmRSS")
        started = time.perf_counter()
        written = (floor_side if side == "floor" else ours_side)(data, staff)
        seconds = time.perf_counter() - started
        peak = _status_kib("VmHWM")
        transaction.set_rollback(True)
    print(json.dumps({"seconds": seconds, "growth": (peak - before) * 1024, "written": written}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side", choices=["floor", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.side:
        child(options.side, options.file)
        return

    django.setup()
    data = make_xlsx(options.rows)
    print(f"rows: {options.rows}   file: {len(data) / 1024:.0f} KiB   runs: {options.repeat} per side, interleaved")
    results = {"floor": [], "ours": []}
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as sheet:
        sheet.write(data)
        sheet.flush()
        for _run in range(options.repeat):
            for side in ("floor", "ours"):
                out = subprocess.run(
                    [sys.executable, __file__, "--side", side, "--file", sheet.name],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[side].append(json.loads(out.strip().splitlines()[-1]))
    for side, label in (("floor", "openpyxl read-only + bulk_create with history"), ("ours", "real import")):
        runs = results[side]
        times = " · ".join(f"{r['seconds']:.1f}" for r in runs)
        growth = statistics.median(r["growth"] for r in runs)
        print(
            f"{label}: {times} s   records: {runs[0]['written']}   peak growth {growth / 2**20:.1f} MB"
            f" = {growth / len(data):.1f}× the file"
        )
    floor = statistics.median(r["seconds"] for r in results["floor"])
    ours = statistics.median(r["seconds"] for r in results["ours"])
    growth = statistics.median(r["growth"] for r in results["ours"])
    print(f"RATIO import/floor (medians): {ours / floor:.2f}  (target <= 3)")
    print(f"PEAK memory growth of the import: {growth / len(data):.1f}× the file size (target <= 20×)")


if __name__ == "__main__":
    main()
