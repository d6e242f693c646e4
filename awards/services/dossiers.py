"""Writes of dossiers and nominations: building and sending a dossier (judged against its round's deadline),
public disclosure; the appraisal by staff is ``awards.services.appraisal``.

Every function is keyword-only, atomic, checks the current state under
``select_for_update`` and lists its side effects. Every status change of a dossier
or a nominee goes through ``thiduakt.workflow.transition`` (a nominee's through
``move_nomination``), which checks the move the enum declares and writes the event.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    DOSSIER_DOCUMENTS,
    Attachment,
    Award,
    DocumentKind,
    Dossier,
    DossierEvent,
    Nomination,
    PublicComment,
    RecipientKind,
)
from awards.models.dossiers import ATTACHMENT_FILES, late_message
from awards.selectors import nominations_ready_for_council
from awards.services.catalogue import processing_rule_on, submission_deadline
from awards.workdays import add_working_days
from thiduakt.bounds import current_year, ensure_date, ensure_year
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import BIRTH_YEAR_MIN, DomainError, notification_send
from thiduakt.text import fold, nfc
from thiduakt.uploads import UploadError, check_upload
from thiduakt.workflow import record_event, transition, transition_many

ACTIVE_NOMINATION_EXCLUDES = (Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN)


def dossier_event(
    *,
    dossier: Dossier,
    by: User | None,
    action: str,
    nomination: Nomination | None = None,
    reason: str = "",
    **fields,
) -> DossierEvent:
    """One line of the dossier's "Lịch sử xử lý" that is not a status change (also for one of its nominees)."""
    return record_event(
        dossier, by=by, action=action, reason=reason, nomination=nomination, round_number=dossier.round_number, **fields
    )


def move_nomination(
    nomination: Nomination,
    to: str,
    *,
    by: User | None,
    action: str,
    reason: str = "",
    allowed_from=None,
    error: str = "",
    changes: dict | None = None,
) -> Nomination:
    """Move a nominee to ``to`` through ``transition``; the event goes on its dossier's history.

    ``nomination.dossier`` is read for the round number (callers select it with the row).
    Refused, naming the nominee, when its enum does not allow the move (or ``allowed_from``
    does not hold its status). Returns the saved row.
    """
    S = Nomination.Status
    return transition(
        nomination,
        to=to,
        by=by,
        action=action,
        reason=reason,
        allowed_from=allowed_from,
        error=error
        or _("%(name)s đang ở trạng thái «%(now)s», không chuyển sang «%(to)s» được.")
        % {"name": nomination.nominee_name, "now": S(nomination.status).label, "to": S(to).label},
        changes=changes,
        event_fields={"dossier_id": nomination.dossier_id, "round_number": nomination.dossier.round_number},
    )


def move_nominations(nominations: list[Nomination], to: str, *, by: User | None, action: str, reason: str = ""):
    """``move_nomination`` for many nominees at once (an agenda, a decision), in a constant number of queries.

    Each nominee's ``dossier`` is read for the round number (callers select it with the rows).
    """
    S = Nomination.Status
    dossiers = {n.pk: n.dossier for n in nominations}
    return transition_many(
        nominations,
        to=to,
        by=by,
        action=action,
        reason=reason,
        error=lambda n: (
            _("%(name)s đang ở trạng thái «%(now)s», không chuyển sang «%(to)s» được.")
            % {"name": n.nominee_name, "now": S(n.status).label, "to": S(to).label}
        ),
        event_fields=lambda n: {"dossier_id": n.dossier_id, "round_number": dossiers[n.pk].round_number},
    )


def _award_by_code(code: str | Award) -> Award:
    if isinstance(code, Award):
        return code
    try:
        return Award.objects.get(code=code)
    except Award.DoesNotExist:
        raise DomainError(_("Không có danh hiệu, hình thức khen thưởng mã “%(code)s”.") % {"code": code}) from None


