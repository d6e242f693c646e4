"""The public lookup's pages, kept in the shared cache between two changes of the published records.

On the day a decision is announced thousands look up the same few names: each page (its rows, count and
cursors; not its HTML, which carries the visitor's CSRF token) is read from the database once and then
served from the cache (Redis in production) until the published records change. A change is any record
saved or deleted (signals) or written in bulk (the signing of a decision, the history import: they call
``changed()``); it bumps a generation number, part of every page's key, once its transaction commits. The
day is part of the key too (a decision dated today is public from today), and every page expires after
``LOOKUP_CACHE_SECONDS`` whatever happens: with a cache local to each process (the embedded default), a
change made by another process is seen within that time.
"""

import hashlib
import json
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from thiduakt.write_cache import Generation

LOOKUP_CACHE_SECONDS = 60
GENERATION_KEY = "awards:lookup:generation"
GENERATION = Generation(GENERATION_KEY, "lookup cache")
log = logging.getLogger(__name__)


def changed() -> None:
    """The published records have changed (or will, once the current transaction commits): bumped now, so that
    the transaction itself sees its change, and again at the commit, so that a page read by another request
    in between (the old records, under the new number) is not kept."""
    GENERATION.bump()
    transaction.on_commit(GENERATION.bump)


def page(params: dict, build):
    """The lookup page for ``params`` (the form's cleaned data and the cursor), from the cache or ``build()``.

    With the cache server down (Redis stopped), the page is read from the database: slower, never an error."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]
    try:
        key = f"awards:lookup:{GENERATION.current()}:{timezone.localdate().isoformat()}:{digest}"
        found = cache.get(key)
    except Exception:
        log.warning("lookup cache unavailable: page read from the database", exc_info=True)
        return build()
    if found is None:
        found = build()
        try:
            cache.set(key, found, timeout=LOOKUP_CACHE_SECONDS)
        except Exception:
            log.warning("lookup cache unavailable: page not kept", exc_info=True)
    return found


def connect() -> None:
    from awards.models import AwardRecord  # noqa: PLC0415 -- the app registry is ready only in AppConfig.ready

    def record_changed(sender, **kwargs):
        changed()

    post_save.connect(record_changed, sender=AwardRecord, weak=False, dispatch_uid="awards.lookup_cache.save")
    post_delete.connect(record_changed, sender=AwardRecord, weak=False, dispatch_uid="awards.lookup_cache.delete")
