import random
from datetime import date, timedelta

from awards.workdays import is_working_day, working_days_between


def _counted_one_by_one(start, end, holidays):
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    days = (end - start).days
    return sign * sum(1 for n in range(1, days + 1) if is_working_day(start + timedelta(days=n), holidays))


def test_working_days_between_agrees_with_counting_day_by_day():
    rng = random.Random(2026)
    holidays = {date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1), date(2025, 9, 2)}
    holidays |= {date(2025, 5, 3)}  # a holiday on a Saturday counts once, as a weekend day
    for _ in range(500):
        start = date(2024, 11, 1) + timedelta(days=rng.randrange(500))
        end = start + timedelta(days=rng.randrange(-400, 400))
        assert working_days_between(start, end, holidays) == _counted_one_by_one(start, end, holidays)
    assert working_days_between(date(2025, 4, 28), date(2025, 5, 5), holidays) == 3  # 29/4, 2/5, 5/5
