"""The decision pages at a province's scale (issue 18), what they show exactly: 50 lines a page numbered within
their group, the groups' sizes and the money from one aggregate, one remove form for the page, and the list whose
"Soạn quyết định" badge is asked for once the list is shown."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors
from awards.models import Decision, DecisionRecipient, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from thiduakt.tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

COLLECTIVES, INDIVIDUALS = 10, 110  # 120 lines: three pages of 50, 50 and 20


def _draft(staff, *, signed: bool = False) -> Decision:
    """An award decision of 120 lines: "Nguyễn Văn Thuận" drafted (and, if ``signed``, signed) by the services,
    10 collectives (500 đ each) and 109 more individuals (1,000 đ each) written beside it in bulk, as a decision
    of 25,000 lines is."""
    nominee = ready_nomination(
        "BKT", status=Nomination.Status.READY_FOR_DECISION, person=PersonFactory(full_name="Nguyễn Văn Thuận")
    )
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    if signed:
        decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    DecisionRecipient.objects.filter(decision=decision).update(reward_amount=1_000)
    fillers = []
    for i in range(COLLECTIVES + INDIVIDUALS - 1):
        collective = i < COLLECTIVES
        line = DecisionRecipient(
            decision=decision,
            recipient_kind="collective" if collective else "individual",
            recipient_name=f"Phòng số {i:03d}" if collective else f"Phạm Thị An {i:03d}",
            description=f"Đơn vị số {i}",
            year=2024,
            reward_amount=500 if collective else 1_000,
        )
        line.normalise()
        fillers.append(line)
    DecisionRecipient.objects.bulk_create(fillers)
    return decision


def _client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_the_summary_counts_each_kind_and_sums_the_money_in_one_query(django_assert_num_queries):
    decision = _draft(StaffFactory())
    with django_assert_num_queries(1):
        summary = selectors.decision_line_summary(decision)
    assert summary == {
        "collective": 10,
        "individual": 110,
        "household": 0,
        "total": 120,
        "reward_amount": 10 * 500 + 110 * 1_000,
        "reward_difference": 0,
    }
    empty = _draft(StaffFactory())
    empty.recipients.all().delete()
    assert selectors.decision_line_summary(empty) == {
        "collective": 0,
        "individual": 0,
        "household": 0,
        "total": 0,
        "reward_amount": 0,
        "reward_difference": 0,
    }


def test_the_decision_page_shows_50_lines_a_page_numbered_within_their_group():
    staff = StaffFactory()
    decision = _draft(staff)
    client = _client(staff)
    url = reverse("awards:decision_detail", args=[decision.pk])
    response = client.get(url)
    html = response.content.decode()
    assert html.count('data-testid="recipient"') == 50
    shown = [(heading, [line.number for line in group]) for heading, group in response.context["groups"]]
    assert shown == [
        ("I. TẬP THỂ (10)", [str(n) for n in range(1, 11)]),
        ("II. CÁ NHÂN (110)", [str(n) for n in range(1, 41)]),
    ]
    assert "Dòng 1–50 trong 120 dòng; danh sách đầy đủ trong phụ lục PDF." in html
    assert "Trang 1/3" in html and '<a class="page-link" href="?page=2">Sau</a>' in html
    assert response.context["total"] == 10 * 500 + 110 * 1_000  # a draft: every line holds
    assert response.context["decision"].recipient_count == 120
    assert '<td class="text-end">500 đ</td>' in html and '<td class="text-end">1.000 đ</td>' in html
    # The last page: the last 20 individuals, 91 to 110.
    last = client.get(url, {"page": 3})
    assert last.content.decode().count('data-testid="recipient"') == 20
    assert [line.number for _h, group in last.context["groups"] for line in group] == [str(n) for n in range(91, 111)]
    assert "Dòng 101–120 trong 120 dòng" in last.content.decode()


def test_each_line_of_a_draft_has_its_remove_button_in_the_one_form_of_the_page():
    staff = StaffFactory()
    decision = _draft(staff)
    client = _client(staff)
    response = client.get(reverse("awards:decision_detail", args=[decision.pk]))
    html = response.content.decode()
    assert html.count('<form method="post" id="remove-line" data-testid="remove-line">') == 1
    assert html.count('form="remove-line" formaction="') == 50
    first = next(line for _h, group in response.context["groups"] for line in group)
    address = reverse("awards:decision_recipient_remove", args=[decision.pk, first.pk])
    assert first.remove_url == address
    assert f'formaction="{address}"' in html
    client.post(address)
    assert not decision.recipients.filter(pk=first.pk).exists()
    assert decision.recipients.count() == 119


def test_a_signed_decision_has_no_remove_button_and_shows_what_holds():
    staff = StaffFactory()
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, dossier=DossierFactory(year=2024))
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    html = _client(staff).get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert html.count('data-testid="recipient"') == 1
    assert 'id="remove-line"' not in html and "formaction" not in html
    assert '<span class="badge text-bg-success">Còn hiệu lực</span>' in html


def test_the_list_asks_for_its_badge_once_shown_and_the_badge_counts_the_nominees_a_draft_may_take(
    django_assert_num_queries,
):
    staff = StaffFactory()
    decision = _draft(staff)  # its nominee is in a draft: not counted
    for _ in range(3):
        ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    ready_nomination("BKT", status=Nomination.Status.READY_FOR_COUNCIL)  # not ready for a decision
    client = _client(staff)
    url = reverse("awards:decision_list")
    response = client.get(url)
    html = response.content.decode()
    assert "ready_count" not in response.context
    assert f'hx-get="{url}?ready=1" hx-trigger="load" hx-swap="outerHTML"' in html
    assert {d.pk: d.recipient_count for d in response.context["page"]} == {decision.pk: 120}
    with django_assert_num_queries(3):  # the session, the user, the count
        badge = client.get(url, {"ready": "1"})
    assert badge.content.decode().strip() == (
        '<span class="badge text-bg-light" data-testid="ready-count" '
        'title="Số đối tượng chờ quyết định, chưa có trong dự thảo nào">3</span>'
    )


def test_the_amend_page_shows_50_lines_a_page():
    staff = StaffFactory()
    decision = _draft(staff, signed=True)
    client = _client(staff)
    url = reverse("awards:decision_amend", args=[decision.pk])
    response = client.get(url, {"page": 3})
    html = response.content.decode()
    assert html.count('data-testid="amend-line"') == 20
    assert "101–120 / 120 dòng" in html
    lines = response.context["recipients"]
    assert [line.tt for line in lines] == list(range(91, 111))
    assert f'name="recipients" value="{lines[0].pk}"' in html and f'name="name-{lines[0].pk}"' in html
    assert response.context["decision"].recipient_count == 120


def test_the_summary_is_kept_until_its_lines_are_written_then_read_again(django_assert_num_queries):
    """The decision page and its amend form read the lines' summary at every page turn: it is kept until the
    lines' table is written (thiduakt.write_cache), by any statement, then read again."""
    from thiduakt.models import Notification  # noqa: PLC0415 -- beside the test that needs it

    staff = StaffFactory()
    decision = _draft(staff)
    first = selectors.kept_line_summary(decision)
    with django_assert_num_queries(0):
        assert selectors.kept_line_summary(decision) == first
    Notification.objects.create(recipient=staff, title="Quyết định mới")  # another table: still kept
    with django_assert_num_queries(0):
        assert selectors.kept_line_summary(decision)["total"] == 120
    decision.recipients.filter(recipient_kind="collective").delete()  # a deletion, no signal needed
    with django_assert_num_queries(1):
        assert selectors.kept_line_summary(decision)["total"] == 110


def test_a_page_of_lines_is_kept_until_a_write_and_each_search_has_its_own():
    staff = StaffFactory()
    decision = _draft(staff)
    client = _client(staff)
    url = reverse("awards:decision_detail", args=[decision.pk])
    client.get(url + "?page=2")
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(url + "?page=2")
    assert not any("awards_decisionrecipient" in q["sql"] for q in ctx.captured_queries)  # the page's lines kept
    lines = [line for _h, group in kept.context["groups"] for line in group]
    assert (len(lines), lines[0].tt, lines[0].recipient_kind) == (50, 41, "individual")

    found = client.get(url + "?q=pham+thi+an+108").context["groups"]  # a search is another page
    assert [(line.recipient_name, line.tt) for _h, group in found for line in group] == [
        ("Phạm Thị An 108", 99)
    ]  # by given name: "An" before "Thuận"

    first = next(line for _h, group in client.get(url).context["groups"] for line in group)
    client.post(reverse("awards:decision_recipient_remove", args=[decision.pk, first.pk]))  # a write
    names = [line.recipient_name for _h, group in client.get(url).context["groups"] for line in group]
    assert first.recipient_name not in names
    assert len(names) == 50
