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
import faulthandler
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import traceback
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from thiduakt import pdfpart
from thiduakt.jobs import JobError
from thiduakt.pdfpart import (  # the layout core, shared with the part workers (no Django there)
    FONT_DIR,
    FONT_FAMILY,
    MEMORY_EXIT,
    font_face_css,
    limit_memory,
    out_of_memory,
    preload,
)
from thiduakt.processes import die_with_parent

__all__ = ["FONT_DIR", "FONT_FAMILY", "MEMORY_EXIT", "font_face_css", "limit_memory", "out_of_memory", "preload"]


def _allowed_roots() -> list[Path]:
    return [FONT_DIR, Path(settings.BASE_DIR) / "static"]


def url_allowed(url: str) -> bool:
    """Only the bundled fonts, our static files and data: URLs; never the network.

    Documents are built from user data; even escaped, a template must not be
    able to make the worker read arbitrary files or call other hosts.
    """
    return pdfpart.url_allowed(url, _allowed_roots())


def render_html(template_name: str, context: dict) -> str:
    """The HTML of a PDF template, in NFC (exposed for tests and for printing by other engines)."""
    context = {**context, "for_pdf": True}
    return unicodedata.normalize("NFC", render_to_string(template_name, context))


def _layout(html: str) -> bytes:
    """Lay out HTML (already rendered, NFC) to PDF bytes with the bundled fonts: the heavy part, no database."""
    return pdfpart.layout(html, _allowed_roots())[0]


# ---------------------------------------------------------------------------
# The memory ceiling: every layout runs in a process whose address space may grow by PDF_MEMORY_LIMIT_MB
# ---------------------------------------------------------------------------

# Signals a process dies of when an allocation fails where no exception can be raised (GLib aborts, or
# its g_error() traps: SIGTRAP, seen as "exit status -5" under load; a C library dereferences NULL) or when
# the kernel's OOM killer chose it.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGTRAP, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL}


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


# ---------------------------------------------------------------------------
# Long documents: one pass when small, else parts of bounded size in worker processes, joined by streaming
# ---------------------------------------------------------------------------

# Measured on the 2-core machine (bench/big_pdf.py, bench/README.md "Big PDF"): one pass costs ~0.3 s plus
# WeasyPrint's own time (~1 ms a line on one core); the parts cost ~1.5 s more (the workers importing WeasyPrint,
# the stamps, the join) and halve the layout on 2 cores: they win from about 2,500 annex lines (70 pages; at 2,000
# one pass took 4.0-5.2 s, the parts 6.9-8.3 s, at 3,500 one pass 6.7-10.3 s, the parts 5.2-8.6 s, load 2.4-2.9).
# A part of 2,500 lines or 200 certificates stays under 130 MB in a worker, one pass of 2,500 lines under 170 MB.
ONE_PASS_MAX_LINES = 2500
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


