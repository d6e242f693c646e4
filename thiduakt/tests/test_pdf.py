"""The PDF module of the foundation: NFC text, bundled fonts only, the URL allow-list, long documents in parts."""

import base64
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from thiduakt.jobs import JobError, job_kind
from thiduakt.models import Job
from thiduakt.pdf import FONT_DIR, balanced_parts, render_html, render_pdf, render_pdf_parts, url_allowed
from thiduakt.services import job_create, job_run

SPECIMEN = "pdf/specimen.html"
NAME_NFD = unicodedata.normalize("NFD", "Ông Nguyễn Văn Ấn, Chuyên viên Sở Nội vụ")
NAME_NFC = unicodedata.normalize("NFC", NAME_NFD)
ALL_FACES = ["Tinos", "Tinos-Bold", "Tinos-Bold-Italic", "Tinos-Italic"]


def specimen(**extra) -> dict:
    return {"first": True, "heading": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "lines": [(1, NAME_NFD)], **extra}


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return sorted({line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()})


def test_fonts_are_bundled_in_the_foundation_with_their_licence():
    assert Path(settings.BASE_DIR) / "thiduakt" / "fonts" == FONT_DIR
    assert sorted(p.name for p in FONT_DIR.iterdir()) == [
        "LICENSE-OFL.txt",
        "Tinos-Bold.ttf",
        "Tinos-BoldItalic.ttf",
        "Tinos-Italic.ttf",
        "Tinos-Regular.ttf",
    ]


def test_render_html_is_nfc_and_marked_for_pdf():
    html = render_html(SPECIMEN, specimen())

    assert unicodedata.is_normalized("NFC", html)
    assert f"<p>1. {NAME_NFC};</p>" in html


def test_render_pdf_text_is_the_nfc_vietnamese(tmp_path):
    pdf = render_pdf(SPECIMEN, specimen())

    text = pdf_text(pdf, tmp_path)
    assert text.split("\n")[:4] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        f"1. {NAME_NFC};",
    ]
    assert NAME_NFD not in text


def test_render_pdf_uses_only_the_four_bundled_faces(tmp_path):
    pdf = render_pdf(SPECIMEN, specimen())

    assert pdf_fonts(pdf, tmp_path) == ALL_FACES


