"""``{% navbar %}``: the main menu of every page, kept per user and active entry until the next write.

Its entries, the unread notifications' badge and the user's name, roles and unit change only by a write, and
they cost more than half of an empty page (menu, badge query, unit query, a few hundred template lookups):
they are rendered once and kept in ``thiduakt.write_cache``. The logout form's CSRF field is not kept: it is
put in at each page, from the request.
"""

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from thiduakt import write_cache

register = template.Library()

CSRF_SLOT = "thiduakt-navbar-csrf-slot"  # where the CSRF field goes; plain text, never escaped


@register.simple_tag(takes_context=True)
def navbar(context):
    request, user = context["request"], context["user"]
    items = context.get("nav_items", [])

    def build() -> str:
        unread = context.get("unread_notifications", 0)
        return render_to_string(
            "thiduakt/_navbar.html",
            {
                "user": user,
                "nav_items": items,
                "unread": unread() if callable(unread) else unread,
                "csrf_slot": CSRF_SLOT,
            },
        )

    if not user.is_authenticated:
        return mark_safe(build())  # the brand alone  # noqa: S308 -- our own template's output
    active = next((item["url"] for item in items if item["active"]), "")
    html = write_cache.until_write(f"navbar:{user.pk}:{active}", build)
    field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    return mark_safe(html.replace(CSRF_SLOT, field))  # noqa: S308 -- our own template's output and an escaped field
