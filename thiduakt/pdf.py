"""PDF rendering, the one way: Django templates through WeasyPrint, in background jobs only.

Every long document of the project (decision and annex, certificates, meeting
packet, cluster rankings, honours lists, reports) goes through ``render_document``:
one pass by ``render_pdf`` when small, else parts of bounded size laid out in
worker processes and joined (``render_in_parts``). The text is normalised
to NFC, so that what a reader copies out of the PDF is the same Vietnamese as
in the database, and the only font is the bundled Tinos (metric compatible
with Times New Roman, full Vietnamese coverage): the PDF looks the same on any
machine, whatever fonts the system has. Templates stay next to their app
(``templates/reports/pdf/``, ``templates/clusters/pdf/``…); the shared layouts
are ``reports/pdf/official_base.html`` and ``reports/pdf/report_base.html``.

Rendering takes seconds and hundreds of megabytes: call these functions from a
job handler (``thiduakt.jobs.job_kind``), never inside a request.
"""

import contextlib
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
from collections.abc import Callable, Iterable
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


def layout_in_process(html: str) -> bytes:
    """``_layout`` without a child: only for a process already under the ceiling (``thiduakt.pdfpart``)."""
    return _layout(html)


# ---------------------------------------------------------------------------
# Long documents: one pass when small, else parts of bounded size in worker processes, joined by streaming
# ---------------------------------------------------------------------------

# Measured on the 2-core machine (bench/big_pdf.py, bench/README.md "Big PDF"): one pass costs ~0.3 s plus
# WeasyPrint's own time; the parts cost ~1.5-2 s more (fresh worker processes importing WeasyPrint, the join,
# the stamps) and win only once the list takes longer than that to lay out alone: from about 1,500 annex lines
# (40 pages). A part of 2,500 lines (70 pages) or 200 certificates (200 pages) stays under 200 MB.
ONE_PASS_MAX_LINES = 1500
PART_LINES = 2500
PART_CERTIFICATES = 200

RENDERS: list[str] = []  # which path each document took ("one pass", "parts:N"), for tests and the bench


def render_document(
    template_name: str,
    context: dict,
    *,
    size: int = 0,
    one_pass_max: int = 0,
    parts: Callable[[], Iterable[tuple[str, dict]]] | None = None,
    numbered_from_part: int | None = None,
    workers: int | None = None,
) -> bytes:
    """The one path of every long document: one pass up to ``one_pass_max`` items, else in parts.

    A document whose template has no parts (``parts`` None: a table whose footer counts "Trang x/y" over
    the whole document, a short list) always takes the one pass, under the same memory ceiling.
    ``size`` is the document's length in items (annex lines, certificates). Small documents are laid out
    whole by ``render_pdf`` (no split cost: a 1-3 page decision pays nothing for parts). Longer ones are
    cut by ``parts()``, a generator of (template, context) of bounded size, produced lazily: each part's
    HTML is rendered here and laid out by one of ``workers`` processes while the next is being produced,
    so that no process holds more than a part, whatever the number of pages. The parts are joined by
    ``pdfunite`` (a streaming join in its own process). ``numbered_from_part``: the parts from that index
    on are one section whose pages are numbered (top centre, from its 2nd page), stamped over the parts.
    """
    if parts is None or size <= one_pass_max:
        RENDERS.append("one pass")
        return render_pdf(template_name, context)
    pdf, _stats = render_in_parts(parts(), numbered_from_part=numbered_from_part, workers=workers)
    return pdf


def render_pdf_parts(
    template_name: str, contexts: list[dict], *, workers: int | None = None, number_from: int = 2
) -> tuple[bytes, list[dict]]:
    """Render each context as one part in ``workers`` processes and join them: ``render_in_parts`` of one template.

    Pages are numbered across the joined document from page ``number_from`` (2: the first page unnumbered).
    Returns the PDF and, per worker, its peak memory (KiB) and time.
    """
    return render_in_parts(
        ((template_name, c) for c in contexts),
        numbered_from_part=0,
        number_from=number_from,
        workers=max(1, min(workers or os.cpu_count() or 1, len(contexts))),
    )


