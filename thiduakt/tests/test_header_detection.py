"""Finding the header of a real file: title rows, letterheads, two-row merged headers, headers not on row 1.

Files are built here with openpyxl (merged cells as a spreadsheet program writes them: the value in
the first cell of the span only) or, for formulas with a cached value, from hand-written sheet XML.
"""

import io

import openpyxl
import pytest

from thiduakt.spreadsheets import SpreadsheetError, header_key, header_keys, read_table, read_xlsx
from thiduakt.tests.test_spreadsheets_hostile import row, text, xlsx

KNOWN = {header_key(h) for h in ("STT", "Họ tên", "Năm", "Số quyết định", "Ngày quyết định", "Đơn vị")}


def book(rows: list[list], merges=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    for span in merges:
        sheet.merge_cells(span)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_header_on_row_1_is_read_as_before():
    table = read_table(book([["Mã", "Tên"], ["A1", "Xã A"], ["A2", "Xã B"]]))
    assert (table.headers, table.rows, table.numbers, table.header_rows) == (
        ["Mã", "Tên"],
        [["A1", "Xã A"], ["A2", "Xã B"]],
        [2, 3],
        (1,),
    )


def test_title_row_is_passed_over_and_headers_on_row_3_are_found():
    data = book(
        [
            ["DANH SÁCH KHEN THƯỞNG NĂM 2023"],
            [],
            ["STT", "Họ tên", "Đơn vị", "Năm"],
            [1, "Nguyễn Văn An", "UBND xã Phú Hữu", 2023],
            [2, "Lê Thị Bé", "UBND xã Phú Hữu", 2023],
        ],
        merges=["A1:D1"],
    )
    for known in (None, KNOWN):
        table = read_table(data, known_headers=known)
        assert table.headers == ["STT", "Họ tên", "Đơn vị", "Năm"]
        assert table.header_rows == (3,)
        assert table.numbers == [4, 5]
        assert table.rows == [[1, "Nguyễn Văn An", "UBND xã Phú Hữu", 2023], [2, "Lê Thị Bé", "UBND xã Phú Hữu", 2023]]
    assert read_xlsx(data)[0] == ["STT", "Họ tên", "Đơn vị", "Năm"]


def test_letterhead_of_two_cells_is_not_taken_for_the_header():
    data = book(
        [
            ["UBND TỈNH HẬU GIANG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
            ["STT", "Họ tên", "Đơn vị", "Năm", "Ghi chú"],
            [1, "Nguyễn Văn An", "UBND xã Phú Hữu", 2023, ""],
        ]
    )
    assert read_table(data, known_headers=KNOWN).header_rows == (3,)
    assert read_table(data).header_rows == (3,)  # without known names: narrower than half the widest row
    assert read_table(data).numbers == [4]


def test_known_names_choose_the_header_over_a_wide_title_block():
    data = book(
        [
            ["Biểu số 01", "Kèm theo công văn", "số 12/SNV", "ngày 05/06/2024"],
            ["STT", "Họ tên", "Năm", "Đơn vị"],
            [1, "Nguyễn Văn An", 2023, "UBND xã Phú Hữu"],
        ]
    )
    assert read_table(data).header_rows == (1,)  # a block of text cells as wide as the header: read as one
    table = read_table(data, known_headers=KNOWN)
    assert (table.headers, table.header_rows, table.numbers) == (["STT", "Họ tên", "Năm", "Đơn vị"], (2,), [3])


def test_two_row_merged_header_is_combined_and_the_sub_header_is_no_data_row():
    data = book(
        [
            ["DANH SÁCH KHEN THƯỞNG NĂM 2023"],
            [],
            ["STT", "Họ tên", "Quyết định", None, "Năm"],
            [None, None, "Số", "Ngày", None],
            [1, "Nguyễn Văn An", "45/QĐ-UBND", "12.08.2021", 2021],
        ],
        merges=["A1:E1", "A3:A4", "B3:B4", "C3:D3", "E3:E4"],
    )
    table = read_table(data, known_headers=KNOWN)
    assert table.headers == ["STT", "Họ tên", "Quyết định Số", "Quyết định Ngày", "Năm"]
    assert [h.parts for h in table.headers] == [
        ("STT",),
        ("Họ tên",),
        ("Quyết định", "Số"),
        ("Quyết định", "Ngày"),
        ("Năm",),
    ]
    assert table.header_rows == (3, 4)
    assert (table.rows, table.numbers) == ([[1, "Nguyễn Văn An", "45/QĐ-UBND", "12.08.2021", 2021]], [5])
    assert header_keys(table.headers[2]) == ["quyet dinh so", "so quyet dinh", "so"]
    assert read_table(data).headers == table.headers  # the same without known names


def test_data_row_of_text_under_a_header_is_not_taken_for_a_sub_header():
    data = book(
        [
            ["Họ tên", "Số quyết định", None, "Năm"],
            ["Nguyễn Văn An", "45/QĐ-UBND", "ghi chú", "2023"],
        ]
    )
    table = read_table(data)
    assert (table.headers, table.numbers) == (["Họ tên", "Số quyết định", "", "Năm"], [2])
    assert table.unnamed == [2]  # column C holds data under no header: reported, not silently dropped


def test_row_numbering_the_columns_under_the_header_is_skipped():
    data = book([["STT", "Họ tên", "Năm"], ["(1)", "(2)", "(3)"], [1, "Nguyễn Văn An", 2023]])
    table = read_table(data, known_headers=KNOWN)
    assert (table.header_rows, table.numbers, table.rows) == ((1, 2), [3], [[1, "Nguyễn Văn An", 2023]])
    numbered = read_table(book([["STT", "Họ tên", "Năm"], [1, 2, 3], [1, "Nguyễn Văn An", 2023]]))
    assert (numbered.header_rows, numbered.numbers) == ((1, 2), [3])


def test_data_past_the_last_header_is_reported_as_unnamed():
    table = read_table(book([["Họ tên", "Năm"], ["Nguyễn Văn An", 2023, "thừa"]]))
    assert (table.headers, table.rows, table.unnamed) == (["Họ tên", "Năm"], [["Nguyễn Văn An", 2023]], [2])


def test_formula_with_a_cached_value_under_a_header_on_row_3_is_read():
    rows = [
        row(1, text("A1", "DANH SÁCH KHEN THƯỞNG")),
        row(3, text("A3", "Họ tên"), text("B3", "Danh hiệu"), text("C3", "Mã")),
        row(
            4,
            text("A4", "Nguyễn Văn An"),
            text("B4", "Lao động tiên tiến"),
            '<c r="C4" t="str"><f>VLOOKUP(B4,HTKT!$A$2:$B$300,2,0)</f><v>LDTT</v></c>',
        ),
        # an unfilled row of the template: only its lookups, each #N/A: no data
        row(5, '<c r="C5" t="e"><f>VLOOKUP(B5,HTKT!$A$2:$B$300,2,0)</f><v>#N/A</v></c>'),
    ]
    table = read_table(xlsx(rows))
    assert (table.headers, table.rows, table.numbers) == (
        ["Họ tên", "Danh hiệu", "Mã"],
        [["Nguyễn Văn An", "Lao động tiên tiến", "LDTT"]],
        [4],
    )


def test_formula_without_a_cached_value_is_refused_naming_its_cell():
    rows = [
        row(3, text("A3", "Họ tên"), text("B3", "Danh hiệu"), text("C3", "Mã")),
        row(5, text("A5", "Nguyễn Văn An"), text("B5", "Lao động tiên tiến"), '<c r="C5"><f>B5&amp;"x"</f></c>'),
    ]
    with pytest.raises(SpreadsheetError) as error:
        read_table(xlsx(rows))
    assert str(error.value) == (
        "Ô C5 chứa công thức chưa có giá trị tính sẵn. Hãy mở tệp bằng Excel và lưu lại,"
        " hoặc dán giá trị (Paste Values) thay cho công thức, rồi tải lại."
    )


def test_header_key_ignores_diacritics_case_notes_and_spacing():
    assert header_key("Mã danh hiệu thi đua\n(nếu có)") == "ma danh hieu thi dua"
    assert header_key("Tên đơn vị / tập thể") == "ten don vi/tap the"
    assert header_key("TÊN TẬP THỂ/CÁ NHÂN/HỘ GIA ĐÌNH") == "ten tap the/ca nhan/ho gia dinh"
    assert header_key("Ngày, tháng, năm sinh:") == "ngay thang nam sinh"
    assert header_key("(1)") == "(1)"  # nothing but a note: kept


def test_three_row_header_joins_group_sub_group_and_column_and_each_column_is_known_by_its_own_words():
    """ "Khen thưởng" over "Danh hiệu" (merged down) and "Quyết định", itself over "Số" and "Ngày"."""
    data = book(
        [
            ["DANH SÁCH KHEN THƯỞNG"],
            ["STT", "Họ tên", "Khen thưởng", None, None, "Ghi chú"],
            [None, None, "Danh hiệu", "Quyết định", None, None],
            [None, None, None, "Số", "Ngày", None],
            [1, "Nguyễn Văn Mười", "CSTĐCS", "45/QĐ-UBND", "15/12/2023", "x"],
        ],
        merges=["A1:F1", "A2:A4", "B2:B4", "C2:E2", "C3:C4", "D3:E3", "F2:F4"],
    )
    table = read_table(data, known_headers=KNOWN)
    assert table.headers == [
        "STT",
        "Họ tên",
        "Khen thưởng Danh hiệu",
        "Khen thưởng Quyết định Số",
        "Khen thưởng Quyết định Ngày",
        "Ghi chú",
    ]
    assert (table.header_rows, table.numbers) == ((2, 3, 4), [5])
    assert table.rows == [[1, "Nguyễn Văn Mười", "CSTĐCS", "45/QĐ-UBND", "15/12/2023", "x"]]
    number, day = table.headers[3], table.headers[4]
    assert header_key("Số quyết định") in header_keys(number)
    assert header_key("Ngày quyết định") in header_keys(day)
    assert header_key("Danh hiệu") in header_keys(table.headers[2])
