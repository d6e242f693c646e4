"""``{% navbar %}``: the main menu of every page, kept per user and active entry until the next write.

Its entries and the user's name, roles and unit change only by a write, and they cost more than half of an
empty page (menu, unit query, a few hundred template lookups): they are rendered once and kept in
``thiduakt.write_cache``. The unread notifications' badge is kept apart, until the next write of the
notifications (which come all day: one must not make the whole menu stale), and read after the menu, so that
the menu is never taken for read from them. The logout form's CSRF field is not kept: it is put in at each
page, from the request.
"""

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from thiduakt import write_cache

register = template.Library()

CSRF_SLOT = "thiduakt-navbar-csrf-slot"  # where the CSRF field goes; plain text, never escaped
BADGE_SLOT = "thiduakt-navbar-badge-slot"  # where the unread notifications' badge goes


def badge(unread: int) -> str:
    """The menu's badge of ``unread`` notifications ("" for none; "99+" beyond 99)."""
    if not unread:
        return ""
    label = ngettext("%(n)s thông báo chưa đọc", "%(n)s thông báo chưa đọc", unread) % {"n": unread}
    return format_html(
        '<span class="badge rounded-pill text-bg-warning" data-testid="unread-count">{}</span>\n'
        '            <span class="visually-hidden">{}</span>',
        "99+" if unread > 99 else unread,
        label,
    )


@register.simple_tag(takes_context=True)
def navbar(context):
    request, user = context["request"], context["user"]
    items = context.get("nav_items", [])

    def build() -> str:
        return render_to_string(
            "thiduakt/_navbar.html",
            {"user": user, "nav_items": items, "csrf_slot": CSRF_SLOT, "badge_slot": BADGE_SLOT},
        )

    def unread() -> str:
        count = context.get("unread_notifications", 0)
        return badge(count() if callable(count) else count)

    if not user.is_authenticated:
        return mark_safe(build().replace(BADGE_SLOT, ""))  # the brand alone  # noqa: S308 -- our own template's output
    active = next((item["url"] for item in items if item["active"]), "")
    html = write_cache.until_write(f"navbar:{user.pk}:{active}", build)
    # after the menu (see above); alone: it depends on nothing else the page read
    unread_badge = write_cache.until_write(f"navbar-badge:{user.pk}", unread, alone=True)
    field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    # our own template's output, an escaped field and our own badge
    return mark_safe(html.replace(CSRF_SLOT, field).replace(BADGE_SLOT, unread_badge))  # noqa: S308
