"""Lists of honourees shaped as real ones are: title rows, a merged two-row header, a numbering row."""

from io import BytesIO

HEADER_TOP = ["STT", "Họ và tên", "Ngày sinh", "Chức vụ, đơn vị công tác", "Thành tích", None]
HEADER_SUB = [None, None, None, None, "Lĩnh vực", "Nội dung biểu dương"]


def real_list(rows: list[list]) -> bytes:
    """ "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN ĐƯỢC BIỂU DƯƠNG" over a header merged on two rows, then ``rows``
    (name, birth date, position and unit, field, citation), numbered; the data starts on sheet row 8."""
    import openpyxl  # noqa: PLC0415 -- slow import, needed only by the tests that build a file

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"])
    sheet.append(["DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN ĐƯỢC BIỂU DƯƠNG"])
    sheet.append(["(Kèm theo Quyết định số 1024/QĐ-UBND ngày 05/6/2023 của Chủ tịch UBND tỉnh)"])
    sheet.append([])
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_SUB)
    for column in "ABCD":
        sheet.merge_cells(f"{column}5:{column}6")
    sheet.merge_cells("E5:F5")
    sheet.append([f"({n})" for n in range(1, 7)])
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def many(count: int, *, start: int = 0) -> list[list]:
    """``count`` honourees nobody has recorded yet, of Châu Thành."""
    return [
        [
            f"{'Bà' if n % 2 else 'Ông'} Nguyễn Văn Mẫu {n}",
            f"12.08.{1960 + n % 40}",
            "Chuyên viên UBND huyện Châu Thành",
            "Giáo dục - Đào tạo",
            "Có thành tích xuất sắc trong phong trào thi đua ái quốc",
        ]
        for n in range(start, start + count)
    ]
