"""One permission scheme: every object permission is a django-rules predicate whose name
cannot be granted by Django's ModelBackend (see thiduakt/access.py)."""

from django.contrib.auth.models import Permission
from rules.permissions import permissions

DJANGO_ACTIONS = ("add_", "change_", "delete_", "view_")
APPS = ("thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports")


def test_every_rule_is_an_app_permission_with_a_non_model_verb():
    names = sorted(permissions.keys())
    assert names, "no permission registered"
    for name in names:
        app, _, codename = name.partition(".")
        assert app in APPS, name
        assert not codename.startswith(DJANGO_ACTIONS), f"{name} looks like a model permission"


def test_no_rule_shares_a_name_with_a_django_permission(db):
    django_names = {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    assert sorted(set(permissions.keys()) & django_names) == []
