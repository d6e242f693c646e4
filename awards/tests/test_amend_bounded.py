"""The correction / revocation form at a province's scale (issue 18): one page of a decision's lines (at most
``DECISION_PAGE_LINES``), the decision page's search over them, what holds of the lines shown only, in the same
queries whatever the number of lines (a decision of 25,000 lines took 7.4 s when the form rendered them all)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors
from awards.models import Decision, DecisionRecipient, Nomination
from awards.services import decision_amend_draft, decision_create_draft, decision_sign, decision_update
from awards.services.amendments import HOLDS, REVOKED, line_states
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.helpers import lines_read
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_of_100(monkeypatch):
    """The pages below are of 100 lines (the page size when these were written; 50 since, test_decision_pages)."""
    monkeypatch.setattr(selectors, "DECISION_PAGE_LINES", 100)


SIGNER = "Nguyễn Văn Thắng"
EARLY = 150  # filler lines sorted before the two real ones ("An" < "Mai" < "Thuận" < "Yến", given name first)


def _signed(total: int):
    """A signed award decision of ``total`` lines: "Nguyễn Văn Thuận" and "Lê Thị Mai" drafted and signed by the
    services, the others written beside them in bulk (as a decision of 25,000 lines is). With 250 lines the two
    real lines are on page 2 (lines 151 and 152)."""
    staff = StaffFactory()
    dossier = DossierFactory(year=2024)
    nominees = [
        ready_nomination(
            "BKT", status=Nomination.Status.READY_FOR_DECISION, person=PersonFactory(full_name=name), dossier=dossier
        )
        for name in ("Nguyễn Văn Thuận", "Lê Thị Mai")
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=decision, by=staff, signer_name=SIGNER)
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    fillers = []
    for i in range(total - 2):
        name = "Phạm Thị An" if i < EARLY else "Trần Thị Yến"
        line = DecisionRecipient(
            decision=decision,
            recipient_kind="individual",
            recipient_name=name,
            description=f"Chuyên viên số {i}",
            year=2024,
            reward_amount=1_000,
        )
        line.normalise()
        fillers.append(line)
    DecisionRecipient.objects.bulk_create(fillers)
    decision = Decision.objects.select_related("award").get(pk=decision.pk)
    thuan = decision.recipients.get(recipient_name="Nguyễn Văn Thuận")
    mai = decision.recipients.get(recipient_name="Lê Thị Mai")
    return staff, decision, thuan, mai


def _client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    client.get("/")  # the session's first stamp, not counted
    return client


def _url(decision) -> str:
    return reverse("awards:decision_amend", args=[decision.pk])


def test_the_amend_page_reads_one_page_of_lines_in_the_same_queries_at_30_and_250_lines():
    counts, built = {}, {}
    for total in (30, 250):
        staff, decision, _thuan, _mai = _signed(total)
        client = _client(staff)
        with lines_read() as lines, CaptureQueriesContext(connection) as queries:
            response = client.get(_url(decision))
        assert response.status_code == 200
        counts[total], built[total] = len(queries), len(lines)
    assert counts[30] == counts[250] == AMEND_PAGE
    assert built == {30: 30, 250: 100}  # the lines shown, not every line of the decision


def test_the_amend_page_shows_100_lines_of_250_a_page_with_vietnamese_page_links():
    staff, decision, thuan, mai = _signed(250)
    client = _client(staff)
    html = client.get(_url(decision)).content.decode()
    assert html.count('data-testid="amend-line"') == 100
    assert '<p class="small text-body-secondary mb-1" data-testid="lines-shown">1–100 / 250 dòng</p>' in html
    assert '<a class="page-link" href="?page=2">Sau</a>' in html
    assert "Trang 1/3" in html and ">Trước<" not in html
    # The note above the table: one draft takes only the lines of this page; search by name to find a line.
    note = html.index('data-testid="amend-page-note"')
    assert note < html.index('data-testid="amend-line"')
    assert "Mỗi dự thảo chỉ chọn được các dòng hiện trên trang này" in html
    assert "hãy tìm theo tên (có dấu hay không dấu)" in html
    page2 = client.get(_url(decision), {"page": 2})
    html = page2.content.decode()
    assert html.count('data-testid="amend-line"') == 100
    assert "101–200 / 250 dòng" in html
    assert [line.pk for line in page2.context["recipients"]][50:52] == [mai.pk, thuan.pk]  # Mai, Thuận: 151, 152
    assert [line.tt for line in page2.context["recipients"]][50:52] == [151, 152]
    assert '<input type="hidden" name="q" value=""><input type="hidden" name="page" value="2">' in html
    html = client.get(_url(decision), {"page": 3}).content.decode()
    assert html.count('data-testid="amend-line"') == 50
    assert "201–250 / 250 dòng" in html
    assert '<a class="page-link" href="?page=2">Trước</a>' in html and ">Sau<" not in html


def test_the_amend_search_finds_a_line_by_its_name_without_diacritics_and_the_page_links_keep_it():
    staff, decision, thuan, _mai = _signed(250)
    client = _client(staff)
    response = client.get(_url(decision), {"q": "nguyen van"})
    html = response.content.decode()
    assert [line.pk for line in response.context["recipients"]] == [thuan.pk]
    assert html.count('data-testid="amend-line"') == 1
    assert f'value="{thuan.pk}" aria-label="Nguyễn Văn Thuận">' in html
    assert "1 dòng khớp với “nguyen van”." in html
    assert "1–1 / 1 dòng" in html
    assert '<input type="hidden" name="q" value="nguyen van">' in html
    # "thi" is in every other name: 249 lines, three pages, each link keeping the search.
    response = client.get(_url(decision), {"q": "thi", "page": 2})
    html = response.content.decode()
    assert html.count('data-testid="amend-line"') == 100
    assert "101–200 / 249 dòng" in html
    assert '<a class="page-link" href="?q=thi&amp;page=1">Trước</a>' in html
    assert '<a class="page-link" href="?q=thi&amp;page=3">Sau</a>' in html
    html = client.get(_url(decision), {"q": "khong co ai"}).content.decode()
    assert html.count('data-testid="amend-line"') == 0
    assert "Không có dòng nào khớp." in html


def test_a_post_choosing_a_line_of_page_two_drafts_the_correction_as_before():
    staff, decision, thuan, mai = _signed(250)
    client = _client(staff)
    response = client.post(
        _url(decision),
        {
            "q": "",
            "page": "2",
            "purpose": "correction",
            "reason": "Sai chức vụ",
            "recipients": [mai.pk],
            f"name-{mai.pk}": "Lê Thị Mai",
            f"description-{mai.pk}": "Phó Chủ tịch UBND xã",
            f"name-{thuan.pk}": "Nguyễn Văn Thuận",
            f"description-{thuan.pk}": "Không chọn: không đổi",
        },
    )
    draft = Decision.objects.get(amends=decision)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:decision_detail", args=[draft.pk])
    assert (draft.status, draft.purpose, draft.reason) == ("draft", "correction", "Sai chức vụ")
    assert draft.subject == "Về việc đính chính Quyết định số 01/QĐ-UBND ngày 05/03/2025"
    assert [
        (line.replaces_id, line.nomination_id, line.recipient_name, line.description) for line in draft.recipients.all()
    ] == [(mai.pk, mai.nomination_id, "Lê Thị Mai", "Phó Chủ tịch UBND xã")]
    last = decision.events.order_by("pk").last()
    assert last.action == "Có dự thảo đính chính, sửa đổi quyết định 1/250 dòng"
    assert last.reason == "Sai chức vụ"


def test_a_refused_post_shows_again_its_page_and_search_with_what_the_user_ticked_and_typed():
    staff, decision, _thuan, mai = _signed(250)
    client = _client(staff)
    response = client.post(
        _url(decision),
        {
            "q": "thi",
            "page": "2",
            "purpose": "correction",
            "reason": "",
            "recipients": [mai.pk],
            f"name-{mai.pk}": "Lê Thị Mây",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Decision.objects.filter(amends=decision).exists()
    assert (response.context["page"].number, response.context["query"]) == (2, "thi")
    assert '<input type="hidden" name="q" value="thi"><input type="hidden" name="page" value="2">' in html
    assert "101–200 / 249 dòng" in html
    assert f'value="{mai.pk}" aria-label="Lê Thị Mai" checked>' in html
    assert f'name="name-{mai.pk}" value="Lê Thị Mây"' in html
    assert html.count(" checked>") == 1


def test_line_states_of_some_lines_read_only_their_amendments(django_assert_num_queries):
    staff, decision, thuan, mai = _signed(30)
    revocation = decision_amend_draft(
        old=decision, purpose="revocation", reason="Kê khai không trung thực", by=staff, recipients=[mai]
    )
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 4, 1))
    with django_assert_num_queries(1):  # Thuận's line: one step that finds no amendment, not Mai's revocation
        states = line_states(decision, [thuan])
    assert {pk: state for pk, (state, _current, _by) in states.items()} == {thuan.pk: HOLDS}
    with django_assert_num_queries(2):  # Mai's: her revocation, then the step that finds nothing more
        states = line_states(decision, [thuan, mai])
    assert {pk: state for pk, (state, _current, _by) in states.items()} == {thuan.pk: HOLDS, mai.pk: REVOKED}
    assert [d.number_display for d in states[mai.pk][2]] == ["02/QĐ-UBND"]


def test_the_amend_page_shows_a_revoked_line_of_page_two_as_revoked_in_the_same_queries():
    staff, decision, _thuan, mai = _signed(250)
    revocation = decision_amend_draft(
        old=decision, purpose="revocation", reason="Kê khai không trung thực", by=staff, recipients=[mai]
    )
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 4, 1))
    client = _client(staff)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(_url(decision), {"page": 2}).content.decode()
    assert len(queries) == AMEND_PAGE + 1  # the revocation found, then the step that finds nothing more
    assert f'value="{mai.pk}" aria-label="Lê Thị Mai" disabled>' in html
    assert "Đã bị hủy bỏ · 02/QĐ-UBND" in html


# The session and user, the decision, its lines' counts by kind and in all, the page of lines, the amendments of
# the page's lines, the menu's notification count: the same at every size.
AMEND_PAGE = 7  # the menu's badge kept between the visits (no notification written)
