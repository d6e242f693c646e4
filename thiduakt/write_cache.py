"""Values kept in the shared cache until a table they were read from is written: the home page's figures, the
menu, the signed-in user, a campaign's roll-up, a voting room's cards, a big decision's summary.

Some figures are read from aggregates over the whole province's data or over tens of thousands of rows, and are
shown again and again, unchanged, between two writes of what they were read from. Each is kept in the shared
cache (Redis in production) with what it depends on: **the tables read** since the request began (what the
view had read before, and what the value's own ``build`` read), each with the moment it was read at. It is
served again while none of those tables has been written since; a ballot cast does not forget a campaign's
roll-up, a progress report does not forget a decision's lines.

Both sides are seen in the SQL itself (a wrapper on every database connection, ``connect()``), so nothing is
missed whoever writes, and however: a model saved, a queryset's ``update()`` or ``delete()``, ``bulk_create``,
a raw statement, a cascade, a management command, a background job. Each write stamps its table with the time
(``thiduakt:writes:table:<name>``), at once and again when its transaction commits, so that a value read by
another request in between, from the rows as they were, is not taken for fresh. A kept value is fresh when each
table it read was last stamped *before* it was read (less ``WRITE_CACHE_MARGIN_SECONDS`` where several machines'
clocks meet in a shared cache).

``changed()`` forgets everything at once (a pseudo-table every value depends on). Where the cache is local to
each process (the embedded default, ``settings.WRITE_CACHE_SHARED`` false), one process cannot see another's
stamps, so every request that may have written (POST and the like) also forgets everything, as before. The day
and the language are part of every key, and every entry expires after ``WRITE_CACHE_SECONDS`` whatever
happens. With the cache server down, everything is read from the database.
"""

import logging
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

WRITE_CACHE_SECONDS = 60
KEY_PREFIX = "thiduakt:writes:"
STAMP_PREFIX = "thiduakt:writes:table:"
EVERYTHING = "*"  # the pseudo-table of ``changed()``: every kept value depends on it
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Never what a kept value shows: sessions, login records and the admin's log. Neither their reads nor their writes
# count (a session saved at each request would otherwise forget every value read alongside it).
IGNORED_TABLES = ("django_session", "axes_", "django_admin_log")
# The table a statement writes: Django's SQL quotes it, ours (``awards.services.decisions``) may not.
WRITTEN = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?(\w+)', re.I)
# Every table a statement reads: over-reading (an alias, ``EXTRACT(year FROM "t"."date")``) only forgets more.
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)', re.I)
log = logging.getLogger(__name__)


def _now() -> int:
    """Microseconds since the epoch: the stamps of every process that shares the cache compare."""
    return time.time_ns() // 1000


class Scope:
    """What has been read since ``start`` (a request, or a value built outside one): each table read with the
    moment its rows were known at, and the stamps of the tables read from the cache (once each)."""

    __slots__ = ("reads", "stamps", "start")

    def __init__(self):
        self.start = _now()
        self.reads: dict[str, int] = {}
        self.stamps: dict[str, int] = {}

    def read(self, tables) -> None:
        for table in tables:
            if table not in self.reads and not table.startswith(IGNORED_TABLES):
                self.reads[table] = self.start

    def merge(self, reads: dict[str, int]) -> None:
        """A kept value used: what it was read from, as of when, is read by whatever is built from it."""
        for table, since in reads.items():
            if since < self.reads.get(table, since + 1):
                self.reads[table] = since


_scope: ContextVar[Scope | None] = ContextVar("write_cache_scope", default=None)
_in_cache_call: ContextVar[bool] = ContextVar("write_cache_in_cache_call", default=False)


# ---------------------------------------------------------------------------
# Stamps
# ---------------------------------------------------------------------------


def _stamp(tables) -> None:
    """The tables were written now."""
    now = _now()
    scope = _scope.get()
    if scope is not None:
        for table in tables:
            scope.stamps[table] = now
    token = _in_cache_call.set(True)
    try:
        cache.set_many({f"{STAMP_PREFIX}{table}": now for table in tables}, timeout=None)
    except Exception:  # the cache server is down: nothing is served from it meanwhile
        log.warning("write cache unavailable: %s not stamped", ", ".join(tables), exc_info=True)
    finally:
        _in_cache_call.reset(token)


