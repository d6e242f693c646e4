"""The README and docs link only files inside the repository, and every such link resolves."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
PATH_IN_BACKTICKS = re.compile(r"`(\.\./[^`]+)`")


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.exists()], ids=lambda d: str(d.relative_to(ROOT)))
def test_document_links_stay_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    outside = PATH_IN_BACKTICKS.findall(text)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path = (document.parent / target).resolve()
        if not path.is_relative_to(ROOT):
            outside.append(target)
        elif not path.exists():
            broken.append(target)
    assert outside == []
    assert broken == []
