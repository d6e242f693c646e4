"""Money and registers for the finance office: the reward payment list of a decision (who, coefficient, base
salary of the decision's date, amount, source of funds) and the certificate register (sổ vàng) of every
certificate by its persistent number. Reads only: the amounts are those ``decision_sign`` wrote on each line
(``awards.services.catalogue.reward_on`` of the decision's date, rounded up to 10 000 đ).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from awards.models import AwardRecord, Decision, RecipientKind
from awards.selectors import grouped_recipients
from awards.services.catalogue import base_salary_on
from thiduakt.selectors import authority_area_type
from thiduakt.services import DomainError

# Who pays and from which fund (docs/awards-law.md "## Tiền thưởng", "Payment list"): the one who decides pays
# from the emulation and commendation fund of the level it manages (Luật Thi đua, khen thưởng 2022 Điều 11
# khoản 4); the decree on the fund is the one in force on the decision's date. Dated rows: (from, to, basis).
FUND_BASES = [
    (
        date(2024, 1, 1),
        date(2025, 6, 30),
        "khoản 4 Điều 11 Luật Thi đua, khen thưởng; Điều 52 Nghị định số 98/2023/NĐ-CP",
    ),
    # [assume] NĐ 152/2025's article on the fund was not read: the decree is cited without its article.
    (date(2025, 7, 1), None, "khoản 4 Điều 11 Luật Thi đua, khen thưởng; Nghị định số 152/2025/NĐ-CP"),
]


def fund_basis_on(day: date) -> str:
    for start, end, basis in FUND_BASES:
        if start <= day and (end is None or day <= end):
            return basis
    return "khoản 4 Điều 11 Luật Thi đua, khen thưởng"


def money_text(amount: int) -> str:
    """3510000 → "3.510.000", -3510000 → "-3.510.000" (figures grouped with ".")."""
    return f"{amount:,}".replace(",", ".")


def coefficient_text(value: Decimal) -> str:
    """Decimal("1.50") → "1,5" (the decimal comma, no trailing zero)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


@dataclass(frozen=True)
class PaymentLine:
    number: int
    kind: str  # "Tập thể", "Cá nhân", "Hộ gia đình"
    recipient: str
    description: str
    coefficient: Decimal
    base_salary: int
    amount: int  # to pay (negative: to recover); a correction pays only the difference
    note: str

    @property
    def amount_text(self) -> str:
        return money_text(self.amount)

    @property
    def coefficient_text(self) -> str:
        return coefficient_text(self.coefficient)


@dataclass(frozen=True)
class PaymentList:
    decision: Decision
    title: str
    reference: str  # "Kèm theo Quyết định số 01/QĐ-UBND ngày 01/07/2025"
    lines: list[PaymentLine]
    base_salary: int
    total: int
    fund: str  # "Quỹ thi đua, khen thưởng của tỉnh Hậu Giang"
    fund_basis: str

    @property
    def total_text(self) -> str:
        return money_text(self.total)

    @property
    def base_salary_text(self) -> str:
        return money_text(self.base_salary)


def _fund(decision: Decision) -> str:
    area_type = authority_area_type(decision.issuer) or "tỉnh"
    return f"Quỹ thi đua, khen thưởng của {area_type} {decision.place}".strip()


def payment_list_check(decision: Decision) -> None:
    """Raise ``DomainError`` when the decision has no payment list (a draft), before any line is read."""
    if decision.is_draft:
        raise DomainError(_("Danh sách chi tiền thưởng chỉ lập cho quyết định đã ký (tiền thưởng tính theo ngày ký)."))


def payment_filename(decision: Decision, extension: str) -> str:
    return f"chi-tien-thuong-QD-{decision.number_display.replace('/', '-')}.{extension}"


