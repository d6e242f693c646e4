"""The dated catalogue data the other services compute with: working-day limits, reward money, deadlines.

Each lookup takes the day it judges by and reads the row in force on it, so a decision, a dossier or a
report of an earlier date keeps the values of its own date.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from awards.models import (
    Award,
    BaseSalary,
    Dossier,
    ProcessingRule,
    RecipientKind,
    RewardCoefficient,
    SubmissionDeadline,
)
from thiduakt.services import DomainError

# NĐ 152/2025 Điều 49 khoản 2 (the same sentence in NĐ 98/2023): "Tiền thưởng sau khi nhân với hệ số mức
# lương cơ sở được làm tròn số lên hàng chục nghìn đồng tiền Việt Nam."
ROUNDING_UNIT = 10_000


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------
# Working-day limits
# ---------------------------------------------------------------------------


def processing_rule_on(day: date) -> ProcessingRule:
    """The working days staff have, in force on ``day`` (the model's defaults when none is recorded)."""
    rule = ProcessingRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return rule or ProcessingRule()


class ProcessingRules:
    """Every processing rule, read once: the one in force on any day (for a report over many dossiers)."""

    def __init__(self):
        self.rules = list(ProcessingRule.objects.order_by("valid_from"))

    def on(self, day: date) -> ProcessingRule:
        in_force = [rule for rule in self.rules if rule.valid_from <= day]
        return in_force[-1] if in_force else ProcessingRule()

    def appraisal_days_between(self, start: date, end: date) -> list[int]:
        """The appraisal limits in force at some point from ``start`` to ``end``, in the order they applied."""
        days = [self.on(start).appraisal_working_days]
        for rule in self.rules:
            if start < rule.valid_from <= end and rule.appraisal_working_days != days[-1]:
                days.append(rule.appraisal_working_days)
        return days


# ---------------------------------------------------------------------------
# Reward money
# ---------------------------------------------------------------------------


def base_salary_on(day: date) -> int:
    """The base salary in force on ``day`` (dated data, e.g. 2,530,000 VND from 1/7/2026)."""
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if salary is None:
        raise DomainError(_("Chưa có mức lương cơ sở áp dụng cho ngày %(d)s.") % {"d": _day(day)})
    return salary.amount


def coefficient_on(award: Award, recipient_kind: str, day: date) -> RewardCoefficient | None:
    """The coefficient row of ``award`` for ``recipient_kind`` in force on ``day`` (None when none is)."""
    return (
        RewardCoefficient.objects.filter(award=award, recipient_kind=recipient_kind, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def round_up_reward(raw: Decimal) -> int:
    """Rounded UP to the next multiple of 10 000 đ, never down (3 795 000 → 3 800 000; 3 510 000 stays)."""
    units = (Decimal(raw) / ROUNDING_UNIT).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * ROUNDING_UNIT


@dataclass(frozen=True)
class Reward:
    coefficient: Decimal
    base_salary: int
    amount: int
    legal_basis: str


def reward_on(award: Award, recipient_kind: str, on_date: date) -> Reward:
    """The reward of ``award`` for a recipient of ``recipient_kind`` decided on ``on_date``.

    Coefficient of that date × base salary of that date (NĐ 152/2025 Điều 49 khoản 1: the base salary in
    force when the decision is issued), rounded up once to the next 10 000 đ (khoản 2). A household's
    coefficient already holds its 1,5 factor, so the product is rounded once. Refused, in Vietnamese, when
    the catalogue has no coefficient or no base salary for that date.
    """
    row = coefficient_on(award, recipient_kind, on_date)
    if row is None:
        raise DomainError(
            _("Chưa có hệ số tiền thưởng %(award)s cho %(kind)s áp dụng ngày %(d)s (danh mục hệ số tiền thưởng).")
            % {"award": award.name, "kind": RecipientKind(recipient_kind).label.lower(), "d": _day(on_date)}
        )
    base = base_salary_on(on_date)
    return Reward(
        coefficient=row.coefficient,
        base_salary=base,
        amount=round_up_reward(row.coefficient * base),
        legal_basis=row.legal_basis,
    )


def reward_amount(award: Award, recipient_kind: str, on_date: date) -> int:
    """The amount in đồng of ``reward_on`` (BKT, individual, 01/07/2026: 1,5 × 2 530 000 = 3 795 000 → 3 800 000)."""
    return reward_on(award, recipient_kind, on_date).amount


# ---------------------------------------------------------------------------
# Submission deadlines
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """The deadline a dossier (or a submission to central level) is judged by."""

    day: date
    inclusive: bool
    rule: SubmissionDeadline

    def is_late(self, sent_on: date) -> bool:
        """ "chậm nhất vào ngày" keeps the day itself on time; "trước ngày" does not."""
        return sent_on > self.day or (sent_on == self.day and not self.inclusive)


def _latest_in_force(candidates: list[tuple[SubmissionDeadline, date]]) -> Deadline | None:
    """Of the rules and the deadline each gives, the newest rule in force on its own deadline day."""
    valid = [(rule, day) for rule, day in candidates if rule.is_valid_on(day)]
    if not valid:
        return None
    rule, day = max(valid, key=lambda pair: pair[0].valid_from)
    return Deadline(day=day, inclusive=rule.inclusive, rule=rule)


def _campaign_review_day(dossier: Dossier, sent_on: date) -> date | None:
    """The review the dossier is for: the campaign's next planned review (sơ kết, tổng kết) on or after
    ``sent_on``; when both are past, the last one. None without a campaign or its planned dates."""
    campaign = dossier.campaign
    if campaign is None:
        return None
    planned = sorted(day for day in (campaign.interim_review_on, campaign.final_review_on) if day)
    if not planned:
        return None
    upcoming = [day for day in planned if day >= sent_on]
    return upcoming[0] if upcoming else planned[-1]


def submission_deadline(dossier: Dossier, sent_on: date) -> Deadline | None:
    """The deadline of the dossier's round, held as ``SubmissionDeadline`` rows.

    Yearly and cluster rounds: the fixed day of the dossier's year. Campaign rounds: the given number of
    days before the review. Sudden awards have none (exempt). A rule counts when it is in force on the
    deadline it gives: a regulation does not set the deadline of a round that closed before it.
    """
    K = Dossier.RoundKind
    if dossier.round_kind in (K.YEARLY, K.CLUSTER):
        rules = SubmissionDeadline.objects.filter(kind=SubmissionDeadline.Kind.YEARLY)
        return _latest_in_force([(rule, rule.deadline_in(dossier.year)) for rule in rules])
    if dossier.round_kind == K.CAMPAIGN:
        review_day = _campaign_review_day(dossier, sent_on)
        if review_day is None:
            return None
        rules = SubmissionDeadline.objects.filter(kind=SubmissionDeadline.Kind.CAMPAIGN_REVIEW)
        return _latest_in_force([(rule, rule.deadline_before(review_day)) for rule in rules])
    return None


def central_deadline(award: Award, year: int) -> Deadline | None:
    """By when the province must submit ``award`` for the achievements of ``year`` to central level."""
    rules = SubmissionDeadline.objects.filter(kind=SubmissionDeadline.Kind.CENTRAL, award=award)
    return _latest_in_force([(rule, rule.deadline_in(year)) for rule in rules])
