"""The number and date a decision takes when it is signed: its series (issuer, document kind, year of the
sign date), the number the app allocates or the one the văn thư's register gave, and the dates it must follow.

A series' numbers run in the order of their dates: a decision may not be dated before a lower number of its
series nor after a higher one, unless its number was reserved out of order (số giữ trước, ký lùi ngày) and the
reason is recorded. The counter (``DecisionCounter``) stays the highest number of the series the app knows:
an entered number above it moves it up (the app then continues after the văn thư's number, never giving it
again); an entered number below it (a gap, a reserved number) leaves it. See docs/awards-council.md "Số và ngày".

Called inside the signing's transaction: the counter row is locked first, so two signings of one series
(app or entered numbers alike) check and take their numbers one after the other.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.decision_numbers import read_entered
from awards.models import Decision, DecisionCounter
from thiduakt.bounds import date_problem
from thiduakt.services import DomainError


def series_suffix(decision: Decision) -> str:
    """The ký hiệu of the decision's series: "QĐ-UBND"."""
    return f"{decision.doc_kind}-{decision.issuer_code}"


def number_display(decision: Decision, number: int) -> str:
    return f"{number:02d}/{series_suffix(decision)}"


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def check_not_future(day: date, *, field: str | None = None) -> None:
    """Refuse a date after today (Asia/Ho_Chi_Minh): a document is not recorded before its day
    (``thiduakt.bounds``, the message a form gives)."""
    if problem := date_problem(day, not_future=True):
        raise DomainError(problem, field=field)


def parse_entered(decision: Decision, text: str) -> int | None:
    """The number typed from the văn thư's register ("12/QĐ-UBND"), None when none was typed; refused when its
    form or its ký hiệu is not that of the decision's series."""
    text = (text or "").strip()
    if not text:
        return None
    number = read_entered(text, series_suffix(decision))
    if number is None:
        raise DomainError(
            _("Số “%(n)s” không đúng dạng số/ký hiệu của sổ %(s)s; ví dụ 12/%(s)s.")
            % {"n": text, "s": series_suffix(decision)},
            field="register_number",
        )
    return number


def _locked_counter(decision: Decision, year: int) -> DecisionCounter:
    """The series' counter row, created on first use and locked until the signing commits (two signers
    creating it at once both end up locking the same row: the loser of the insert reads it)."""
    key = {"issuer_code": decision.issuer_code, "doc_kind": decision.doc_kind, "year": year}
    if not DecisionCounter.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                DecisionCounter.objects.create(**key)
        except IntegrityError:
            pass
    return DecisionCounter.objects.select_for_update().get(**key)


def _series(decision: Decision, year: int):
    return Decision.objects.filter(
        issuer_code=decision.issuer_code, doc_kind=decision.doc_kind, year=year, number__isnull=False
    ).exclude(pk=decision.pk)


def number_taken(decision: Decision, year: int, number: int) -> Decision | None:
    """The signed decision of the series holding ``number`` already, if any."""
    return _series(decision, year).filter(number=number).first()


@dataclass(frozen=True)
class Numbering:
    number: int
    display: str
    entered: bool
    note: str  # for the signing's event: where the number came from, why it is out of order


def take_number(decision: Decision, day: date, *, entered: int | None, out_of_order_reason: str = "") -> Numbering:
    """The number of ``decision`` signed on ``day``: the next of the series' counter, or ``entered`` (from the
    văn thư's register) when free; checked against the dates of the series' other numbers.

    Side effects: the series' DecisionCounter (locked; +1, or up to an entered number above it).
    """
    year = day.year
    counter = _locked_counter(decision, year)
    if entered is None:
        number = counter.last_number + 1
        while number_taken(decision, year, number) is not None:  # a number given before the counter knew it
            number += 1
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    else:
        number = entered
        taken = number_taken(decision, year, number)
        if taken is not None:
            raise DomainError(
                _("Số %(n)s năm %(y)s đã là số của quyết định ngày %(d)s (%(s)s).")
                % {"n": taken.number_display, "y": year, "d": _dmy(taken.decision_date), "s": taken.subject},
                field="register_number",
            )
        if number > counter.last_number:
            counter.last_number = number
            counter.save(update_fields=["last_number"])
    display = number_display(decision, number)
    reason = (out_of_order_reason or "").strip()
    out_of_order = _out_of_order(decision, day, year, number)
    if out_of_order and not reason:
        raise DomainError(out_of_order, field="decision_date")
    notes = [_("số do văn thư cấp")] if entered is not None else []
    if out_of_order:
        notes.append(_("số giữ trước, ngoài thứ tự ngày: %(r)s") % {"r": reason})
    return Numbering(number=number, display=display, entered=entered is not None, note="; ".join(notes))


def _out_of_order(decision: Decision, day: date, year: int, number: int) -> str:
    """Why ``number`` dated ``day`` breaks the order of its series' dates ("" when it does not): a lower number
    dated after ``day``, or a higher number dated before it."""
    series = _series(decision, year)
    before = series.filter(number__lt=number, decision_date__gt=day).order_by("-number").first()
    if before is not None:
        problem = date_problem(
            day, after=(before.decision_date, _("ngày của Quyết định số %(n)s") % {"n": before.number_display})
        )
        return _(
            "%(problem)s Số của sổ đi theo thứ tự ngày: nếu số này được giữ trước (ký lùi ngày), hãy ghi lý do."
        ) % {"problem": problem}
    after = series.filter(number__gt=number, decision_date__lt=day).order_by("number").first()
    if after is not None:
        problem = date_problem(
            day, before=(after.decision_date, _("ngày của Quyết định số %(n)s") % {"n": after.number_display})
        )
        return _("%(problem)s Số của sổ đi theo thứ tự ngày: nếu số này được giữ trước, hãy ghi lý do.") % {
            "problem": problem
        }
    return ""
