"""Write the default Word templates of ``awards/templates_docx/`` with python-docx, in the layout of
NĐ 30/2020/NĐ-CP Annex I (A4 portrait, margins 20/15/20/30 mm, Times New Roman 13–14 pt; the issuer on the
left, quốc hiệu and tiêu ngữ on the right, the number under the issuer and the place and date under the
motto, the title and trích yếu centred and bold, the "Nơi nhận" bottom left and the signer bottom right).

The texts are docxtpl (Jinja) tags filled by ``awards.services.documents``; a paragraph holding only
``{%p … %}`` repeats or hides itself. Run ``python -m awards.templates_docx.build`` after changing this file.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"


def _document():
    from docx import Document  # noqa: PLC0415 -- python-docx is needed only when templates are built
    from docx.shared import Mm, Pt  # noqa: PLC0415 -- as above

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )  # Vietnamese letters in the same font
    style.paragraph_format.space_after = Pt(6)
    return document


def _para(container, text="", *, align="justify", bold=False, italic=False, size=13, indent=False, after=6):
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 -- as in _document
    from docx.shared import Cm, Pt  # noqa: PLC0415 -- as above

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _tag(container, tag):
    """A paragraph that holds only a docxtpl block tag (``{%p for … %}``): removed when rendered."""
    return _para(container, tag, after=0)


def _cell(cell):
    """An empty cell ready for paragraphs (python-docx gives each cell one empty paragraph)."""
    cell._element.remove(cell.paragraphs[0]._element)
    return cell


def _header(document, *, issuer_left: list[tuple[str, bool]], number: str, place_date: str):
    from docx.shared import Mm  # noqa: PLC0415 -- as in _document

    table = document.add_table(rows=2, cols=2)
    table.autofit = False
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(62), Mm(103)
    left, right = _cell(table.cell(0, 0)), _cell(table.cell(0, 1))
    for text, bold in issuer_left:
        _para(left, text, align="center", bold=bold, size=12.5, after=0)
    _para(left, "________", align="center", after=0)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True, size=12.5, after=0)
    _para(right, "Độc lập - Tự do - Hạnh phúc", align="center", bold=True, size=13.5, after=0)
    _para(right, "____________________", align="center", after=0)
    _para(_cell(table.cell(1, 0)), number, align="center", after=0)
    _para(_cell(table.cell(1, 1)), place_date, align="center", italic=True, size=13.5, after=0)
    return table


def _closing(document, *, recipients_heading="Nơi nhận:"):
    from docx.shared import Mm  # noqa: PLC0415 -- as in _document

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    table.rows[0].cells[0].width, table.rows[0].cells[1].width = Mm(75), Mm(90)
    left, right = _cell(table.cell(0, 0)), _cell(table.cell(0, 1))
    _para(left, recipients_heading, align="left", bold=True, italic=True, size=12, after=0)
    _tag(left, "{%p for line in copy_recipients %}")
    _para(left, "{{ line }}", align="left", size=11, after=0)
    _tag(left, "{%p endfor %}")
    _tag(right, "{%p if signer_authority %}")
    _para(right, "{{ signer_authority }}", align="center", bold=True, size=14, after=0)
    _tag(right, "{%p endif %}")
    _para(right, "{{ signer_title }}", align="center", bold=True, size=14, after=72)
    _para(right, "{{ signer_name }}", align="center", bold=True, size=14, after=0)


def _draft_mark(document):
    _tag(document, "{%p if draft %}")
    _para(document, "DỰ THẢO", align="left", bold=True, size=11)
    _tag(document, "{%p endif %}")


def build_decision(path: Path) -> None:
    document = _document()
    _draft_mark(document)
    _header(
        document,
        issuer_left=[("{{ issuer_parent }}", True), ("{{ issuer_name }}", True)],
        number="Số: {{ number }}",
        place_date="{{ place_date }}",
    )
    _para(document, "{{ title }}", align="center", bold=True, size=14, after=0)
    _para(document, "{{ subject }}", align="center", bold=True, size=14, after=0)
    _para(document, "__________", align="center", after=12)
    _para(document, "{{ authority_line }}", align="center", bold=True, size=14)
    _tag(document, "{%p for basis in legal_bases %}")
    _para(document, "{{ basis }}", italic=True, indent=True)
    _tag(document, "{%p endfor %}")
    _para(document, "QUYẾT ĐỊNH:", align="center", bold=True, size=14)
    _tag(document, "{%p for article in articles %}")
    paragraph = _para(document, indent=True)
    paragraph.add_run("Điều {{ loop.index }}. ").bold = True
    paragraph.add_run("{{ article }}")
    _tag(document, "{%p endfor %}")
    _closing(document)
    document.save(path)


def build_annex(path: Path) -> None:
    document = _document()
    _draft_mark(document)
    _para(document, "{{ annex_title }}", align="center", bold=True, size=14, after=0)
    _para(document, "{{ annex_note }}", align="center", italic=True, after=12)
    _tag(document, "{%p for group in groups %}")
    _para(document, "{{ group.heading }}", align="left", bold=True)
    _tag(document, "{%p for line in group.lines %}")
    _para(document, "{{ line }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    document.save(path)


def build_proposal(path: Path) -> None:
    document = _document()
    _draft_mark(document)
    _header(
        document,
        issuer_left=[("{{ issuer_parent }}", False), ("{{ issuer_name }}", True)],
        number="Số: {{ number }}",
        place_date="{{ place_date }}",
    )
    _para(document, "TỜ TRÌNH", align="center", bold=True, size=14, after=0)
    _para(document, "{{ subject }}", align="center", bold=True, size=14, after=0)
    _para(document, "__________", align="center", after=12)
    _para(document, "Kính gửi: {{ addressee }}.", align="center", size=14)
    _tag(document, "{%p for basis in legal_bases %}")
    _para(document, "{{ basis }}", italic=True, indent=True)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for line in body %}")
    _para(document, "{{ line }}", indent=True)
    _tag(document, "{%p endfor %}")
    _closing(document)
    document.save(path)


BUILDERS = {"decision": build_decision, "annex": build_annex, "proposal": build_proposal}


def build(target: Path = HERE) -> list[Path]:
    written = []
    for kind, builder in BUILDERS.items():
        path = target / f"{kind}.docx"
        builder(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
