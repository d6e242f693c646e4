"""Spreadsheets in and out, safely, and the readers of the values their cells hold.

Every xlsx a user uploads passes ``read_xlsx``: its work is bounded by what the
file contains, never by what it declares. Size capped; every part's inflated
size and the archive's total capped (absolute and by ratio, shared strings
tighter) from the zip directory before anything is inflated, and counted again
while inflating; shared strings streamed through expat into one compact buffer;
the sheet streamed cell by cell (a declared ``<dimension>`` is ignored); data ends
at the first run of ``SPREADSHEET_MAX_EMPTY_ROWS`` empty rows, and a row
numbered past ``SPREADSHEET_MAX_ROW_NUMBER`` before that is refused. Formulas
are read as the value the spreadsheet program cached; one without a cached
value is refused, naming its cell. Every xlsx we write escapes cells that a
spreadsheet program would run as formulas. Every date, year and number read
from a cell goes through ``parse_date``, ``parse_year``, ``parse_decimal`` or
``parse_int``: one reading of each form real files hold, and a Vietnamese
message when a value cannot be read.
"""

import io
import re
import zipfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import tablib
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

from thiduakt.cells import (  # noqa: F401 -- the cell readers, re-exported for the imports
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    parse_year,
)
from thiduakt.text import fold, nfc

MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELLS_PER_ROW = 16_384  # column XFD: no spreadsheet program writes more cells in a row
MAX_ZIP_ENTRIES = 2_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MB = 1024 * 1024


class SpreadsheetError(ValueError):
    """The file cannot be read as a safe spreadsheet; the message is for the user."""


@dataclass
class ReadWork:
    """What one ``read_xlsx`` call did: row elements handled, shared strings read and bytes inflated (not a clock)."""

    rows: int = 0
    bytes_inflated: int = 0
    strings: int = 0


def _broken() -> SpreadsheetError:
    return SpreadsheetError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng."))


def _bomb() -> SpreadsheetError:
    return SpreadsheetError(_("Tệp bị nén bất thường (nghi là “bom nén”); hệ thống từ chối đọc."))


def _part_too_large(cap: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("Tệp chứa một phần quá lớn khi giải nén (tối đa %(mb)s MB); hệ thống từ chối đọc.") % {"mb": cap // _MB}
    )


def _part_cap(name: str) -> int:
    if name.endswith("sharedStrings.xml"):
        return settings.SPREADSHEET_MAX_SHARED_STRINGS_BYTES
    return settings.SPREADSHEET_MAX_PART_BYTES


class _CountedPart(io.RawIOBase):
    """A zip part that counts what it inflates and stops past its cap or the file's total.

    Python's zipfile never yields more than the directory declares (and then fails the CRC check),
    so the directory checks bound the work; this count holds even if that ever changes.
    """

    def __init__(self, part, cap: int, work: ReadWork):
        self._part, self._cap, self._work, self._read = part, cap, work, 0

    @property
    def inflated(self) -> int:
        """The bytes inflated so far."""
        return self._read

    def readable(self):
        return True

    def readinto(self, buffer):
        try:
            chunk = self._part.read(len(buffer))
        except (zipfile.BadZipFile, EOFError, OSError) as exc:  # a CRC or stream that disagrees with its header
            raise _broken() from exc
        self._read += len(chunk)
        self._work.bytes_inflated += len(chunk)
        if self._read > self._cap:
            raise _part_too_large(self._cap)
        if self._work.bytes_inflated > settings.SPREADSHEET_MAX_UNZIPPED_BYTES:
            raise _bomb()
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self):
        self._part.close()
        super().close()


class _CountedZip(zipfile.ZipFile):
    """The archive openpyxl reads through: every part it opens is counted while inflating."""

    work: ReadWork

    def open(self, name, mode="r", pwd=None, **kwargs):
        part = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return part
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return io.BufferedReader(_CountedPart(part, _part_cap(filename), self.work), buffer_size=64 * 1024)


