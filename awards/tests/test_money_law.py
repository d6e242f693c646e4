"""Reward money by the law: dated coefficients per award × kind of recipient and decree, the base salary of the
decision's date, rounding up to 10 000 đ (docs/awards-law.md "## Tiền thưởng"; docs/law-money-documents.md §1)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from awards import reference
from awards.models import Award, DecisionRecipient, Nomination, RewardCoefficient
from awards.services import (
    coefficient_on,
    decision_create_draft,
    decision_sign,
    decision_update,
    reward_amount,
    reward_on,
    round_up_reward,
)
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from thiduakt.services import DomainError
from thiduakt.tests.factories import OrgUnitFactory, StaffFactory

pytestmark = pytest.mark.django_db

ND98_DAY, ND152_DAY = date(2025, 6, 30), date(2025, 7, 1)
# NĐ 98/2023 Điều 54 = NĐ 152/2025 Điều 50 (titles), Điều 55 = Điều 51 (orders): the same under both.
SAME_UNDER_BOTH = [
    ("LDTT", "individual", "0.3"),
    ("CSTDCS", "individual", "1.0"),
    ("CSTDT", "individual", "3.0"),
    ("CSTDTQ", "individual", "4.5"),
    ("TTLDTT", "collective", "0.8"),
    ("TTLDXS", "collective", "1.5"),
    ("CTDT", "collective", "8.0"),
    ("CTDCP", "collective", "12.0"),
    ("HCLD3", "individual", "4.5"),
    ("HCLD3", "collective", "9.0"),
]
# NĐ 98/2023 Điều 58 / NĐ 152/2025 Điều 54: where the decrees differ.
BY_DECREE = [
    ("BKT", "individual", "1.0", "1.5"),
    ("BKT", "collective", "2.0", "3.0"),
    ("BKT", "household", "1.0", "2.25"),
    ("BKTTG", "individual", "3.5", "3.5"),
    ("BKTTG", "collective", "7.0", "7.0"),
    ("BKTTG", "household", "3.5", "5.25"),
    ("GK", "individual", "0.3", "0.3"),
    ("GK", "collective", "0.6", "0.6"),
    ("GK", "household", "0.3", "0.45"),
]


def _draft(*nominations):
    staff = StaffFactory()
    decision = decision_create_draft(award=award("BKT"), nominations=list(nominations), by=staff)
    decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
    return staff, decision


def _coefficient(code, kind, day) -> Decimal:
    return coefficient_on(award(code), kind, day).coefficient


@pytest.mark.parametrize(("code", "kind", "value"), SAME_UNDER_BOTH)
def test_titles_and_orders_pay_the_same_under_both_decrees(code, kind, value):
    assert _coefficient(code, kind, ND98_DAY) == Decimal(value)
    assert _coefficient(code, kind, ND152_DAY) == Decimal(value)


@pytest.mark.parametrize(("code", "kind", "nd98", "nd152"), BY_DECREE)
def test_commendations_switch_decree_on_1_july_2025(code, kind, nd98, nd152):
    assert _coefficient(code, kind, ND98_DAY) == Decimal(nd98)
    assert _coefficient(code, kind, ND152_DAY) == Decimal(nd152)


def test_the_values_known_wrong_before_are_the_law_now():
    # Cờ thi đua tỉnh was 4.5 (law 8,0); Bằng khen TTg 2.5/5.0 (law 3,5/7,0); households paid the collective 3.0.
    assert _coefficient("CTDT", "collective", ND152_DAY) == Decimal("8.0")
    assert (_coefficient("BKTTG", "individual", ND152_DAY), _coefficient("BKTTG", "collective", ND152_DAY)) == (
        Decimal("3.5"),
        Decimal("7.0"),
    )
    assert _coefficient("BKT", "household", ND152_DAY) == Decimal("2.25")  # 1,5 × the individual 1,5


def test_each_row_cites_its_decree_and_article():
    row = coefficient_on(award("BKT"), "individual", ND152_DAY)
    assert row.legal_basis == "Nghị định số 152/2025/NĐ-CP, Điều 54 khoản 1 điểm b"
    assert (row.valid_from, row.valid_to) == (ND152_DAY, None)
    old = coefficient_on(award("CTDT"), "collective", ND98_DAY)
    assert old.legal_basis == "Nghị định số 98/2023/NĐ-CP, Điều 54 khoản 2 điểm e"
    assert (old.valid_from, old.valid_to) == (date(2024, 1, 1), ND98_DAY)
    assert RewardCoefficient.objects.count() == len(reference.COEFFICIENTS) == 2 * len(reference.COEFFICIENT_TABLE)


def test_no_row_for_a_kind_the_award_is_not_given_to():
    assert coefficient_on(award("LDTT"), "collective", ND152_DAY) is None
    with pytest.raises(DomainError) as err:
        reward_on(award("LDTT"), "collective", ND152_DAY)
    assert str(err.value) == (
        "Chưa có hệ số tiền thưởng Lao động tiên tiến cho tập thể áp dụng ngày 01/07/2025 (danh mục hệ số tiền thưởng)."
    )


def test_the_award_keeps_no_undated_coefficient():
    names = {field.name for field in Award._meta.get_fields()}
    assert not names & {"reward_coefficient_individual", "reward_coefficient_collective"}


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        (Decimal("3795000"), 3_800_000),  # BKT 1,5 × 2 530 000
        (Decimal("702000"), 710_000),  # LĐTT 0,3 × 2 340 000
        (Decimal("1872000"), 1_880_000),  # TTLĐTT 0,8 × 2 340 000
        (Decimal("223500"), 230_000),  # up, never down
        (Decimal("3510000"), 3_510_000),  # already a multiple of 10 000
        (Decimal("3510000.01"), 3_520_000),
    ],
)
def test_rounding_is_up_to_the_next_ten_thousand(raw, rounded):
    assert round_up_reward(raw) == rounded


def test_reward_amount_is_coefficient_and_base_salary_of_the_date_rounded_up():
    bkt = award("BKT")
    assert reward_amount(bkt, "individual", date(2026, 7, 1)) == 3_800_000  # 1,5 × 2 530 000 = 3 795 000
    assert reward_amount(bkt, "individual", date(2026, 6, 30)) == 3_510_000  # 1,5 × 2 340 000
    assert reward_amount(bkt, "individual", ND98_DAY) == 2_340_000  # NĐ 98: 1,0 × 2 340 000
    assert reward_amount(bkt, "household", date(2026, 7, 1)) == 5_700_000  # 2,25 × 2 530 000 = 5 692 500
    assert reward_amount(award("LDTT"), "individual", date(2025, 7, 1)) == 710_000
    reward = reward_on(bkt, "collective", date(2026, 7, 1))
    assert (reward.coefficient, reward.base_salary, reward.amount) == (Decimal("3.00"), 2_530_000, 7_590_000)


def test_signing_pays_each_kind_its_own_rate_of_the_decision_date():
    person = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    household = ready_nomination(
        "BKT",
        status=Nomination.Status.READY_FOR_DECISION,
        nominee_kind="household",
        person=None,
        household_name="Hộ bà Huỳnh Thị Hạnh",
    )
    staff, decision = _draft(person, household)
    # The draft shows today's coefficients; the signing takes those of its own date.
    assert set(decision.recipients.values_list("recipient_kind", "coefficient")) == {
        ("individual", Decimal("1.50")),
        ("household", Decimal("2.25")),
    }
    decision_sign(decision=decision, by=staff, decision_date=date(2026, 7, 1))
    lines = set(DecisionRecipient.objects.filter(decision=decision).values_list("recipient_kind", "reward_amount"))
    assert lines == {("individual", 3_800_000), ("household", 5_700_000)}  # not the collective 7 590 000


def test_signing_under_nd98_takes_the_nd98_coefficient():
    unit = ready_nomination(
        "BKT",
        status=Nomination.Status.READY_FOR_DECISION,
        nominee_kind="collective",
        person=None,
        unit=OrgUnitFactory(),
    )
    staff, decision = _draft(unit)
    decision_sign(decision=decision, by=staff, decision_date=ND98_DAY)
    line = DecisionRecipient.objects.get(decision=decision)
    assert (line.coefficient, line.reward_amount) == (Decimal("2.00"), 4_680_000)  # 2,0 × 2 340 000


def test_signing_without_a_coefficient_is_refused_and_nothing_is_signed():
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    staff, decision = _draft(nominee)
    RewardCoefficient.objects.filter(award__code="BKT", recipient_kind="individual").delete()
    with pytest.raises(DomainError, match="Chưa có hệ số tiền thưởng Bằng khen"):
        decision_sign(decision=decision, by=staff, decision_date=date(2026, 7, 1))
    decision.refresh_from_db()
    nominee.refresh_from_db()
    assert (decision.status, decision.number, nominee.status) == ("draft", None, "ready_for_decision")


def test_the_law_sections_name_only_tests_that_exist():
    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "awards-law.md").read_text()
    sections = [
        text[text.index(f"## {name}") :].split("\n## ", 1)[0] for name in ("Tiền thưởng", "Thời hạn", "Hội đồng")
    ]
    named = set(re.findall(r"`(test_\w+)`", "\n".join(sections)))
    tests = set()
    for path in (root / "awards" / "tests").glob("test_*.py"):
        tests |= set(re.findall(r"^def (test_\w+)", path.read_text(), flags=re.MULTILINE))
    assert len(named) > 30
    assert named - tests == set()
