"""Writes of the evidence the eligibility check reads, entered by Sở Nội vụ staff from their documents:
yearly task ratings, initiatives, disciplinary measures, matters pending (and their closing), and the
achievements confirmed per nomination.

Every function is keyword-only and atomic, checks its input with ``evidence_errors`` (dates against
their neighbours and today, years within range) and the model's own rules, and keeps who did it and why
in the record's history (django-simple-history: ``_history_user``, ``_change_reason``). An edit and a
cancellation need a reason; a cancelled record is deleted, its history row ("-") keeps what it was, who
removed it and why. A confirmation also writes a line in its dossier's "Lịch sử xử lý".
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    AchievementConfirmation,
    DisciplineRecord,
    Dossier,
    Initiative,
    Nomination,
    PendingMatter,
    TaskRating,
)
from awards.services.dossiers import dossier_event
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError
from thiduakt.text import REASON_LENGTH, nfc

# A change's reason is kept whole in the record's history (SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD).
EVIDENCE_REASON_LENGTH = REASON_LENGTH
FIRST_YEAR = 1945

# What an edit may change, per kind (the person or collective of a record, the nomination of a confirmation stay).
EDITABLE = {
    TaskRating: ("year", "rating", "basis", "note"),
    Initiative: ("title", "level", "year", "decision_number"),
    DisciplineRecord: ("level", "year", "decision_number", "effective_from", "served_until"),
    PendingMatter: ("kind", "started_on", "basis", "note", "ended_on", "outcome"),
    AchievementConfirmation: ("fact", "basis", "note"),
}
_TEXTS = ("basis", "title", "decision_number")  # one-line texts stored in NFC without surrounding blanks


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def evidence_errors(model: type[models.Model], values: dict, *, today: date | None = None) -> dict[str, str]:
    """What is wrong with ``values`` for a record of ``model``, by field: the checks the forms show and the
    services enforce. A value that is missing (``None``) is not compared."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    year = values.get("year")
    if year is not None and "year" in EDITABLE[model] and not FIRST_YEAR <= year <= today.year:
        errors["year"] = _("Năm phải từ %(first)s đến năm nay (%(last)s).") % {"first": FIRST_YEAR, "last": today.year}
    if model is DisciplineRecord:
        effective, served = values.get("effective_from"), values.get("served_until")
        if effective and effective > today:
            errors["effective_from"] = _("Ngày có hiệu lực không được sau hôm nay (%(today)s).") % {
                "today": _day(today)
            }
        elif effective and year and "year" not in errors and effective.year < year:
            errors["effective_from"] = _(
                "Ngày có hiệu lực (%(day)s) không được trước năm ra quyết định kỷ luật (%(year)s)."
            ) % {"day": _day(effective), "year": year}
        if served and effective and served < effective:
            errors["served_until"] = _("Ngày chấp hành xong không được trước ngày quyết định kỷ luật có hiệu lực.")
        elif served and year and "year" not in errors and served.year < year:
            errors["served_until"] = _(
                "Ngày chấp hành xong (%(day)s) không được trước năm ra quyết định kỷ luật (%(year)s)."
            ) % {"day": _day(served), "year": year}
    if model is PendingMatter:
        started, ended, outcome = values.get("started_on"), values.get("ended_on"), values.get("outcome")
        if started and started > today:
            errors["started_on"] = _("Ngày bắt đầu không được sau hôm nay (%(today)s).") % {"today": _day(today)}
        if ended and started and ended < started:
            errors["ended_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        elif ended and ended > today:
            errors["ended_on"] = _("Ngày kết thúc (ngày có kết luận) không được sau hôm nay (%(today)s).") % {
                "today": _day(today)
            }
        if ended and "outcome" in values and not outcome:
            errors["outcome"] = _("Việc đã kết thúc phải có kết luận.")
        if outcome and "ended_on" in values and not ended and "ended_on" not in errors:
            errors["ended_on"] = _("Có kết luận thì phải ghi ngày kết thúc.")
    return errors


def _reason(reason: str, *, required: str) -> str:
    reason = nfc(reason)
    if not reason:
        raise DomainError(required, field="reason")
    if len(reason) > EVIDENCE_REASON_LENGTH:
        raise DomainError(
            _("Lý do dài tối đa %(n)s ký tự (đang có %(have)s).") % {"n": EVIDENCE_REASON_LENGTH, "have": len(reason)},
            field="reason",
        )
    return reason


def _check(record: models.Model) -> None:
    """The checks of ``evidence_errors`` and the model's own (required fields, choices, constraints)."""
    model = type(record)
    values = {name: getattr(record, name) for name in EDITABLE[model]}
    if errors := evidence_errors(model, values):
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    for name in _TEXTS:
        if hasattr(record, name):
            setattr(record, name, nfc(getattr(record, name)))
    try:
        record.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=None if field == NON_FIELD_ERRORS else field) from exc