def _check_zip(data: bytes) -> None:
    """Refuse, from the zip directory alone, an archive whose parts would inflate too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(_("Tệp chứa quá nhiều thành phần; không thể đọc an toàn."))
    total = 0
    ratio_cap = settings.SPREADSHEET_MAX_COMPRESSION_RATIO
    # the whole archive may inflate by the ratio a part may (relative), and never past the absolute cap
    total_cap = min(settings.SPREADSHEET_MAX_UNZIPPED_BYTES, max(_MB, len(data) * ratio_cap))
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > total_cap or (entry.file_size > _MB and ratio > ratio_cap):
            raise _bomb()
        if entry.file_size > _part_cap(entry.filename):
            raise _part_too_large(_part_cap(entry.filename))
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."))


class SharedStrings(Sequence):
    """The shared strings of a workbook, held as one UTF-8 buffer and the offset where each ends.

    Memory is about the size of the strings' text (bounded by the part's cap), 8 bytes per string
    more; a Python ``str`` per string would cost ~100 bytes each, ten times a short string's XML.
    Each cell that uses a string decodes it when read.
    """

    def __init__(self):
        self._text = bytearray()
        self._ends = array("Q")

    def append(self, value: str) -> None:
        self._text += value.encode()
        self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index):
        if not isinstance(index, int) or not 0 <= index < len(self._ends):
            raise IndexError(index)  # a cell pointing outside the table: a broken file
        start = self._ends[index - 1] if index else 0
        return self._text[start : self._ends[index]].decode()


def _read_shared_strings(source, work: ReadWork) -> SharedStrings:
    """The shared strings of ``source`` (the part, a file object), streamed through expat.

    No tree is built: the text of each ``<si>`` (its ``<t>``, and the ``<t>`` of its rich-text
    runs; phonetic guides ``<rPh>`` are not part of the value) is gathered as expat reports it and
    appended to the table, so memory holds the table and one string. A document type declaration
    (never in an xlsx; the way to entity expansion) is refused. ``work.strings`` counts the strings.
    """
    import pyexpat  # noqa: PLC0415 -- only uploads need it

    from openpyxl.xml.constants import SHEET_MAIN_NS  # noqa: PLC0415 -- openpyxl is slow to import

    si_tag, text_tag, phonetic_tag = (f"{SHEET_MAIN_NS}}}{name}" for name in ("si", "t", "rPh"))
    strings = SharedStrings()
    pieces: list[str] = []
    in_text = False
    phonetic = 0

    def start(tag, _attributes):
        nonlocal in_text, phonetic
        if tag == text_tag:
            in_text = True
        elif tag == phonetic_tag:
            phonetic += 1

    def end(tag):
        nonlocal in_text, phonetic
        if tag == text_tag:
            in_text = False
        elif tag == si_tag:
            strings.append("".join(pieces).replace("x005F_", ""))
            pieces.clear()
            work.strings += 1
        elif tag == phonetic_tag:
            phonetic -= 1

    def characters(data):
        if in_text and not phonetic:
            pieces.append(data)

    def doctype(*_args):
        raise _broken()

    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.StartDoctypeDeclHandler = characters, doctype
    try:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except pyexpat.ExpatError as exc:
        raise _broken() from exc
    return strings


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(source, parser, work: ReadWork) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for each row element up to where the data ends.

    Streamed cell by cell: each cell is parsed then dropped, so memory holds one row of at most
    ``MAX_COLUMNS`` values. Formula cells carry their cached value; one with none is refused.
    """
    from openpyxl.utils.cell import get_column_letter  # noqa: PLC0415 -- openpyxl is slow to import
    from openpyxl.xml.constants import SHEET_MAIN_NS  # noqa: PLC0415 -- as above
    from openpyxl.xml.functions import iterparse  # noqa: PLC0415 -- as above

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    formula_tag, value_tag = f"{{{SHEET_MAIN_NS}}}f", f"{{{SHEET_MAIN_NS}}}v"
    sheet_data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
    max_empty = settings.SPREADSHEET_MAX_EMPTY_ROWS
    ceiling = settings.SPREADSHEET_MAX_ROW_NUMBER
    last_data_row = number = cells = 0
    values: dict[int, object] = {}
    # Open elements, root first. An element is dropped from its parent when it closes (it is then the
    # parent's last child), except inside a cell, whose children the cell parser reads at the cell's end.
    stack = []
    in_cell = False
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            stack.append(element)
            if tag == cell_tag:
                in_cell = True
            elif tag == row_tag:
                work.rows += 1
                declared = element.get("r")
                try:
                    new_number = int(declared) if declared is not None else number + 1
                except ValueError:
                    raise _broken() from None
                if new_number <= number:  # rows are written in order; anything else is not a spreadsheet's
                    raise _broken()
                number = new_number
                if number > last_data_row + max_empty:
                    return  # a run of empty rows: the data has ended, whatever a far row holds
                if number > ceiling:
                    raise SpreadsheetError(_("Bảng tính có quá nhiều dòng (tối đa %(n)s).") % {"n": ceiling})
                parser.row_counter, parser.col_counter = number, 0
                values, cells = {}, 0
            continue
        stack.pop()
        if tag == cell_tag:
            in_cell = False
            cells += 1
            if cells > MAX_CELLS_PER_ROW:
                raise _broken()
            cached = element.find(value_tag)
            # no value, or an empty one that is not a cached empty text (t="str"): never computed
            uncached = cached is None or (not cached.text and element.get("t") != "str")
            if element.find(formula_tag) is not None and uncached:
                parser.parse_cell(element)  # for its column
                raise SpreadsheetError(
                    _(
                        "Ô %(cell)s chứa công thức chưa có giá trị tính sẵn. Hãy mở tệp bằng Excel và lưu lại,"
                        " hoặc dán giá trị (Paste Values) thay cho công thức, rồi tải lại."
                    )
                    % {"cell": f"{get_column_letter(min(parser.col_counter, MAX_CELLS_PER_ROW))}{number}"}
                )
            cell = parser.parse_cell(element)  # data_only: a formula reads as its cached value
            # An error value (#N/A of a VLOOKUP on an unfilled template row) is no data: such a row is empty.
            if element.get("t") != "e" and not _blank(cell["value"]):
                if cell["column"] > MAX_COLUMNS:
                    raise SpreadsheetError(_("Bảng tính có quá nhiều cột (tối đa %(n)s).") % {"n": MAX_COLUMNS})
                values[cell["column"]] = cell["value"]
        elif in_cell:
            continue
        elif tag == row_tag and values:
            last_data_row = number
            yield number, values
        elif tag == sheet_data_tag:
            return
        if stack:
            del stack[-1][-1]


