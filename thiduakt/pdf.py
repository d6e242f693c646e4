"""PDF rendering, the one way: Django templates through WeasyPrint, in background jobs only.

Every document of the project (statistical reports, council and decision
documents, cluster rankings, honours lists) goes through ``render_pdf``, or
``render_pdf_parts`` for a list of thousands of lines. The text is normalised
to NFC, so that what a reader copies out of the PDF is the same Vietnamese as
in the database, and the only font is the bundled Tinos (metric compatible
with Times New Roman, full Vietnamese coverage): the PDF looks the same on any
machine, whatever fonts the system has. Templates stay next to their app
(``templates/reports/pdf/``, ``templates/clusters/pdf/``…); the shared layouts
are ``reports/pdf/official_base.html`` and ``reports/pdf/report_base.html``.

Rendering takes seconds and hundreds of megabytes: call these functions from a
job handler (``thiduakt.jobs.job_kind``), never inside a request.
"""

import errno
import faulthandler
import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import traceback
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from thiduakt.jobs import JobError
from thiduakt.processes import die_with_parent

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Tinos"

_FONT_FILES = {
    ("normal", "normal"): "Tinos-Regular.ttf",
    ("bold", "normal"): "Tinos-Bold.ttf",
    ("normal", "italic"): "Tinos-Italic.ttf",
    ("bold", "italic"): "Tinos-BoldItalic.ttf",
}