def _duplicate_message(nomination: Nomination) -> str:
    return _("%(name)s đã được đề nghị %(award)s năm %(year)s (hồ sơ của %(unit)s).") % {
        "name": nomination.nominee_name,
        "award": nomination.award.name,
        "year": nomination.year,
        "unit": nomination.dossier.unit.name,
    }


def _quota_guard(nomination: Nomination, *, by: User | None, reason: str, dossier: Dossier) -> None:
    """Refuse a proposal beyond its quota (unit or campaign plan); staff may exceed it only with a reason.

    Called inside the transaction that wrote ``nomination``: a refusal undoes it.
    """
    from awards.eligibility import quota_excess  # noqa: PLC0415 -- eligibility imports the awards models and services

    excess = quota_excess(nomination)
    if not excess:
        return
    if by is None or not by.has_perm("awards.manage_appraisal"):
        raise DomainError(_("Vượt chỉ tiêu khen thưởng: %(excess)s.") % {"excess": excess})
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(
            _("Vượt chỉ tiêu khen thưởng: %(excess)s. Muốn đề nghị vượt chỉ tiêu, cần ghi lý do.") % {"excess": excess}
        )
    dossier_event(
        dossier=dossier,
        by=by,
        nomination=nomination,
        action=_("%(prefix)s: %(excess)s") % {"prefix": QUOTA_OVERRIDE, "excess": excess},
        reason=reason,
    )


def _existing_nomination(*, kind: str, person, unit, household_name: str, award: Award, year: int, submitter: OrgUnit):
    """The active nomination of the same nominee for the same award and year, anywhere in the province."""
    others = Nomination.objects.filter(award=award, year=year).exclude(status__in=ACTIVE_NOMINATION_EXCLUDES)
    if kind == RecipientKind.INDIVIDUAL:
        others = others.filter(person=person)
    elif kind == RecipientKind.COLLECTIVE:
        others = others.filter(unit=unit)
    else:
        # Households have no registry: the same name proposed by the same unit is the same household.
        others = others.filter(
            nominee_kind=RecipientKind.HOUSEHOLD, dossier__unit=submitter, search_text=fold(household_name)
        )
    return others.select_related("award", "dossier__unit").first()


def nomination_add(
    *,
    dossier: Dossier,
    kind: str,
    award: str | Award,
    by: User | None,
    person: Person | None = None,
    unit: OrgUnit | None = None,
    household_name: str = "",
    summary: str = "",
    member_count: int | None = None,
    quota_reason: str = "",
) -> Nomination:
    """Add one nominee to an editable dossier.

    A nominee beyond a quota (the unit's, or the campaign plan's) is refused; a
    staff member may add it with ``quota_reason``, recorded in the history.

    Refuses a nominee that does not fit the kind, an award not given to that
    kind of nominee or not valid in the dossier's year, and a duplicate (same
    nominee, award, year, anywhere in the province) — also when two officers
    race: the database constraint decides and the loser gets the same message.
    Side effects: one Nomination, one DossierEvent.
    """
    award = _award_by_code(award)
    if kind not in RecipientKind.values:
        raise DomainError(_("Loại đối tượng không hợp lệ."))
    household_name = " ".join((household_name or "").split())
    if kind == RecipientKind.INDIVIDUAL and person is None:
        raise DomainError(_("Cần chọn cá nhân được đề nghị."))
    if kind == RecipientKind.COLLECTIVE and unit is None:
        raise DomainError(_("Cần chọn tập thể được đề nghị."))
    if kind == RecipientKind.HOUSEHOLD and not household_name:
        raise DomainError(_("Cần ghi tên hộ gia đình được đề nghị."))
    if not award.is_for(kind):
        raise DomainError(
            _("%(award)s không dành cho %(kind)s.") % {"award": award.name, "kind": RecipientKind(kind).label.lower()}
        )
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not dossier.is_editable:
            raise DomainError(_("Hồ sơ đã gửi, không thể thêm đối tượng."))
        existing = _existing_nomination(
            kind=kind,
            person=person,
            unit=unit,
            household_name=household_name,
            award=award,
            year=dossier.year,
            submitter=dossier.unit,
        )
        if existing:
            raise DomainError(_duplicate_message(existing))
        nomination = Nomination(
            dossier=dossier,
            nominee_kind=kind,
            person=person if kind == RecipientKind.INDIVIDUAL else None,
            unit=unit if kind == RecipientKind.COLLECTIVE else None,
            household_name=household_name if kind == RecipientKind.HOUSEHOLD else "",
            award=award,
            year=dossier.year,
            summary=summary.strip(),
            member_count=member_count,
        )
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            # Another officer proposed the same nominee at the same moment: the constraint kept one.
            existing = _existing_nomination(
                kind=kind,
                person=person,
                unit=unit,
                household_name=household_name,
                award=award,
                year=dossier.year,
                submitter=dossier.unit,
            )
            if existing:
                raise DomainError(_duplicate_message(existing)) from None
            raise
        dossier_event(
            dossier=dossier,
            by=by,
            nomination=nomination,
            action=_("Thêm đối tượng: %(name)s – %(award)s") % {"name": nomination.nominee_name, "award": award.name},
        )
        _quota_guard(nomination, by=by, reason=quota_reason, dossier=dossier)
    return nomination


