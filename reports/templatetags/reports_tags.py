"""Template helpers for reports and official documents."""

from datetime import date

from django import template

from reports import charts
from thiduakt.forms import figure

register = template.Library()


@register.filter
def vn_long_date(value: date | None, place: str = "") -> str:
    """ "Hậu Giang, ngày 20 tháng 01 năm 2024" in the way NĐ 30/2020 writes dates.

    Days below 10 and the months 1 and 2 take a leading zero (so that nobody
    can add a digit in front of them); other months do not: "ngày 05 tháng 3".
    Without a date, the blanks are left for the signer to fill in by hand.
    """
    if value is None:
        text = "ngày      tháng      năm 20   "
    else:
        day = f"{value.day:02d}"
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
        text = f"ngày {day} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text


@register.simple_tag(takes_context=True)
def chart(context, spec: dict):
    """Draw a chart spec (see ``reports.charts.render``); in a PDF the styles travel inside the SVG."""
    return charts.render(spec, embed_css=bool(context.get("for_pdf")))


@register.filter
def vn_number(value, empty: str = "—") -> str:
    """A figure the Vietnamese way (``thiduakt.forms.figure``): 12345 → "12.345", Decimal("72.50") → "72,5";
    ``empty`` (default "—") for None. Years are not figures: write them with ``{{ year }}``."""
    return figure(value, empty)
