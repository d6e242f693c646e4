"""The documents offices edit, as Word files (issue 13 item 5): the decision, its annex and the Sở Nội vụ's
Tờ trình from the same data and wording rules as the PDF (NĐ 30/2020 thể thức), from templates the province
replaces (through the upload gate, macros refused, rendered in a sandbox). Opened back with python-docx."""

import io
import zipfile
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.jobs import decision_context
from awards.models import Decision, DocumentTemplate, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.services.documents import decision_docx, document_template_replace, document_template_reset
from awards.templates_docx.build import BUILDERS
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from thiduakt.services import DomainError
from thiduakt.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

SIGNER = "Trương Cảnh Tuyên"
RECIPIENTS = "Như Điều 3\nSở Nội vụ (Ban Thi đua - Khen thưởng)\nLưu: VT, NC"


def texts(data: bytes) -> list[str]:
    """Every non-empty paragraph of a .docx, the body's then the tables' (python-docx)."""
    from docx import Document  # noqa: PLC0415 -- python-docx, only where a Word file is read back

    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return [t.strip() for t in paragraphs if t.strip()]


def _decision(*, sign_on=date(2025, 1, 20), **fields) -> Decision:
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name=SIGNER, copy_recipients=RECIPIENTS, **fields)
    if sign_on:
        decision_sign(decision=decision, by=staff, decision_date=sign_on)
    return Decision.objects.select_related("award", "amends").get(pk=decision.pk)


def test_the_decision_docx_has_the_number_subject_bases_articles_signer_and_each_recipient_line():
    decision = _decision(proposal_number="125/TTr-SNV", proposal_date=date(2025, 1, 10))
    lines = texts(decision_docx(decision=decision, kind="decision"))
    pdf = decision_context(decision)
    assert f"Số: {decision.number_display}" in lines
    assert decision.number_display.endswith("/QĐ-UBND")
    assert "Hậu Giang, ngày 20 tháng 01 năm 2025" in lines
    assert lines[lines.index("ỦY BAN NHÂN DÂN") :][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "Độc lập - Tự do - Hạnh phúc" in lines
    assert "QUYẾT ĐỊNH" in lines and decision.subject in lines and "QUYẾT ĐỊNH:" in lines
    assert [line for line in lines if line.startswith(("Căn cứ", "Xét đề nghị"))] == pdf["legal_bases"]
    assert [line for line in lines if line.startswith("Điều ")] == [
        f"Điều {i}. {article}" for i, article in enumerate(pdf["articles"], start=1)
    ]
    assert [line for line in lines if line.startswith("- ")] == [
        "- Như Điều 3;",
        "- Sở Nội vụ (Ban Thi đua - Khen thưởng);",
        "- Lưu: VT, NC.",
    ]
    assert "Nơi nhận:" in lines
    assert [decision.signer_authority, decision.signer_title, SIGNER] == [
        line for line in lines if line in (decision.signer_authority, decision.signer_title, SIGNER)
    ]
    assert "DỰ THẢO" not in lines


def test_the_annex_docx_lists_each_recipient_as_the_pdf_does():
    decision = _decision()
    lines = texts(decision_docx(decision=decision, kind="annex"))
    pdf = decision_context(decision)
    assert lines[0] == pdf["annex_title"]
    assert lines[1] == pdf["annex_note"]
    (heading, rendered) = pdf["groups"][0]
    assert lines[2:] == [heading, f"1. {rendered[0]}."]


def test_a_draft_docx_leaves_the_number_and_date_blank_and_is_marked_draft():
    decision = _decision(sign_on=None)
    lines = texts(decision_docx(decision=decision, kind="decision"))
    assert lines[0] == "DỰ THẢO"
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/QĐ-UBND".strip() in lines
    blank_date = "ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0năm 20"
    assert f"{decision.place}, {blank_date}" in lines


def test_the_proposal_docx_is_the_so_noi_vu_asking_the_chair_with_the_same_bases_and_money():
    decision = _decision(proposal_number="125/TTr-SNV", proposal_date=date(2025, 1, 10))
    lines = texts(decision_docx(decision=decision, kind="proposal"))
    assert lines[lines.index("UBND TỈNH HẬU GIANG") :][:2] == ["UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"]
    assert "Số: 125/TTr-SNV" in lines
    assert "Hậu Giang, ngày 10 tháng 01 năm 2025" in lines
    assert "TỜ TRÌNH" in lines
    assert f"Về việc đề nghị {decision.subject.removeprefix('Về việc ')}" in lines
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang." in lines
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert bases[:-1] == list(decision.legal_basis_lines())[:-1]
    assert bases[-1].endswith(".")
    request = next(line for line in lines if line.startswith("Sở Nội vụ kính trình"))
    assert "xem xét, quyết định tặng Bằng khen" in request and "01 cá nhân (có danh sách kèm theo)" in request
    assert decision_context(decision)["articles"][1] in lines
    assert [line for line in lines if line.startswith("- ")] == ["- Như trên;", "- Lưu: VT, TĐKT."]
    assert "GIÁM ĐỐC" in lines


def test_the_shipped_templates_are_those_the_build_script_writes(tmp_path):
    from awards.templates_docx.build import HERE  # noqa: PLC0415 -- the folder of the shipped templates

    for kind, builder in BUILDERS.items():
        builder(tmp_path / f"{kind}.docx")
        assert texts((tmp_path / f"{kind}.docx").read_bytes()) == texts((HERE / f"{kind}.docx").read_bytes())


def _template(text: str) -> bytes:
    from docx import Document  # noqa: PLC0415 -- as in texts

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(data: bytes, name="mau-tinh.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_province_template_replaces_the_default_and_going_back_restores_it(private_media):
    decision = _decision()
    staff = StaffFactory()
    document_template_replace(
        kind="decision", upload=_upload(_template("Mẫu tỉnh: {{ subject }} – {{ number }}")), by=staff
    )
    row = DocumentTemplate.objects.get(kind="decision")
    assert (row.original_name, row.uploaded_by) == ("mau-tinh.docx", staff)
    assert texts(decision_docx(decision=decision, kind="decision")) == [
        f"Mẫu tỉnh: {decision.subject} – {decision.number_display}"
    ]
    assert document_template_reset(kind="decision", by=staff) is True
    assert DocumentTemplate.objects.count() == 0
    assert f"Số: {decision.number_display}" in texts(decision_docx(decision=decision, kind="decision"))


def _macro_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_template("{{ subject }}"))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_macro_docx, "mau.docx", "Tệp “mau.docx” chứa macro; chỉ nhận tài liệu không có macro."),
        (lambda: b"%PDF-1.4\n%%EOF\n", "mau.pdf", "Tệp “mau.pdf” không phải DOCX (kiểm tra theo nội dung tệp)."),
        (lambda: _template("{{ subject "), "mau.docx", "Tệp “mau.docx”: Mẫu văn bản Word không dùng được:"),
        (
            lambda: _template("{{ subject.__class__.__mro__ }}"),
            "mau.docx",
            "Tệp “mau.docx”: Mẫu văn bản Word không dùng được:",
        ),
        (lambda: _template("{{ trich_yeu }}"), "mau.docx", "Tệp “mau.docx”: Mẫu văn bản Word không dùng được:"),
    ],
    ids=["macro", "not-docx", "broken-jinja", "sandbox-escape", "unknown-name"],
)
def test_a_template_with_macros_broken_tags_or_unsafe_code_is_refused_and_nothing_is_stored(
    data, name, message, private_media
):
    with pytest.raises(DomainError) as refused:
        document_template_replace(kind="decision", upload=_upload(data(), name), by=None)
    assert str(refused.value).startswith(message)
    assert DocumentTemplate.objects.count() == 0
    assert [p for p in private_media.rglob("*") if p.is_file()] == []


