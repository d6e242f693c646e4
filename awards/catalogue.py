"""The seeded catalogue (awards, rule sets, holidays, processing rule) on demand.

The data migrations seed it in every database; transactional tests flush tables, so a
transactional test that needs the catalogue calls ``ensure_catalogue()`` first (idempotent).
"""

import importlib

from django.apps import apps


def ensure_catalogue() -> None:
    """Write the catalogue of the data migrations again when it is missing (e.g. after a test flush)."""
    from awards.models import Award, ProcessingRule

    if Award.objects.filter(code="BKT").exists() and ProcessingRule.objects.exists():
        return
    importlib.import_module("awards.migrations.0002_catalogue").seed(apps, None)
    importlib.import_module("awards.migrations.0004_processing_rules_history_import").seed_processing_rule(apps, None)
