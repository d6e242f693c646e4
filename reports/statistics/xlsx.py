"""The five forms as a workbook: one sheet per form, laid out as on paper.

Each sheet: the header block (form number, circular, receipt date on the
left; reporting and receiving unit on the right), the title, the period and
the unit of count, the merged column header with its code row, the rows
(figures as numbers, an empty cell where the form is not computed), then the
signature block. Text that may come from users (unit and person names, the
catalogue's award names in the header) is escaped against formula injection;
the rows' labels are the form's constants and keep their "- " and "+ " marks.
"""

import io

from reports.statistics.forms_tt02 import (
    CIRCULAR_LINE,
    HEAD_NOTE,
    PLACE_DATE_LINE,
    PREPARER_NOTE,
    PREPARER_TITLE,
    RECEIPT_LINES,
)
from reports.statistics.layout import FilledForm
from thiduakt.spreadsheets import escape_formula

SIGNATURE_SPACE_ROWS = 4


def _split(columns: int) -> int:
    """The last column of the left half of the header and signature blocks (about 60 %)."""
    return min(max(2, round(columns * 0.6)), columns - 1)


def write_forms_xlsx(forms: list[FilledForm]) -> bytes:
    import openpyxl  # noqa: PLC0415 -- slow import (0,2 s), needed only when the workbook is written
    from openpyxl.styles import Alignment, Border, Font, Side  # noqa: PLC0415 -- as above
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 -- as above

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for form in forms:
        sheet = book.create_sheet(title=form.number)
        width = len(form.leaves)
        left = _split(width)

        def put(row, col, value, *, font=None, align=None, to_col=None, sheet=sheet):
            cell = sheet.cell(row=row, column=col, value=escape_formula(value))
            if font is not None:
                cell.font = font
            if align is not None:
                cell.alignment = align
            if to_col is not None and to_col > col:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)
            return cell

        left_align = Alignment(horizontal="left", vertical="top", wrap_text=True)
        right_block = Alignment(horizontal="center", vertical="top", wrap_text=True)
        put(1, 1, form.code, font=bold, align=left_align, to_col=left)
        put(1, left + 1, f"Đơn vị báo cáo: {form.reporting_unit}", align=right_block, to_col=width)
        put(2, 1, CIRCULAR_LINE, align=left_align, to_col=left)
        put(2, left + 1, f"Đơn vị nhận báo cáo: {form.receiving_unit}", align=right_block, to_col=width)
        put(3, 1, RECEIPT_LINES[0], align=left_align, to_col=left)
        put(4, 1, RECEIPT_LINES[1], align=left_align, to_col=left)
        put(6, 1, form.title, font=Font(bold=True, size=13), align=centre, to_col=width)
        sheet.row_dimensions[6].height = 36
        put(7, 1, form.period_line, font=Font(italic=True), align=centre, to_col=width)
        row = 8
        if form.unit_line:
            put(
                row,
                1,
                form.unit_line,
                font=Font(italic=True, bold=True),
                align=Alignment(horizontal="right"),
                to_col=width,
            )
            row += 1
        top = row + 1

        # The merged header and its code row.
        for line in form.header:
            for cell in line:
                r, c = top + cell.row, 1 + cell.col
                sheet.cell(row=r, column=c, value=escape_formula(cell.text)).font = bold
                for rr in range(r, r + cell.rowspan):
                    for cc in range(c, c + cell.colspan):
                        target = sheet.cell(row=rr, column=cc)
                        target.border = border
                        target.alignment = centre
                if cell.rowspan > 1 or cell.colspan > 1:
                    sheet.merge_cells(
                        start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                    )
        row = top + len(form.header)

        # The rows: the label left, indented by the form's own "- " / "+ " marks; figures as numbers.
        text_columns = form.text_columns
        for style, cells in form.body:
            strong = style in ("total", "group")
            for index, value in enumerate(cells):
                # Labels, codes and units are the form's own text ("- Toàn quốc", "+ Doanh nhân"), never user
                # data, and are written as they are; figures are numbers.
                cell = sheet.cell(row=row, column=index + 1, value=None if value == "" else value)
                cell.border = border
                if strong:
                    cell.font = bold
                if index == 0:
                    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
                elif index < text_columns:
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                else:
                    cell.number_format = "#,##0"
            row += 1

        # The signature block.
        row += 1
        put(row, left + 1, PLACE_DATE_LINE, font=Font(italic=True), align=right_block, to_col=width)
        row += 1
        put(row, 1, PREPARER_TITLE, font=bold, align=right_block, to_col=left)
        put(row, left + 1, form.signature.get("head_title", ""), font=bold, align=right_block, to_col=width)
        row += 1
        put(row, 1, PREPARER_NOTE, font=Font(italic=True), align=right_block, to_col=left)
        put(row, left + 1, HEAD_NOTE, font=Font(italic=True), align=right_block, to_col=width)
        row += 1 + SIGNATURE_SPACE_ROWS
        put(row, 1, form.signature.get("preparer_name", ""), font=bold, align=right_block, to_col=left)
        put(row, left + 1, form.signature.get("head_name", ""), font=bold, align=right_block, to_col=width)

        for index, leaf in enumerate(form.leaves, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = leaf.width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{top}:{top + len(form.header) - 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
