"""The layout core of ``thiduakt.pdf`` (no Django) and the worker process of ``render_in_parts``.

    python -P thiduakt/pdfpart.py FOLDER MEMORY_MB CACHE_FOLDER ROOT [ROOT …]

The worker is run by its file path, not ``-m thiduakt.pdfpart``: it imports neither Django nor the ``thiduakt``
package (Celery), only WeasyPrint, so that it starts in about a second instead of three. Everything it needs
(the memory ceiling, the folders it may read, where the page-number stamps are kept) is on its command line.
It runs under the memory ceiling (set once WeasyPrint is loaded: each part may take that much more); one task
running out of it exits with ``MEMORY_EXIT``. Its tasks arrive one a line on its standard input, each answered
by one line on its standard output once done:

    layout part-00003          FOLDER/part-00003.html → FOLDER/part-00003.pdf   answers "laid part-00003 PAGES"
    stamp part-00003 FIRST N   numbers its pages FIRST+1, FIRST+2 … (from N on)  answers "stamped part-00003"

At the end of its input it prints one JSON line: its parts, its stamps, its peak memory (KiB) and its time.
"""

import errno
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Tinos"

_FONT_FILES = {
    ("normal", "normal"): "Tinos-Regular.ttf",
    ("bold", "normal"): "Tinos-Bold.ttf",
    ("normal", "italic"): "Tinos-Italic.ttf",
    ("bold", "italic"): "Tinos-BoldItalic.ttf",
}

MEMORY_EXIT = 86  # exit code of a layout process that ran out of its memory ceiling


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


def url_allowed(url: str, roots: list[Path]) -> bool:
    """Only files under ``roots`` and data: URLs; never the network."""
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        path = Path(unquote(urlparse(url).path)).resolve()
        return any(path.is_relative_to(root.resolve()) for root in roots)
    return False


def url_fetcher(roots: list[Path]):
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- slow import, only where a PDF is laid out

    class BundleOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url_allowed(url, roots):
                raise ValueError(f"URL not allowed in a PDF: {url}")
            return super().fetch(url, headers)

    return BundleOnlyFetcher(allowed_protocols={"file", "data"})


def layout(html: str, roots: list[Path]) -> tuple[bytes, int]:
    """Lay out HTML (already rendered, NFC) with the bundled fonts: the PDF and its number of pages."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- slow import, only where a PDF is laid out
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- as above

    font_config = FontConfiguration()
    fetcher = url_fetcher(roots)
    stylesheets = [CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)]
    document = HTML(string=html, base_url=str(FONT_DIR) + "/", url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=font_config
    )
    return document.write_pdf(), len(document.pages)


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
    import weasyprint  # noqa: PLC0415 -- slow import, only where a PDF is laid out
    import weasyprint.text.fonts  # noqa: F401, PLC0415 -- as above


def out_of_memory(exc: BaseException) -> bool:
    """Whether an exception raised under the ceiling is memory running out (an mmap refused), whatever its type."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    text = str(exc)
    return isinstance(exc, ImportError | OSError) and ("failed to map" in text or "Cannot allocate memory" in text)


# ---------------------------------------------------------------------------
# Page numbers running over parts: stamped on each part once the pages before it are counted
# ---------------------------------------------------------------------------

STAMP_BUCKET = 500  # stamp files hold numbers 1…500, 1…1000, …
STAMP_PAGE_CSS = (
    "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; "
    "@top-center { content: counter(page); font-size: 13pt; } } "
    "div { break-after: page; height: 1px; }"
)