def dossier_create_draft(
    *,
    unit: OrgUnit,
    round_kind: str,
    year: int,
    by: User | None,
    title: str = "",
    origin: str = "manual",
    origin_note: str = "",
    nominees: list[dict],
    campaign=None,
) -> Dossier:
    """A draft dossier of ``unit`` with its nominations, for the unit's officers to complete and submit.

    Each nominee dict: {"kind": "individual"|"collective"|"household", "person": Person|None,
    "unit": OrgUnit|None, "household_name": str, "award": "<Award code>", "summary": str}.
    Raises DomainError (Vietnamese) on a duplicate nomination (same nominee, award, year) or an
    award not valid for that kind of nominee; then nothing is written.
    ``campaign`` (optional, a campaigns.Campaign) links the dossier to its campaign for quotas.
    Side effects: one Dossier, its Nominations, DossierEvents.
    """
    if round_kind not in Dossier.RoundKind.values:
        raise DomainError(_("Đợt xét không hợp lệ."))
    if origin not in Dossier.Origin.values:
        raise DomainError(_("Nguồn đề nghị không hợp lệ."))
    if not 1945 <= int(year) <= 2100:
        raise DomainError(_("Năm không hợp lệ."))
    with transaction.atomic():
        dossier = Dossier(
            unit=unit,
            round_kind=round_kind,
            year=int(year),
            title=title,
            origin=origin,
            origin_note=origin_note,
            campaign=campaign,
            created_by=by,
        )
        dossier.save()
        dossier_event(
            dossier=dossier,
            by=by,
            action=_("Tạo hồ sơ (%(origin)s)") % {"origin": dossier.get_origin_display()},
            to_status=dossier.status,
            reason=origin_note,
        )
        for nominee in nominees:
            nomination_add(
                dossier=dossier,
                kind=nominee.get("kind", RecipientKind.INDIVIDUAL),
                award=nominee["award"],
                by=by,
                person=nominee.get("person"),
                unit=nominee.get("unit"),
                household_name=nominee.get("household_name", ""),
                summary=nominee.get("summary", ""),
            )
    return dossier


# ---------------------------------------------------------------------------
# Building a dossier (unit officers)
# ---------------------------------------------------------------------------


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)


def _not_editable(dossier: Dossier) -> str:
    return _("Hồ sơ đang ở trạng thái “%(status)s”, không thể sửa.") % {"status": dossier.get_status_display()}


def _require_editable(dossier: Dossier) -> None:
    """For the changes that keep the status (details, nominees, documents): only while the unit edits."""
    if dossier.status not in Dossier.EDITABLE:
        raise DomainError(_not_editable(dossier))


