"""Pages of long lists that stay fast however many rows match: keyset pagination and a capped count.

A list of 1.2 million award records cannot be paged with ``OFFSET`` (page 2,000 reads and throws away 100,000
rows) nor counted exactly on every search ("nguyen" matches hundreds of thousands). Here the next page starts
after the last row shown, by its sort key and id (``WHERE (key, id) > (…) ORDER BY key, id LIMIT n``: an index
range, whatever the depth), the previous one before the first, and the count stops at a cap: past it the page
says "hơn 1.000 kết quả". The cursor is in the address (``?sau=…`` / ``?truoc=…``); a cursor that does not read
is ignored (the first page is shown), never an error.
"""

import base64
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

AFTER, BEFORE = "sau", "truoc"  # the address's parameters: the page after the cursor's row, or before it


def count_cap() -> int:
    """How far a list counts its matches before saying "more than" (``SEARCH_COUNT_CAP``, default 1,000)."""
    return getattr(settings, "SEARCH_COUNT_CAP", 1_000)


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """``(count, more)``: the number of rows up to ``cap``, and whether there are more.

    ``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``: the database stops at the cap instead of counting
    every match.
    """
    cap = count_cap() if cap is None else cap
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def count_label(count: int, more: bool) -> str:
    """ "hơn 1.000 kết quả", "37 kết quả", "1 kết quả" (Vietnamese thousands dot)."""
    number = f"{count:,}".replace(",", ".")
    return _("hơn %(n)s kết quả") % {"n": number} if more else _("%(n)s kết quả") % {"n": number}


@dataclass
class KeysetPage:
    """One page: its rows, the cursors of the next and previous pages (None at an end) and the capped count."""

    object_list: list
    count: int
    more: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    size: int = 50
    first: bool = True
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def count_label(self) -> str:
        return count_label(self.count, self.more)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(values: list) -> str:
    text = json.dumps(values, default=str, ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(queryset: QuerySet, order: list[str], cursor: str) -> list | None:
    """The cursor's values, each read by its model field (dates, numbers); None when it does not read."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(values, list) or len(values) != len(order):
            return None
        opts = queryset.model._meta
        return [
            None if value is None else opts.get_field(name.lstrip("-")).to_python(value)
            for name, value in zip(order, values, strict=True)
        ]
    except Exception:  # whatever was typed into the address: the cursor is ignored
        return None


def _beyond(order: list[str], values: list, *, forward: bool) -> Q:
    """Rows strictly after (``forward``) or before the row whose sort values are ``values``, in ``order``:
    (a > x) OR (a = x AND b > y) OR … with each comparison turned for a descending field."""
    condition = Q(pk__in=[])
    for i, name in enumerate(order):
        field_name = name.lstrip("-")
        ascending = not name.startswith("-")
        op = "gt" if ascending == forward else "lt"
        step = Q(**{f"{field_name}__{op}": values[i]})
        for previous, value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    # The leading field's bound alone as well: an index on it is read from the cursor on, not from its start.
    first = order[0].lstrip("-")
    lead = "gte" if (not order[0].startswith("-")) == forward else "lte"
    return Q(**{f"{first}__{lead}": values[0]}) & condition


def keyset_page(
    queryset: QuerySet, order: list[str], params, *, size: int = 50, fetch: QuerySet | None = None
) -> KeysetPage:
    """The page of ``queryset`` in ``order`` (model fields that are never NULL, the last one unique, e.g.
    ``["sort_key", "-year", "id"]``) that the address's cursor asks for, with the capped count of every row of
    ``queryset``.

    ``fetch``: the queryset the page's rows are read from by id, with its joins and annotations (default
    ``queryset`` itself); give it without the search's filters, so that they are not evaluated twice."""
    after, before = params.get(AFTER, ""), params.get(BEFORE, "")
    values, forward = None, True
    if after:
        values = _decode(queryset, order, after)
    elif before:
        values, forward = _decode(queryset, order, before), False
    rows_qs = queryset
    if values is not None:
        rows_qs = rows_qs.filter(_beyond(order, values, forward=forward))
    flipped = [name[1:] if name.startswith("-") else f"-{name}" for name in order]
    walk = order if forward else flipped
    # The page's ids first, in a subquery that reads only the order's index (on PostgreSQL an index-only scan
    # when it covers the filter, e.g. awardrecord_lookup_order), then those rows with their joins: one query.
    ids = rows_qs.order_by(*walk).values("pk")[: size + 1]
    rows = list((queryset if fetch is None else fetch).filter(pk__in=ids).order_by(*walk))
    if forward:
        has_beyond = len(rows) > size
        rows = rows[:size]
        has_back = values is not None
    else:
        has_back = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_beyond = True
    if not rows and values is not None:  # a cursor past the end (the rows changed): the first page
        return keyset_page(queryset, order, {}, size=size, fetch=fetch)
    if values is None and not has_beyond:
        count, more = len(rows), False  # the first page holds every row: no count to ask (a name looked up)
    else:
        count, more = capped_count(queryset)

    def cursor_of(row) -> str:
        return _encode([getattr(row, name.lstrip("-")) for name in order])

    return KeysetPage(
        object_list=rows,
        count=count,
        more=more,
        next_cursor=cursor_of(rows[-1]) if rows and has_beyond else None,
        previous_cursor=cursor_of(rows[0]) if rows and has_back else None,
        size=size,
        first=not has_back,
    )
