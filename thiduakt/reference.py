"""Reference data: the rows every database needs (catalogues, calendars, dated legal values).

An app that has some keeps them in its own ``reference`` module, as plain data with a
``seed(apps)`` function that inserts only the rows that are missing, and names that module in
its ``AppConfig`` (``reference_data = "awards.reference"``). Data is not schema, so it is not
written by migrations: ``seed_after_migrate`` (connected to ``post_migrate`` in the foundation's
``AppConfig.ready``) writes an app's rows after each ``migrate`` or ``flush`` of that app, and
``seed_all`` writes every app's rows (what a test database gets back after a flush).
"""

import importlib

from django.apps import apps as global_apps


def _module(config):
    name = getattr(config, "reference_data", None)
    return importlib.import_module(name) if name else None


def seed_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """``post_migrate`` receiver: seed ``sender``'s reference data with the migrated state's models."""
    module = _module(sender)
    if module is None:
        return
    try:
        apps.get_app_config(sender.label)
    except LookupError:  # the app was migrated back to zero: nothing to seed into
        return
    module.seed(apps)


def seed_all() -> None:
    """Write every app's missing reference rows, in app order."""
    for config in global_apps.get_app_configs():
        if (module := _module(config)) is not None:
            module.seed(global_apps)