def render_in_parts(
    parts: Iterable[tuple[str, dict]],
    *,
    numbered_from_part: int | None = None,
    number_from: int = 2,
    workers: int | None = None,
) -> tuple[bytes, list[dict]]:
    """Lay out each (template, context) as a part in worker processes, join the parts in order.

    Each worker is a fresh ``python -m thiduakt.pdfpart`` process (a Celery prefork child may not fork a
    multiprocessing pool), under the memory ceiling ``PDF_MEMORY_LIMIT_MB`` (a part process exceeding it
    fails the job with a Vietnamese ``JobError``); it is given its parts one by one on its standard input,
    round robin, as this process renders their HTML. Returns the PDF and, per worker, its peak memory
    (KiB), its parts and its time (the join's peak is this process's ``RUSAGE_CHILDREN``).
    """
    workers = max(1, workers or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="pdfparts-") as tmp, contextlib.ExitStack() as files:
        folder = Path(tmp)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduakt.settings")}
        jobs: list[tuple[subprocess.Popen, object, object]] = []
        count = 0
        # The job's time limit (an exception here) or a failed part stops every part still running:
        # none may go on laying out pages for a job that has ended.
        try:
            for index, (template_name, context) in enumerate(parts):
                html = folder / f"part-{index:05d}.html"
                html.write_text(render_html(template_name, context), encoding="utf-8")
                if len(jobs) < workers:  # started with the first parts: a document of fewer parts starts fewer
                    out = files.enter_context(open(folder / f"worker-{len(jobs)}.out", "w+b"))
                    err = files.enter_context(open(folder / f"worker-{len(jobs)}.err", "w+b"))
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "thiduakt.pdfpart", str(folder)],
                        cwd=settings.BASE_DIR,
                        env=env,
                        stdin=subprocess.PIPE,
                        stdout=out,
                        stderr=err,
                        preexec_fn=die_with_parent,  # a part never outlives its job's process
                    )
                    jobs.append((proc, out, err))
                proc = jobs[index % workers][0]
                with contextlib.suppress(BrokenPipeError):  # that worker has failed already: said below
                    proc.stdin.write(f"{html.name}\n".encode())
                    proc.stdin.flush()
                count = index + 1
            stats = []
            for proc, out, err in jobs:
                with contextlib.suppress(BrokenPipeError):
                    proc.stdin.close()
                proc.wait()
                if died_of_memory(proc.returncode):
                    raise memory_error()
                if proc.returncode != 0:
                    err.seek(0)
                    raise RuntimeError(f"PDF part worker failed: {err.read().decode(errors='replace')[-2000:]}")
                out.seek(0)
                stats.append(json.loads(out.read().decode().strip().splitlines()[-1]))
        finally:
            for proc, _out, _err in jobs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        paths = [folder / f"part-{i:05d}.pdf" for i in range(count)]
        if numbered_from_part is not None:
            paths[numbered_from_part:] = _stamp_parts(paths[numbered_from_part:], number_from=number_from)
        joined = folder / "joined.pdf"
        _join(paths, joined)
        RENDERS.append(f"parts:{count}")
        return joined.read_bytes(), stats


def _join(paths: list[Path], out: Path) -> None:
    """Concatenate PDFs with poppler's ``pdfunite``: it streams object by object (25,000 pages in ~50 MB,
    where pypdf's writer holds every page parsed: 370 MB)."""
    if len(paths) == 1:
        os.replace(paths[0], out)
        return
    done = subprocess.run(["pdfunite", *map(str, paths), str(out)], capture_output=True, preexec_fn=die_with_parent)
    if done.returncode != 0:
        raise RuntimeError(f"pdfunite failed: {done.stderr.decode(errors='replace')[-2000:]}")


def _stamp_parts(paths: list[Path], *, number_from: int) -> list[Path]:
    """Stamp the page numbers running over these parts (one numbered section), part by part: only one
    part's pages are ever parsed at a time."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- slow import, only in workers

    counts = [len(PdfReader(path).pages) for path in paths]
    stamps = _number_stamps(sum(counts))
    stamped, first = [], 0
    for path, pages in zip(paths, counts, strict=True):
        writer = PdfWriter(clone_from=PdfReader(path))
        for index in range(max(first, number_from - 1), first + pages):
            writer.pages[index - first].merge_page(stamps.pages[index])
        target = path.with_suffix(".numbered.pdf")
        with open(target, "wb") as f:
            writer.write(f)
        stamped.append(target)
        first += pages
    return stamped


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