def _save(record: models.Model, *, by: User | None, reason: str) -> models.Model:
    _check(record)
    record._change_reason = reason
    record._history_user = by
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the caller's transaction usable
            record.save()
    except IntegrityError as exc:  # the same record written at the same moment by someone else
        raise DomainError(_("Bản ghi này vừa được người khác nhập hoặc sửa; hãy tải lại trang rồi kiểm tra.")) from exc
    return record


def _locked(record: models.Model) -> models.Model:
    try:
        return type(record)._default_manager.select_for_update().get(pk=record.pk)
    except type(record).DoesNotExist:
        raise DomainError(_("Bản ghi không còn (đã được hủy); hãy tải lại trang.")) from None


def _one_recipient(person: Person | None, unit: OrgUnit | None) -> None:
    if (person is None) == (unit is None):
        raise DomainError(_("Chọn đúng một đối tượng: một cá nhân hoặc một tập thể."))


def _update(record: models.Model, *, by: User | None, reason: str, changes: dict) -> models.Model:
    model = type(record)
    if unknown := set(changes) - set(EDITABLE[model]):
        raise TypeError(f"{model.__name__}: not editable here: {sorted(unknown)}")
    reason = _reason(reason, required=_("Cần ghi lý do sửa (được ghi vào lịch sử thay đổi)."))
    with transaction.atomic():
        record = _locked(record)
        before = {name: getattr(record, name) for name in changes}
        for name, value in changes.items():
            setattr(record, name, "" if value is None and name in ("note", "outcome", "decision_number") else value)
        if all(getattr(record, name) == before[name] for name in changes):
            raise DomainError(_("Không có gì thay đổi so với bản ghi hiện có."))
        return _save(record, by=by, reason=reason)


def _cancel(record: models.Model, *, by: User | None, reason: str) -> None:
    reason = _reason(reason, required=_("Cần ghi lý do hủy (được ghi vào lịch sử thay đổi)."))
    with transaction.atomic():
        record = _locked(record)
        record._change_reason = reason
        record._history_user = by
        record.delete()


# ---------------------------------------------------------------------------
# Task ratings (a person or a collective, one a year)
# ---------------------------------------------------------------------------


def task_rating_create(
    *,
    by: User | None,
    year: int,
    rating: str,
    basis: str,
    note: str = "",
    person: Person | None = None,
    unit: OrgUnit | None = None,
) -> TaskRating:
    """Record the yearly task-completion rating of a person or collective, with its document.

    Side effects: one TaskRating (history: who, "Nhập xếp loại").
    """
    _one_recipient(person, unit)
    record = TaskRating(
        person=person, unit=unit, year=year, rating=rating, basis=basis, note=note or "", confirmed_by=by
    )
    with transaction.atomic():
        return _save(record, by=by, reason=_("Nhập xếp loại hoàn thành nhiệm vụ"))


def task_rating_update(*, task_rating: TaskRating, by: User | None, reason: str, **changes) -> TaskRating:
    """Change a rating (year, rating, document, note). Side effects: the TaskRating (history with ``reason``)."""
    return _update(task_rating, by=by, reason=reason, changes=changes)


def task_rating_cancel(*, task_rating: TaskRating, by: User | None, reason: str) -> None:
    """Remove a rating entered by mistake. Side effects: the TaskRating deleted (history row with ``reason``)."""
    _cancel(task_rating, by=by, reason=reason)


# ---------------------------------------------------------------------------
# Initiatives (a person)
# ---------------------------------------------------------------------------


