"""The reward payment list's PDF through its own path (``awards.jobs.payments_pdf``), N synthetic lines.

    .venv/bin/python bench/payment_pdf.py --rows 300,3000,25000 [--one-pass]

Each size in a fresh process runs what the job ``awards.payments_pdf`` runs once it has the list: ``payments_pdf``
on a ``PaymentList`` of N lines (individuals, every 20th with a note), one pass up to
``PAYMENT_ONE_PASS_MAX_LINES`` lines, else parts of ``PAYMENT_PART_LINES`` (``--one-pass``: always one pass).
Prints per size: seconds, CPU seconds of the process and its children, pages, the path taken and the peak RSS per
process (the job's own / the largest child: the one-pass layout, a part worker or the join), with the machine's
load average before and after each size.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")


def listing(rows: int):
    """What ``awards.services.payments.payment_list`` returns for a signed decision of ``rows`` individuals."""
    from awards.services.payments import PaymentLine, PaymentList  # noqa: PLC0415 -- Django is set up first

    decision = SimpleNamespace(issuer_parent="ỦY BAN NHÂN DÂN", issuer_name="TỈNH HẬU GIANG")
    note = "Đã được đính chính, hủy bỏ theo Quyết định số 12/QĐ-UBND"
    lines = [
        PaymentLine(
            number=n,
            kind="Cá nhân",
            recipient=f"Ông Nguyễn Văn Thử {n}",
            description="Chuyên viên Ủy ban nhân dân xã Hòa An",
            coefficient=Decimal("1.0"),
            base_salary=2_340_000,
            amount=2_340_000,
            note=note if n % 20 == 0 else "",
        )
        for n in range(1, rows + 1)
    ]
    return PaymentList(
        decision=decision,
        title="DANH SÁCH CHI TIỀN THƯỞNG",
        reference=f"Kèm theo Quyết định số 01/QĐ-UBND ngày {date(2025, 7, 1):%d/%m/%Y}",
        lines=lines,
        base_salary=2_340_000,
        total=2_340_000 * rows,
        fund="Quỹ thi đua, khen thưởng của tỉnh Hậu Giang",
        fund_basis="khoản 4 Điều 11 Luật Thi đua, khen thưởng; Nghị định số 152/2025/NĐ-CP",
    )


def one(rows: int, out: Path, one_pass: bool) -> None:
    django.setup()
    from awards import jobs  # noqa: PLC0415 -- Django is set up only here
    from thiduakt import pdf  # noqa: PLC0415 -- as above

    if one_pass:
        jobs.PAYMENT_ONE_PASS_MAX_LINES = rows
    made = listing(rows)
    started, cpu = time.monotonic(), _cpu()
    out.write_bytes(jobs.payments_pdf(made))
    seconds, cpu = time.monotonic() - started, _cpu() - cpu
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    path = pdf.RENDERS[-1]
    print(json.dumps({"seconds": seconds, "cpu": cpu, "own_kib": own, "children_kib": children, "path": path}))


def _cpu() -> float:
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="300,3000,25000")
    parser.add_argument("--one-pass", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("ROWS", "OUT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(int(options.one[0]), Path(options.one[1]), options.one_pass)
        return
    print(f"cores {os.cpu_count()}")
    print("  rows  seconds  cpu s  ms/line  pages  path       peak MB (own/largest child)  load before → after")
    for rows in [int(r) for r in options.rows.split(",")]:
        before = load()
        with tempfile.TemporaryDirectory(prefix="bench-payments-") as tmp:
            out = Path(tmp) / "payments.pdf"
            args = [sys.executable, __file__, "--one", str(rows), str(out)]
            done = subprocess.run(args + ["--one-pass"] * options.one_pass, capture_output=True, text=True, check=True)
            ours = json.loads(done.stdout.strip().splitlines()[-1])
            own, child = ours["own_kib"] / 1024, ours["children_kib"] / 1024
            print(
                f"{rows:6}  {ours['seconds']:7.1f}  {ours['cpu']:5.1f}  {ours['seconds'] * 1000 / rows:7.1f}  "
                f"{pages(out):5}  {ours['path']:9}  {max(own, child):5.0f} ({own:.0f}/{child:.0f})"
                f"                {before} → {load()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
