"""Shared test helpers: run a report's jobs in this process, read its files."""

import io
import subprocess
from pathlib import Path

import openpyxl

from thiduakt import services as foundation


def run_jobs(report):
    for job in report.jobs:
        foundation.job_run(job_id=job.pk)
    report.refresh_from_db()
    for job in report.jobs:
        job.refresh_from_db()
    return report


def xlsx_rows(job) -> list[tuple]:
    with job.result_file.open("rb") as f:
        book = openpyxl.load_workbook(io.BytesIO(f.read()), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def xlsx_table(rows: list[tuple], title: str) -> dict[str, tuple]:
    """The rows of the table titled ``title`` (after its header row), keyed by their first cell."""
    start = rows.index(next(r for r in rows if r and r[0] == title))
    header = rows[start + 1]
    table = {"__header__": header}
    for row in rows[start + 2 :]:
        if not row or row[0] is None:
            break
        table[row[0]] = row[1 : len(header)]
    return table


def pdf_text(job, tmp_path: Path, layout: bool = False) -> str:
    path = tmp_path / "report.pdf"
    with job.result_file.open("rb") as f:
        path.write_bytes(f.read())
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def xlsx_book(job):
    """The whole workbook of an xlsx job (not read-only: merged ranges and cell types are visible)."""
    with job.result_file.open("rb") as f:
        return openpyxl.load_workbook(io.BytesIO(f.read()))