def initiative_create(
    *, by: User | None, person: Person, title: str, level: str, year: int, decision_number: str = ""
) -> Initiative:
    """Record a recognised initiative of a person. Side effects: one Initiative (history)."""
    record = Initiative(person=person, title=title, level=level, year=year, decision_number=decision_number or "")
    with transaction.atomic():
        return _save(record, by=by, reason=_("Nhập sáng kiến"))


def initiative_update(*, initiative: Initiative, by: User | None, reason: str, **changes) -> Initiative:
    """Change an initiative. Side effects: the Initiative (history with ``reason``)."""
    return _update(initiative, by=by, reason=reason, changes=changes)


def initiative_cancel(*, initiative: Initiative, by: User | None, reason: str) -> None:
    """Remove an initiative entered by mistake. Side effects: the Initiative deleted (history with ``reason``)."""
    _cancel(initiative, by=by, reason=reason)


# ---------------------------------------------------------------------------
# Disciplinary measures (a person), with their execution period
# ---------------------------------------------------------------------------


def discipline_create(
    *,
    by: User | None,
    person: Person,
    level: str,
    year: int,
    decision_number: str = "",
    effective_from: date | None = None,
    served_until: date | None = None,
) -> DisciplineRecord:
    """Record a disciplinary measure: its level, year, decision and execution period (Điều 4 khoản 4).

    Side effects: one DisciplineRecord (history).
    """
    record = DisciplineRecord(
        person=person,
        level=level,
        year=year,
        decision_number=decision_number or "",
        effective_from=effective_from,
        served_until=served_until,
    )
    with transaction.atomic():
        return _save(record, by=by, reason=_("Nhập kỷ luật"))


def discipline_update(*, discipline: DisciplineRecord, by: User | None, reason: str, **changes) -> DisciplineRecord:
    """Change a disciplinary measure (e.g. the day it was served).

    Side effects: the DisciplineRecord (history with ``reason``).
    """
    return _update(discipline, by=by, reason=reason, changes=changes)


def discipline_cancel(*, discipline: DisciplineRecord, by: User | None, reason: str) -> None:
    """Remove a disciplinary measure entered by mistake. Side effects: the record deleted (history with ``reason``)."""
    _cancel(discipline, by=by, reason=reason)


# ---------------------------------------------------------------------------
# Matters pending (a person or a collective): they suspend awards until closed
# ---------------------------------------------------------------------------


def pending_matter_create(
    *,
    by: User | None,
    kind: str,
    started_on: date,
    basis: str,
    note: str = "",
    person: Person | None = None,
    unit: OrgUnit | None = None,
    ended_on: date | None = None,
    outcome: str = "",
) -> PendingMatter:
    """Record a discipline review, investigation, inspection, complaint or press matter (open, or already
    concluded when ``ended_on`` and ``outcome`` are given). Side effects: one PendingMatter (history)."""
    _one_recipient(person, unit)
    record = PendingMatter(
        person=person,
        unit=unit,
        kind=kind,
        started_on=started_on,
        basis=basis,
        note=note or "",
        ended_on=ended_on,
        outcome=outcome or "",
        recorded_by=by,
    )
    with transaction.atomic():
        return _save(record, by=by, reason=_("Ghi nhận việc đang xem xét"))


def pending_matter_update(*, pending_matter: PendingMatter, by: User | None, reason: str, **changes) -> PendingMatter:
    """Change a matter. Side effects: the PendingMatter (history with ``reason``)."""
    return _update(pending_matter, by=by, reason=reason, changes=changes)


def pending_matter_close(
    *, pending_matter: PendingMatter, by: User | None, ended_on: date, outcome: str, reason: str = ""
) -> PendingMatter:
    """Close an open matter with the day of its conclusion and what it concluded: with no wrongdoing the
    award resumes. Side effects: the PendingMatter (history: the conclusion and ``reason``)."""
    if outcome not in (PendingMatter.Outcome.NO_VIOLATION, PendingMatter.Outcome.VIOLATION):
        raise DomainError(_("Chọn kết luận của vụ việc."), field="outcome")
    if ended_on is None:
        raise DomainError(_("Ghi ngày kết thúc (ngày có kết luận)."), field="ended_on")
    reason = nfc(reason)
    label = PendingMatter.Outcome(outcome).label
    history_reason = f"{label}: {reason}" if reason else label
    if len(history_reason) > EVIDENCE_REASON_LENGTH:
        raise DomainError(
            _("Ghi chú dài tối đa %(n)s ký tự.") % {"n": EVIDENCE_REASON_LENGTH - len(label) - 2}, field="reason"
        )
    with transaction.atomic():
        record = _locked(pending_matter)
        if record.ended_on is not None:
            raise DomainError(
                _("Vụ việc này đã kết thúc ngày %(day)s (%(outcome)s).")
                % {"day": _day(record.ended_on), "outcome": record.get_outcome_display().lower()}
            )
        record.ended_on, record.outcome = ended_on, outcome
        return _save(record, by=by, reason=history_reason)


