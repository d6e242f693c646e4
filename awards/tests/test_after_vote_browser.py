"""Issue 13 end to end, in a browser: the council votes on two nominees of Châu Thành (hoidong on the ballot
screen), staff close the ballot, draft the decision from the screen (both nominees ticked: the picker starts
empty) and sign it; the .docx is opened with python-docx; a signed PDF whose text differs is refused with the
reason and the chair's signed PDF is verified; on the amend screen one line is corrected and the other revoked,
each by a later signed decision; the Châu Thành officer sees both amendments."""

from pathlib import Path

import pytest
from django.utils import timezone

from awards.jobs import decision_context
from awards.models import Decision, DecisionSignature, Meeting, Nomination
from awards.services import AGREE, agenda_add, ballot_cast, meeting_open_ballot
from awards.services.signature import approved_pdf
from awards.tests.council_factories import council, ensure_catalogue, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory
from awards.tests.helpers import run_sign_jobs
from awards.tests.signing import TestCA, sign
from awards.tests.test_documents_docx import texts
from thiduakt.models import Person
from thiduakt.pdf import render_pdf
from thiduakt.testing import PageProblems, World, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIR = "Nguyễn Văn Thắng"
AWARD = "Chiến sĩ thi đua cấp tỉnh"
REVOKED_ROW = (
    f"Khen thưởng danh hiệu {AWARD} bị hủy bỏ theo Quyết định số 03/QĐ-UBND\tKê khai thành tích không trung thực"
)
CORRECTED_ROW = (
    f"Đính chính khen thưởng danh hiệu {AWARD} theo Quyết định số 02/QĐ-UBND: Phạm Thị Diễm, "
    "Phó Chủ tịch UBND xã Châu Thành\tSai chức vụ của cá nhân"
)


