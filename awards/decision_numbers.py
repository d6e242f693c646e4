"""Decision numbers as text: "01/QĐ-UBND" split into its number and ký hiệu (NĐ 30/2020, Annex I, II.3), and
what a visitor types to find a decision by its number ("01/QĐ-UBND", "01/2026", "QĐ 01", "số 1").

Pure functions of text (no database): the award records derive their lookup columns with them, the public
lookup reads the visitor's query with them, the signing checks the number the văn thư gave with them.
"""

import re
from dataclasses import dataclass

from thiduakt.text import fold, nfc

# "163/QĐ-UBND", "05/2025/QĐ-UBND" (a normative decision carries its year): the number, an optional year, the
# ký hiệu. Read on the folded text, so "qđ-ubnd" and "QD-UBND" are the same ký hiệu.
_STORED = re.compile(r"(?:^|[^\d])(\d{1,6})\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?([a-z][a-z0-9.\-]*)")

# What a visitor types: "Quyết định số 01/QĐ-UBND", "01/QĐ-UBND", "01/2026", "QĐ 01", "QĐ số 01 năm 2026", "số 1".
_QUERY = re.compile(
    r"(?:(?P<word>quyet dinh|qd)\.?\s*)?(?:so\s*)?"
    r"(?P<number>\d{1,6})"
    r"(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?"
    r"(?:\s*/\s*(?P<code>[a-z][a-z0-9.\-]*))?"
    r"(?:\s*(?:/|nam)\s*(?P<year_after>(?:19|20)\d{2}))?"
)


def split_number(text: str) -> tuple[int | None, str]:
    """``(163, "qd-ubnd")`` for "163/QĐ-UBND" (also "Số 163/QĐ-UBND", "05/2025/QĐ-UBND"); ``(None, "")`` when the
    text holds no number of that form."""
    match = _STORED.search(fold(text))
    if not match:
        return None, ""
    return int(match.group(1)), match.group(2)[:60]


@dataclass(frozen=True)
class NumberQuery:
    """A decision number a visitor asked for: the number, and the year and the ký hiệu (whole, or only its
    start such as "qd" for "QĐ 01") when given."""

    number: int
    year: int | None = None
    code: str = ""
    code_is_whole: bool = False


def parse_query(text: str) -> NumberQuery | None:
    """The decision number in a visitor's query, or None when the query is not a decision number (a name)."""
    folded = fold(text).strip()
    if not folded or not any(c.isdigit() for c in folded):
        return None
    match = _QUERY.fullmatch(folded)
    if not match or int(match["number"]) == 0:
        return None
    year = match["year"] or match["year_after"]
    code = match["code"] or ""
    if code:
        return NumberQuery(int(match["number"]), int(year) if year else None, code, code_is_whole=True)
    return NumberQuery(int(match["number"]), int(year) if year else None, "qd" if match["word"] else "")


# The number the văn thư's register gave, as staff type it: "12/QĐ-UBND" (spaces around "/" tolerated).
_ENTERED = re.compile(r"(\d{1,6})\s*/\s*(\S+)")


def read_entered(text: str, suffix: str) -> int | None:
    """The number of "12/QĐ-UBND" when its ký hiệu is ``suffix`` ("QĐ-UBND", case aside); None otherwise."""
    match = _ENTERED.fullmatch(nfc(text or "").strip())
    if not match or int(match.group(1)) == 0:
        return None
    if match.group(2).upper() != nfc(suffix).upper():
        return None
    return int(match.group(1))
