"""The role-aware main menu, the dashboard cards and the home inbox.

Menu entries name a URL; an entry whose URL does not exist yet (its app has
no screen yet) is left out rather than shown as a dead link.
"""

import importlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.apps import apps
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

STAFF, OFFICER, COUNCIL, ADMIN = "staff", "officer", "council", "admin"


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str
    roles: frozenset
    short: str = ""  # shown from 1200 px up, where the whole menu is on one line


MENU = [
    MenuEntry(_("Phong trào"), "campaigns:list", "flag", frozenset({STAFF, OFFICER})),
    MenuEntry(_("Cụm/Khối"), "clusters:list", "diagram-3", frozenset({STAFF, OFFICER})),
    MenuEntry(
        _("Hồ sơ khen thưởng"), "awards:dossier_list", "folder2-open", frozenset({STAFF, OFFICER}), short=_("Hồ sơ KT")
    ),
    MenuEntry(
        _("Căn cứ xét khen thưởng"),
        "awards:evidence_index",
        "clipboard-check",
        frozenset({STAFF}),
        short=_("Căn cứ xét KT"),
    ),
    MenuEntry(_("Hội đồng"), "awards:meeting_list", "people", frozenset({STAFF, COUNCIL})),
    MenuEntry(_("Quyết định"), "awards:decision_list", "file-earmark-text", frozenset({STAFF})),
    MenuEntry(_("Điển hình tiên tiến"), "exemplars:list", "star", frozenset({STAFF, OFFICER}), short=_("Điển hình")),
    MenuEntry(_("Báo cáo"), "reports:list", "bar-chart", frozenset({STAFF, OFFICER})),
    MenuEntry(_("Công việc nền"), "job_list", "hourglass-split", frozenset({STAFF, OFFICER, COUNCIL, ADMIN})),
    MenuEntry(_("Quản trị"), "admin:index", "gear", frozenset({ADMIN})),
]


@lru_cache(maxsize=256)
def _entry_url(url_name: str, script_prefix: str) -> str | None:
    """An entry's URL, reversed once per deployment prefix (the menu is on every page); None while its app
    has no such screen."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def menu_for(user, current_path: str = "") -> list[dict]:
    """The entries of the user's roles; the one whose URL is the longest prefix of ``current_path`` is active
    (the council's pages under /khen-thuong/hoi-dong/ light "Hội đồng", not also "Hồ sơ khen thưởng")."""
    roles = set(user.roles)
    items = []
    for entry in MENU:
        if not roles & entry.roles:
            continue
        url = _entry_url(entry.url_name, get_script_prefix())
        if url is None:
            continue
        items.append(
            {"label": entry.label, "short": entry.short or entry.label, "url": url, "icon": entry.icon, "active": False}
        )
    matching = [item for item in items if item["url"] != "/" and current_path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return items


@dataclass
class Card:
    """A figure on a dashboard, linking to the list behind it."""

    title: str
    value: object
    url: str = ""
    icon: str = "circle"
    note: str = ""


def _dashboard_modules():
    """Every app's ``dashboard.py``, in app order."""
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise


def dashboard_cards(user) -> list[Card]:
    """Collect cards from every app's ``dashboard.py`` (a ``cards(user)`` function)."""
    return [card for module in _dashboard_modules() for card in module.cards(user)]


def dashboard_live_cards(user) -> list[Card]:
    """Cards from the apps' ``dashboard.py`` that have a ``live_cards(user)`` function: figures that change all day
    (a user's jobs and notifications), kept apart from the others (``thiduakt.views.home``)."""
    modules = [module for module in _dashboard_modules() if hasattr(module, "live_cards")]
    return [card for module in modules for card in module.live_cards(user)]


def dashboard_charts(user) -> list[dict]:
    """Collect charts from the apps' ``dashboard.py`` that have a ``charts(user)`` function.

    A chart is ``{"title", "svg" (safe markup), "url", "has_data", "empty"}``.
    """
    return [chart for module in _dashboard_modules() if hasattr(module, "charts") for chart in module.charts(user)]


# ---------------------------------------------------------------------------
# The home inbox: what needs the user today, with its deadline
# ---------------------------------------------------------------------------

OVERDUE, SOON, NORMAL = "overdue", "soon", "normal"
SOON_DAYS = 3  # due within this many (working or calendar) days: "soon"
INBOX_LIMIT = 10  # items of one kind on the home page; past it, one "see all" line leads to the list


@dataclass
class InboxItem:
    """One thing a user has to do, with its deadline.

    ``days_left`` counts working days when the law counts working days (``working_days``; dossier
    processing, disclosure windows) and calendar days otherwise; negative when overdue. ``severity`` is
    derived from it unless given.
    """

    title: str
    url: str = ""
    due_on: date | None = None
    days_left: int | None = None
    kind: str = ""
    note: str = ""
    working_days: bool = False
    severity: str = ""

    def __post_init__(self):
        if not self.severity:
            if self.days_left is not None and self.days_left < 0:
                self.severity = OVERDUE
            elif self.days_left is not None and self.days_left <= SOON_DAYS:
                self.severity = SOON
            else:
                self.severity = NORMAL

    @property
    def badge(self) -> str:
        """ "Quá hạn 3 ngày làm việc", "Còn 2 ngày", "Đến hạn hôm nay" ("" without a deadline)."""
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return _("Đến hạn hôm nay")
        if self.days_left < 0:
            if self.working_days:
                return _("Quá hạn %(n)s ngày làm việc") % {"n": -self.days_left}
            return _("Quá hạn %(n)s ngày") % {"n": -self.days_left}
        if self.working_days:
            return _("Còn %(n)s ngày làm việc") % {"n": self.days_left}
        return _("Còn %(n)s ngày") % {"n": self.days_left}

    @property
    def badge_colour(self) -> str:
        return {OVERDUE: "danger", SOON: "warning"}.get(self.severity, "secondary")


def calendar_item(*, title: str, due_on: date | None, today: date, **fields) -> InboxItem:
    """An item whose deadline is counted in calendar days."""
    days_left = (due_on - today).days if due_on else None
    return InboxItem(title=title, due_on=due_on, days_left=days_left, **fields)


def capped(rows: list, *, title: str, url: str, kind: str) -> tuple[list, list[InboxItem]]:
    """The first ``INBOX_LIMIT`` of ``rows`` (fetched with one more), and the "see all" line if there were more.

    Returns ``(rows, extra)``: ``extra`` is ``[InboxItem]`` leading to the full list, or ``[]``.
    """
    if len(rows) <= INBOX_LIMIT:
        return rows, []
    return rows[:INBOX_LIMIT], [InboxItem(title=title, url=url, kind=kind)]


def _inbox_order(item: InboxItem):
    return (item.severity != OVERDUE, item.due_on is None, item.due_on or date.max)


def inbox_for(user) -> list[InboxItem]:
    """Collect the apps' ``inbox(user)`` (from their ``dashboard.py``): overdue first, then by due date, then
    the undated ones (each app's order kept among equals)."""
    items = [item for module in _dashboard_modules() if hasattr(module, "inbox") for item in module.inbox(user)]
    return sorted(items, key=_inbox_order)