def _stamps(tables, unknown) -> dict[str, int]:
    """When each table was last written, as far as the cache knows; read once a request. A table with no stamp
    (never written since the cache began, or its stamp evicted) is given ``unknown[table]``: the moment just
    before what is being built was read (no write since, or it would have a stamp), else the request's start."""
    scope = _scope.get()
    known = scope.stamps if scope is not None else {}
    missing = [table for table in tables if table not in known]
    if missing:
        token = _in_cache_call.set(True)
        try:
            found = cache.get_many([f"{STAMP_PREFIX}{table}" for table in missing])
            for table in missing:
                stamp = found.get(f"{STAMP_PREFIX}{table}")
                if stamp is None:
                    stamp = unknown[table]
                    if not cache.add(f"{STAMP_PREFIX}{table}", stamp, timeout=None):
                        stamp = cache.get(f"{STAMP_PREFIX}{table}", stamp)
                known[table] = stamp
        finally:
            _in_cache_call.reset(token)
    return known if scope is not None else {table: known[table] for table in tables}


def _unknown_now(tables) -> dict[str, int]:
    """A table with no stamp, met when checking a kept value: written, for all we know, just before this
    request began (the value is read again, and what this request builds is kept)."""
    scope = _scope.get()
    moment = scope.start - 1 if scope is not None else _now()
    return dict.fromkeys(tables, moment)


def _fresh(reads: dict[str, int]) -> bool:
    margin = int(getattr(settings, "WRITE_CACHE_MARGIN_SECONDS", 0) * 1_000_000)
    stamps = _stamps(reads, _unknown_now(reads))
    return all(stamps[table] < since - margin for table, since in reads.items())


