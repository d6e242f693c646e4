"""The decision page at a province's scale: the same queries and only one page of lines read, whatever the
number of lines (a decision of 25,000 lines took 1.7 s when its money and line states read every line)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from awards import selectors
from awards.models import DecisionRecipient, Nomination
from awards.services import decision_create_draft, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.helpers import lines_read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lines", [3, 30])
def test_decision_page_reads_one_page_of_lines_in_constant_queries(
    world, monkeypatch, django_assert_num_queries, lines
):
    monkeypatch.setattr(selectors, "DECISION_PAGE_LINES", 2)
    dossier = DossierFactory(year=2024)
    nominees = [
        ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, dossier=dossier) for _ in range(lines)
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=world.user("staff"))
    DecisionRecipient.objects.filter(decision=decision).update(reward_amount=1_000)
    client = Client()
    client.force_login(world.user("staff"))
    client.get("/")  # the session's first stamp, not counted below
    url = reverse("awards:decision_detail", args=[decision.pk])
    with lines_read() as built, django_assert_num_queries(DECISION_PAGE):
        response = client.get(url)
    assert response.status_code == 200
    assert len(built) == 2  # the page's lines, not every line of the decision
    assert [len(group) for _heading, group in response.context["groups"]] == [2]
    assert response.context["total"] == 1_000 * lines
    assert response.context["page"].paginator.count == lines


@pytest.mark.parametrize("lines", [3, 30])
def test_decision_list_counts_lines_in_constant_queries(world, django_assert_num_queries, lines):
    dossier = DossierFactory(year=2024)
    nominees = [
        ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, dossier=dossier) for _ in range(lines)
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=world.user("staff"))
    client = Client()
    client.force_login(world.user("staff"))
    client.get("/")
    with django_assert_num_queries(DECISION_LIST):
        response = client.get(reverse("awards:decision_list"))
    assert response.status_code == 200
    shown = {d.pk: d.recipient_count for d in response.context["page"]}
    assert shown[decision.pk] == lines


# The literal numbers, the same at both sizes.
# The menu's badge is kept between the visits below (no notification is written).
DECISION_PAGE = 10  # the lines' counts, sums and kinds in one aggregate; a page's rows in one query
DECISION_LIST = 6  # the button's badge is asked for by the page once shown (test_decision_pages)


@pytest.mark.parametrize("lines", [3, 30])
def test_amend_page_reads_the_line_states_in_constant_queries(world, django_assert_num_queries, lines):
    """The correction / revocation form of a signed decision: what holds of every line in a few queries (a
    25,000-line decision took 9,000 queries and two minutes when each line walked its amendments alone)."""
    from awards.services import decision_sign  # noqa: PLC0415 -- only this test signs

    staff = world.user("staff")
    dossier = DossierFactory(year=2024)
    nominees = [
        ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, dossier=dossier) for _ in range(lines)
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 3, 5))
    client = Client()
    client.force_login(staff)
    client.get("/")
    with django_assert_num_queries(AMEND_PAGE):
        response = client.get(reverse("awards:decision_amend", args=[decision.pk]))
    assert response.status_code == 200
    assert [line.state for line in response.context["recipients"]] == ["holds"] * lines
    assert response.content.decode().count('data-testid="amend-line"') == lines


AMEND_PAGE = (
    8  # the menu's badge kept; and the lines' counts (by kind, in all) of the one page shown, as the decision page
)


def test_a_page_across_two_groups_keeps_the_annex_order(world, monkeypatch):
    """Pages are read group by group (collectives, then individuals), each from the annex-order index: a page
    that starts in one group and ends in the next has both, numbered within each group."""
    monkeypatch.setattr(selectors, "DECISION_PAGE_LINES", 3)
    names = ["Võ Thị Sáu", "Lê Văn Tám", "Trần Thị An", "Nguyễn Văn Bình", "Phạm Hùng"]
    nominees = [
        ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, person__full_name=n) for n in names
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=world.user("staff"))
    DecisionRecipient.objects.filter(decision=decision, recipient_name__in=["Võ Thị Sáu", "Lê Văn Tám"]).update(
        recipient_kind="collective"
    )
    client = Client()
    client.force_login(world.user("staff"))
    url = reverse("awards:decision_detail", args=[decision.pk])
    pages = [client.get(url, {"page": n}).context["groups"] for n in (1, 2)]
    shown = [[(heading, [(line.tt, line.recipient_name) for line in group]) for heading, group in p] for p in pages]
    assert shown == [
        [("I. TẬP THỂ (2)", [(1, "Võ Thị Sáu"), (2, "Lê Văn Tám")]), ("II. CÁ NHÂN (3)", [(1, "Trần Thị An")])],
        [("II. CÁ NHÂN (3)", [(2, "Nguyễn Văn Bình"), (3, "Phạm Hùng")])],
    ]  # by the sort key: an individual's given name first (Sáu, Tám; An, Bình, Hùng)
