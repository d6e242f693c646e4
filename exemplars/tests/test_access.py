"""The exemplars rows of the access matrix, on their own (the project-wide test runs them too)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from exemplars import urls
from exemplars.tests.access import rows
from thiduakt.testing import ROLES


@pytest.mark.django_db
def test_access_rows_cover_every_exemplars_url(world):
    listed = {r.name for r in rows(world)}
    assert listed == {f"exemplars:{p.name}" for p in urls.urlpatterns}
    assert reverse("exemplars:gallery") == "/dien-hinh/tieu-bieu/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_rows_for_role(world, role, private_media):
    user = world.user(role)
    wrong = []
    for r in rows(world):
        with transaction.atomic():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = getattr(client, r.method)(r.url, r.data)
            if response.status_code != r.expect[role]:
                wrong.append(f"{r.method.upper()} {r.url} ({r.name}): {response.status_code} != {r.expect[role]}")
            transaction.set_rollback(True)
    assert wrong == []