def test_render_pdf_without_any_system_font_still_uses_tinos(tmp_path):
    """With fontconfig knowing no font at all, the document is the same: the fonts are bundled."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8"
    )
    out = tmp_path / "isolated.pdf"
    script = (
        "import django; django.setup();"
        "from thiduakt.pdf import render_pdf;"
        "from thiduakt.tests.test_pdf import SPECIMEN, specimen;"
        f"open({str(out)!r}, 'wb').write(render_pdf(SPECIMEN, specimen()))"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "DJANGO_SETTINGS_MODULE": "thiduakt.settings"}
    subprocess.run([sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR, env=env, capture_output=True)
    check = subprocess.run(["fc-list"], env=env, capture_output=True, text=True)
    assert check.stdout == ""  # really no system font in that process

    pdf = out.read_bytes()
    assert pdf_fonts(pdf, tmp_path) == ALL_FACES
    assert "Độc lập - Tự do - Hạnh phúc" in pdf_text(pdf, tmp_path)


def test_url_allowed_only_bundle_static_and_data():
    assert url_allowed((FONT_DIR / "Tinos-Regular.ttf").as_uri()) is True
    assert url_allowed((Path(settings.BASE_DIR) / "static" / "favicon.svg").as_uri()) is True
    assert url_allowed("data:image/png;base64,AAAA") is True
    assert url_allowed("file:///etc/passwd") is False
    assert url_allowed((FONT_DIR / ".." / "settings.py").as_uri()) is False
    assert url_allowed("http://127.0.0.1/secret") is False
    assert url_allowed("https://example.org/logo.png") is False


def _png_data_url() -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_render_pdf_embeds_data_images_but_not_forbidden_files(tmp_path):
    allowed = render_pdf(SPECIMEN, specimen(image_src=_png_data_url()))
    forbidden = render_pdf(SPECIMEN, specimen(image_src="file:///usr/share/pixmaps/debian-logo.png"))

    assert b"/Subtype /Image" in allowed
    assert b"/Subtype /Image" not in forbidden
    assert f"1. {NAME_NFC};" in pdf_text(forbidden, tmp_path)


def test_render_pdf_parts_joins_in_order_and_numbers_pages_across_parts(tmp_path):
    lines = [(i, f"Bà Trần Thị Ánh {i}, Chuyên viên Sở Nội vụ") for i in range(1, 181)]
    contexts = [
        {"first": k == 0, "heading": "DANH SÁCH KÈM THEO", "lines": lines[k : k + 60]} for k in range(0, 180, 60)
    ]

    pdf, stats = render_pdf_parts(SPECIMEN, contexts, workers=2)

    assert sorted(s["parts"] for s in stats) == [1, 2]
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 4
    assert pages[0].startswith("DANH SÁCH KÈM THEO")  # page 1 has no number
    assert [p.split("\n")[0] for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    positions = [text.index(f"{i}. Bà Trần Thị Ánh {i}, Chuyên viên Sở Nội vụ;") for i in (1, 60, 61, 121, 180)]
    assert positions == sorted(positions)
    assert pdf_fonts(pdf, tmp_path) == ALL_FACES


def test_page_numbers_run_on_over_the_later_parts_stamped_by_the_workers():
    lines = [(i, f"Ông Lê Văn Bình {i}, Chuyên viên Sở Nội vụ") for i in range(1, 241)]
    contexts = [{"first": k == 0, "heading": "DANH SÁCH", "lines": lines[k : k + 80]} for k in range(0, 240, 80)]

    pdf, stats = render_pdf_parts(SPECIMEN, contexts, workers=2)

    assert sum(s["stamps"] for s in stats) == 3  # each part numbered by a worker, none by this process
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [page.extract_text() for page in pages]  # in drawing order: the stamped number last
    # The first page of the 2nd and of the 3rd part: the number of their place in the whole document.
    starts = [next(i for i, text in enumerate(texts) if f"{n}. Ông Lê Văn Bình {n}," in text) for n in (81, 161)]
    for start in starts:
        assert texts[start].split()[-1] == str(start + 1)
        assert texts[start - 1].split()[-1] == str(start)
    assert [text.split()[-1] for text in texts[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    assert texts[0].split()[-1] == "vụ;"  # the first page unnumbered: its last line ends it


def test_parts_go_to_whichever_worker_is_idle():
    """A long first part does not hold back the short ones after it: the other worker lays them all out."""
    lines = [(i, f"Ông Lê Văn Bình {i}, Chuyên viên") for i in range(1, 1501)]
    contexts = [{"first": True, "heading": "DANH SÁCH", "lines": lines}]
    contexts += [{"first": False, "heading": "DANH SÁCH", "lines": [(k, f"Bà Trần Thị Ánh {k}")]} for k in range(4)]

    _pdf, stats = render_pdf_parts(SPECIMEN, contexts, workers=2)

    assert sorted(s["parts"] for s in stats) == [1, 4]


def test_balanced_parts_are_even_and_a_multiple_of_the_cores():
    assert balanced_parts(5000, 2500, 2) == 2500
    assert balanced_parts(6000, 2500, 2) == 1500  # 4 parts, not 2,500 + 2,500 + 1,000
    assert balanced_parts(25000, 2500, 2) == 2500
    assert balanced_parts(25001, 2500, 2) == 2084  # 12 parts
    assert balanced_parts(4, 2, 4) == 2  # fewer parts than cores: as many as needed
    assert balanced_parts(1, 200, 2) == 1


def test_a_part_worker_loads_neither_django_nor_the_project(tmp_path):
    """The worker is started by its file: it imports WeasyPrint, not Django, Celery or ``thiduakt``."""
    (tmp_path / "part-00000.html").write_text(render_html(SPECIMEN, specimen()), encoding="utf-8")
    worker = Path(settings.BASE_DIR) / "thiduakt" / "pdfpart.py"
    done = subprocess.run(
        [
            sys.executable,
            "-P",
            "-X",
            "importtime",
            str(worker),
            str(tmp_path),
            "1500",
            str(tmp_path / "cache"),
            FONT_DIR,
        ],
        input="layout part-00000\nstamp part-00000 0 1\n",
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    answers = done.stdout.splitlines()
    assert answers[:2] == ["laid part-00000 1", "stamped part-00000"]
    assert json.loads(answers[2])["parts"] == 1
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "weasyprint" in imported
    assert not imported & {"django", "celery", "thiduakt"}
    page = PdfReader(tmp_path / "part-00000.pdf").pages[0]
    assert page.extract_text().split()[-1] == "1"


def _part_processes(marker: str) -> list[int]:
    """Pids of the PDF part processes whose command line names ``marker`` (their spec folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "thiduakt/pdfpart.py" in command and marker in command:
            found.append(int(entry.name))
    return found


def _wait_until(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met")


class _TimeLimit(Exception):
    pass


def test_a_time_limit_during_the_parts_stops_every_part(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the parts' spec folder is under tmp_path
    lines = [(i, f"Ông Lê Văn Bình {i}, Chuyên viên") for i in range(1, 4001)]
    contexts = [{"first": k == 0, "heading": "DANH SÁCH", "lines": lines[k : k + 2000]} for k in (0, 2000)]

    def time_is_up(signum, frame):
        raise _TimeLimit  # what Celery's soft limit does inside the job

    previous = signal.signal(signal.SIGALRM, time_is_up)
    watcher = threading.Thread(
        target=lambda: (_wait_until(lambda: len(_part_processes(str(tmp_path))) == 2), signal.alarm(1)), daemon=True
    )
    watcher.start()
    try:
        with pytest.raises(_TimeLimit):
            render_pdf_parts(SPECIMEN, contexts, workers=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert _part_processes(str(tmp_path)) == []


def test_the_parts_die_with_the_job_process_even_by_sigkill(tmp_path):
    script = (
        "import django, os, tempfile; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'thiduakt.settings');"
        f"django.setup(); tempfile.tempdir = {str(tmp_path)!r};"
        "from thiduakt.pdf import render_pdf_parts;"
        # Parts long enough to take a minute: left alone they would still be laying out below.
        "lines = [(i, f'Ông Lê Văn Bình {i}') for i in range(1, 40001)];"
        f"render_pdf_parts({SPECIMEN!r}, [{{'first': k == 0, 'heading': 'DS', 'lines': lines[k:k + 20000]}}"
        " for k in (0, 20000)], workers=2)"
    )
    job = subprocess.Popen([sys.executable, "-c", script], cwd=settings.BASE_DIR)
    try:
        parts = _wait_until(lambda: p if len(p := _part_processes(str(tmp_path))) == 2 else None)
        job.kill()
        job.wait()
        _wait_until(lambda: not any(_alive(pid) for pid in parts), seconds=5)
    finally:
        job.kill()
    assert _part_processes(str(tmp_path)) == []


def _alive(pid: int) -> bool:
    """Not yet reaped zombies count as gone: they run nothing."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------------------
# The memory ceiling of a render
# ---------------------------------------------------------------------------

MEMORY_MESSAGE = (
    "Tài liệu quá lớn: việc dựng PDF cần nhiều hơn 20 MB bộ nhớ cho phép nên đã bị dừng. "
    "Hãy thu hẹp phạm vi (ít hồ sơ, ít dòng hơn) rồi chạy lại, hoặc báo quản trị viên."
)


def _huge_png_data_url() -> str:
    """A few kilobytes of PNG that decode to 108 MB of pixels: a render that needs far more than 20 MB."""
    out = io.BytesIO()
    Image.new("RGB", (6000, 6000), (200, 0, 0)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_render_past_its_memory_ceiling_fails_with_a_vietnamese_job_error(settings, tmp_path):
    settings.PDF_MEMORY_LIMIT_MB = 20
    own_limit = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(JobError) as failed:
        render_pdf(SPECIMEN, specimen(image_src=_huge_png_data_url()))
    assert str(failed.value) == MEMORY_MESSAGE
    # this process is untouched: its own limit is as it was, and the next render works
    assert resource.getrlimit(resource.RLIMIT_AS) == own_limit
    settings.PDF_MEMORY_LIMIT_MB = 1500
    assert f"1. {NAME_NFC};" in pdf_text(render_pdf(SPECIMEN, specimen()), tmp_path)


def test_parts_past_their_memory_ceiling_fail_with_the_same_error(settings, monkeypatch):
    monkeypatch.setenv("THIDUAKT_PDF_MEMORY_LIMIT_MB", "20")  # the part processes read their settings
    settings.PDF_MEMORY_LIMIT_MB = 20
    huge = _huge_png_data_url()
    contexts = [{"first": k == 0, "heading": "DANH SÁCH", "lines": [(k, NAME_NFC)], "image_src": huge} for k in (1, 2)]
    with pytest.raises(JobError) as failed:
        render_pdf_parts(SPECIMEN, contexts, workers=2)
    assert str(failed.value) == MEMORY_MESSAGE


def test_a_failure_other_than_memory_in_the_layout_is_not_called_a_memory_error(monkeypatch):
    def broken(html):
        raise ValueError("hỏng bố cục")

    monkeypatch.setattr("thiduakt.pdf._layout", broken)
    with pytest.raises(RuntimeError, match="hỏng bố cục"):
        render_pdf(SPECIMEN, specimen())


@job_kind("tests.pdf_too_big", "Công việc thử dựng PDF quá lớn")
def _pdf_too_big(job, context):
    path = context.new_result_path(".pdf")
    path.write_bytes(render_pdf(SPECIMEN, specimen(image_src=job.params["image"])))
    context.set_result(path, "qua-lon.pdf")


@pytest.mark.django_db
def test_a_job_whose_render_passes_the_ceiling_fails_with_the_message_and_its_process_lives_on(settings):
    settings.PDF_MEMORY_LIMIT_MB = 20
    job = job_create(kind="tests.pdf_too_big", requested_by=None, params={"image": _huge_png_data_url()})
    job = job_run(job_id=job.pk)
    assert (job.status, job.message, job.result_file.name) == (Job.Status.FAILED, MEMORY_MESSAGE, "")
    assert job.attempts == 1  # failed for good, not left for a retry of the same render


def test_a_layout_that_died_of_a_failed_allocation_is_told_out_of_memory_whatever_the_signal():
    """GLib traps (SIGTRAP) or aborts when an allocation fails under the ceiling; the kernel kills (SIGKILL)."""
    from thiduakt.pdf import MEMORY_EXIT, died_of_memory  # noqa: PLC0415 -- only here

    statuses = [MEMORY_EXIT, -signal.SIGTRAP, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, -signal.SIGTERM, 1, 0]
    assert [died_of_memory(s) for s in statuses] == [True, True, True, True, True, False, False, False]