DOSSIER_FIELDS = (
    "title",
    "round_kind",
    "year",
    "letter_number",
    "letter_date",
    "council_meeting_date",
    "council_members_total",
    "council_members_present",
    "council_votes_for",
)


def dossier_update(*, dossier: Dossier, by: User | None, **fields) -> Dossier:
    """Change the request letter, the unit council's minutes or the title of an editable dossier.

    Side effects: the dossier (history), one DossierEvent.
    """
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise ValueError(f"unknown dossier fields: {sorted(unknown)}")
    with transaction.atomic():
        dossier = _locked(dossier)
        _require_editable(dossier)
        if "year" in fields and fields["year"] != dossier.year and dossier.nominations.exists():
            raise DomainError(_("Không thể đổi năm khi hồ sơ đã có đối tượng đề nghị."))
        total, votes = fields.get("council_members_total"), fields.get("council_votes_for")
        present = fields.get("council_members_present")
        if total is not None and votes is not None and votes > total:
            raise DomainError(_("Số phiếu đồng ý không thể lớn hơn tổng số thành viên Hội đồng."))
        if total is not None and present is not None and present > total:
            raise DomainError(_("Số thành viên dự họp không thể lớn hơn tổng số thành viên Hội đồng."))
        if present is not None and votes is not None and votes > present:
            raise DomainError(_("Số phiếu đồng ý không thể lớn hơn số thành viên dự họp."))
        letter_date = fields.get("letter_date", dossier.letter_date)
        ensure_date(letter_date, not_future=True)
        ensure_date(
            fields.get("council_meeting_date", dossier.council_meeting_date),
            not_future=True,
            before=(letter_date, _("ngày tờ trình của đơn vị")),
        )
        for name, value in fields.items():
            setattr(dossier, name, value)
        dossier._change_reason = "update"
        dossier.save()
        dossier_event(dossier=dossier, by=by, action=_("Cập nhật thông tin hồ sơ"))
    return dossier


def nominee_person_create(
    *, full_name: str, gender: str, birth_year: int | None, position: str, unit: OrgUnit, by: User | None
) -> Person:
    """A new person in the people registry, proposed for the first time by ``unit``.

    Side effects: one Person (history with the reason).
    """
    full_name = nfc(full_name)
    if not full_name:
        raise DomainError(_("Cần ghi họ và tên."))
    if gender not in Person.Gender.values:
        raise DomainError(_("Cần chọn giới tính."))
    ensure_year(birth_year, low=BIRTH_YEAR_MIN, high=current_year())
    same = Person.objects.filter(search_text=fold(full_name), birth_year=birth_year, unit=unit).first()
    if same:
        return same
    person = Person(full_name=full_name, gender=gender, birth_year=birth_year, position=position, unit=unit)
    person._change_reason = _("Thêm khi lập hồ sơ đề nghị khen thưởng")
    person.save()
    return person


def nomination_update(*, nomination: Nomination, by: User | None, summary: str, member_count: int | None = None):
    """Change the achievement summary of a nominee of an editable dossier. Side effects: the nomination."""
    with transaction.atomic():
        dossier = _locked(nomination.dossier)
        _require_editable(dossier)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        nomination.summary = summary.strip()
        nomination.member_count = member_count
        nomination._change_reason = "update"
        nomination.save()
        dossier_event(dossier=dossier, nomination=nomination, by=by, action=_("Sửa tóm tắt thành tích"))
    return nomination


