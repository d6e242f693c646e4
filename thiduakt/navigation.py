"""The role-aware main menu and dashboard cards.

Menu entries name a URL; an entry whose URL does not exist yet (its app has
no screen yet) is left out rather than shown as a dead link.
"""

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
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


def menu_for(user, current_path: str = "") -> list[dict]:
    """The entries of the user's roles; the one whose URL is the longest prefix of ``current_path`` is active
    (the council's pages under /khen-thuong/hoi-dong/ light "Hội đồng", not also "Hồ sơ khen thưởng")."""
    roles = set(user.roles)
    items = []
    for entry in MENU:
        if not roles & entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
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


def dashboard_charts(user) -> list[dict]:
    """Collect charts from the apps' ``dashboard.py`` that have a ``charts(user)`` function.

    A chart is ``{"title", "svg" (safe markup), "url", "has_data", "empty"}``.
    """
    return [chart for module in _dashboard_modules() if hasattr(module, "charts") for chart in module.charts(user)]
