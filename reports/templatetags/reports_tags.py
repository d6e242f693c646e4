"""Template helpers for reports and official documents."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import template

from reports import charts
from thiduakt.forms import format_number

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
    """A figure the Vietnamese way through ``thiduakt.forms.format_number``: 12345 → "12.345",
    Decimal("72.50") → "72,5", 50000.00 → "50.000"; at most two decimals; ``empty`` (default "—") for None.

    Text is shown as it is. Years are not figures: write them with ``{{ year }}``.
    """
    if value is None or value == "":
        return empty
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else value
        if not number.is_finite():
            return str(value)
        if number.as_tuple().exponent < -2:
            number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        value = number
    return format_number(value)