def nomination_remove(*, nomination: Nomination, by: User | None) -> None:
    """Take a nominee out of an editable dossier.

    A dossier never sent deletes it and its documents; once sent, the nominee is withdrawn
    instead (every round trip stays on record), and only before the council takes it.
    Side effects: the deletion or the nominee's status, one event.
    """
    action = _("Bỏ đối tượng: %(name)s") % {"name": nomination.nominee_name}
    with transaction.atomic():
        dossier = _locked(nomination.dossier)
        _require_editable(dossier)
        if dossier.round_number > 0:
            nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
            nomination.dossier = dossier
            withdrawn = nomination.status == Nomination.Status.WITHDRAWN
            move_nomination(
                nomination,
                Nomination.Status.WITHDRAWN,
                by=by,
                action=action,
                error=(
                    _("%(name)s đã được rút khỏi hồ sơ.")
                    if withdrawn
                    else _("%(name)s đã ở bước “%(status)s”, không thể rút khỏi hồ sơ.")
                )
                % {"name": nomination.nominee_name, "status": nomination.get_status_display()},
            )
        else:
            files = [a.file for a in nomination.attachments.all()]
            Nomination.objects.filter(pk=nomination.pk).delete()
            # Files go only once the deletion is committed.
            transaction.on_commit(lambda: [f.delete(save=False) for f in files])
            dossier_event(dossier=dossier, by=by, action=action)


