"""Worker process of ``thiduakt.pdf.render_pdf_parts``: render the parts listed in a JSON file.

    python -m thiduakt.pdfpart worker.json

Runs under the memory ceiling ``PDF_MEMORY_LIMIT_MB`` (set once it is loaded: its parts may take that
much more); one part running out of it exits with ``thiduakt.pdf.MEMORY_EXIT``.
Prints one JSON line: the peak memory (KiB) and the time of this process.
"""

import json
import resource
import sys
import time

import django


def main(spec_path: str) -> None:
    django.setup()  # a bare process: set up before anything reads settings or templates
    from thiduakt.pdf import (  # noqa: PLC0415 -- only after django.setup()
        MEMORY_EXIT,
        limit_memory,
        memory_limit_mb,
        out_of_memory,
        preload,
        render_pdf_in_process,
    )

    started = time.monotonic()
    with open(spec_path, encoding="utf-8") as f:
        parts = json.load(f)
    preload()  # loaded before the ceiling is set: the parts may take that much more from here
    limit_memory(memory_limit_mb())
    try:
        for part in parts:
            pdf = render_pdf_in_process(part["template"], part["context"])
            with open(part["out"], "wb") as out:
                out.write(pdf)
    except BaseException as exc:
        if out_of_memory(exc):
            sys.exit(MEMORY_EXIT)
        raise
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"parts": len(parts), "peak_kib": peak, "seconds": round(time.monotonic() - started, 2)}))


if __name__ == "__main__":
    main(sys.argv[1])