def test_staff_download_the_word_files_beside_the_pdf_buttons(world):
    decision = _decision()
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    for slug in ("quyet-dinh", "danh-sach", "to-trinh"):
        assert f"/khen-thuong/quyet-dinh/{decision.pk}/word/{slug}/" in page
    response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/word/quyet-dinh/")  # a form: it may start a job
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    slug = decision.number_display.replace("/", "-")
    assert response["Content-Disposition"].endswith(f"filename*=UTF-8''{quote(f'QD-{slug}.docx', safe='')}")
    assert f"Số: {decision.number_display}" in texts(response.content)
    client.force_login(world.user("donvi"))
    assert client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/word/quyet-dinh/").status_code == 404


def test_the_template_screen_replaces_a_template_through_the_upload_gate(world, private_media):
    client = Client()
    client.force_login(world.user("staff"))
    response = client.post(
        "/khen-thuong/mau-van-ban/to-trinh/tai-len/", {"file": _upload(_macro_docx(), "mau.docx")}, follow=True
    )
    assert "Tệp “mau.docx” chứa macro; chỉ nhận tài liệu không có macro." in response.content.decode()
    assert DocumentTemplate.objects.count() == 0
    response = client.post(
        "/khen-thuong/mau-van-ban/to-trinh/tai-len/", {"file": _upload(_template("{{ subject }}"))}, follow=True
    )
    assert "Đã thay mẫu “Tờ trình của Sở Nội vụ”." in response.content.decode()
    assert DocumentTemplate.objects.get().kind == "proposal"
    assert texts(client.get("/khen-thuong/mau-van-ban/to-trinh/tai-ve/").content) == ["{{ subject }}"]