def attachment_add(*, dossier: Dossier, kind: str, upload, by: User | None, nomination: Nomination | None = None):
    """Store a document of the dossier (or of one nominee) after checking it by content.

    Side effects: a file in private storage, one Attachment, one event. Nothing
    is written when the file is refused.
    """
    if kind not in DocumentKind.values:
        raise DomainError(_("Loại tài liệu không hợp lệ."))
    try:
        checked = check_upload(upload, allow=ATTACHMENT_FILES)
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    with transaction.atomic():
        dossier = _locked(dossier)
        _require_editable(dossier)
        if nomination is not None and nomination.dossier_id != dossier.pk:
            raise DomainError(_("Đối tượng không thuộc hồ sơ này."))
        withdrawn = Nomination.objects.filter(status=Nomination.Status.WITHDRAWN)
        if nomination is not None and withdrawn.filter(pk=nomination.pk).exists():  # as of now, not of the form
            raise DomainError(
                _("%(name)s đã được rút khỏi hồ sơ; không tải tài liệu cho đối tượng này.")
                % {"name": nomination.nominee_name},
                field="nomination",
            )
        attachment = Attachment(
            dossier=dossier,
            nomination=nomination,
            kind=kind,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        attachment.file.save("upload", ContentFile(checked.data), save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
        dossier_event(
            dossier=dossier,
            nomination=nomination,
            by=by,
            action=_("Tải lên %(kind)s: %(name)s")
            % {"kind": attachment.get_kind_display(), "name": attachment.original_name},
        )
    return attachment


def attachment_remove(*, attachment, by: User | None) -> None:
    """Remove a document from an editable dossier. Side effects: the row, the file after commit, one event."""
    with transaction.atomic():
        dossier = _locked(attachment.dossier)
        _require_editable(dossier)
        name, storage_file = attachment.original_name, attachment.file
        attachment.delete()
        transaction.on_commit(lambda: storage_file.delete(save=False))
        dossier_event(dossier=dossier, by=by, action=_("Xóa tài liệu: %(name)s") % {"name": name})


def dossier_missing(dossier: Dossier) -> list[str]:
    """What the dossier still lacks before it can be sent (empty list: complete), in Vietnamese."""
    missing = []
    if not dossier.letter_number or not dossier.letter_date:
        missing.append(_("Số và ngày của tờ trình."))
    if not (dossier.council_meeting_date and dossier.council_members_total and dossier.council_votes_for is not None):
        missing.append(_("Biên bản họp Hội đồng Thi đua - Khen thưởng của đơn vị: ngày họp và kết quả biểu quyết."))
    nominations = list(
        dossier.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related("award", "person", "unit")
    )
    if not nominations:
        missing.append(_("Danh sách đối tượng đề nghị (ít nhất một)."))
    have = set(dossier.attachments.values_list("nomination_id", "kind"))
    dossier_kinds = {(None, k) for _n, k in have}
    required_dossier_docs = []
    for nomination in nominations:
        for kind in nomination.award.required_document_kinds:
            if kind in DOSSIER_DOCUMENTS:
                if kind not in required_dossier_docs:
                    required_dossier_docs.append(kind)
            elif (nomination.pk, kind) not in have:
                missing.append(
                    _("%(doc)s của %(name)s.") % {"doc": DocumentKind(kind).label, "name": nomination.nominee_name}
                )
        if not nomination.summary.strip():
            missing.append(_("Tóm tắt thành tích của %(name)s.") % {"name": nomination.nominee_name})
    for kind in required_dossier_docs:
        if (None, kind) not in dossier_kinds:
            missing.append(_("Tệp %(doc)s.") % {"doc": DocumentKind(kind).label.lower()})
    return missing


QUOTA_OVERRIDE = "Đề nghị vượt chỉ tiêu"


def _quota_check_on_submit(dossier: Dossier) -> None:
    """At sending, every nominee still within its quota (another dossier of the unit may have used it since).

    A nominee that staff proposed beyond the quota with a reason stays allowed.
    """
    from awards.eligibility import quota_excess_many  # noqa: PLC0415 -- eligibility imports the awards models and services

    overridden = set(
        dossier.events.filter(action__startswith=QUOTA_OVERRIDE, nomination__isnull=False).values_list(
            "nomination_id", flat=True
        )
    )
    checked = [
        n
        for n in dossier.nominations.exclude(status=Nomination.Status.WITHDRAWN).select_related(
            "award", "person", "unit"
        )
        if n.pk not in overridden
    ]
    excess = quota_excess_many(checked)  # every nominee at once: a district's dossier may hold a hundred
    problems = [f"{n.nominee_name} – {n.award.name}: {excess[n.pk]}" for n in checked if excess[n.pk]]
    if problems:
        raise DomainError(_("Vượt chỉ tiêu khen thưởng: %(list)s.") % {"list": " · ".join(problems)})


def dossier_submit(*, dossier: Dossier, by: User | None) -> Dossier:
    """Send a draft (or a returned dossier, again) to Sở Nội vụ; refused while the checklist is incomplete.

    The clock starts again on every receipt: staff have the configured number of
    working days to return an incomplete dossier. The first sending is judged against
    the round's deadline (``SubmissionDeadline``): a late dossier is taken, marked late
    with the deadline in its history ("nộp muộn so với hạn …"), and waits for staff to
    accept it with a reason (``dossier_accept_late``) before it can be appraised.
    Side effects: status, receipt dates and due date, round number, the deadline and
    lateness, one event, notifications to staff.
    """
    with transaction.atomic():
        dossier = _locked(dossier)
        first = dossier.status == Dossier.Status.DRAFT
        if dossier.status in Dossier.EDITABLE and (missing := dossier_missing(dossier)):
            raise DomainError(_("Hồ sơ còn thiếu: %(list)s") % {"list": " ".join(missing)})
        if dossier.status in Dossier.EDITABLE:
            _quota_check_on_submit(dossier)
        today = timezone.localdate()
        round_number = dossier.round_number + 1
        changes = {
            "round_number": round_number,
            "received_on": today,
            "first_received_on": dossier.first_received_on or today,
            "complete_on": None,
            "due_on": add_working_days(today, processing_rule_on(today).return_working_days),
            "submitted_at": timezone.now(),
        }
        late = ""
        deadline = submission_deadline(dossier, today) if first else None
        if deadline is not None:
            basis = deadline.rule.legal_basis[:300]
            changes.update(
                deadline_on=deadline.day,
                deadline_inclusive=deadline.inclusive,
                deadline_basis=basis,
                submitted_late=deadline.is_late(today),
            )
            if changes["submitted_late"]:
                late = late_message(deadline.day, deadline.inclusive, basis)
        dossier = transition(
            dossier,
            to=Dossier.Status.SUBMITTED if first else Dossier.Status.RESUBMITTED,
            by=by,
            action=(_("Gửi hồ sơ (nộp muộn)") if late else _("Gửi hồ sơ")) if first else _("Gửi lại hồ sơ đã bổ sung"),
            reason=late,
            allowed_from=Dossier.EDITABLE,
            error=_("Hồ sơ này đã được gửi."),
            changes=changes,
            event_fields={"round_number": round_number},
        )
        title = _("Hồ sơ mới: %(d)s") % {"d": dossier}
        if late:
            title = _("Hồ sơ mới, nộp muộn so với hạn %(day)s: %(d)s") % {
                "day": dossier.deadline_on.strftime("%d/%m/%Y"),
                "d": dossier,
            }
        _notify_staff(dossier, title[:200])
    return dossier


def _notify_staff(dossier: Dossier, title: str) -> None:
    staff = User.objects.filter(is_department_staff=True, is_active=True)
    notification_send(
        recipients=staff, title=title, link=reverse("awards:dossier_detail", args=[dossier.pk]), email=False
    )


def _notify_unit(dossier: Dossier, title: str, body: str = "") -> None:
    officers = User.objects.filter(is_unit_officer=True, is_active=True, unit_id=dossier.unit_id)
    notification_send(
        recipients=officers, title=title, body=body, link=reverse("awards:dossier_detail", args=[dossier.pk])
    )


# ---------------------------------------------------------------------------
# Public disclosure (công khai)
# ---------------------------------------------------------------------------


def disclosure_open(*, nomination: Nomination, by: User | None, opens_on=None) -> Nomination:
    """Open the public comment window of a candidate for an award that requires disclosure.

    The window lasts the award's number of working days after the opening day.
    Side effects: the window dates on the nomination, one event.
    """
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().select_related("award", "dossier").get(pk=nomination.pk)
        if not nomination.award.requires_disclosure:
            raise DomainError(_("%(award)s không phải công khai lấy ý kiến.") % {"award": nomination.award.name})
        if nomination.status != Nomination.Status.READY_FOR_COUNCIL:
            raise DomainError(_("Chỉ công khai đối tượng đã thẩm định đạt, chờ Hội đồng xét."))
        if nomination.disclosure_opens_on:
            raise DomainError(_("Đã công khai đối tượng này."))
        opens_on = opens_on or timezone.localdate()
        nomination.disclosure_opens_on = opens_on
        nomination.disclosure_closes_on = add_working_days(opens_on, nomination.award.disclosure_working_days)
        nomination._change_reason = "disclosure"
        nomination.save()
        dossier_event(
            dossier=nomination.dossier,
            nomination=nomination,
            by=by,
            action=_("Công khai lấy ý kiến %(name)s đến hết ngày %(day)s")
            % {"name": nomination.nominee_name, "day": nomination.disclosure_closes_on.strftime("%d/%m/%Y")},
        )
    return nomination


def disclosure_is_open(nomination: Nomination, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        nomination.disclosure_opens_on and nomination.disclosure_opens_on <= today <= nomination.disclosure_closes_on
    )


def public_comment_add(*, nomination: Nomination, body: str, author_name: str = "", contact: str = ""):
    """Store a comment from the public on a candidate whose window is open. Side effects: one PublicComment."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Cần ghi nội dung góp ý."))
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not disclosure_is_open(nomination):
            raise DomainError(_("Thời gian lấy ý kiến về đối tượng này đã kết thúc hoặc chưa bắt đầu."))
        return PublicComment.objects.create(
            nomination=nomination, body=body[:4000], author_name=nfc(author_name)[:150], contact=nfc(contact)[:200]
        )


def nomination_can_go_to_council(nomination: Nomination, today=None) -> bool:
    """Whether the council may take this nominee now (the rule of ``nominations_ready_for_council``)."""
    return nominations_ready_for_council(on=today).filter(pk=nomination.pk).exists()
