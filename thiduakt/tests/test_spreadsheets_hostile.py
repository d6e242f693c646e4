"""Hostile spreadsheets: the reader's work is bounded by what the file contains, not by what it declares.

Every file here is built by hand from its zip parts so that it holds exactly the XML an attacker
(or an odd exporter) would write. Work is measured with ``ReadWork`` (rows and bytes the reader
handled), never with a clock.
"""

import io
import struct
import zipfile

import pytest

from thiduakt.spreadsheets import ReadWork, SpreadsheetError, read_xlsx

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "%s</Types>"
)
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>%s</Relationships>'
)
SHARED_STRINGS_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
)


def text(ref, value):
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number, *cells):
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx(rows, dimension=None, shared_strings=None):
    """An xlsx of one sheet whose sheetData is exactly ``rows`` (XML strings)."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES % (SHARED_STRINGS_TYPE if shared_strings else ""))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS % (SHARED_STRINGS_REL if shared_strings else ""))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


BROKEN = r"^Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng\.$"
HEADER = row(1, text("A1", "Mã"), text("B1", "Tên"))


def test_declared_two_million_rows_with_one_far_empty_row_is_read_by_its_content():
    data = xlsx([HEADER, row(2, text("A2", "A1"), text("B2", "Xã A")), '<row r="2000000"/>'], dimension="A1:CV2000000")
    assert len(data) < 1700
    work = ReadWork()
    assert read_xlsx(data, work=work) == (["Mã", "Tên"], [["A1", "Xã A"]])
    assert work.rows == 3  # the two rows and the far one that ends the read; nothing in between


def test_far_row_number_without_dimension_ends_the_read():
    data = xlsx([HEADER, row(10_000_000, text("A10000000", "x"))])
    work = ReadWork()
    assert read_xlsx(data, work=work) == (["Mã", "Tên"], [])
    assert work.rows == 2


def test_legitimate_file_declaring_the_whole_sheet_is_read_by_its_rows():
    rows = [HEADER] + [row(n, text(f"A{n}", f"M{n}"), text(f"B{n}", f"Xã {n}")) for n in (2, 3, 4)]
    work = ReadWork()
    headers, body = read_xlsx(xlsx(rows, dimension="A1:XFD1048576"), work=work)
    assert (headers, body) == (["Mã", "Tên"], [["M2", "Xã 2"], ["M3", "Xã 3"], ["M4", "Xã 4"]])
    assert work.rows == 4


def test_data_ends_at_the_first_run_of_empty_rows(settings):
    settings.SPREADSHEET_MAX_EMPTY_ROWS = 3
    rows = [
        HEADER,
        row(2, text("A2", "A")),
        '<row r="3"/>',
        row(4, text("A4", "  ")),
        row(5, text("A5", "B")),  # a gap of two empty rows: still data
        '<row r="6"/>',
        '<row r="7"/>',
        '<row r="8"/>',
        row(9, text("A9", "Người lập biểu")),  # after three empty rows: below the data, not read
        row(10, text("A10", "C")),
    ]
    work = ReadWork()
    assert read_xlsx(xlsx(rows), work=work) == (["Mã", "Tên"], [["A", None], ["B", None]])
    assert work.rows == 9


def test_rows_past_the_row_number_ceiling_are_refused(settings):
    settings.SPREADSHEET_MAX_ROW_NUMBER = 10
    rows = [HEADER] + [row(n, text(f"A{n}", f"M{n}")) for n in range(2, 12)]
    with pytest.raises(SpreadsheetError, match=r"^Bảng tính có quá nhiều dòng \(tối đa 10\)\.$"):
        read_xlsx(xlsx(rows))
    rows = [HEADER] + [row(n, text(f"A{n}", f"M{n}")) for n in range(2, 11)]
    assert len(read_xlsx(xlsx(rows))[1]) == 9


def test_rows_out_of_order_are_refused():
    rows = [HEADER, row(3, text("A3", "x")), row(2, text("A2", "y"))]
    with pytest.raises(SpreadsheetError, match=BROKEN):
        read_xlsx(xlsx(rows))


def test_a_value_past_the_column_limit_is_refused_but_empty_styled_cells_are_not():
    styled = row(2, text("A2", "A"), '<c r="XFD2" s="0"/>')
    assert read_xlsx(xlsx([HEADER, styled])) == (["Mã", "Tên"], [["A", None]])
    with pytest.raises(SpreadsheetError, match=r"^Bảng tính có quá nhiều cột \(tối đa 100\)\.$"):
        read_xlsx(xlsx([HEADER, row(2, text("A2", "A"), text("CW2", "x"))]))


def test_a_row_with_more_cells_than_a_sheet_can_hold_is_refused():
    cells = "<c/>" * 16_385
    with pytest.raises(SpreadsheetError, match=BROKEN):
        read_xlsx(xlsx([HEADER, f'<row r="2">{cells}</row>']))


def shared_strings(count):
    items = "".join(f"<si><t>Nguyễn Văn {n % 7}</t></si>" for n in range(count))
    return f'<sst xmlns="{NS}" count="{count}" uniqueCount="{count}">{items}</sst>'


def test_shared_strings_are_read():
    data = xlsx(
        ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'],
        shared_strings=shared_strings(2),
    )
    assert read_xlsx(data) == (["Nguyễn Văn 0", "Nguyễn Văn 1"], [])


def test_oversized_shared_strings_are_refused_before_inflating(settings):
    # the 6 MB file whose sharedStrings.xml inflates to 197 MB, at a scale a test can afford:
    # a repetitive part of ~2.4 MB against a 1 MB cap (ratio check set aside: the absolute cap is tested)
    settings.SPREADSHEET_MAX_SHARED_STRINGS_BYTES = 1024 * 1024
    settings.SPREADSHEET_MAX_COMPRESSION_RATIO = 100_000
    data = xlsx([HEADER], shared_strings=shared_strings(100_000))
    entry = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml")
    assert entry.file_size > 2 * 1024 * 1024
    work = ReadWork()
    with pytest.raises(SpreadsheetError, match=r"^Tệp chứa một phần quá lớn khi giải nén \(tối đa 1 MB\)"):
        read_xlsx(data, work=work)
    assert work.bytes_inflated == 0


def test_oversized_worksheet_part_is_refused_before_inflating(settings):
    settings.SPREADSHEET_MAX_PART_BYTES = 1024 * 1024
    settings.SPREADSHEET_MAX_COMPRESSION_RATIO = 100_000
    rows = [HEADER] + [row(n, text(f"A{n}", "x")) for n in range(2, 40_000)]
    work = ReadWork()
    with pytest.raises(SpreadsheetError, match=r"^Tệp chứa một phần quá lớn khi giải nén \(tối đa 1 MB\)"):
        read_xlsx(xlsx(rows), work=work)
    assert work.bytes_inflated == 0


def _lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in its local header and the central directory."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(encoded)] == encoded:
                struct.pack_into("<I", data, start + size_offset, declared)
            start += 4
    return bytes(data)


def test_a_part_inflating_past_its_declared_size_is_caught_while_inflating():
    rows = [HEADER] + [row(n, text(f"A{n}", "x")) for n in range(2, 20_000)]
    data = _lie_about_size(xlsx(rows), "xl/worksheets/sheet1.xml", 2_000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size == 2_000
    work = ReadWork()
    with pytest.raises(SpreadsheetError, match=BROKEN):
        read_xlsx(data, work=work)
    sheet_and_small_parts = 2_000 + 4_000
    assert work.bytes_inflated < sheet_and_small_parts


def test_formula_with_a_cached_value_is_read_as_that_value():
    rows = [
        HEADER,
        '<row r="2"><c r="A2"><f>VLOOKUP(C2,X!A:B,2,0)</f><v>42</v></c>'
        '<c r="B2" t="str"><f>VLOOKUP(C2,X!A:C,3,0)</f><v>Xã A</v></c></row>',
    ]
    assert read_xlsx(xlsx(rows)) == (["Mã", "Tên"], [[42, "Xã A"]])


def test_formula_without_a_cached_value_is_refused_naming_the_cell():
    for uncached in ("<f>A2*2</f>", "<f>A2*2</f><v/>"):
        rows = [HEADER, f'<row r="2"><c r="A2"><v>1</v></c><c r="B2">{uncached}</c></row>']
        with pytest.raises(SpreadsheetError, match=r"^Ô B2 chứa công thức"):
            read_xlsx(xlsx(rows))