def font_face_css() -> str:
    """@font-face rules loading the bundled fonts by file URL, and making them the only family."""
    rules = []
    for (weight, style), filename in _FONT_FILES.items():
        url = (FONT_DIR / filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    # No fallback family: a glyph missing from Tinos would show as missing
    # rather than silently pull in a system font.
    rules.append(f'html, body, * {{ font-family: "{FONT_FAMILY}"; }}')
    return "\n".join(rules)


def _allowed_roots() -> list[Path]:
    return [FONT_DIR, Path(settings.BASE_DIR) / "static"]


def url_allowed(url: str) -> bool:
    """Only the bundled fonts, our static files and data: URLs; never the network.

    Documents are built from user data; even escaped, a template must not be
    able to make the worker read arbitrary files or call other hosts.
    """
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        path = Path(unquote(urlparse(url).path)).resolve()
        return any(path.is_relative_to(root.resolve()) for root in _allowed_roots())
    return False


def _url_fetcher():
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- slow import, only in workers

    class BundleOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url_allowed(url):
                raise ValueError(f"URL not allowed in a PDF: {url}")
            return super().fetch(url, headers)

    return BundleOnlyFetcher(allowed_protocols={"file", "data"})


def render_html(template_name: str, context: dict) -> str:
    """The HTML of a PDF template, in NFC (exposed for tests and for printing by other engines)."""
    context = {**context, "for_pdf": True}
    return unicodedata.normalize("NFC", render_to_string(template_name, context))


def _layout(html: str) -> bytes:
    """Lay out HTML (already rendered, NFC) to PDF bytes with the bundled fonts: the heavy part, no database."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- slow import, only in workers
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- slow import, only in workers

    font_config = FontConfiguration()
    fetcher = _url_fetcher()
    stylesheets = [CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)]
    document = HTML(string=html, base_url=str(FONT_DIR) + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


# ---------------------------------------------------------------------------
# The memory ceiling: every layout runs in a process whose address space may grow by PDF_MEMORY_LIMIT_MB
# ---------------------------------------------------------------------------

MEMORY_EXIT = 86  # exit code of a layout process that ran out of its memory ceiling
# Signals a process dies of when an allocation fails where no exception can be raised (GLib aborts,
# a C library dereferences NULL) or when the kernel's OOM killer chose it.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL}


def memory_limit_mb() -> int:
    return int(getattr(settings, "PDF_MEMORY_LIMIT_MB", 1500))


def memory_error() -> JobError:
    return JobError(
        _(
            "Tài liệu quá lớn: việc dựng PDF cần nhiều hơn %(mb)s MB bộ nhớ cho phép nên đã bị dừng. "
            "Hãy thu hẹp phạm vi (ít hồ sơ, ít dòng hơn) rồi chạy lại, hoặc báo quản trị viên."
        )
        % {"mb": memory_limit_mb()}
    )


def limit_memory(megabytes: int) -> None:
    """Let this process's address space grow by at most ``megabytes`` from now (``RLIMIT_AS``).

    Relative to what the process already maps (a worker that forked it, the libraries it loaded),
    so that the ceiling is what one render may take, on any machine.
    """
    with open("/proc/self/statm") as f:
        mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def preload() -> None:
    """Import what a layout imports, before a ceiling is set: a library mapped under it could fail to load."""
    import fontTools.subset  # noqa: F401, PLC0415 -- imported by WeasyPrint when it embeds a font
    import weasyprint  # noqa: PLC0415 -- slow import, only in workers
    import weasyprint.text.fonts  # noqa: F401, PLC0415 -- as above


def out_of_memory(exc: BaseException) -> bool:
    """Whether an exception raised under the ceiling is memory running out (an mmap refused), whatever its type."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    text = str(exc)
    return isinstance(exc, ImportError | OSError) and ("failed to map" in text or "Cannot allocate memory" in text)


def died_of_memory(returncode: int) -> bool:
    """Whether a layout process with this exit status (``subprocess`` style: -N for signal N) ran out of memory."""
    return returncode == MEMORY_EXIT or (returncode < 0 and -returncode in _MEMORY_SIGNALS)


def _layout_in_child(html: str) -> bytes:
    """``_layout`` in a forked process under the memory ceiling; the parent keeps its memory and its life.

    A fork, not a fresh interpreter: the child already has WeasyPrint loaded and starts in
    milliseconds. It touches no database (the HTML is rendered before) and ends with ``os._exit``.
    Running out of memory fails with ``memory_error`` (a ``JobError``: the job fails with that
    message, its worker lives on); the job's time limit (an exception here) kills the child.
    """
    preload()
    with tempfile.TemporaryDirectory(prefix="pdf-") as tmp:
        out, error = Path(tmp) / "out.pdf", Path(tmp) / "error.txt"
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                faulthandler.disable()  # a crash here is out of memory, said by the exit status, not a dump
                die_with_parent()
                limit_memory(memory_limit_mb())
                out.write_bytes(_layout(html))
                code = 0
            except BaseException as exc:  # memory is said by the exit code, anything else reported to the parent
                if out_of_memory(exc):
                    os._exit(MEMORY_EXIT)
                try:
                    error.write_text(traceback.format_exc()[-4000:], encoding="utf-8")
                except BaseException:  # out of memory even for that: the exit code says it
                    code = MEMORY_EXIT
            finally:
                os._exit(code)
        try:
            _pid, status = os.waitpid(pid, 0)
        except BaseException:  # the job's time limit, or the worker stopping: the layout stops too
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        returncode = os.waitstatus_to_exitcode(status)
        if returncode == 0:
            return out.read_bytes()
        if died_of_memory(returncode):
            raise memory_error()
        detail = error.read_text(encoding="utf-8") if error.exists() else f"exit status {returncode}"
        raise RuntimeError(f"PDF layout failed: {detail}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``templates/<template_name>`` (e.g. ``reports/pdf/report.html``) to PDF bytes, in one pass.

    The template usually extends ``reports/pdf/official_base.html`` (an official
    document in the layout of NĐ 30/2020) or ``reports/pdf/report_base.html``
    (a statistical report). Pure: no database writes, no files left behind.
    The template is rendered here; the layout runs in a child process under
    the memory ceiling ``PDF_MEMORY_LIMIT_MB``: a document needing more fails
    with a Vietnamese ``JobError``, the worker lives on.
    """
    return _layout_in_child(render_html(template_name, context))


def render_pdf_in_process(template_name: str, context: dict) -> bytes:
    """``render_pdf`` without a child: only for a process already under the ceiling (``thiduakt.pdfpart``)."""
    return _layout(render_html(template_name, context))


# ---------------------------------------------------------------------------
# Long documents: parts rendered in parallel processes, joined, numbered
# ---------------------------------------------------------------------------


def render_pdf_parts(
    template_name: str, contexts: list[dict], *, workers: int | None = None, number_from: int = 2
) -> tuple[bytes, list[dict]]:
    """Render each context (JSON-serialisable) as one part in ``workers`` processes, join the parts in order.

    WeasyPrint lays out one document in one thread; a 25,000-line annex is laid
    out faster (and in less memory per process) as parts rendered side by side.
    Each worker is a fresh ``python -m thiduakt.pdfpart`` process (a Celery
    prefork child may not fork a multiprocessing pool), under the memory
    ceiling ``PDF_MEMORY_LIMIT_MB`` (a part process exceeding it fails the
    job with a Vietnamese ``JobError``). Page numbers run over
    the joined document: they are stamped afterwards, top centre, from page
    ``number_from``. Returns the PDF and, per worker, its peak memory (KiB) and
    time, for the benchmark.
    """
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- slow import, only in workers

    workers = max(1, min(workers or os.cpu_count() or 1, len(contexts)))
    with tempfile.TemporaryDirectory(prefix="pdfparts-") as tmp:
        folder = Path(tmp)
        jobs = []
        for w in range(workers):
            assigned = [
                {"template": template_name, "context": contexts[i], "out": str(folder / f"part-{i:05d}.pdf")}
                for i in range(w, len(contexts), workers)
            ]
            spec = folder / f"worker-{w}.json"
            spec.write_text(json.dumps(assigned, ensure_ascii=False), encoding="utf-8")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduakt.settings"),
            }
            jobs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "thiduakt.pdfpart", str(spec)],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    preexec_fn=die_with_parent,  # a part never outlives its job's process
                )
            )
        stats = []
        # The job's time limit (an exception here) or a failed part stops every part still running:
        # none may go on laying out pages for a job that has ended.
        try:
            for proc in jobs:
                out, err = proc.communicate()
                if died_of_memory(proc.returncode):
                    raise memory_error()
                if proc.returncode != 0:
                    raise RuntimeError(f"PDF part worker failed: {err.decode(errors='replace')[-2000:]}")
                stats.append(json.loads(out.decode().strip().splitlines()[-1]))
        finally:
            for proc in jobs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        writer = PdfWriter()
        for i in range(len(contexts)):
            writer.append(PdfReader(folder / f"part-{i:05d}.pdf"))
        _stamp_page_numbers(writer, number_from=number_from)
        out_path = folder / "joined.pdf"
        with open(out_path, "wb") as f:
            writer.write(f)
        return out_path.read_bytes(), stats


STAMP_BUCKET = 500  # stamp files hold numbers 1…500, 1…1000, …


def _number_stamps(total: int):
    """A PDF whose page k shows only the number k, top centre: built once per size bucket and kept.

    Stamps depend on nothing but the page layout and the font, so they are
    cached under the private storage (named by a hash of that CSS) instead of
    being laid out again for every long document.
    """
    from pypdf import PdfReader  # noqa: PLC0415 -- slow import, only in workers
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- slow import, only in workers
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- slow import, only in workers

    size = -(-total // STAMP_BUCKET) * STAMP_BUCKET
    page_css = (
        "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; "
        "@top-center { content: counter(page); font-size: 13pt; } } "
        "div { break-after: page; height: 1px; }"
    )
    digest = hashlib.sha256((font_face_css() + page_css).encode()).hexdigest()[:12]
    folder = Path(settings.MEDIA_ROOT) / "cache"
    path = folder / f"page-numbers-{digest}-{size}.pdf"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        font_config = FontConfiguration()
        css = CSS(string=font_face_css() + page_css, font_config=font_config, url_fetcher=_url_fetcher())
        pdf = HTML(string=f"<html><body>{'<div></div>' * size}</body></html>").write_pdf(
            stylesheets=[css], font_config=font_config
        )
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".pdf")
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)  # atomic: two workers building it at once both end with a whole file
    return PdfReader(path)


def _stamp_page_numbers(writer, *, number_from: int) -> None:
    """Draw the page number top centre (as in NĐ 30/2020) on each page from ``number_from``, in Tinos 13 pt."""
    total = len(writer.pages)
    if total < number_from:
        return
    stamps = _number_stamps(total)
    for index in range(number_from - 1, total):
        writer.pages[index].merge_page(stamps.pages[index])
