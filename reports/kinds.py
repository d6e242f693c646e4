"""The registry of report kinds, the shape of a built report, and its two renderers (PDF, xlsx).

A kind declares its label, the form of its parameters, who may request it
and a builder that turns the parameters into figures, tables and charts
(``ReportData``); the kinds register themselves in ``reports.builders``, loaded in
``ReportsConfig.ready``. Renderers do not know any kind: every kind comes out as PDF
and xlsx the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.template.defaultfilters import slugify
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thiduakt.pdf import render_document
from thiduakt.selectors import issuer_as_of
from thiduakt.spreadsheets import write_xlsx
from thiduakt.text import fold

# ---------------------------------------------------------------------------
# A built report
# ---------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    title: str = ""
    # Per row: "" | "total" | "group" | "indent-1" | "indent-2" (bold totals, indented sub-rows).
    styles: list[str] = field(default_factory=list)
    numeric_from: int = 1  # columns from this index are right-aligned figures

    def add(self, *cells, style: str = "") -> None:
        self.rows.append(list(cells))
        self.styles.append(style)

    def styled_rows(self):
        styles = self.styles + [""] * (len(self.rows) - len(self.styles))
        return list(zip(styles, self.rows, strict=True))


@dataclass
class Section:
    heading: str
    tables: list[Table] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ReportData:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    landscape: bool = False
    issuer_name: str = ""  # empty: the Sở Nội vụ of the province-level body in force when it is made
    template: str = "reports/pdf/report.html"
    long_list: bool = False  # a list that may run to thousands of lines: laid out in parallel parts
    extra: dict = field(default_factory=dict)  # anything a kind's own template needs
    xlsx: Callable | None = None  # a kind's own workbook writer, (ReportData) -> bytes; else the generic sheet


Progress = Callable[[int, str], None]


def no_progress(percent: int, message: str = "") -> None:
    return None


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str
    description: str
    form_class: type
    may_request: Callable  # (user) -> bool
    build: Callable  # (params: dict, unit: OrgUnit | None, progress: Progress) -> ReportData
    title: Callable  # (params: dict, unit: OrgUnit | None) -> str
    order: int = 100


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> ReportKind | None:
    return _KINDS.get(code)


def kinds_for(user) -> list[ReportKind]:
    return sorted((k for k in _KINDS.values() if k.may_request(user)), key=lambda k: (k.order, str(k.label)))


# ---------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------


def file_stem(report) -> str:
    """An ASCII file name from the report's title: "thong-ke-khen-thuong-nam-2024-toan-tinh"."""
    return slugify(fold(report.title))[:80] or "bao-cao"


LONG_LIST_ROWS = 3000  # up to this, a long list is one pass of its own template; above, parts of PART_ROWS
PART_ROWS = 2500
LONG_LIST_PART = "reports/pdf/annex_part.html"


def long_list_parts(data: ReportData):
    """A list of thousands of lines as numbered paragraphs (lean layout), ``PART_ROWS`` lines a part."""
    lines: list = []
    for section in data.sections:
        lines.append(("h", section.heading))
        for table in section.tables:
            for row in table.rows:
                lines.append((row[0], ", ".join(str(c) for c in row[1:] if c not in ("", None))))
    heading = {"annex_title": data.title.upper(), "annex_note": f"({data.subtitle})" if data.subtitle else ""}
    for k in range(0, len(lines), PART_ROWS):
        yield LONG_LIST_PART, {"first": k == 0, "lines": lines[k : k + PART_ROWS], **heading}


def department_of_home_affairs(day) -> str:
    """ "SỞ NỘI VỤ TỈNH HẬU GIANG" until 30/06/2025, "SỞ NỘI VỤ THÀNH PHỐ CẦN THƠ" from 01/07/2025: the registry's."""
    issuer = issuer_as_of(day)
    return f"SỞ NỘI VỤ {issuer.area_type} {issuer.place}".upper() if issuer else "SỞ NỘI VỤ"


def render_pdf_bytes(data: ReportData, *, requested_by: str = "", generated_at: datetime | None = None) -> bytes:
    """Through the one path of long documents: one pass of the report's template, except a long list
    (``data.long_list``) of more than ``LONG_LIST_ROWS`` rows, laid out in parts, pages numbered on."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    context = {
        "report": data,
        "report_title": data.title,
        "report_subtitle": data.subtitle,
        "issuer_name": data.issuer_name or department_of_home_affairs(generated_at.date()),
        "landscape": data.landscape,
        "generated_at": generated_at,
        "generated_by": requested_by,
        **data.extra,
    }
    return render_document(
        data.template,
        context,
        size=sum(len(t.rows) for s in data.sections for t in s.tables),
        one_pass_max=LONG_LIST_ROWS,
        parts=(lambda: long_list_parts(data)) if data.long_list else None,
        numbered_from_part=0,
    )


def render_xlsx_bytes(data: ReportData) -> bytes:
    """One sheet: the title, then each section's heading, tables (header row + rows) and notes.

    Figures stay numbers (they can be summed in Excel); text cells are escaped
    against formula injection by ``write_xlsx``. A kind with its own layout
    (the statistics forms: one sheet per form) gives its writer in ``data.xlsx``.
    """
    if data.xlsx is not None:
        return data.xlsx(data)
    rows: list[list] = []
    if data.subtitle:
        rows.append([data.subtitle])
    for section in data.sections:
        rows.append([])
        rows.append([section.heading])
        for table in section.tables:
            if table.title:
                rows.append([table.title])
            rows.append(list(table.headers))
            rows.extend(list(r) for r in table.rows)
            rows.append([])
        for note in section.notes:
            rows.append([note])
    return write_xlsx([data.title], rows, title=str(_("Báo cáo")))
