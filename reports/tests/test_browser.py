"""Staff requests the annual statistics in the browser, watches the progress reach 100 %, downloads both files."""

import subprocess

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
    )
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    page.click("#mainnav >> text=Báo cáo")
    assert page.locator("h1").inner_text() == "Báo cáo, thống kê"
    page.click("[data-testid=request-annual_statistics]")
    page.select_option("#id_year", "2024")
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
    assert "THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM 2024" in text and "Nữ: 1 (100 %)" in text
    xlsx = tmp_path / "r.xlsx"
    xlsx_info.value.save_as(xlsx)
    assert xlsx.read_bytes()[:2] == b"PK"
    # Back on the reports screen: the archive lists it with its size.
    page.click("text=Báo cáo, thống kê")
    assert (
        "Thống kê thi đua, khen thưởng năm 2024 – Toàn tỉnh"
        in page.locator("[data-testid=report-archive]").inner_text()
    )
    assert problems.errors == []