def test_vote_decision_word_signed_pdf_correction_and_revocation_and_the_unit_sees_both(
    live_server, page, settings, tmp_path
):
    world = World()
    ensure_catalogue()
    authority = TestCA("CA thử nghiệm tỉnh")
    settings.SIGNATURE_TRUST_ROOTS = [authority.write(tmp_path / "ca.pem")]
    chair = authority.issue(CHAIR, serial=0xC0FFEE)
    staff = world.user("staff")
    today = timezone.localdate()
    term, members = council(5, users=[world.user("hoidong")])
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)
    diem = ready_nomination("CSTDT", dossier=dossier, person=Person.objects.get(full_name="Phạm Thị Diễm"))
    duc = ready_nomination("CSTDT", dossier=dossier, person=Person.objects.get(full_name="Võ Văn Đức"))
    meeting = meeting_for(term, by=staff, day=today)
    agenda_add(meeting=meeting, nominations=[diem, duc], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    items = {i.nomination_id: i for i in meeting.items.all()}
    page.on("dialog", lambda dialog: dialog.accept())
    problems = PageProblems(page)
    base = live_server.url
    day = today.strftime("%d/%m/%Y")

    # 1. hoidong votes on the ballot screen; the other members through the service; staff close the ballot.
    browser_login(page, base, "hoidong")
    page.goto(f"{base}/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/")
    page.click(f"label[for=agree-{items[diem.pk].pk}]")
    page.click(f"label[for=agree-{items[duc.pk].pk}]")
    page.click("[data-testid=submit-ballot]")
    assert page.locator("[data-testid=voted]").count() == 2
    for member in members[1:]:
        ballot_cast(meeting=meeting, user=member.user, choices={items[diem.pk].pk: AGREE, items[duc.pk].pk: AGREE})
    page.context.clear_cookies()
    browser_login(page, base, "staff")
    page.goto(f"{base}/khen-thuong/hoi-dong/{meeting.pk}/")
    page.click("[data-testid=close-ballot]")
    rows = page.locator("[data-testid=result-row]").all_inner_texts()
    assert len(rows) == 2 and all("Đạt" in r and "Không đạt" not in r for r in rows)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED

    # 2. Staff draft the decision from the screen: nothing ticked at first, both nominees ticked by hand.
    page.click("text=Soạn quyết định từ các đối tượng đạt")
    page.select_option("select[name=award]", str(diem.award_id))
    page.wait_for_selector("[data-testid=draft-decision]")
    assert page.locator("input[name=nominations]:checked").count() == 0
    page.check(f"#n-{diem.pk}")
    page.check(f"#n-{duc.pk}")
    page.click("[data-testid=draft-decision]")
    assert [r.split("\t")[1] for r in page.locator("[data-testid=recipient]").all_inner_texts()] == [
        "Phạm Thị Diễm",
        "Võ Văn Đức",
    ]
    page.click("text=Sửa nội dung")
    page.fill("#id_signer_name", CHAIR)
    page.click("[data-testid=save-decision]")

    def sign_here():
        page.fill("#id_decision_date", today.isoformat())
        with page.expect_navigation():  # after the confirm dialog
            page.click("[data-testid=sign-decision]")
        # The signing runs as a job: the page says so; the worker's part is done here, then the page read again.
        assert "Đang ký ban hành trong nền" in page.locator("[data-testid=sign-job]").inner_text()
        assert [job.status for job in run_sign_jobs()] == ["done"]
        page.reload()
        assert page.locator("[data-testid=decision-status]").inner_text() == "Đã ký ban hành"

    sign_here()
    decision = Decision.objects.select_related("award").get(purpose=Decision.Purpose.AWARD)
    assert (decision.number_display, decision.decision_date) == ("01/QĐ-UBND", today)

    # 3. The Word file, opened with python-docx.
    with page.expect_download() as info:
        page.click("[data-testid=docx-decision]")
    assert info.value.suggested_filename == "QD-01-QĐ-UBND.docx"
    lines = texts(Path(info.value.path()).read_bytes())
    assert "Số: 01/QĐ-UBND" in lines
    assert f"Về việc tặng danh hiệu {AWARD}" == decision.subject and decision.subject in lines
    assert f"Tặng danh hiệu {AWARD} cho 02 cá nhân (có danh sách kèm theo)" in " ".join(lines)
    with page.expect_download() as info:  # the names are in the annex (Danh sách kèm theo), as in the PDF
        page.click("[data-testid=docx-annex]")
    assert info.value.suggested_filename == "DanhSach-QD-01-QĐ-UBND.docx"
    annex = texts(Path(info.value.path()).read_bytes())
    assert [t.split(",")[0] for t in annex if t[:2] in ("1.", "2.")] == ["1. Bà Phạm Thị Diễm", "2. Ông Võ Văn Đức"]
    assert "2. Ông Võ Văn Đức, Nông dân sản xuất giỏi, Ủy ban nhân dân xã Đông Phú." in annex
    assert "(Kèm theo Quyết định số 01/QĐ-UBND " + today.strftime("ngày %d tháng %m năm %Y") in " ".join(annex)

    # 4. A signed PDF of another text is refused with the reason; the chair's signed PDF is verified.
    other = tmp_path / "QD-khac.pdf"
    other.write_bytes(
        sign(render_pdf("reports/pdf/awards/decision.html", {**decision_context(decision), "subject": "Khác"}), chair)
    )
    good = tmp_path / "QD-ky-so.pdf"
    good.write_bytes(sign(approved_pdf(decision), chair))

    def upload(path: Path) -> str:
        page.set_input_files("#id_signed_file", str(path))
        with page.expect_navigation():
            page.click("[data-testid=upload-signed]")
        return page.locator("main").inner_text()

    refused = upload(other)
    assert "Tệp “QD-khac.pdf”: nội dung văn bản đã ký khác với quyết định đã duyệt" in refused
    assert DecisionSignature.objects.count() == 0
    shown = upload(good)
    assert "Chữ ký số hợp lệ: đã lưu bản quyết định đã ký số." in shown
    info_box = page.locator("[data-testid=signature-info]").inner_text()
    assert CHAIR in info_box and "C0FFEE" in info_box and "CA thử nghiệm tỉnh" in info_box
    assert DecisionSignature.objects.get(decision=decision).signer_serial == "C0FFEE"

    # 5. The amend screen: correct Phạm Thị Diễm's line, then revoke Võ Văn Đức's, each a new signed decision.
    lines_of = {r.nomination_id: r for r in decision.recipients.all()}
    page.click("text=Đính chính, hủy bỏ")
    page.select_option("select[name=purpose]", Decision.Purpose.CORRECTION)
    page.fill("textarea[name=reason]", "Sai chức vụ của cá nhân")
    page.check(f"input[name=recipients][value='{lines_of[diem.pk].pk}']")
    page.fill(f"input[name=description-{lines_of[diem.pk].pk}]", "Phó Chủ tịch UBND xã Châu Thành")
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Soạn dự thảo')")
    assert "Đã soạn dự thảo quyết định mới; ký để có hiệu lực." in page.content()
    sign_here()
    correction = Decision.objects.get(purpose=Decision.Purpose.CORRECTION)
    assert correction.number_display == "02/QĐ-UBND"
    assert correction.subject == f"Về việc đính chính Quyết định số 01/QĐ-UBND ngày {day}"

    page.goto(f"{base}/khen-thuong/quyet-dinh/{decision.pk}/")
    assert page.locator("[data-testid=decision-effect]").inner_text() == "Đã đính chính một phần"
    page.click("text=Đính chính, hủy bỏ")
    page.select_option("select[name=purpose]", Decision.Purpose.REVOCATION)
    page.fill("textarea[name=reason]", "Kê khai thành tích không trung thực")
    page.check(f"input[name=recipients][value='{lines_of[duc.pk].pk}']")
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Soạn dự thảo')")
    sign_here()
    revocation = Decision.objects.get(purpose=Decision.Purpose.REVOCATION)
    assert revocation.number_display == "03/QĐ-UBND"
    assert revocation.subject == f"Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày {day}"
    page.goto(f"{base}/khen-thuong/quyet-dinh/{decision.pk}/")
    assert page.locator("[data-testid=decision-effect]").inner_text() == "Đã bị hủy bỏ một phần"
    assert page.locator("[data-testid=line-state]").all_inner_texts() == [
        "Đã đính chính 02/QĐ-UBND",
        "Đã bị hủy bỏ 03/QĐ-UBND",
    ]

    # 6. The Châu Thành officer sees both: notifications, the dossier, each nominee's page.
    page.context.clear_cookies()
    browser_login(page, base, "donvi")
    page.goto(f"{base}/thong-bao/")
    notes = page.locator("main").inner_text()
    assert f"Quyết định số 02/QĐ-UBND: Về việc đính chính Quyết định số 01/QĐ-UBND ngày {day}" in notes
    assert f"Quyết định số 03/QĐ-UBND: Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày {day}" in notes
    page.goto(f"{base}/khen-thuong/ho-so/{dossier.pk}/")
    statuses = page.locator("[data-testid=nominee-table] [data-testid=nomination-status]").all_inner_texts()
    assert sorted(statuses) == ["Khen thưởng đã bị hủy bỏ", "Đã có quyết định khen thưởng"]
    history = page.locator("#history + div").inner_text()
    assert REVOKED_ROW in history, history
    assert CORRECTED_ROW in history, history
    page.goto(f"{base}/khen-thuong/de-nghi/{duc.pk}/")
    assert page.locator("[data-testid=nomination-status]").inner_text() == "Khen thưởng đã bị hủy bỏ"
    assert REVOKED_ROW in page.locator("#history + div").inner_text()
    page.goto(f"{base}/khen-thuong/de-nghi/{diem.pk}/")
    assert page.locator("[data-testid=nomination-status]").inner_text() == "Đã có quyết định khen thưởng"
    assert CORRECTED_ROW in page.locator("#history + div").inner_text()
    assert Nomination.objects.get(pk=duc.pk).status == Nomination.Status.REVOKED
    assert problems.errors == []
