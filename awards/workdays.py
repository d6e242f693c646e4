"""The working-day clock: weekends and the public holidays held as data (``Holiday``) do not count."""

from datetime import date, timedelta

from awards.models import Holiday


def _holidays(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the day of receipt itself does not count)."""
    # Generous window for holidays: at most ~20 holiday days a year.
    holidays = _holidays(start, start + timedelta(days=days * 2 + 40))
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            counted += 1
    return current


def holidays_around(day: date, days: int = 120) -> set[date]:
    """The holidays within ``days`` of ``day``: load once for a whole list."""
    return _holidays(day - timedelta(days=days), day + timedelta(days=days))


def working_days_between(start: date, end: date, holidays: set[date] | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is before).

    Counted by arithmetic (whole weeks, then the remaining days), so a dossier
    overdue by years costs no more than one due tomorrow.
    """
    if end < start:
        return -working_days_between(end, start, holidays)
    if holidays is None:
        holidays = _holidays(start, end)
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    weekdays = weeks * 5 + sum(1 for n in range(1, rest + 1) if (start.weekday() + n) % 7 < 5)
    return weekdays - sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