def pending_matter_cancel(*, pending_matter: PendingMatter, by: User | None, reason: str) -> None:
    """Remove a matter entered by mistake. Side effects: the PendingMatter deleted (history with ``reason``)."""
    _cancel(pending_matter, by=by, reason=reason)


# ---------------------------------------------------------------------------
# Achievements confirmed for one nomination (while it awaits its appraisal)
# ---------------------------------------------------------------------------


def _require_confirmable(nomination: Nomination) -> Dossier:
    """Lock the dossier (as the appraisal does, then the nominee) and check the nominee still awaits its verdict."""
    dossier = Dossier.objects.select_for_update().get(pk=nomination.dossier_id)
    status = Nomination.objects.select_for_update().values_list("status", flat=True).get(pk=nomination.pk)
    if dossier.status == Dossier.Status.DRAFT:
        raise DomainError(_("Hồ sơ chưa được gửi đến Sở Nội vụ: chưa xác nhận căn cứ được."))
    if status != Nomination.Status.PROPOSED:
        raise DomainError(
            _("%(name)s đã được thẩm định (%(status)s): căn cứ của đề nghị không còn thay đổi được.")
            % {"name": nomination.nominee_name, "status": Nomination.Status(status).label.lower()}
        )
    return dossier


def confirmation_create(
    *, nomination: Nomination, by: User | None, fact: str, basis: str, note: str = ""
) -> AchievementConfirmation:
    """Confirm, against its document, an achievement the nomination's rules ask for; the findings read it at once.

    Side effects: one AchievementConfirmation (history), one event in the dossier's history.
    """
    with transaction.atomic():
        dossier = _require_confirmable(nomination)
        record = _save(
            AchievementConfirmation(nomination=nomination, fact=fact, basis=basis, note=note or "", confirmed_by=by),
            by=by,
            reason=_("Xác nhận căn cứ"),
        )
        dossier_event(
            dossier=dossier,
            by=by,
            nomination=nomination,
            action=(_("Xác nhận căn cứ: %(name)s") % {"name": nomination.nominee_name})[:200],
            reason=f"{record.get_fact_display()} — {record.basis}",
        )
    return record


def confirmation_update(
    *, confirmation: AchievementConfirmation, by: User | None, reason: str, **changes
) -> AchievementConfirmation:
    """Change a confirmation while its nominee awaits the verdict.

    Side effects: the AchievementConfirmation (history with ``reason``), one event in the dossier's history.
    """
    nomination = confirmation.nomination
    with transaction.atomic():
        dossier = _require_confirmable(nomination)
        record = _update(confirmation, by=by, reason=reason, changes=changes)
        dossier_event(
            dossier=dossier,
            by=by,
            nomination=nomination,
            action=(_("Sửa xác nhận căn cứ: %(name)s") % {"name": nomination.nominee_name})[:200],
            reason=f"{record.get_fact_display()} — {record.basis}. {_('Lý do')}: {nfc(reason)}",
        )
    return record


def confirmation_cancel(*, confirmation: AchievementConfirmation, by: User | None, reason: str) -> None:
    """Withdraw a confirmation while its nominee awaits the verdict.

    Side effects: the AchievementConfirmation deleted (history with ``reason``), one event in the dossier's history.
    """
    nomination = confirmation.nomination
    with transaction.atomic():
        dossier = _require_confirmable(nomination)
        label = confirmation.get_fact_display()
        _cancel(confirmation, by=by, reason=reason)
        dossier_event(
            dossier=dossier,
            by=by,
            nomination=nomination,
            action=(_("Hủy xác nhận căn cứ: %(name)s") % {"name": nomination.nominee_name})[:200],
            reason=f"{label}. {_('Lý do')}: {nfc(reason)}",
        )
