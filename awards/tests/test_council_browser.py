"""The whole council-to-decision path in a browser: staff builds a meeting, hoidong votes on a phone,
staff closes the ballot, drafts and signs the decision, downloads its PDF; the award is in the public lookup."""

import pytest
from django.utils import timezone

from awards.models import AwardRecord, Decision, Meeting, Nomination
from awards.services import AGREE, DISAGREE, ballot_cast
from awards.tests.council_factories import council, ensure_catalogue, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory
from thiduakt.models import Person
from thiduakt.testing import PageProblems, World, browser_login, celery_worker, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_meeting_hoidong_votes_on_phone_staff_signs_decision_and_award_is_public(live_server, page, phone_page):

    world = World()
    ensure_catalogue()
    term, members = council(5, users=[world.user("hoidong")])
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)
    winner = ready_nomination("CSTDT", dossier=dossier, person=Person.objects.get(full_name="Phạm Thị Diễm"))
    loser = ready_nomination("CSTDT", dossier=dossier, person=Person.objects.get(full_name="Võ Văn Đức"))
    page.on("dialog", lambda dialog: dialog.accept())
    phone_page.on("dialog", lambda dialog: dialog.accept())
    staff_problems, phone_problems = PageProblems(page), PageProblems(phone_page)
    base = live_server.url

    # Staff builds the meeting with the accepted nominees and opens the ballot.
    browser_login(page, base, "staff")
    page.goto(f"{base}/khen-thuong/hoi-dong/")
    page.click("text=Tạo phiên họp")
    page.select_option("#id_term", str(term.pk))
    page.fill("#id_title", "Phiên họp xét Chiến sĩ thi đua cấp tỉnh")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.click("button[type=submit]:has-text('Tạo phiên họp')")
    page.click("[data-testid=pick-all]")  # the list starts empty: ticking every nominee is an explicit action
    page.click("[data-testid=agenda-add]")
    assert page.locator("[data-testid=agenda-item]").count() == 2
    page.click("[data-testid=open-ballot]")
    assert page.locator("[data-testid=meeting-status]").inner_text() == "Đang bỏ phiếu"
    meeting = Meeting.objects.get(title="Phiên họp xét Chiến sĩ thi đua cấp tỉnh")
    items = {i.nomination_id: i for i in meeting.items.all()}

    # hoidong votes on a 390 px phone screen.
    browser_login(phone_page, base, "hoidong")
    phone_page.goto(f"{base}/khen-thuong/hoi-dong/")
    phone_page.click("text=Vào phòng họp")
    phone_page.click(f"label[for=agree-{items[winner.pk].pk}]")
    phone_page.click(f"label[for=agree-{items[loser.pk].pk}]")
    phone_page.click("[data-testid=submit-ballot]")
    assert phone_page.locator("[data-testid=voted]").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for member in members[1:]:
        ballot_cast(
            meeting=meeting,
            user=member.user,
            choices={items[winner.pk].pk: AGREE, items[loser.pk].pk: DISAGREE if member == members[1] else AGREE},
        )

    # Staff closes the ballot and sees the results with the rule applied.
    page.goto(f"{base}/khen-thuong/hoi-dong/{meeting.pk}/")
    page.click("[data-testid=close-ballot]")
    rows = page.locator("[data-testid=result-row]").all_inner_texts()
    assert any("Phạm Thị Diễm" in r and "Đạt" in r and "cần 5 phiếu đồng ý" in r for r in rows)
    assert any("Võ Văn Đức" in r and "Không đạt" in r for r in rows)

    # Staff drafts the decision from the passed nominees, names the signer and signs it.
    page.click("text=Soạn quyết định từ các đối tượng đạt")
    page.select_option("select[name=award]", str(winner.award_id))
    page.wait_for_selector("[data-testid=draft-decision]")
    page.check(f"#n-{winner.pk}")
    page.click("[data-testid=draft-decision]")
    assert page.locator("[data-testid=recipient]").all_inner_texts()[0].startswith("1\tPhạm Thị Diễm")
    page.click("text=Sửa nội dung")
    page.fill("#id_signer_name", "Nguyễn Văn Thắng")
    page.click("[data-testid=save-decision]")
    with celery_worker():
        page.click("[data-testid=sign-decision]")
        # The signing is a job of the worker's (the page says so until it is done: test_after_vote_browser).
        wait_for(lambda: Decision.objects.filter(status=Decision.Status.SIGNED).exists(), timeout=120)
        page.reload()
        assert page.locator("[data-testid=decision-status]").inner_text() == "Đã ký ban hành"
        decision = Decision.objects.get(status=Decision.Status.SIGNED)
        wait_for(lambda: Decision.objects.get(pk=decision.pk).pdf_file.name, timeout=120)
    page.reload()
    with page.expect_download() as info:
        page.click("[data-testid=download-decision]")
    assert info.value.suggested_filename == "QD-01-QĐ-UBND.pdf"
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The award is published: in the history, public, and found by the anonymous lookup.
    record = AwardRecord.objects.get(nomination=winner)
    assert (record.is_public, record.decision_number) == (True, "01/QĐ-UBND")
    winner.refresh_from_db()
    assert winner.status == Nomination.Status.DECIDED
    public = page.context.browser.new_context(locale="vi-VN").new_page()
    public_problems = PageProblems(public)
    public.goto(f"{base}/tra-cuu/?q=pham thi diem")
    assert "Phạm Thị Diễm" in public.locator("main").inner_text()
    assert "01/QĐ-UBND" in public.locator("main").inner_text()
    public.context.close()
    assert staff_problems.errors == [] and phone_problems.errors == [] and public_problems.errors == []


def test_ticking_one_nominee_of_six_adds_one_and_pick_all_ticks_the_rest(live_server, page):
    world = World()
    ensure_catalogue()
    term, _members = council(3)
    nominees = [ready_nomination("CSTDT") for _ in range(6)]
    meeting = meeting_for(term, by=world.user("staff"), day=timezone.localdate())
    problems = PageProblems(page)
    base = live_server.url
    browser_login(page, base, "staff")
    page.goto(f"{base}/khen-thuong/hoi-dong/{meeting.pk}/")
    boxes = page.locator("input[name=nominations]")
    assert boxes.count() == 6
    assert [boxes.nth(i).is_checked() for i in range(6)] == [False] * 6
    page.click("[data-testid=pick-all]")
    assert [boxes.nth(i).is_checked() for i in range(6)] == [True] * 6
    page.click("[data-testid=pick-none]")
    assert [boxes.nth(i).is_checked() for i in range(6)] == [False] * 6
    page.check(f"#nom-{nominees[3].pk}")
    page.click("[data-testid=agenda-add]")
    assert "Đã thêm 1 đối tượng vào chương trình họp." in page.content()
    assert page.locator("[data-testid=agenda-item]").count() == 1
    assert [i.nomination_id for i in meeting.items.all()] == [nominees[3].pk]
    page.click("[data-testid=pick-all]")
    assert page.locator("input[name=nominations]:checked").count() == 5
    assert problems.errors == []
