"""The dated catalogue data the other services compute with: working-day deadlines and reward money."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from awards.models import BaseSalary, ProcessingRule
from thiduakt.services import DomainError


def processing_rule_on(day: date) -> ProcessingRule:
    """The working days staff have, in force on ``day`` (20 to appraise, 5 to return when none is recorded)."""
    rule = ProcessingRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return rule or ProcessingRule(appraisal_working_days=20, return_working_days=5)


def base_salary_on(day: date) -> int:
    """The base salary in force on ``day`` (dated data, e.g. 2,530,000 VND from 1/7/2026)."""
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if salary is None:
        raise DomainError(_("Chưa có mức lương cơ sở áp dụng cho ngày %(d)s.") % {"d": day.strftime("%d/%m/%Y")})
    return salary.amount


def reward_amount(coefficient: Decimal, base: int) -> int:
    """Coefficient × base salary, rounded to the đồng (1.5 × 2,340,000 = 3,510,000)."""
    return int((Decimal(coefficient) * Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