def balanced_parts(items: int, part_max: int, workers: int | None = None) -> int:
    """Items a part, at most ``part_max``, so that the parts are as even as can be and, once there are as many
    parts as cores, a multiple of the cores: the last round of parts then leaves no core idle."""
    workers = workers or os.cpu_count() or 1
    count = -(-items // part_max)
    if count >= workers:
        count = -(-count // workers) * workers
    return max(1, -(-items // max(1, count)))


class _Worker:
    """One ``thiduakt/pdfpart.py`` process, given one task at a time; its answers read from its stdout pipe."""

    def __init__(self, folder: Path, index: int, env: dict):
        self.err = open(folder / f"worker-{index}.err", "w+b")  # noqa: SIM115 -- closed by close()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-P",  # not its own folder first on sys.path: thiduakt/selectors.py would hide the standard one
                str(Path(pdfpart.__file__)),
                str(folder),
                str(memory_limit_mb()),
                str(Path(settings.MEDIA_ROOT) / "cache"),
                *map(str, _allowed_roots()),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            preexec_fn=die_with_parent,  # a part never outlives its job's process
        )
        self.task: str | None = None
        self.buffer = b""

    def give(self, task: str) -> None:
        self.task = task
        try:
            self.proc.stdin.write(f"{task}\n".encode())
            self.proc.stdin.flush()
        except BrokenPipeError:  # it has failed already: its end is read as an answer of nothing
            pass

    def answers(self) -> list[str]:
        """The lines it has written since last asked; raises if it has ended without answering its task."""
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            self.failed()
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [line.decode() for line in lines]

    def failed(self):
        self.proc.wait()
        if died_of_memory(self.proc.returncode):
            raise memory_error()
        self.err.seek(0)
        raise RuntimeError(f"PDF part worker failed: {self.err.read().decode(errors='replace')[-2000:]}")

    def finish(self) -> dict:
        """Its input closed: its statistics once it has ended."""
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        rest = self.buffer + self.proc.stdout.read()
        self.proc.wait()
        if self.proc.returncode != 0:
            self.failed()
        return json.loads(rest.decode().strip().splitlines()[-1])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.err.close()


def render_in_parts(
    parts: Iterable[tuple[str, dict]],
    *,
    numbered_from_part: int | None = None,
    number_from: int = 2,
    workers: int | None = None,
) -> tuple[bytes, list[dict]]:
    """Lay out each (template, context) as a part in worker processes, join the parts in order.

    The ``workers`` processes (``thiduakt/pdfpart.py``, fresh interpreters without Django: a Celery prefork
    child may not fork a pool) are started first, so that they load WeasyPrint while this process renders the
    first parts' HTML; each is under the memory ceiling ``PDF_MEMORY_LIMIT_MB`` (one exceeding it fails the
    job with a Vietnamese ``JobError``). Every part is given to the first idle worker as soon as its HTML is
    written (this process renders ahead, a part per worker), so that every core lays out pages until the last.
    Each worker answers with the part's page count; once the pages before a numbered part are counted, stamping
    its numbers is a task for the next idle worker too. Returns the PDF and, per worker, its parts, its stamps,
    its peak memory (KiB) and its time (the join's peak is this process's ``RUSAGE_CHILDREN``).
    """
    workers = max(1, workers or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="pdfparts-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduakt.settings")}
        pool: list[_Worker] = []
        # The job's time limit (an exception here) or a failed part stops every part still running:
        # none may go on laying out pages for a job that has ended.
        try:
            pool.extend(_Worker(folder, index, env) for index in range(workers))
            count = _dispatch(pool, folder, parts, numbered_from_part, number_from)
            stats = [worker.finish() for worker in pool]
        finally:
            for worker in pool:
                worker.close()
        joined = folder / "joined.pdf"
        _join([folder / f"part-{i:05d}.pdf" for i in range(count)], joined)
        RENDERS.append(f"parts:{count}")
        return joined.read_bytes(), stats


def _dispatch(pool: list[_Worker], folder: Path, parts, numbered_from_part: int | None, number_from: int) -> int:
    """Keep every worker busy with the parts' layouts, then the stamps, until all are done: the number of parts."""
    produced = enumerate(parts)
    ready: deque[str] = deque()  # tasks written and waiting for an idle worker
    ahead = 0  # layouts among them
    pages: dict[int, int] = {}
    count, next_stamp, first = 0, numbered_from_part, 0  # the next numbered part to stamp, its first page
    exhausted = False
    selector = selectors.DefaultSelector()
    for worker in pool:
        selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
    while True:
        for worker in pool:
            if worker.task is None and ready:
                task = ready.popleft()
                ahead -= task.startswith("layout")
                worker.give(task)
        producing = not exhausted and ahead < len(pool)
        if not producing and not ready and all(worker.task is None for worker in pool):
            return count
        for key, _events in selector.select(timeout=0 if producing else None):
            worker = key.data
            for answer in worker.answers():
                worker.task = None
                kind, name, *rest = answer.split()
                if kind == "laid":
                    pages[int(name.removeprefix("part-"))] = int(rest[0])
            while next_stamp is not None and next_stamp in pages:
                ready.append(f"stamp part-{next_stamp:05d} {first} {number_from}")
                first += pages[next_stamp]
                next_stamp += 1
        if producing:
            try:
                index, (template_name, context) = next(produced)
            except StopIteration:
                exhausted = True
            else:
                name = f"part-{index:05d}"
                (folder / f"{name}.html").write_text(render_html(template_name, context), encoding="utf-8")
                ready.append(f"layout {name}")
                ahead += 1
                count = index + 1


def _join(paths: list[Path], out: Path) -> None:
    """Concatenate PDFs with poppler's ``pdfunite``: it streams object by object (25,000 pages in ~50 MB,
    where pypdf's writer holds every page parsed: 370 MB)."""
    if len(paths) == 1:
        os.replace(paths[0], out)
        return
    done = subprocess.run(["pdfunite", *map(str, paths), str(out)], capture_output=True, preexec_fn=die_with_parent)
    if done.returncode != 0:
        raise RuntimeError(f"pdfunite failed: {done.stderr.decode(errors='replace')[-2000:]}")
