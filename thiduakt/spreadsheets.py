"""Spreadsheets in and out, safely.

Every xlsx a user uploads passes ``read_xlsx``: size capped, the zip checked
for bombs before anything is inflated, formulas refused. Every xlsx we write
escapes cells that a spreadsheet program would run as formulas.
"""

import io
import zipfile
from collections.abc import Iterable

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_ZIP_ENTRIES = 2_000
MAX_COMPRESSION_RATIO = 200
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """The file cannot be read as a safe spreadsheet; the message is for the user."""


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(_("Tệp chứa quá nhiều thành phần; không thể đọc an toàn."))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > settings.SPREADSHEET_MAX_UNZIPPED_BYTES or (
            entry.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise SpreadsheetError(_("Tệp bị nén bất thường (nghi là “bom nén”); hệ thống từ chối đọc."))
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."))


def read_xlsx(data: bytes) -> tuple[list[str], list[list]]:
    """Read the first sheet of an xlsx file into (headers, rows), or raise ``SpreadsheetError``.

    Refused: files over the size cap, zip bombs, formulas (a value must be
    typed, not computed), more than ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns.
    """
    import openpyxl

    if len(data) > settings.SPREADSHEET_MAX_BYTES:
        raise SpreadsheetError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.SPREADSHEET_MAX_BYTES // (1024 * 1024)}
        )
    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise SpreadsheetError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        headers = None
        for row_number, row in enumerate(sheet.iter_rows(), start=1):
            if len(row) > MAX_COLUMNS:
                raise SpreadsheetError(_("Bảng tính có quá nhiều cột (tối đa %(n)s).") % {"n": MAX_COLUMNS})
            values = []
            for cell in row:
                if cell.data_type == "f":
                    raise SpreadsheetError(
                        _("Ô %(cell)s chứa công thức. Hãy dán giá trị (Paste Values) thay cho công thức rồi tải lại.")
                        % {"cell": getattr(cell, "coordinate", f"dòng {row_number}")}
                    )
                values.append(cell.value)
            if headers is None:
                headers = [str(v).strip() if v is not None else "" for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append(values)
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(_("Bảng tính có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS})
    finally:
        book.close()
    if headers is None:
        raise SpreadsheetError(_("Bảng tính trống."))
    while headers and headers[-1] == "":
        headers.pop()
    width = len(headers)
    return headers, [(r + [None] * width)[:width] for r in rows]


def escape_formula(value):
    """Make a text cell safe to open in a spreadsheet program (no formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(headers: list[str], rows: Iterable[Iterable], title: str = "Sheet1") -> bytes:
    """Write one sheet with a bold header row; text cells are escaped against formula injection."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=escape_formula(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([escape_formula(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class SafeXLSX(XLSX):
    """The xlsx format of django-import-export, reading through ``read_xlsx``."""

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.read()
        headers, rows = read_xlsx(data)
        dataset = tablib.Dataset(headers=headers)
        for row in rows:
            dataset.append(row)
        return dataset
