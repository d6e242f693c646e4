"""Big PDF: the documents' own rendering path (``thiduakt.pdf.render_document``) against headless Chromium.

    .venv/bin/python bench/big_pdf.py --rows 50,5000,25000,50000 [--kinds decision,certificates]

For each kind and size, one fresh process runs what the job runs after loading its rows: ``awards.jobs.decision_pdf``'s
own call ``decision_document`` (``render_document`` with ``decision_parts``: one pass up to ``ONE_PASS_MAX_LINES``
lines, else the decision then its annex in parts of ``PART_LINES``) or ``certificates_document`` (parts of
``PART_CERTIFICATES``), on a decision context of N synthetic lines built as ``decision_context`` builds it. The same
document as ONE HTML file (the template's one-pass rendering, fonts inlined) is printed by ``chromium --headless
--print-to-pdf``: that is the floor.
Prints per size: our time, Chromium's, the ratio (target ≤ 1.0), pages, and the peak RSS per process: ours the
largest of the job's own process, its part workers and the join; Chromium's the largest of its process tree
(``/usr/bin/time``'s maximum resident size, which Linux takes over the waited descendants). The load average of the
machine is printed first and last.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakt.settings")

DECISION = SimpleNamespace(
    decision_date=date(2025, 1, 20),
    place="Hậu Giang",
    signer_authority="KT. CHỦ TỊCH",
    signer_title="PHÓ CHỦ TỊCH",
    signer_name="Trương Cảnh Tuyên",
    award=SimpleNamespace(name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
)


def decision_context(rows: int) -> dict:
    """What ``awards.jobs.decision_context`` returns for a decision of ``rows`` individuals (synthetic names)."""
    lines = [f"Ông Nguyễn Văn Thử {n}, Chuyên viên Ủy ban nhân dân xã Hòa An" for n in range(1, rows + 1)]
    return {
        "issuer_parent": "ỦY BAN NHÂN DÂN",
        "issuer_name": "TỈNH HẬU GIANG",
        "number": "163/QĐ-UBND",
        "place": "Hậu Giang",
        "date": DECISION.decision_date,
        "title": "QUYẾT ĐỊNH",
        "subject": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "authority_line": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Xét đề nghị của Sở Nội vụ."],
        "articles": [f"Tặng Bằng khen cho {rows} cá nhân (có danh sách kèm theo).", "Tiền thưởng theo quy định.", "…"],
        "signer_authority": DECISION.signer_authority,
        "signer_title": DECISION.signer_title,
        "signer_name": DECISION.signer_name,
        "copy_recipients": ["Như Điều 3", "Lưu: VT, NC"],
        "draft": False,
        "annex_title": "DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "annex_note": "(Kèm theo Quyết định số 163/QĐ-UBND ngày 20 tháng 01 năm 2025 của Chủ tịch UBND tỉnh)",
        "groups": [("I. CÁ NHÂN", lines)],
        "decision": DECISION,
    }


def certificates_context(rows: int) -> dict:
    certificates = [
        SimpleNamespace(
            honorific="Ông",
            recipient_name=f"Nguyễn Văn Thử {n}",
            description="Chuyên viên Ủy ban nhân dân xã Hòa An",
            year=2024,
            register_number=n,
        )
        for n in range(1, rows + 1)
    ]
    return {
        "decision": DECISION,
        "certificates": certificates,
        "title": DECISION.award.name,
        "award_name": DECISION.award.name,
        "issuer_line": "Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang",
        "number": "163/QĐ-UBND",
        "decided_on": "ngày 20 tháng 01 năm 2025",
    }


def render(kind: str, rows: int) -> tuple[bytes, str, dict]:
    """The job's own call on the context it builds: ``awards.jobs.decision_document`` / ``certificates_document``
    (what ``decision_pdf`` / ``certificates_pdf`` return, thresholds and parts included)."""
    from awards import jobs  # noqa: PLC0415 -- Django is set up only in main()

    if kind == "decision":
        context = decision_context(rows)
        return jobs.decision_document(context), jobs.DECISION_TEMPLATE, context
    context = certificates_context(rows)
    return jobs.certificates_document(context), jobs.CERTIFICATES_TEMPLATE, context


def one(kind: str, rows: int, work: Path) -> None:
    """In a fresh process: our render timed, then the same document's one-pass HTML written for Chromium."""
    django.setup()
    from thiduakt import pdf as pdf_module  # noqa: PLC0415 -- Django is set up only here
    from thiduakt.pdf import font_face_css, render_html  # noqa: PLC0415 -- as above

    started = time.monotonic()
    pdf, template, context = render(kind, rows)
    seconds = time.monotonic() - started
    (work / "ours.pdf").write_bytes(pdf)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    del pdf
    html = render_html(template, context).replace("<style>", f"<style>{font_face_css()}\n", 1)
    (work / "whole.html").write_text(html, encoding="utf-8")
    print(json.dumps({"seconds": seconds, "own_kib": own, "children_kib": children, "path": pdf_module.RENDERS[-1]}))


def chromium() -> str:
    for name in (os.environ.get("THIDUAKT_CHROMIUM", ""), "/usr/bin/chromium", "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("Chromium is required (apt-get install -y chromium)")


def time_chromium(html_path: Path, pdf_path: Path) -> tuple[float, int]:
    """Seconds and the largest process of Chromium's tree (KiB), from /usr/bin/time."""
    args = [
        "/usr/bin/time",
        "-f",
        "%M",
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
    done = subprocess.run(args, check=True, capture_output=True, text=True, timeout=3600)
    return time.monotonic() - started, int(done.stderr.strip().splitlines()[-1])


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="50,5000,25000,50000")
    parser.add_argument("--kinds", default="decision,certificates")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "ROWS", "FOLDER"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(options.one[0], int(options.one[1]), Path(options.one[2]))
        return
    print(f"load average {load()}   cores {os.cpu_count()}")
    print("kind          rows   ours s  chromium s  ratio  pages ours/chr  path       peak MB ours (own/parts)", end="")
    print("  chromium")
    for kind in options.kinds.split(","):
        for rows in [int(r) for r in options.rows.split(",")]:
            work = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-{rows}-"))
            done = subprocess.run(
                [sys.executable, __file__, "--one", kind, str(rows), str(work)],
                capture_output=True,
                text=True,
                check=True,
            )
            ours = json.loads(done.stdout.strip().splitlines()[-1])
            floor, chromium_peak = time_chromium(work / "whole.html", work / "chromium.pdf")
            own, parts = ours["own_kib"] / 1024, ours["children_kib"] / 1024
            print(
                f"{kind:12} {rows:6}  {ours['seconds']:7.1f}  {floor:10.1f}  {ours['seconds'] / floor:5.2f}  "
                f"{pages(work / 'ours.pdf'):5}/{pages(work / 'chromium.pdf'):<5}  {ours['path']:9}  "
                f"{max(own, parts):5.0f} ({own:.0f}/{parts:.0f})            {chromium_peak / 1024:5.0f}",
                flush=True,
            )
            shutil.rmtree(work)
    print(f"load average {load()}")


if __name__ == "__main__":
    main()
