import pytest

from awards.models import AwardRecord, Dossier, Nomination
from awards.tests.factories import award
from thiduakt.models import Person
from thiduakt.testing import PageProblems, World, browser_login, pick, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(page, kind, nominee_label, name):
    page.select_option("#id_kind", kind)
    if nominee_label:
        page.select_option("#id_nomination", label=nominee_label)
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])
    settle(page, lambda: page.click("[data-testid=upload]"))
    assert "Đã tải lên tài liệu." in page.locator(".messages .alert-success").inner_text()


def test_officer_builds_and_submits_staff_returns_officer_resubmits_staff_appraises(live_server, page):

    world = World()
    diem = Person.objects.get(full_name="Phạm Thị Diễm")
    for year, number in [(2022, "45/QĐ-UBND"), (2023, "51/QĐ-UBND")]:
        AwardRecord.objects.create(
            recipient_kind="individual", person=diem, award=award("CSTDCS"), year=year, decision_number=number
        )
    problems = PageProblems(page)
    bkt = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"

    # The unit officer builds the dossier: letter, minutes, two nominees, their documents.
    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/khen-thuong/")
    page.click("[data-testid=dossier-create]")
    page.select_option("#id_round_kind", "yearly")
    page.select_option("#id_year", "2024")
    page.fill("#id_title", "Đề nghị Bằng khen năm 2024")
    settle(page, lambda: page.click("[data-testid=create-dossier]"))
    assert "Hồ sơ còn thiếu" in page.locator("[data-testid=missing]").inner_text()
    page.fill("#id_letter_number", "15/TTr-UBND")
    page.fill("#id_letter_date", "2024-12-02")
    page.fill("#id_council_meeting_date", "2024-11-28")
    page.fill("#id_council_members_total", "9")
    page.fill("#id_council_members_present", "9")
    page.fill("#id_council_votes_for", "9")
    settle(page, lambda: page.click("[data-testid=save-letter]"))
    page.click("[data-testid=add-nominee]")
    page.select_option("#id_kind", "individual")
    pick(page, "id_person", "diem", diem.full_name)
    page.select_option("#id_award", label=bkt)
    page.fill("#id_summary", "Hai năm liên tục Chiến sĩ thi đua cơ sở")
    settle(page, lambda: page.click("[data-testid=save-nominee]"))
    page.click("[data-testid=add-nominee]")
    page.fill("#id_new_full_name", "Nguyễn Thị Mới")
    page.select_option("#id_new_gender", "female")
    page.fill("#id_new_birth_year", "1991")
    page.select_option("#id_award", label=bkt)
    page.fill("#id_summary", "Thành tích đột xuất trong phòng chống lũ")
    settle(page, lambda: page.click("[data-testid=save-nominee]"))
    assert page.locator("[data-testid=nominee-table] tbody tr").count() == 2
    missing = page.locator("[data-testid=missing]").inner_text()
    assert "Báo cáo thành tích của Nguyễn Thị Mới." in missing
    _upload(page, "request_letter", None, "to-trinh.pdf")
    _upload(page, "council_minutes", None, "bien-ban.pdf")
    _upload(page, "achievement_report", f"Phạm Thị Diễm – {bkt}", "bao-cao-diem.pdf")
    _upload(page, "achievement_report", f"Nguyễn Thị Mới – {bkt}", "bao-cao-moi.pdf")
    assert page.locator("[data-testid=missing]").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    settle(page, lambda: page.click("[data-testid=submit-dossier]"))
    assert "Đã gửi hồ sơ đến Sở Nội vụ." in page.locator(".messages .alert-success").inner_text()
    dossier = Dossier.objects.get(unit=world.chau_thanh)
    assert dossier.status == "submitted"

    # Staff return it with a reason.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/khen-thuong/tiep-nhan/")
    settle(page, lambda: page.click("text=Đề nghị Bằng khen năm 2024"))
    page.click("[data-testid=open-return]")
    page.fill("#id_reason", "Báo cáo thành tích của bà Mới chưa có xác nhận của thủ trưởng.")
    settle(page, lambda: page.click("[data-testid=return-dossier]"))
    assert "Đã trả lại hồ sơ cho đơn vị." in page.locator(".messages .alert-success").inner_text()

    # The officer sees why, adds the document and sends it again.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "donvi")
    page.goto(f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/")
    assert "chưa có xác nhận của thủ trưởng" in page.locator("[data-testid=return-reason]").inner_text()
    _upload(page, "other", f"Nguyễn Thị Mới – {bkt}", "xac-nhan.pdf")
    page.once("dialog", lambda dialog: dialog.accept())
    settle(page, lambda: page.click("[data-testid=submit-dossier]"))
    dossier.refresh_from_db()
    assert (dossier.status, dossier.round_number) == ("resubmitted", 2)

    # Staff see the findings, accept one nominee and reject the other.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/tham-dinh/")
    diem_card = page.locator("[data-testid=appraise-nominee]", has_text="Phạm Thị Diễm")
    findings = diem_card.locator("[data-testid=findings]").inner_text()
    assert "Chiến sĩ thi đua cơ sở: 2022 ✓ (QĐ 45/QĐ-UBND), 2023 ✓ (QĐ 51/QĐ-UBND) — đủ 2 năm liên tục" in findings
    assert "Đủ điều kiện theo dữ liệu hiện có" in findings
    moi_card = page.locator("[data-testid=appraise-nominee]", has_text="Nguyễn Thị Mới")
    assert "2022 ✗, 2023 ✗ — chưa đủ 2 năm liên tục" in moi_card.locator("[data-testid=findings]").inner_text()
    settle(page, lambda: diem_card.locator("[data-testid=accept]").click())
    moi_card = page.locator("[data-testid=appraise-nominee]", has_text="Nguyễn Thị Mới")
    moi_card.locator("[data-testid=appraise-reason]").fill("Chưa đủ 2 năm liên tục Chiến sĩ thi đua cơ sở")
    settle(page, lambda: moi_card.locator("[data-testid=reject]").click())
    statuses = dict(Nomination.objects.filter(dossier=dossier).values_list("nominee_name", "status"))
    assert statuses == {"Phạm Thị Diễm": "ready_for_decision", "Nguyễn Thị Mới": "rejected"}
    dossier.refresh_from_db()
    assert dossier.status == "appraised"
    assert "Chờ quyết định khen thưởng" in page.locator("[data-testid=appraise-nominee]", has_text="Diễm").inner_text()
    assert problems.errors == []
