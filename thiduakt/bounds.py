"""Checks of meaning for dates and numbers: against the dates they must follow or precede, and their range.

A date is checked against its neighbours, not only its format: a campaign review
is not before the campaign starts, a letter not after today, a flag handover
not for a year that has not begun. Each check returns a Vietnamese message or
``None``, so that a form (``check_date``/``check_number`` add the message to the
field) and a service (``ensure_date``/``ensure_number`` raise ``DomainError``)
say the same thing.

Bounds are given as ``(value, label)`` pairs — ``(campaign.start_date, "ngày bắt
đầu phong trào")`` — and a bound that is ``None`` is skipped, so callers can pass
what they know without conditions. Dates compare inclusively: "from the start
date on" and "no later than the end date".
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from thiduakt.forms import format_number
from thiduakt.services import DomainError

Bound = tuple[object, str]


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _number(value) -> str:
    return format_number(value)


def _pairs(bounds) -> list[Bound]:
    if bounds is None:
        return []
    if isinstance(bounds, tuple) and len(bounds) == 2 and not isinstance(bounds[0], tuple | list):
        return [bounds]  # one (value, label) pair; the label may be a lazy translation
    return list(bounds)


def date_problem(
    value: date | None,
    *,
    after: Bound | Iterable[Bound] = (),
    before: Bound | Iterable[Bound] = (),
    not_future: bool = False,
    today: date | None = None,
) -> str | None:
    """Why ``value`` cannot be: before a date it must follow, after one it must precede, or in the future."""
    if value is None:
        return None
    if not_future:
        today = today or timezone.localdate()
        if value > today:
            return _("Ngày %(value)s chưa đến: không được sau hôm nay (%(today)s).") % {
                "value": _day(value),
                "today": _day(today),
            }
    for bound, label in _pairs(after):
        if bound is not None and value < bound:
            return _("Ngày %(value)s sớm hơn %(label)s (%(bound)s): phải từ %(bound)s trở đi.") % {
                "value": _day(value),
                "label": label,
                "bound": _day(bound),
            }
    for bound, label in _pairs(before):
        if bound is not None and value > bound:
            return _("Ngày %(value)s muộn hơn %(label)s (%(bound)s): không được sau %(bound)s.") % {
                "value": _day(value),
                "label": label,
                "bound": _day(bound),
            }
    return None


def number_problem(
    value,
    *,
    low: Bound | None = None,
    high: Bound | None = None,
    year: bool = False,
) -> str | None:
    """Why ``value`` is out of its range; ``year`` writes bounds as years (2026, not 2.026)."""
    if value is None or value == "":
        return None
    show = str if year else _number
    if low is not None and low[0] is not None and Decimal(value) < Decimal(low[0]):
        return _("%(value)s nhỏ hơn %(label)s (%(bound)s).") % {
            "value": show(value),
            "label": low[1],
            "bound": show(low[0]),
        }
    if high is not None and high[0] is not None and Decimal(value) > Decimal(high[0]):
        return _("%(value)s lớn hơn %(label)s (%(bound)s).") % {
            "value": show(value),
            "label": high[1],
            "bound": show(high[0]),
        }
    return None


def year_problem(value: int | None, *, low: int | None = None, high: int | None = None) -> str | None:
    """A year within [low, high], said as a range ("phải trong khoảng 2020 – 2027")."""
    if value is None:
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            return _("Năm %(value)s không hợp lệ: phải trong khoảng %(low)s – %(high)s.") % {
                "value": value,
                "low": low,
                "high": high,
            }
        if low is not None:
            return _("Năm %(value)s không hợp lệ: phải từ %(low)s trở đi.") % {"value": value, "low": low}
        return _("Năm %(value)s không hợp lệ: không được sau %(high)s.") % {"value": value, "high": high}
    return None


def _add(form, field: str, problem: str | None) -> bool:
    if problem is None:
        return True
    form.add_error(field if field in form.fields else None, problem)
    return False


def check_date(form, field: str, **bounds) -> bool:
    """In a form's ``clean``: add the date's problem to ``field``; True when the date holds."""
    return _add(form, field, date_problem(form.cleaned_data.get(field), **bounds))


def check_number(form, field: str, **bounds) -> bool:
    return _add(form, field, number_problem(form.cleaned_data.get(field), **bounds))


def check_year(form, field: str, **bounds) -> bool:
    return _add(form, field, year_problem(form.cleaned_data.get(field), **bounds))


def ensure_date(value: date | None, **bounds) -> None:
    """In a service: refuse an impossible date with the same message a form gives."""
    if problem := date_problem(value, **bounds):
        raise DomainError(problem)


def ensure_number(value, **bounds) -> None:
    if problem := number_problem(value, **bounds):
        raise DomainError(problem)


def ensure_year(value: int | None, **bounds) -> None:
    if problem := year_problem(value, **bounds):
        raise DomainError(problem)


def current_year() -> int:
    return timezone.localdate().year
