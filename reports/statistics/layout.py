"""How a statistics form is described as data, and filled from facts.

A form has a tree of columns (the merged header as the paper form draws it: a
column with children spans them; its leaves are the columns of figures) and a
list of rows (label, code, unit of count, which facts the row counts). A
*fact* is one group of counted things with its attributes, e.g.
``({"kind": "individual", "award_type": "merit", …}, 3)``: the counting
queries return them grouped, and a cell is the sum of the facts its row and
its column both match. A row or column that cannot be counted from our data
(``NOT_COUNTED``) leaves its cells empty: an empty cell means "not computed",
never zero.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

Fact = tuple[dict, int]
Match = Callable[[dict], bool]


def every_fact(fact: dict) -> bool:
    """Every fact of the form (the totals)."""
    return True


def no_fact(fact: dict) -> bool:
    """A row that exists on the form but never applies to us (it counts 0)."""
    return False


NOT_COUNTED = None  # a row or column our data cannot count: its cells stay empty

# Leaf keys of the text columns.
LABEL, CODE, UNIT = "__label__", "__code__", "__unit__"


@dataclass
class Col:
    """A header cell; a leaf is a column of the table (text for ``LABEL``/``CODE``/``UNIT``, else figures)."""

    text: str
    code: str = ""  # printed in the code row under the header, spanning this column's leaves
    key: str = ""  # a leaf: LABEL, CODE, UNIT, or the name of a column of figures
    match: Match | None = every_fact  # a column of figures: which facts it counts
    children: list["Col"] = field(default_factory=list)
    width: float = 11  # a leaf's width in the spreadsheet (characters)

    def leaves(self) -> list["Col"]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)


@dataclass(frozen=True)
class Row:
    label: str
    code: str = ""  # Mã số; a group heading has none and no figures
    unit: str = ""  # Đơn vị tính, on the forms that have that column
    match: Match | None = NOT_COUNTED
    style: str = ""  # "total" (bold), "group" (bold heading) or ""

    @property
    def heading(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class FormDef:
    number: str  # "0601.N"
    title: str
    columns: list[Col]
    rows: list[Row]
    unit_line: str = ""  # "Đơn vị tính: Phong trào" above the table, when the unit is not a column
    dated_by_year: bool = False  # "Năm 2026" instead of "Thời điểm báo cáo: …" (a state, not a flow)

    @property
    def code(self) -> str:
        return f"Biểu số: {self.number}/BNV-TĐKT"

    def leaves(self) -> list[Col]:
        return [leaf for col in self.columns for leaf in col.leaves()]


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int  # 0-based row of the header
    col: int  # 0-based first column
    rowspan: int = 1
    colspan: int = 1


@dataclass
class FilledForm:
    """A form with its figures, ready for the PDF template and the spreadsheet writer."""

    definition: FormDef
    period_line: str
    header: list[list[HeaderCell]]  # the merged header rows, then the code row as the last list
    body: list[tuple[str, list]]  # (style, cells) per row: text cells, then figures (int or None)
    leaves: list[Col]
    reporting_unit: str = ""
    receiving_unit: str = ""
    signature: dict = field(default_factory=dict)

    @property
    def number(self) -> str:
        return self.definition.number

    @property
    def title(self) -> str:
        return self.definition.title

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def unit_line(self) -> str:
        return self.definition.unit_line

    @property
    def column_percents(self) -> list[str]:
        """Each column's share of the page width (from the leaves' widths), for the PDF's ``<col>``."""
        total = sum(leaf.width for leaf in self.leaves)
        return [f"{100 * leaf.width / total:.2f}" for leaf in self.leaves]

    @property
    def text_columns(self) -> int:
        return sum(1 for leaf in self.leaves if leaf.key in (LABEL, CODE, UNIT))

    def row(self, code_or_label: str) -> list:
        """The cells of the row with this code (or, for a heading, this label): for tests and readers."""
        code_at = next(i for i, leaf in enumerate(self.leaves) if leaf.key == CODE)
        for _style, cells in self.body:
            if cells[code_at] == code_or_label or cells[0] == code_or_label:
                return cells
        raise KeyError(code_or_label)


def header_grid(columns: list[Col]) -> list[list[HeaderCell]]:
    """The header rows with their spans, then the code row (one cell per coded column, spanning its leaves).

    A leaf reaches down to the last header row; a column whose children are
    fewer levels deep than the others is stretched (rowspan) above them, as
    the paper forms draw "Giải thưởng Hồ Chí Minh" over its one "Cá nhân".
    """
    depth = max(col.depth() for col in columns)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]

    def place(col: Col, level: int, start: int) -> int:
        span = len(col.leaves())
        below = col.depth() - 1
        rowspan = depth - level - below
        rows[level].append(HeaderCell(col.text, level, start, rowspan, span))
        at = start
        for child in col.children:
            at = place(child, level + rowspan, at)
        return start + span

    at = 0
    for col in columns:
        at = place(col, 0, at)

    codes: list[HeaderCell] = []

    def code_cells(col: Col, start: int) -> int:
        span = len(col.leaves())
        if col.code or not col.children:
            codes.append(HeaderCell(col.code, depth, start, 1, span))
            return start + span
        at = start
        for child in col.children:
            at = code_cells(child, at)
        return at

    at = 0
    for col in columns:
        at = code_cells(col, at)
    return [*rows, codes]


def cell_value(row: Row, leaf: Col, facts: list[Fact]):
    if leaf.key == LABEL:
        return row.label
    if leaf.key == CODE:
        return row.code
    if leaf.key == UNIT:
        return row.unit
    if row.heading or row.match is NOT_COUNTED or leaf.match is NOT_COUNTED:
        return None
    return sum(n for attrs, n in facts if row.match(attrs) and leaf.match(attrs))


def fill(definition: FormDef, facts: list[Fact], **header) -> FilledForm:
    """Every cell of ``definition`` from ``facts`` (sums in memory over the grouped facts: no query)."""
    leaves = definition.leaves()
    body = [(row.style, [cell_value(row, leaf, facts) for leaf in leaves]) for row in definition.rows]
    return FilledForm(definition=definition, header=header_grid(definition.columns), body=body, leaves=leaves, **header)
