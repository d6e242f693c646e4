"""Every permission of the app × every role, on exemplars of Châu Thành at each stage."""

import pytest
from django.contrib.auth.models import AnonymousUser

from exemplars.models import Stage
from exemplars.tests.factories import ExemplarFactory

pytestmark = pytest.mark.django_db

ROLES = ["anon", "admin", "staff", "donvi", "donvi2", "hoidong"]


def _user(world, role):
    return AnonymousUser() if role == "anon" else world.user(role)


# perm, stage of the exemplar, the roles that hold it
OBJECT_CASES = [
    ("exemplars.read_exemplar", Stage.DISCOVERED, {"admin", "staff", "donvi"}),
    ("exemplars.read_exemplar", Stage.DROPPED, {"admin", "staff", "donvi"}),
    ("exemplars.edit_exemplar", Stage.DISCOVERED, {"admin", "staff", "donvi"}),
    ("exemplars.edit_exemplar", Stage.FOSTERED, {"admin", "staff", "donvi"}),
    ("exemplars.edit_exemplar", Stage.REVIEWED, {"admin", "staff"}),
    ("exemplars.edit_exemplar", Stage.REPLICATED, {"admin", "staff"}),
    ("exemplars.edit_exemplar", Stage.DROPPED, {"admin"}),
    ("exemplars.move_exemplar", Stage.DISCOVERED, {"admin", "staff"}),
    ("exemplars.move_exemplar", Stage.REVIEWED, {"admin", "staff"}),
    ("exemplars.move_exemplar", Stage.DROPPED, {"admin"}),
    ("exemplars.publish_exemplar", Stage.REVIEWED, {"admin", "staff"}),
    ("exemplars.propose_award", Stage.REVIEWED, {"admin", "staff", "donvi"}),
    ("exemplars.propose_award", Stage.DROPPED, {"admin"}),
]


@pytest.mark.parametrize(("perm", "stage", "holders"), OBJECT_CASES)
def test_object_permission_for_every_role(world, perm, stage, holders):
    exemplar = ExemplarFactory(unit=world.chau_thanh, stage=stage, drop_reason="x" if stage == Stage.DROPPED else "")
    held = {role for role in ROLES if _user(world, role).has_perm(perm, exemplar)}
    assert held == holders


def test_officer_of_a_parent_unit_sees_exemplars_of_its_communes(world):
    commune = ExemplarFactory(unit=world.unit("HG.CT.NS"))
    other = ExemplarFactory(unit=world.unit("HG.NB.LH"))
    assert world.user("donvi").has_perm("exemplars.read_exemplar", commune) is True
    assert world.user("donvi").has_perm("exemplars.read_exemplar", other) is False
    assert world.user("donvi2").has_perm("exemplars.read_exemplar", other) is True


GLOBAL_CASES = [
    ("exemplars.read_register", {"admin", "staff", "donvi", "donvi2"}),
    ("exemplars.create_exemplar", {"admin", "staff", "donvi", "donvi2"}),
    ("exemplars.read_spread", {"admin", "staff"}),
    ("exemplars.read_events", {"admin", "staff"}),
    ("exemplars.manage_events", {"admin", "staff"}),
]


@pytest.mark.parametrize(("perm", "holders"), GLOBAL_CASES)
def test_global_permission_for_every_role(world, perm, holders):
    assert {role for role in ROLES if _user(world, role).has_perm(perm)} == holders