def payment_list(decision: Decision) -> PaymentList:
    """The payment list of a signed decision, in the annex's order.

    An award decision pays each line its amount; a correction pays the difference from the line it corrects
    (nothing when the reward is unchanged: never a second payment); a revocation recovers the amount paid
    (negative). A line a later decision revoked or corrected keeps its amount here and says so.
    """
    payment_list_check(decision)
    base = decision.base_salary or base_salary_on(decision.decision_date)
    retired = dict(
        AwardRecord.objects.filter(
            retired_by__isnull=False, pk__in=decision.recipients.values("award_record_id")
        ).values_list("pk", "retired_by__number_display")
    )
    lines = []
    for rank, recipient in enumerate((r for _h, rs in grouped_recipients(decision) for r in rs), start=1):
        old = recipient.replaces
        note = ""
        if decision.purpose == Decision.Purpose.AWARD:
            amount = recipient.reward_amount or 0
            if recipient.award_record_id in retired:
                note = _("Đã được đính chính, hủy bỏ theo Quyết định số %(n)s") % {
                    "n": retired[recipient.award_record_id]
                }
        elif decision.purpose == Decision.Purpose.REVOCATION:
            amount = -((old.reward_amount if old else recipient.reward_amount) or 0)
            note = _("Thu hồi tiền thưởng đã nhận theo Quyết định số %(n)s") % {
                "n": old.decision.number_display if old else "—"
            }
        else:
            if recipient.reward_difference is not None:
                amount = recipient.reward_difference  # set when the amendment was drafted (0 for a name correction)
            else:
                paid = (old.reward_amount if old else 0) or 0
                amount = (recipient.reward_amount or 0) - paid
            note = _("Đã chi theo Quyết định số %(n)s; chỉ chi phần chênh lệch") % {
                "n": old.decision.number_display if old else "—"
            }
        name = f"{recipient.honorific} {recipient.recipient_name}".strip()
        lines.append(
            PaymentLine(
                number=rank,
                kind=str(RecipientKind(recipient.recipient_kind).label),
                recipient=name,
                description=recipient.description,
                coefficient=recipient.coefficient,
                base_salary=base,
                amount=amount,
                note=note,
            )
        )
    return PaymentList(
        decision=decision,
        title=_("DANH SÁCH CHI TIỀN THƯỞNG"),
        reference=_("Kèm theo Quyết định số %(n)s ngày %(d)s")
        % {"n": decision.number_display, "d": decision.decision_date.strftime("%d/%m/%Y")},
        lines=lines,
        base_salary=base,
        total=sum(line.amount for line in lines),
        fund=_fund(decision),
        fund_basis=fund_basis_on(decision.decision_date),
    )


PAYMENT_HEADERS = [
    "TT",
    "Đối tượng",
    "Họ tên, tên tập thể",
    "Chức vụ, đơn vị, địa chỉ",
    "Hệ số",
    "Mức lương cơ sở (đồng)",
    "Số tiền (đồng)",
    "Nguồn kinh phí",
    "Ghi chú",
]


def payment_rows(payments: PaymentList) -> list[list]:
    """The xlsx rows: numbers as numbers (coefficient, base salary, amount), the total last."""
    source = f"{payments.fund} ({payments.fund_basis})"
    rows = [
        [
            line.number,
            line.kind,
            line.recipient,
            line.description,
            line.coefficient,
            line.base_salary,
            line.amount,
            source,
            line.note,
        ]
        for line in payments.lines
    ]
    rows.append(["", "", "Tổng cộng", "", None, None, payments.total, "", ""])
    return rows


# ---------------------------------------------------------------------------
# The certificate register (sổ vàng / sổ theo dõi cấp phát bằng)
# ---------------------------------------------------------------------------


def register_entries(*, year: int | None = None, register: str = "") -> QuerySet:
    """Every certificate written in a register, by its persistent number; ``year`` is the decision's year."""
    entries = (
        AwardRecord.objects.filter(register_number__isnull=False)
        .exclude(register="")
        .select_related("award", "retired_by")
        .order_by("register", "register_number")
    )
    if year:
        entries = entries.filter(decision_date__year=year)
    if register:
        entries = entries.filter(register=register)
    return entries


def register_names() -> list[str]:
    return list(
        AwardRecord.objects.filter(~Q(register=""), register_number__isnull=False)
        .order_by("register")
        .values_list("register", flat=True)
        .distinct()
    )


REGISTER_HEADERS = [
    "Sổ",
    "Số vào sổ",
    "Khen thưởng",
    "Họ tên, tên tập thể",
    "Đơn vị",
    "Năm thành tích",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Tình trạng",
]


def register_status(entry: AwardRecord) -> str:
    if entry.retired_by_id:
        return _("Đã đính chính, hủy bỏ theo Quyết định số %(n)s") % {"n": entry.retired_by.number_display}
    return _("Còn hiệu lực")


def register_rows(entries) -> list[list]:
    """The xlsx rows: the register number and year as numbers, the decision date as a real date."""
    return [
        [
            e.register,
            e.register_number,
            e.award.name,
            e.recipient_name,
            e.recipient_unit_name,
            e.year,
            e.decision_number,
            e.decision_date,
            e.issuer,
            register_status(e),
        ]
        for e in entries
    ]