def _open_first_sheet(data: bytes, work: ReadWork):
    """(archive, sheet part path, cell parser) for the first worksheet, through the counted archive."""
    from openpyxl.reader.excel import ExcelReader  # noqa: PLC0415 -- openpyxl is slow to import
    from openpyxl.styles.stylesheet import apply_stylesheet  # noqa: PLC0415 -- as above
    from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415 -- as above
    from openpyxl.xml.constants import SHARED_STRINGS  # noqa: PLC0415 -- as above

    archive = _CountedZip(io.BytesIO(data))
    archive.work = work
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False, keep_links=False)
    reader.archive.close()
    reader.archive = archive  # every part openpyxl reads is counted
    reader.read_manifest()
    strings_part = reader.package.find(SHARED_STRINGS)
    shared_strings = SharedStrings()
    if strings_part is not None:
        with archive.open(strings_part.PartName[1:]) as source:
            shared_strings = _read_shared_strings(source, work)
    reader.read_workbook()
    apply_stylesheet(archive, reader.wb)
    book = reader.wb
    for _sheet, rel in reader.parser.find_sheets():
        if rel.Type.endswith("/worksheet"):
            parser = WorkSheetParser(
                None,
                shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            return archive, rel.target, parser
    raise SpreadsheetError(_("Bảng tính trống."))


def check_xlsx(data: bytes) -> None:
    """The checks ``read_xlsx`` makes before inflating anything (size, zip directory, bombs, part caps).

    Cheap (the zip directory only): a screen that reads a large file in the background refuses
    these at once, in the request, instead of queueing a job for them.
    """
    if len(data) > settings.SPREADSHEET_MAX_BYTES:
        raise SpreadsheetError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.SPREADSHEET_MAX_BYTES // _MB})
    _check_zip(data)


HEADER_SCAN_ROWS = 15  # the header is looked for in the first rows with a value (title rows above it)
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,3})\)?")  # the "(1) (2) (3)" row official forms put under the header