class _Written:
    """The tables a transaction wrote, stamped again once it commits (one callback a transaction)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self):
        _stamp(sorted(self.tables))


def _written(connection, table: str) -> None:
    if table.startswith(IGNORED_TABLES):
        return
    _stamp([table])
    if not connection.in_atomic_block:
        return
    pending = next((entry[1] for entry in reversed(connection.run_on_commit) if isinstance(entry[1], _Written)), None)
    if pending is None:
        pending = _Written()
        connection.on_commit(pending)
    pending.tables.add(table)


def _watch(execute, sql, params, many, context):
    """Every statement of every connection: the tables it reads, into the current scope; the one it writes,
    stamped once it has run."""
    if _in_cache_call.get():  # a cache kept in the database reads and writes its own table
        return execute(sql, params, many, context)
    scope = _scope.get()
    if scope is not None:
        scope.read(READ.findall(sql))
    result = execute(sql, params, many, context)
    written = WRITTEN.match(sql)
    if written:
        _written(context["connection"], written.group(1))
    return result


def _install(connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def connect() -> None:
    """Every connection, now and to come, watched (called once, in ``ThiduaktConfig.ready``)."""
    connection_created.connect(_install, weak=False, dispatch_uid="thiduakt.write_cache.watch")
    for connection in connections.all(initialized_only=True):
        _install(connection)


def changed() -> None:
    """Anything may have changed: every value kept is read again at its next use."""
    _stamp([EVERYTHING])


# ---------------------------------------------------------------------------
# Kept values
# ---------------------------------------------------------------------------


def _prefix() -> str:
    """What every key starts with: the day (working days left change at midnight) and the language."""
    return f"{KEY_PREFIX}{timezone.localdate().isoformat()}:{translation.get_language()}:"


def _building(build, *, alone: bool = False):
    """``build()`` and what it (and the request before it, unless ``alone``) read, as of when."""
    outer = _scope.get()
    token = _scope.set(Scope()) if outer is None or alone else None
    try:
        value = build()
        current = _scope.get()
        reads = dict(current.reads)
        reads.setdefault(EVERYTHING, current.start)
        # Tables never stamped get a stamp from before they were read, so that what was built is fresh: from
        # before the request began, where a value kept apart is built in one (the request may have read the same
        # tables earlier, as of its start, for what it keeps itself).
        first = min(current.start, outer.start) if outer is not None else current.start
        _stamps(reads, {table: min(since, first) - 1 for table, since in reads.items()})
    finally:
        if token is not None:
            _scope.reset(token)
    if alone and outer is not None:
        outer.merge(reads)
    return value, reads


def _used(reads: dict[str, int]) -> None:
    scope = _scope.get()
    if scope is not None:
        scope.merge(reads)


# The tables each key's value was read from when last kept or served, in this process: asked for with the value
# itself (one round trip to the cache, not one for the value and one for the stamps of what it was read from).
_TABLES_OF: dict[str, tuple[str, ...]] = {}
TABLES_OF_SIZE = 4096  # keys remembered at most (forgotten all at once beyond)


def _remember_tables(key: str, reads: dict[str, int]) -> None:
    if len(_TABLES_OF) >= TABLES_OF_SIZE and key not in _TABLES_OF:
        _TABLES_OF.clear()
    _TABLES_OF[key] = tuple(reads)


def _kept(key: str, full_key: str):
    """The entry kept for ``key``, read with the stamps not yet known of the tables it was read from last time;
    those stamps are known to the request from then on, as ``_stamps`` would have read them."""
    scope = _scope.get()
    guess = [table for table in _TABLES_OF.get(key, ()) if scope is not None and table not in scope.stamps]
    if not guess:
        return cache.get(full_key)
    token = _in_cache_call.set(True)
    try:
        found = cache.get_many([full_key, *(f"{STAMP_PREFIX}{table}" for table in guess)])
    finally:
        _in_cache_call.reset(token)
    for table in guess:
        stamp = found.get(f"{STAMP_PREFIX}{table}")
        if stamp is not None:  # a table without a stamp is left to ``_stamps``, which gives it one
            scope.stamps[table] = stamp
    return found.get(full_key)


def until_write(key: str, build, *, alone: bool = False):
    """``build()``, or what it returned for ``key`` today (in the current language), while none of the tables it
    was read from has been written since.

    What the request read before counts as read by ``build()`` (it may have been given to it), unless ``alone``:
    for a value that depends only on what its key names and on what it reads itself (the unread notifications of
    the user of the key), so that a write of what the page read elsewhere does not make it stale."""
    full_key = _prefix() + key
    try:
        found = _kept(key, full_key)
        if found is not None:
            _remember_tables(key, found[0])
            if _fresh(found[0]):
                _used(found[0])
                return found[1]
    except Exception:
        log.warning("write cache unavailable: %s read from the database", key, exc_info=True)
        return build()
    value, reads = _building(build, alone=alone)
    _remember_tables(key, reads)
    try:
        cache.set(full_key, (reads, value), timeout=WRITE_CACHE_SECONDS)
    except Exception:
        log.warning("write cache unavailable: %s not kept", key, exc_info=True)
    return value


def until_write_many(kind: str, ids, build_missing) -> dict:
    """``{id: value}`` for each of ``ids``: what ``build_missing(missing_ids)`` (a dict with a value for each id
    it is given, in one batch) returned for it, while none of the tables it was read from has been written.

    One read of the cache for them all, one batch built for those not kept, one write of them: a page's cards
    kept one by one, so that turning pages or another page of the same items finds them."""
    ids = list(ids)
    if not ids:
        return {}
    prefix = f"{_prefix()}{kind}:"
    try:
        kept = cache.get_many([f"{prefix}{pk}" for pk in ids])
        reads_of_all: dict[str, int] = {}
        for reads, _value in kept.values():
            for table, since in reads.items():
                reads_of_all[table] = min(since, reads_of_all.get(table, since))
        stamps = _stamps(reads_of_all, _unknown_now(reads_of_all)) if reads_of_all else {}
    except Exception:
        log.warning("write cache unavailable: %s read from the database", kind, exc_info=True)
        return build_missing(ids)
    margin = int(getattr(settings, "WRITE_CACHE_MARGIN_SECONDS", 0) * 1_000_000)
    found = {}
    for pk in ids:
        entry = kept.get(f"{prefix}{pk}")
        if entry is not None and all(stamps[table] < since - margin for table, since in entry[0].items()):
            _used(entry[0])
            found[pk] = entry[1]
    missing = [pk for pk in ids if pk not in found]
    if missing:
        built, reads = _building(lambda: build_missing(missing))
        found.update(built)
        try:
            cache.set_many({f"{prefix}{pk}": (reads, built[pk]) for pk in missing}, timeout=WRITE_CACHE_SECONDS)
        except Exception:
            log.warning("write cache unavailable: %s not kept", kind, exc_info=True)
    return found


def figures(user, build):
    """The user's home page figures (inbox, cards, charts: ``build()``), kept until a write of what they count."""
    return until_write(f"home:{user.pk}", build)


# ---------------------------------------------------------------------------
# Generations (the public lookup's cache counts its own changes: ``awards.lookup_cache``)
# ---------------------------------------------------------------------------


class Generation:
    """A number in the shared cache, part of the keys of what is kept under it: bumping it forgets them all."""

    def __init__(self, key: str, label: str):
        self.key, self.label = key, label

    def current(self) -> int:
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, 1, timeout=None)
            value = cache.get(self.key, 1)
        return value

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted, first change): any new value makes every key new
            cache.set(self.key, self.current() + 1, timeout=None)
        except Exception:  # the cache server is down: nothing is served from it meanwhile
            log.warning("%s unavailable: generation not bumped", self.label, exc_info=True)


class WritesMiddleware:
    """Each request is a scope: what its view reads before building a kept value is part of what that value
    depends on, and each table's stamp is read from the cache once. Where the cache is each process's own,
    a request that may have written (an unsafe method, whatever its answer) forgets everything once it is done
    (it wraps the views and their transactions, so that follows their commit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _scope.set(Scope())
        try:
            response = self.get_response(request)
        finally:
            _scope.reset(token)
        if request.method in UNSAFE_METHODS and not getattr(settings, "WRITE_CACHE_SHARED", False):
            changed()
        return response