def number_stamps(cache: Path, pages: int, roots: list[Path]) -> Path:
    """A PDF whose page k shows only the number k, top centre, with at least ``pages`` pages: built once per
    size bucket and kept in ``cache`` (named by a hash of its CSS), instead of being laid out for every document."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- slow import, only where a PDF is laid out
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 -- as above

    size = -(-pages // STAMP_BUCKET) * STAMP_BUCKET
    digest = hashlib.sha256((font_face_css() + STAMP_PAGE_CSS).encode()).hexdigest()[:12]
    path = cache / f"page-numbers-{digest}-{size}.pdf"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        font_config = FontConfiguration()
        css = CSS(string=font_face_css() + STAMP_PAGE_CSS, font_config=font_config, url_fetcher=url_fetcher(roots))
        pdf = HTML(string=f"<html><body>{'<div></div>' * size}</body></html>").write_pdf(
            stylesheets=[css], font_config=font_config
        )
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".pdf")
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)  # atomic: two workers building it at once both end with a whole file
    return path


def stamp(path: Path, *, first: int, number_from: int, cache: Path, roots: list[Path]) -> None:
    """Number the pages of the part at ``path`` first+1, first+2 … (the pages numbered below ``number_from``
    left blank), in place: only this part's pages are parsed.

    Each stamp page is drawn over its page as a form XObject (``q … Q q /PageNumberN Do Q``): the page's own
    content is neither parsed nor rewritten, where pypdf's ``merge_page`` wrote it out again uncompressed (a
    part ten times its size)."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- only in a worker that stamps
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject  # noqa: PLC0415 -- as above

    def stream(data: bytes, **entries) -> DecodedStreamObject:
        made = DecodedStreamObject()
        made.set_data(data)
        made.update({NameObject(key): value for key, value in entries.items()})
        return made

    writer = PdfWriter(clone_from=PdfReader(path))
    pages = len(writer.pages)
    stamps = PdfReader(number_stamps(cache, first + pages, roots))
    save = writer._add_object(stream(b"q\n"))  # pypdf has no public way to add a stream
    for index in range(max(0, number_from - 1 - first), pages):
        page, source = writer.pages[index], stamps.pages[first + index]
        form = stream(
            source.get_contents().get_data(),
            **{
                "/Type": NameObject("/XObject"),
                "/Subtype": NameObject("/Form"),
                "/BBox": ArrayObject(source.mediabox),
                "/Resources": source["/Resources"].clone(writer),
            },
        )
        resources = page["/Resources"]
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        name = f"/PageNumber{first + index + 1}"  # the pages may share one resource dictionary: a name each
        resources["/XObject"][NameObject(name)] = writer._add_object(form)
        contents = page.raw_get("/Contents")
        own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        draw = writer._add_object(stream(f"\nQ\nq {name} Do Q\n".encode()))
        page[NameObject("/Contents")] = ArrayObject([save, *own, draw])
    target = path.with_suffix(".numbered.pdf")
    with open(target, "wb") as f:
        writer.write(f)
    os.replace(target, path)


def main(folder: Path, memory_mb: int, cache: Path, roots: list[Path]) -> None:
    started = time.monotonic()
    preload()  # loaded before the ceiling is set: the parts may take that much more from here
    limit_memory(memory_mb)
    laid = stamped = 0
    try:
        for line in sys.stdin:
            task, name, *numbers = line.split()
            if task == "layout":
                html = folder / f"{name}.html"
                pdf, pages = layout(html.read_text(encoding="utf-8"), roots)
                html.unlink()  # laid out: its HTML is not needed any more
                (folder / f"{name}.pdf").write_bytes(pdf)
                del pdf
                laid += 1
                answer = f"laid {name} {pages}"
            else:
                first, number_from = map(int, numbers)
                stamp(folder / f"{name}.pdf", first=first, number_from=number_from, cache=cache, roots=roots)
                stamped += 1
                answer = f"stamped {name}"
            sys.stdout.write(answer + "\n")
            sys.stdout.flush()
    except BaseException as exc:
        if out_of_memory(exc):
            sys.exit(MEMORY_EXIT)
        raise
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = round(time.monotonic() - started, 2)
    print(json.dumps({"parts": laid, "stamps": stamped, "peak_kib": peak, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), [Path(root) for root in sys.argv[4:]])
