"""The unit registry in templates: the issuer of a document by its date, and closed units marked as such.

{% load registry %}
{% issuer_as_of meeting.date as issuer %}{{ issuer.short_header }} … {{ meeting.date|vn_long_date:issuer.place }}
{{ membership.unit|unit_label }}   → "Ủy ban nhân dân huyện Châu Thành (đã sáp nhập vào …)"
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

from thiduakt import selectors

register = template.Library()


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value or None


@register.simple_tag
def issuer_as_of(day=None):
    """The province-level body in force on ``day`` (a date or datetime; today when empty), or None."""
    return selectors.issuer_as_of(_day(day))


@register.filter
def unit_label(unit) -> str:
    """The unit's name, followed by "(đã sáp nhập vào …)" or "(ngừng hoạt động từ …)" when it is closed."""
    return selectors.unit_label(unit) if unit else ""


@register.filter
def closure_note(unit) -> str:
    """Only the note: "đã sáp nhập vào …", "ngừng hoạt động từ …", or "" for a unit in force."""
    return selectors.unit_closure_note(unit) if unit else ""


@register.filter
def in_words_of(text, issuer) -> str:
    """ "Cờ thi đua của UBND tỉnh" as ``issuer`` writes it ("… thành phố" for Cần Thơ); unchanged without one."""
    return issuer.reword(str(text)) if issuer else text
