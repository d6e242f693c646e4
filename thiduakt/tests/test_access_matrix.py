"""Every URL of the project × every role → the expected status.

Each app lists its URLs in ``<app>/tests/access.py`` (or ``access_*.py``); a URL pattern that no
app lists fails ``test_every_url_has_a_row``.
"""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thiduakt.testing import ROLES

APPS = ["thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports"]


def _all_rows(world):
    """Rows from every ``<app>/tests/access*.py`` module (an app may split them by area)."""
    rows = []
    for app in APPS:
        folder = Path(settings.BASE_DIR) / app / "tests"
        for path in sorted(folder.glob("access*.py")):
            module = importlib.import_module(f"{app}.tests.{path.stem}")
            rows.extend(module.rows(world))
    return rows


def _url_names(patterns=None, namespace=""):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if ns == "admin:":
                names.add("admin:index")  # the admin site is one row: who may enter it
                continue
            names |= _url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name"
            names.add(f"{namespace}{entry.name}")
    return names


@pytest.mark.django_db
def test_every_url_has_a_row(world):
    listed = {r.name for r in _all_rows(world)}
    missing = _url_names() - listed
    assert missing == set(), f"URL patterns without an access-matrix row: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world, role):
    user = world.user(role)
    wrong = []
    for r in _all_rows(world):
        with transaction.atomic():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = getattr(client, r.method)(r.url, r.data)
            if response.status_code != r.expect[role]:
                wrong.append(f"{r.method.upper()} {r.url} ({r.name}): {response.status_code} != {r.expect[role]}")
            transaction.set_rollback(True)
    assert wrong == []
