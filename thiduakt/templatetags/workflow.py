"""``{% status_badge obj %}``: the one way a status is shown, in its enum's colour."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)
def _badge(flow, value: str, testid: str, language: str):
    """The badge's markup, built once per status, test id and language (a list shows the same few)."""
    label = flow(value).label
    if testid:
        return format_html(
            '<span class="badge text-bg-{}" data-testid="{}">{}</span>', flow.badge_of(value), testid, label
        )
    return format_html('<span class="badge text-bg-{}">{}</span>', flow.badge_of(value), label)


@register.simple_tag
def status_badge(obj, field: str = "status", testid: str = ""):
    """A Bootstrap badge for ``obj.<field>``, labelled and coloured by the field's ``StatusChoices``."""
    # "scoring_status" → ScoringStatus; "stage" → Stage; else the model's Status.
    enum_name = "".join(part.capitalize() for part in field.split("_"))
    flow = getattr(type(obj), enum_name, None) or type(obj).Status
    return _badge(flow, str(getattr(obj, field)), testid, get_language())
