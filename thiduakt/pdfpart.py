"""Worker process of ``thiduakt.pdf.render_pdf_parts``: render the parts listed in a JSON file.

    python -m thiduakt.pdfpart worker.json

Prints one JSON line: the peak memory (KiB) and the time of this process.
"""

import json
import resource
import sys
import time

import django


def main(spec_path: str) -> None:
    django.setup()  # a bare process: set up before anything reads settings or templates
    from thiduakt.pdf import render_pdf  # noqa: PLC0415 -- only after django.setup()

    started = time.monotonic()
    with open(spec_path, encoding="utf-8") as f:
        parts = json.load(f)
    for part in parts:
        pdf = render_pdf(part["template"], part["context"])
        with open(part["out"], "wb") as out:
            out.write(pdf)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"parts": len(parts), "peak_kib": peak, "seconds": round(time.monotonic() - started, 2)}))


if __name__ == "__main__":
    main(sys.argv[1])
