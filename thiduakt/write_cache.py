"""Figures kept in the shared cache until the next write anywhere: the home page's, a big decision's summary.

Some figures are read from aggregates over the whole province's data (the home page's queues, counts and
deadlines) or over tens of thousands of rows (a decision's lines by kind and their sums), and are shown again
and again, unchanged, between two writes. They are kept in the shared cache (Redis in production) under a
generation number that any write bumps:

- any row saved anywhere (``post_save``: a service, a management command, the shell), at once and again when
  its transaction commits;
- every request by any user with an unsafe method (POST and the like, through ``WritesMiddleware``, after its
  transaction has committed): what a queryset's ``update()``, ``delete()`` or ``bulk_create`` wrote;
- every background job that ends (``thiduakt.services.job_run``).

Deletions are not listened to: a receiver of every model's ``post_delete`` would make Django load every row a
queryset deletes, to signal it; sessions and login records are not writes of the figures. The day is part of
every key (working days left change at midnight), and every entry expires after ``WRITE_CACHE_SECONDS``
whatever happens: a bulk write or a deletion outside a request or a job (``seed_bulk``) is seen within that
time, or at once after ``changed()``. With the cache server down, the figures are read from the database.
"""

import logging
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation

WRITE_CACHE_SECONDS = 60
GENERATION_KEY = "thiduakt:writes:generation"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
log = logging.getLogger(__name__)
# Within a request, each generation is read from the cache once (its menu, session user, figures all ask for it),
# and again after this process bumps it; ``WritesMiddleware`` opens and closes the request's memo.
_read_in_request: ContextVar[dict | None] = ContextVar("write_cache_generations", default=None)


class Generation:
    """A number in the shared cache, part of the keys of what is kept under it: bumping it forgets them all."""

    def __init__(self, key: str, label: str):
        self.key, self.label = key, label

    def current(self) -> int:
        memo = _read_in_request.get()
        if memo is not None and self.key in memo:
            return memo[self.key]
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, 1, timeout=None)
            value = cache.get(self.key, 1)
        if memo is not None:
            memo[self.key] = value
        return value

    def bump(self) -> None:
        memo = _read_in_request.get()
        if memo is not None:
            memo.pop(self.key, None)
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted, first change): any new value makes every key new
            cache.set(self.key, self.current() + 1, timeout=None)
        except Exception:  # the cache server is down: nothing is served from it meanwhile
            log.warning("%s unavailable: generation not bumped", self.label, exc_info=True)


WRITES = Generation(GENERATION_KEY, "write cache")


def changed() -> None:
    """Something may have changed: every figure kept is read again at its next use."""
    WRITES.bump()


def _prefix() -> str:
    """What every key kept now starts with: the generation, the day, the language."""
    return f"thiduakt:writes:{WRITES.current()}:{timezone.localdate().isoformat()}:{translation.get_language()}:"


def until_write(key: str, build):
    """``build()``, or what it returned for ``key`` since the last write today (in the current language)."""
    try:
        full_key = _prefix() + key
        found = cache.get(full_key)
    except Exception:
        log.warning("write cache unavailable: %s read from the database", key, exc_info=True)
        return build()
    if found is None:
        found = build()
        try:
            cache.set(full_key, found, timeout=WRITE_CACHE_SECONDS)
        except Exception:
            log.warning("write cache unavailable: %s not kept", key, exc_info=True)
    return found


def until_write_many(kind: str, ids, build_missing) -> dict:
    """``{id: value}`` for each of ``ids``: what ``build_missing(missing_ids)`` (a dict with a value for each id
    it is given, in one batch) returned for it since the last write today, in the current language.

    One read of the cache for them all, one batch built for those not kept, one write of them: a page's cards
    kept one by one, so that turning pages or another page of the same items finds them."""
    ids = list(ids)
    if not ids:
        return {}
    try:
        prefix = f"{_prefix()}{kind}:"
        kept = cache.get_many([f"{prefix}{pk}" for pk in ids])
    except Exception:
        log.warning("write cache unavailable: %s read from the database", kind, exc_info=True)
        return build_missing(ids)
    found = {pk: kept[f"{prefix}{pk}"] for pk in ids if f"{prefix}{pk}" in kept}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        built = build_missing(missing)
        found.update(built)
        try:
            cache.set_many({f"{prefix}{pk}": built[pk] for pk in missing}, timeout=WRITE_CACHE_SECONDS)
        except Exception:
            log.warning("write cache unavailable: %s not kept", kind, exc_info=True)
    return found


def figures(user, build):
    """The user's home page figures (inbox, cards, charts: ``build()``), kept until a write."""
    return until_write(f"home:{user.pk}", build)


IGNORED_APPS = frozenset({"sessions", "axes", "admin", "contenttypes"})  # never what a figure counts


def _row_written(sender, using=None, **kwargs):
    if sender._meta.app_label in IGNORED_APPS:
        return
    changed()
    # Once more when the transaction commits (once a transaction, however many rows): a figure read by another
    # request in between, from the rows as they were, is not kept.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(entry[1] is changed for entry in connection.run_on_commit):
        transaction.on_commit(changed, using=using)


def connect() -> None:
    """Any row saved bumps the generation (called once, in ``ThiduaktConfig.ready``)."""
    post_save.connect(_row_written, weak=False, dispatch_uid="thiduakt.write_cache.saved")


class WritesMiddleware:
    """After any request that may have written (an unsafe method, whatever its answer), the figures are stale.

    It wraps the views (and their transactions), so the bump follows their commit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = _read_in_request.set({})
        try:
            response = self.get_response(request)
        finally:
            _read_in_request.reset(memo)
        if request.method in UNSAFE_METHODS:
            changed()
        return response
