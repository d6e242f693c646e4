"""Every model of the project's apps has an admin page, and every page opens for the administrator.

A model added without an admin page fails here, unless it is named in ``NO_ADMIN_PAGE`` with
the reason. simple-history's ``Historical*`` models are shown through their model's history
page, not on their own.
"""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from simple_history.models import HistoricalChanges

APPS = ["thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports"]

# Ballot secrecy: the box holds anonymous counters that must not be read before closing, the
# receipts say who has voted on what; shown side by side while voting they would tell votes apart.
# The tallies appear on the agenda items once the ballot is closed.
NO_ADMIN_PAGE = {"awards.BallotBox", "awards.BallotReceipt"}


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.proxy or model._meta.auto_created:
                continue
            yield model


def test_every_model_has_an_admin_page_except_the_ballot():
    missing = {model._meta.label for model in _models() if model not in admin.site._registry}
    assert missing == NO_ADMIN_PAGE


def test_the_exempt_models_exist():
    # A renamed or removed model must leave this list too.
    assert {apps.get_model(label)._meta.label for label in NO_ADMIN_PAGE} == NO_ADMIN_PAGE


@pytest.mark.django_db
def test_every_admin_page_opens_for_the_administrator(world, private_media):
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(world.user("admin"))
    assert world.user("admin").is_superuser
    failures, with_rows = [], set()
    for model in _models():
        if model not in admin.site._registry:
            continue
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        urls = [base]
        if admin.site._registry[model].search_fields:
            urls.append(f"{base}?q=a")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            with_rows.add(opts.label)
            urls.append(f"{base}{first.pk}/change/")
        for url in urls:
            status = client.get(url).status_code
            if status != 200:
                failures.append(f"{url} {status}")
    assert failures == []
    # The council's and decisions' pages were opened with rows, not only empty.
    council = {"Meeting", "AgendaItem", "Attendance", "MeetingEvent", "CouncilMember", "Decision", "DecisionRecipient"}
    assert {f"awards.{name}" for name in council} <= with_rows
