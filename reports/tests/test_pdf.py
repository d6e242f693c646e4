"""The PDF module: official layout, extractable Vietnamese text, bundled fonts only."""

import os
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from reports import charts
from reports.pdf import FONT_DIR, render_html, render_pdf, url_allowed
from reports.templatetags.reports_tags import vn_long_date

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


def test_render_pdf_uses_only_bundled_tinos(tmp_path):
    pdf = render_pdf("reports/pdf/specimen_official.html", decision_context())

    assert sorted(set(pdf_fonts(pdf, tmp_path))) == ["Tinos", "Tinos-Bold", "Tinos-Bold-Italic", "Tinos-Italic"]


def test_render_pdf_without_any_system_font_still_uses_tinos(tmp_path):
    """With fontconfig knowing no font at all, the document is the same: the fonts are bundled."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8"
    )
    out = tmp_path / "isolated.pdf"
    script = (
        "import django, datetime; django.setup();"
        "from reports.pdf import render_pdf;"
        "from reports.tests.test_pdf import decision_context;"
        f"open({str(out)!r}, 'wb').write(render_pdf('reports/pdf/specimen_official.html', decision_context()))"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "DJANGO_SETTINGS_MODULE": "thiduakt.settings"}
    subprocess.run([sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR, env=env, capture_output=True)
    check = subprocess.run(["fc-list"], env=env, capture_output=True, text=True)
    assert check.stdout == ""  # really no system font in that process

    pdf = out.read_bytes()
    assert sorted(set(pdf_fonts(pdf, tmp_path))) == ["Tinos", "Tinos-Bold", "Tinos-Bold-Italic", "Tinos-Italic"]
    assert "Độc lập - Tự do - Hạnh phúc" in pdf_text(pdf, tmp_path)


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


def test_url_fetcher_refuses_files_outside_bundle_and_network():
    assert url_allowed((FONT_DIR / "Tinos-Regular.ttf").as_uri()) is True
    assert url_allowed("data:image/png;base64,AAAA") is True
    assert url_allowed("file:///etc/passwd") is False
    assert url_allowed((FONT_DIR / ".." / ".." / "thiduakt" / "settings.py").as_uri()) is False
    assert url_allowed("http://127.0.0.1/secret") is False


def test_render_html_is_nfc():
    html = render_html("reports/pdf/specimen_official.html", decision_context())

    assert unicodedata.is_normalized("NFC", html)


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


def test_render_pdf_does_not_fetch_forbidden_urls(tmp_path, settings):
    """An image pointing at a system file is skipped, not embedded."""
    template_dir = tmp_path / "templates"
    (template_dir / "reports" / "pdf").mkdir(parents=True)
    (template_dir / "reports" / "pdf" / "evil.html").write_text(
        '{% extends "reports/pdf/report_base.html" %}{% block content %}'
        '<img src="file:///usr/share/pixmaps/debian-logo.png"><p>Nội dung</p>{% endblock %}',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]

    pdf = render_pdf("reports/pdf/evil.html", {"report_title": "Thử"})

    assert b"/Subtype /Image" not in pdf
    assert "Nội dung" in pdf_text(pdf, tmp_path)


def test_render_pdf_parts_joins_in_order_and_numbers_pages_across_parts(tmp_path):
    from reports.pdf import render_pdf_parts

    lines = [(i, f"Bà Trần Thị Ánh {i}, Chuyên viên Sở Nội vụ") for i in range(1, 181)]
    contexts = [
        {"first": k == 0, "annex_title": "DANH SÁCH KÈM THEO", "annex_note": "(Kèm theo Quyết định số 7/QĐ-UBND)",
         "lines": lines[k : k + 60]}
        for k in range(0, 180, 60)
    ]  # fmt: skip

    pdf, stats = render_pdf_parts("reports/pdf/annex_part.html", contexts, workers=2)

    assert [s["parts"] for s in stats] == [2, 1]
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")[:-1]
    assert pages[0].startswith("DANH SÁCH KÈM THEO")  # page 1 has no number
    assert [p.split("\n")[0] for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    positions = [text.index(f"{i}. Bà Trần Thị Ánh {i}, Chuyên viên Sở Nội vụ;") for i in (1, 60, 61, 121, 180)]
    assert positions == sorted(positions)
    assert set(pdf_fonts(pdf, tmp_path)) == {"Tinos", "Tinos-Bold", "Tinos-Italic"}