class Header(str):
    """A column's header as read: its text, and the parts of a two-row header ("Quyết định", "Số").

    A ``str`` (so that callers keying cells by header keep working) that also knows its parts,
    for matching "Quyết định" over "Số" as "Số quyết định".
    """

    parts: tuple[str, ...]

    def __new__(cls, text: str, parts: tuple[str, ...] = ()):
        header = super().__new__(cls, text)
        header.parts = parts or (text,)
        return header


@dataclass
class Table:
    """The first sheet as read: headers, data rows, and where each came from in the sheet."""

    headers: list[Header]
    rows: list[list]
    numbers: list[int]  # the sheet row number of each data row (for messages: "Dòng 5")
    header_rows: tuple[int, ...]  # the sheet rows the header was read from
    unnamed: list[int]  # positions (0 for column A) of columns holding data under no header: not read


def _text_cell(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _header_text(value) -> str:
    return nfc(str(value)) if value is not None else ""


def _is_sub_header(top: dict[int, object], sub: dict[int, object]) -> bool:
    """Whether ``sub`` is the second row of a two-row header whose first row is ``top``.

    In a merged header a group label ("Quyết định") is written once, in the first column of
    its span, and its sub-headers ("Số", "Ngày") fill the row below across the span; a column
    with a header of its own (merged down over both rows) is empty in the second row. So every
    value of ``sub`` is text and lies in a span of two or more columns started by a value of
    ``top``; a data row, which fills columns with headers of their own, never is.
    """
    if not sub or not all(_text_cell(v) and not _COLUMN_NUMBER.fullmatch(v.strip()) for v in sub.values()):
        return False
    for column in sub:
        start = column
        while start not in top:  # walk left to the group's label, through columns with sub-headers
            start -= 1
            if start < 1 or start not in sub:
                return False
        if start + 1 in top or start + 1 not in sub:  # a group spans at least two sub-headers
            return False
    return True


def _is_column_numbers(values: dict[int, object]) -> bool:
    """Whether the row is the "(1) (2) (3) …" (or 1 2 3 …) numbering official forms put under a header."""
    numbers = []
    for value in values.values():
        match = _COLUMN_NUMBER.fullmatch(str(value).strip()) if isinstance(value, str | int) else None
        if match is None or isinstance(value, bool):
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _header_row(first: list[tuple[int, dict]], known) -> int:
    """The index, in ``first``, of the header row.

    With ``known`` (normalised header names a caller recognises; see ``header_key``): the row
    naming the most of them, the first on a tie. Otherwise, or when no row names any, the first
    row of two cells or more and at least half as wide as the widest row: a title ("DANH SÁCH KHEN
    THƯỞNG NĂM 2023", one merged cell) or a letterhead above the header is passed over.
    """
    if known:
        scores = [sum(1 for v in values.values() if _text_cell(v) and header_key(v) in known) for _n, values in first]
        best = max(scores)
        if best:
            return scores.index(best)
    widest = max(len(values) for _n, values in first)
    for index, (_number, values) in enumerate(first):
        if len(values) >= 2 and 2 * len(values) >= widest:
            return index
    return 0


MAX_HEADER_ROWS = 3  # a group over a sub-group over its columns ("Khen thưởng" / "Quyết định" / "Số", "Ngày")


def _headers(first: list[tuple[int, dict]], index: int) -> tuple[list[Header], int]:
    """The headers from the header row at ``index`` (and its sub-header rows), and how many rows they took.

    Each sub-header row's labels lie under a label of the row above (``_is_sub_header``); a label holds
    from its column rightwards until a column with a label of its own in that row or any row above. A
    column's header joins the labels over it: "Khen thưởng Quyết định Số".
    """
    number, top = first[index]
    rows = [top]
    while (
        len(rows) < MAX_HEADER_ROWS
        and index + len(rows) < len(first)
        and first[index + len(rows)][0] == number + len(rows)
        and _is_sub_header(rows[-1], first[index + len(rows)][1])
    ):
        rows.append(first[index + len(rows)][1])
    used = len(rows)
    headers, current = [], [""] * used
    for column in range(1, max(c for values in rows for c in values) + 1):
        for depth, values in enumerate(rows):
            if column in values:
                current[depth] = _header_text(values[column])
            elif depth and any(column in rows[above] for above in range(depth)):
                current[depth] = ""  # a column of its own above: the label to its left stops here
        parts = tuple(part for part in current[1:] if part)
        if parts:
            headers.append(Header(" ".join((current[0], *parts)), (current[0], *parts)))
        else:
            headers.append(Header(_header_text(top.get(column))))
    below = first[index + used] if index + used < len(first) else None
    if below is not None and below[0] == number + used and _is_column_numbers(below[1]):
        used += 1
    return headers, used


_PARENTHESES = re.compile(r"\([^)]*\)")
_PUNCTUATION = re.compile(r"[:*.,;]")


def header_key(text) -> str:
    """A header as it is matched against known names: folded, without a note in parentheses or punctuation.

    "Mã danh hiệu thi đua\n(nếu có)" → "ma danh hieu thi dua"; "Tên đơn vị / tập thể" → "ten don vi/tap the".
    """
    folded = fold(str(text))
    stripped = _PARENTHESES.sub(" ", folded)
    if stripped.strip():
        folded = stripped
    folded = _PUNCTUATION.sub(" ", folded)
    return " ".join(" ".join(folded.split()).replace(" /", "/").replace("/ ", "/").split())


def header_keys(header) -> list[str]:
    """The keys a header may be known by: its text; under a group ("Quyết định" over "Số") "Số quyết định", "Số"."""
    parts = getattr(header, "parts", (str(header),))
    keys = [header_key(header)]
    for start in range(len(parts) - 1):  # "Số" under "Quyết định" (under "Khen thưởng"): "Số quyết định"…
        keys += [header_key(" ".join((parts[-1], *parts[start:-1]))), header_key(" ".join(parts[start + 1 :]))]
    if len(parts) > 1:
        keys.append(header_key(parts[-1]))
    return list(dict.fromkeys(keys))


class TableReader:
    """The first sheet of an xlsx read row by row: the header found on opening, the data rows streamed.

    ``TableReader(data, known_headers=…)`` checks the file and reads its first rows to find the header
    (see ``read_table``): ``headers`` and ``header_rows`` are known at once. Iterating gives
    ``(sheet row number, values)`` for each data row, one at a time, so that a caller holding a row at a
    time holds the sheet's shared strings and one row, whatever the number of rows; ``unnamed`` is
    complete once the rows have all been read. The archive is closed at the end of the rows (or by
    ``close``). Refusals are ``SpreadsheetError``s, on opening or while iterating.
    """

    def __init__(self, data: bytes, *, work: ReadWork | None = None, known_headers=None):
        self.work = work if work is not None else ReadWork()
        check_xlsx(data)
        self._archive = self._source = None
        self._size = 1
        self._unnamed: set[int] = set()
        self.count = 0
        first: list[tuple[int, dict]] = []  # the rows the header is looked for in
        try:
            self._archive, sheet_path, parser = _open_first_sheet(data, self.work)
            self._size = max(self._archive.getinfo(sheet_path).file_size, 1)
            self._source = self._archive.open(sheet_path)
            self._rows = _sheet_rows(self._source, parser, self.work)
            for number, values in self._rows:
                first.append((number, values))
                if len(first) == HEADER_SCAN_ROWS:
                    break
        except SpreadsheetError:
            self.close()
            raise
        except Exception as exc:  # openpyxl and expat raise many kinds on a broken file
            self.close()
            raise _broken() from exc
        if not first:
            self.close()
            raise SpreadsheetError(_("Bảng tính trống."))
        headers, self.header_rows, self._named, self._pending = _take_header(first, known_headers)
        while headers and headers[-1] == "":
            headers.pop()
        self.headers: list[Header] = headers

    def __iter__(self) -> Iterator[tuple[int, list]]:
        width = len(self.headers)
        try:
            for source in (self._pending, self._rows):
                for number, values in source:
                    self.count += 1
                    if self.count > MAX_ROWS:
                        raise SpreadsheetError(_("Bảng tính có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS})
                    self._unnamed.update(column for column in values if column not in self._named)
                    yield number, [values.get(column) for column in range(1, width + 1)]
                self._pending = []
        except SpreadsheetError:
            raise
        except Exception as exc:  # openpyxl and expat raise many kinds on a broken file
            raise _broken() from exc
        finally:
            self.close()

    @property
    def fraction(self) -> float:
        """How much of the sheet has been read (0 to 1), for a progress bar."""
        if self._source is None:
            return 1.0
        return min(self._source.raw.inflated / self._size, 1.0)

    @property
    def unnamed(self) -> list[int]:
        """Positions (0 for column A) of columns holding data under no header, in the rows read so far."""
        return sorted(column - 1 for column in self._unnamed)

    def close(self) -> None:
        for part in (self._source, self._archive):
            if part is not None:
                part.close()
        self._source = self._archive = None


def read_table(data: bytes, *, work: ReadWork | None = None, known_headers=None) -> Table:
    """Read the first sheet of an xlsx file into a ``Table``, or raise ``SpreadsheetError``.

    The header is found in the first ``HEADER_SCAN_ROWS`` rows with a value (see
    ``_header_row``; ``known_headers`` are the ``header_key``s the caller recognises):
    title rows above it are passed over, a two-row merged header ("Quyết định" over
    "Số", "Ngày") gives "Quyết định Số", "Quyết định Ngày", and a row numbering the
    columns under it is skipped; the data rows follow. Empty rows are skipped; the data
    ends at the first run of ``SPREADSHEET_MAX_EMPTY_ROWS`` empty rows (what lies below,
    a signature block or a far stray row, is not read). Refused: files over the size cap,
    zip bombs and oversized parts, formulas without a cached value, a value past
    ``MAX_COLUMNS``, more than ``MAX_ROWS`` rows or a row numbered past
    ``SPREADSHEET_MAX_ROW_NUMBER`` within the data. ``work``, if given, records the row
    elements handled and bytes inflated. A file too big to hold is read with ``TableReader``.
    """
    reader = TableReader(data, work=work, known_headers=known_headers)
    rows, numbers = [], []
    for number, values in reader:
        rows.append(values)
        numbers.append(number)
    return Table(reader.headers, rows, numbers, reader.header_rows, reader.unnamed)


def _take_header(first: list[tuple[int, dict]], known) -> tuple[list[Header], tuple[int, ...], set[int], list]:
    """(headers, the sheet rows they took, the columns they name, the rows that are data) from the first rows."""
    index = _header_row(first, known)
    headers, used = _headers(first, index)
    header_rows = tuple(number for number, _values in first[index : index + used])
    named = {column for column, header in enumerate(headers, start=1) if header.strip()}
    return headers, header_rows, named, first[index + used :]


def read_xlsx(data: bytes, *, work: ReadWork | None = None, known_headers=None) -> tuple[list[str], list[list]]:
    """(headers, rows) of the first sheet: ``read_table`` without the row numbers."""
    table = read_table(data, work=work, known_headers=known_headers)
    return table.headers, table.rows


def escape_formula(value):
    """Make a text cell safe to open in a spreadsheet program (no formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(headers: list[str], rows: Iterable[Iterable], title: str = "Sheet1") -> bytes:
    """Write one sheet with a bold header row; text cells are escaped against formula injection.

    Dates are real date cells shown dd/mm/yyyy (what the imports read back as the same day).
    """
    import openpyxl  # noqa: PLC0415 -- slow import (0,2 s), needed only when a sheet is read or written
    from openpyxl.styles import Font  # noqa: PLC0415 -- as above

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=escape_formula(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    def cell(value):
        if isinstance(value, Promise):  # a lazy Vietnamese label
            value = str(value)
        if isinstance(value, date):  # a datetime too
            dated = openpyxl.cell.WriteOnlyCell(sheet, value=value)
            dated.number_format = "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
            return dated
        return escape_formula(value)

    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class SafeXLSX(XLSX):
    """The xlsx format of django-import-export, reading through ``read_xlsx`` and writing through ``write_xlsx``
    (formulas escaped, dates as real date cells)."""

    def export_data(self, dataset, **kwargs):
        return write_xlsx(list(dataset.headers or []), dataset, title=dataset.title or "Sheet1")

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.read()
        headers, rows = read_xlsx(data)
        dataset = tablib.Dataset(headers=headers)
        for row in rows:
            dataset.append(row)
        return dataset
