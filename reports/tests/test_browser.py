"""Staff requests the annual statistics in the browser, watches the progress reach 100 %, downloads both files."""

import subprocess
from datetime import date

import openpyxl
import pytest

from awards.models import Award, AwardRecord
from reports.tests.test_worker import ensure_award_catalogue
from thiduakt.models import Person
from thiduakt.testing import PageProblems, World, browser_login, celery_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_requests_annual_statistics_and_downloads_pdf_and_xlsx(live_server, page, tmp_path):
    World()
    ensure_award_catalogue()
    AwardRecord.objects.create(
        recipient_kind="individual",
        person=Person.objects.get(full_name="Huỳnh Thị Hạnh"),
        award=Award.objects.get(code="BKT"),
        year=2024,
        decision_number="163/QĐ-UBND",
        decision_date=date(2024, 1, 20),
    )
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    page.click("#mainnav >> text=Báo cáo")
    assert page.locator("h1").inner_text() == "Báo cáo, thống kê"
    page.click("[data-testid=request-annual_statistics]")
    page.select_option("#id_year", "2024")
    page.fill("#id_date_from", "01/12/2023")
    page.fill("#id_date_to", "30/11/2024")
    page.fill("#id_head_name", "Trương Cảnh Tuyên")
    with celery_worker():
        page.click("[data-testid=report-submit]")
        page.wait_for_selector("[data-testid=report-file-pdf]")
        # The progress cards are polled by htmx until both files are ready.
        page.wait_for_selector("[data-testid=download-pdf]", timeout=120_000)
        page.wait_for_selector("[data-testid=download-xlsx]", timeout=120_000)
    assert page.locator("[data-testid=percent-pdf]").inner_text() == "100%"
    assert page.locator("[data-testid=percent-xlsx]").inner_text() == "100%"
    assert page.locator("progress.job-progress").first.get_attribute("value") == "100"
    with page.expect_download() as pdf_info:
        page.click("[data-testid=download-pdf]")
    with page.expect_download() as xlsx_info:
        page.click("[data-testid=download-xlsx]")
    stem = "thong-ke-thi-dua-khen-thuong-nam-2024-toan-tinh"
    assert pdf_info.value.suggested_filename == f"{stem}.pdf"
    assert xlsx_info.value.suggested_filename == f"{stem}.xlsx"
    pdf = tmp_path / "r.pdf"
    pdf_info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Biểu số: 0601.N/BNV-TĐKT" in text and "Biểu số: 0605.N/BNV-TĐKT" in text
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in text
    assert text.count("Trương Cảnh Tuyên") == 5 and text.count("Lâm Thị Ngọc") == 5  # head, preparer (prefilled)
    xlsx = tmp_path / "r.xlsx"
    xlsx_info.value.save_as(xlsx)
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["0601.N", "0602.N", "0603.N", "0604.N", "0605.N"]
    # Huỳnh Thị Hạnh's Bằng khen, decided on 20/01/2024: 0603's total and "Bằng khen" column.
    assert next(r for r in book["0603.N"].iter_rows(values_only=True) if r[1] == "01")[:5] == (
        "Tổng số",
        "01",
        None,
        1,
        1,
    )
    # Back on the reports screen: the archive lists it with its size.
    page.click("text=Báo cáo, thống kê")
    assert (
        "Thống kê thi đua, khen thưởng năm 2024 – Toàn tỉnh"
        in page.locator("[data-testid=report-archive]").inner_text()
    )
    assert problems.errors == []
