"""The home page's figures (inbox, cards, charts), kept in the shared cache between two writes.

The home page is where every user lands after each action, and its figures (queues, counts, the year's
awards by form, deadlines) are read from a dozen aggregates over the whole province's data. They are kept per
user in the shared cache (Redis in production) under a generation number that any write bumps: every
request by any user with an unsafe method (POST and the like, through ``WritesMiddleware``, after its
transaction has committed) and every background job that ends (``thiduakt.services.job_run``). The day is
part of the key (working days left change at midnight), and every entry expires after
``DASHBOARD_CACHE_SECONDS`` whatever happens: a change made outside a request or a job (a management command,
the shell) is seen within that time. With the cache server down, the figures are read from the database.
"""

import logging

from django.core.cache import cache
from django.utils import timezone, translation

DASHBOARD_CACHE_SECONDS = 60
GENERATION_KEY = "thiduakt:dashboard:generation"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
log = logging.getLogger(__name__)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def changed() -> None:
    """Something may have changed: every user's figures are read again at their next visit."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (evicted, first change): any new value makes every key new
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)
    except Exception:  # the cache server is down: nothing is served from it meanwhile (see ``figures``)
        log.warning("dashboard cache unavailable: generation not bumped", exc_info=True)


def figures(user, build):
    """``build()`` (the user's inbox, cards and charts), or what it returned since the last write today."""
    try:
        key = (
            f"thiduakt:dashboard:{generation()}:{timezone.localdate().isoformat()}:"
            f"{translation.get_language()}:{user.pk}"
        )
        found = cache.get(key)
    except Exception:
        log.warning("dashboard cache unavailable: figures read from the database", exc_info=True)
        return build()
    if found is None:
        found = build()
        try:
            cache.set(key, found, timeout=DASHBOARD_CACHE_SECONDS)
        except Exception:
            log.warning("dashboard cache unavailable: figures not kept", exc_info=True)
    return found


class WritesMiddleware:
    """After any request that may have written (an unsafe method, whatever its answer), the figures are stale.

    Placed before the views' transactions close (it wraps them), so the bump follows their commit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            changed()
        return response
