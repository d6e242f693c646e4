"""Worker process of ``thiduakt.pdf.render_in_parts``: lay out the parts named on its standard input.

    python -m thiduakt.pdfpart FOLDER        # then one name a line: part-00003.html → FOLDER/part-00003.pdf

Runs under the memory ceiling ``PDF_MEMORY_LIMIT_MB`` (set once it is loaded: each part may take that
much more); one part running out of it exits with ``thiduakt.pdf.MEMORY_EXIT``. The HTML is already
rendered (no database here). Prints one JSON line: its parts, its peak memory (KiB) and its time.
"""

import json
import resource
import sys
import time
from pathlib import Path

import django


def main(folder: str) -> None:
    django.setup()  # a bare process: set up before anything reads settings
    from thiduakt.pdf import (  # noqa: PLC0415 -- only after django.setup()
        MEMORY_EXIT,
        layout_in_process,
        limit_memory,
        memory_limit_mb,
        out_of_memory,
        preload,
    )

    started = time.monotonic()
    preload()  # loaded before the ceiling is set: the parts may take that much more from here
    limit_memory(memory_limit_mb())
    done = 0
    try:
        for line in sys.stdin:
            html = Path(folder) / line.strip()
            pdf = layout_in_process(html.read_text(encoding="utf-8"))
            html.unlink()  # laid out: its HTML is not needed any more
            html.with_suffix(".pdf").write_bytes(pdf)
            done += 1
    except BaseException as exc:
        if out_of_memory(exc):
            sys.exit(MEMORY_EXIT)
        raise
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"parts": done, "peak_kib": peak, "seconds": round(time.monotonic() - started, 2)}))


if __name__ == "__main__":
    main(sys.argv[1])
