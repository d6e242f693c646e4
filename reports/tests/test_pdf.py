"""The shared PDF layouts of reports: the official document (NĐ 30/2020) and the statistical report, charts.

Rendering itself (NFC, bundled fonts, URL allow-list, parts) is tested in ``thiduakt/tests/test_pdf.py``.
"""

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from reports import charts
from reports.templatetags.reports_tags import vn_long_date
from thiduakt.pdf import render_pdf

NAME_NFD = unicodedata.normalize("NFD", "Ông Nguyễn Văn Ấn, Chuyên viên Sở Nội vụ")


def decision_context(**extra) -> dict:
    return {
        "issuer_parent": "",
        "issuer_name": "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        "number": "163/QĐ-UBND",
        "place": "Hậu Giang",
        "date": date(2024, 1, 20),
        "title": "QUYẾT ĐỊNH",
        "subject": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "authority_line": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        "articles": [f"Tặng Bằng khen cho tập thể thứ {i} (có danh sách kèm theo)." for i in range(1, 41)],
        "signer_authority": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Trương Cảnh Tuyên",
        "copy_recipients": ["Như Điều 3", "Lưu: VT, NC"],
        "annex_title": "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN",
        "annex_note": "(Kèm theo Quyết định số 163/QĐ-UBND ngày 20/01/2024 của Chủ tịch UBND tỉnh)",
        "groups": [("I. TẬP THỂ", ["Phòng Nội vụ huyện Châu Thành"]), ("II. CÁ NHÂN", [NAME_NFD])],
        **extra,
    }


def pdf_text(pdf: bytes, tmp_path: Path, *pages: int) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]


def test_render_pdf_official_text_is_exact_vietnamese(tmp_path):
    pdf = render_pdf("reports/pdf/specimen_official.html", decision_context())

    text = pdf_text(pdf, tmp_path)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 163/QĐ-UBND",
        "Hậu Giang, ngày 20 tháng 01 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trương Cảnh Tuyên",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, NC.",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN",
        "I. TẬP THỂ",
        "II. CÁ NHÂN",
        # Stored (here: given) in NFD, printed in NFC: copy-paste gives the canonical text.
        "1. " + unicodedata.normalize("NFC", NAME_NFD) + ";",
    ]:
        assert expected in text, expected
    assert NAME_NFD not in text
    assert sorted(set(pdf_fonts(pdf, tmp_path))) == ["Tinos", "Tinos-Bold", "Tinos-Bold-Italic", "Tinos-Italic"]


def test_render_pdf_page_numbers_top_centre_from_page_two(tmp_path):
    pdf = render_pdf("reports/pdf/specimen_official.html", decision_context())

    first = pdf_text(pdf, tmp_path, 1).split("\n")
    second = pdf_text(pdf, tmp_path, 2).split("\n")
    assert first[0] == "ỦY BAN NHÂN DÂN TỈNH"  # no number on page 1
    assert second[0] == "2"


def test_render_pdf_draft_mark_and_blank_number(tmp_path):
    pdf = render_pdf("reports/pdf/specimen_official.html", decision_context(number="", date=None, draft=True))

    text = pdf_text(pdf, tmp_path, 1)
    assert "DỰ THẢO" in text
    assert "Số: /" in " ".join(text.split())
    assert "Hậu Giang, ngày tháng năm 20" in " ".join(text.split())


def test_render_pdf_report_repeats_table_header_and_draws_charts(tmp_path):
    context = {
        "report_title": "Thống kê khen thưởng",
        "report_subtitle": "Năm 2024 · Toàn tỉnh",
        "charts": [
            {"kind": "bar", "title": "Theo hình thức", "items": [("Bằng khen", 1234), ("Chiến sĩ thi đua", 56)]},
            {"kind": "share", "title": "Giới tính", "items": [("Nam", 30), ("Nữ", 10)]},
            {"kind": "line", "title": "Theo tháng", "labels": ["T1", "T2"], "series": [("Tiếp nhận", [3, 7])]},
        ],
        "rows": [(f"Người thứ {i}", "UBND huyện Châu Thành", i * 1000) for i in range(1, 121)],
    }
    pdf = render_pdf("reports/pdf/specimen_report.html", context)

    assert sorted(set(pdf_fonts(pdf, tmp_path))) == ["Tinos", "Tinos-Bold", "Tinos-Italic"]
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 3
    assert all("Họ và tên" in page for page in pages[1:])  # the header row repeats
    assert "1.234" in text and "Nữ: 10 (25 %)" in text and "120.000" in text
    assert "Trang 1/" in pages[0]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 20), "Hậu Giang, ngày 20 tháng 01 năm 2024"),
        (date(2024, 2, 5), "Hậu Giang, ngày 05 tháng 02 năm 2024"),
        (date(2024, 3, 5), "Hậu Giang, ngày 05 tháng 3 năm 2024"),
        (date(2024, 12, 10), "Hậu Giang, ngày 10 tháng 12 năm 2024"),
    ],
)
def test_vn_long_date_leading_zeros_as_nd30(day, expected):
    assert vn_long_date(day, "Hậu Giang") == expected


def test_bar_chart_writes_numbers_and_escapes_labels():
    svg = str(charts.bar_chart([("<b>Bằng khen</b>", 1234), ("Giấy khen", 0)], title="Khen thưởng"))

    assert "&lt;b&gt;Bằng khen&lt;/b&gt;" in svg and "<b>" not in svg
    assert ">1.234</text>" in svg and ">0</text>" in svg
    assert "style" not in svg  # CSS classes only (strict CSP on screens)
    assert 'class="chart-bar"' in svg


def test_share_chart_percentages_sum_parts():
    svg = str(charts.share_chart([("Nam", 3), ("Nữ", 1)]))

    assert "Nam: 3 (75 %)" in svg and "Nữ: 1 (25 %)" in svg
    assert 'class="chart-share chart-series-1"' in svg


def test_line_chart_points_and_values():
    svg = str(charts.line_chart(["T1", "T2", "T3"], [("Tiếp nhận", [2, 0, 4])]))

    assert svg.count('class="chart-point chart-series-0"') == 3
    assert ">4</text>" in svg and "style" not in svg


def test_chart_embedded_css_only_for_pdf():
    spec = {"kind": "bar", "items": [("A", 1)]}

    assert "<style>" not in str(charts.render(spec))
    assert "<style>" in str(charts.render(spec, embed_css=True))


def test_number_formats_vietnamese():
    assert charts.number(1234567) == "1.234.567"
    assert charts.number(12.5) == "12,5"
    assert charts.number(None) == "—"
