from django import template

from clusters.selectors import points_text

register = template.Library()


@register.filter
def points(value):
    """Points the Vietnamese way: 10, 9,5 (never 10.00)."""
    return points_text(value)
