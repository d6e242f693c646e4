"""The decision page at a province's scale: the same queries and only one page of lines read, whatever the
number of lines (a decision of 25,000 lines took 1.7 s when its money and line states read every line)."""

from contextlib import contextmanager

import pytest
from django.db.models.signals import post_init
from django.test import Client
from django.urls import reverse

from awards import selectors
from awards.models import DecisionRecipient, Nomination
from awards.services import decision_create_draft
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award

pytestmark = pytest.mark.django_db


@contextmanager
def lines_read():
    """How many decision lines Django builds from the database meanwhile."""
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=DecisionRecipient)
    try:
        yield built
    finally:
        post_init.disconnect(count, sender=DecisionRecipient)


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
DECISION_PAGE = 13
DECISION_LIST = 8
