"""In a browser: staff download a signed decision's Word file (opened back with python-docx), upload a signed PDF
whose text differs (refused with the reason), then the chair's signed PDF (verified, the signer shown); the
payment list downloads as xlsx."""

from datetime import date
from pathlib import Path

import pytest

from awards.jobs import decision_context
from awards.models import Decision, DecisionSignature, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.services.signature import approved_pdf
from awards.tests.council_factories import ensure_catalogue, ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.signing import TestCA, sign
from awards.tests.test_documents_docx import texts
from thiduakt.pdf import render_pdf
from thiduakt.testing import PageProblems, World, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIR = "Nguyễn Văn Thắng"


def test_staff_take_the_word_file_and_upload_the_signed_pdf_which_is_verified(live_server, page, settings, tmp_path):
    world = World()
    ensure_catalogue()
    authority = TestCA("CA thử nghiệm tỉnh")
    settings.SIGNATURE_TRUST_ROOTS = [authority.write(tmp_path / "ca.pem")]
    staff = world.user("staff")
    nominee = ready_nomination(
        "BKT", dossier=DossierFactory(unit=world.chau_thanh, year=2024), status=Nomination.Status.READY_FOR_DECISION
    )
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name=CHAIR)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 1))
    decision = Decision.objects.select_related("award").get(pk=decision.pk)
    chair = authority.issue(CHAIR, serial=0xC0FFEE)
    good = tmp_path / "QD-ky-so.pdf"
    good.write_bytes(sign(approved_pdf(decision), chair))
    other = tmp_path / "QD-khac.pdf"
    other.write_bytes(
        sign(
            render_pdf("reports/pdf/awards/decision.html", {**decision_context(decision), "subject": "Về việc khác"}),
            chair,
        )
    )
    problems = PageProblems(page)
    base = live_server.url
    browser_login(page, base, "staff")
    page.goto(f"{base}/khen-thuong/quyet-dinh/{decision.pk}/")

    with page.expect_download() as info:
        page.click("[data-testid=docx-decision]")
    assert info.value.suggested_filename == "QD-01-QĐ-UBND.docx"
    lines = texts(Path(info.value.path()).read_bytes())
    assert "Số: 01/QĐ-UBND" in lines and decision.subject in lines and "- Lưu: VT, NC." in lines

    def upload(path: Path) -> str:
        page.set_input_files("#id_signed_file", str(path))
        with page.expect_navigation():
            page.click("[data-testid=upload-signed]")
        return page.locator("main").inner_text()

    assert "nội dung văn bản đã ký khác với quyết định đã duyệt" in upload(other)
    assert DecisionSignature.objects.count() == 0
    shown = upload(good)
    assert "Chữ ký số hợp lệ: đã lưu bản quyết định đã ký số." in shown and "C0FFEE" in shown
    assert page.locator("[data-testid=signature-info]").count() == 1
    assert DecisionSignature.objects.get().signer_serial == "C0FFEE"
    with page.expect_download() as info:
        page.click("[data-testid=payments-xlsx]")
    assert info.value.suggested_filename == "chi-tien-thuong-QD-01-QĐ-UBND.xlsx"
    assert problems.errors == []
