"""Big PDF: the annex of N awardees (one year of a province) — our pipeline against headless Chromium.

    THIDUAKT_DATA_DIR=… .venv/bin/python bench/big_pdf.py [--rows 25000] [--workers 2] [--chunk 2500] [--single]

The lines come from the award records of the latest year in the database (``manage.py seed_bulk``); synthetic
lines fill up to ``--rows`` if there are fewer. The same lines are written as ONE HTML file (same template,
same bundled fonts) and printed by ``chromium --headless --print-to-pdf``: that time is the floor. Ours is
``thiduakt.pdf.render_pdf_parts``: parts of ``--chunk`` lines laid out by WeasyPrint in ``--workers`` processes,
joined with pypdf, page numbers stamped. Prints times, the ratio (target ≤ 1.0) and the peak memory of each
process (target ≤ 600 MB). ``--single`` also times WeasyPrint on the whole document in this process.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")


def lines_for(rows: int) -> list[tuple[int, str]]:
    from awards.models import AwardRecord  # noqa: PLC0415 -- Django is set up only in main()

    year = AwardRecord.objects.order_by("-year").values_list("year", flat=True).first()
    lines = []
    if year:
        records = (
            AwardRecord.objects.filter(year=year)
            .order_by("sort_key", "id")
            .values_list("recipient_kind", "recipient_name", "recipient_unit_name")[:rows]
        )
        for kind, name, unit in records.iterator(chunk_size=5000):
            prefix = "" if kind != "individual" else "Ông/Bà "
            lines.append(f"{prefix}{name}{', ' + unit if unit else ''}")
    while len(lines) < rows:
        lines.append(f"Ông Nguyễn Văn Thử {len(lines) + 1}, Chuyên viên Ủy ban nhân dân xã Hòa An")
    return list(enumerate(lines, start=1))


def chromium() -> str:
    for name in (os.environ.get("THIDUAKT_CHROMIUM", ""), "/usr/bin/chromium", "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("Chromium is required (apt-get install -y chromium)")


def time_chromium(html_path: Path, pdf_path: Path) -> tuple[float, int]:
    args = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        "--allow-file-access-from-files",
        f"--print-to-pdf={pdf_path}",
        html_path.as_uri(),
    ]
    started = time.monotonic()
    subprocess.run(args, check=True, capture_output=True, timeout=1800)
    seconds = time.monotonic() - started
    # Peak of the largest Chromium process (children of this process so far).
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--chunk", type=int, default=2_500)
    parser.add_argument("--single", action="store_true")
    options = parser.parse_args()

    django.setup()
    from thiduakt.pdf import font_face_css, render_html, render_pdf, render_pdf_parts  # noqa: PLC0415 -- Django is set up only in main()

    template = "reports/pdf/annex_part.html"
    heading = {
        "annex_title": "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "annex_note": "(Kèm theo Quyết định số 163/QĐ-UBND ngày 20/01/2025 của Chủ tịch UBND tỉnh)",
    }
    lines = lines_for(options.rows)
    whole = {"first": True, "lines": lines, "page_numbers": True, **heading}
    work = Path(tempfile.mkdtemp(prefix="bench-big-pdf-"))
    html_path = work / "annex.html"
    # The same HTML for Chromium, with the fonts inlined (Chromium reads our @font-face file URLs too).
    html = render_html(template, whole).replace("<style>", f"<style>{font_face_css()}\n", 1)
    html_path.write_text(html, encoding="utf-8")

    floor, chromium_peak = time_chromium(html_path, work / "chromium.pdf")
    print(f"rows: {len(lines)}   workers: {options.workers}   chunk: {options.chunk}")
    print(
        f"chromium --print-to-pdf: {floor:7.1f} s  {pages(work / 'chromium.pdf')} pages  "
        f"peak {chromium_peak / 1024:.0f} MB"
    )

    contexts = [
        {"first": k == 0, "lines": lines[k : k + options.chunk], **heading} for k in range(0, len(lines), options.chunk)
    ]
    started = time.monotonic()
    pdf, stats = render_pdf_parts(template, contexts, workers=options.workers)
    ours = time.monotonic() - started
    (work / "ours.pdf").write_bytes(pdf)
    peak = max(s["peak_kib"] for s in stats) / 1024
    print(f"ours (parts in parallel): {ours:7.1f} s  {pages(work / 'ours.pdf')} pages  peak per process {peak:.0f} MB")
    print(f"RATIO ours/chromium: {ours / floor:.2f}  (target <= 1.0)   PEAK: {peak:.0f} MB (target <= 600 MB)")
    if options.single:
        started = time.monotonic()
        (work / "single.pdf").write_bytes(render_pdf(template, whole))
        single = time.monotonic() - started
        single_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"weasyprint one process: {single:7.1f} s  ratio {single / floor:.2f}  peak {single_peak:.0f} MB")
    text = subprocess.run(["pdftotext", str(work / "ours.pdf"), "-"], capture_output=True, text=True).stdout
    last = f"{lines[-1][0]}. {lines[-1][1]};"
    print(f"check: first and last lines extractable: {lines[0][1] in text and last in text}")
    print(f"files: {work}")


if __name__ == "__main__":
    main()
