"""Every write of the exemplars app: keyword-only, atomic, checking the current state under a row lock.

Stage moves (declared on ``Stage``): discovered → fostered → reviewed → replicated; any live stage
→ dropped (with a reason). Each move goes through ``thiduakt.workflow.transition``, which leaves a
``StageEvent`` and a history record with the reason; other recorded actions write a ``StageEvent``
through ``record_event``.
"""

import unicodedata
from datetime import date

import nh3
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.services import dossier_create_draft
from exemplars.models import (
    PUBLISHABLE_STAGES,
    AwardProposal,
    EventDocument,
    Exemplar,
    ExemplarFile,
    Field,
    FosteringAction,
    Honour,
    HonouringEvent,
    Kind,
    Replication,
    Stage,
)
from thiduakt.bounds import ensure_date
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError
from thiduakt.text import nfc
from thiduakt.uploads import DOCUMENTS, IMAGES, AllowList, UploadError, check_upload
from thiduakt.workflow import record_event, transition

# What a story may keep: text formatting and plain links. Scripts, styles, event
# attributes, images and javascript: links are removed.
STORY_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
}
STORY_ATTRIBUTES = {"a": {"href", "title"}}


def story_clean(html: str) -> str:
    """The story as safe HTML (nh3): only ``STORY_TAGS``, links to http(s)/mailto only."""
    return nh3.clean(
        nfc_html(html or ""),
        tags=STORY_TAGS,
        attributes=STORY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def nfc_html(html: str) -> str:
    return unicodedata.normalize("NFC", html)


EMPTY_SUMMARY = gettext_lazy("Cần nội dung được duyệt công bố (không để trống).")


def has_words(text: str) -> bool:
    """Text a reader can read: at least one letter or digit (not only spaces, dots or invisible characters)."""
    return any(ch.isalnum() for ch in text or "")


def fostering_bounds(exemplar: Exemplar) -> dict:
    """A fostering action happens from the exemplar's discovery on, and not after today."""
    return {"after": (exemplar.discovered_on, _("ngày phát hiện điển hình")), "not_future": True}


def review_bounds(exemplar: Exemplar) -> dict:
    """The review comes after the discovery and the last fostering action, and not after today."""
    last = exemplar.fostering_actions.order_by("-date").values_list("date", flat=True).first()
    return {
        "after": [
            (exemplar.discovered_on, _("ngày phát hiện điển hình")),
            (last, _("ngày bồi dưỡng gần nhất")),
        ],
        "not_future": True,
    }


def replication_bounds(exemplar: Exemplar) -> dict:
    """A unit adopts the model from its review on (from its discovery, when no review date was kept), and not
    after today."""
    if exemplar.reviewed_on is None:
        return {"after": (exemplar.discovered_on, _("ngày phát hiện điển hình")), "not_future": True}
    return {"after": (exemplar.reviewed_on, _("ngày tổng kết")), "not_future": True}


def _locked(exemplar: Exemplar) -> Exemplar:
    return (
        Exemplar.objects.select_for_update(of=("self",))
        .select_related("person", "collective", "field", "unit")
        .get(pk=exemplar.pk)
    )


def _require_reason(reason: str) -> str:
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Cần ghi lý do (vì sao chuyển bước)."))
    return reason


def _nominee_check(*, kind: str, person: Person | None, collective: OrgUnit | None, household_name: str) -> None:
    if kind == Kind.INDIVIDUAL and (person is None or collective is not None or household_name):
        raise DomainError(_("Điển hình cá nhân cần chọn đúng một cá nhân trong danh bạ."))
    if kind == Kind.COLLECTIVE and (collective is None or person is not None or household_name):
        raise DomainError(_("Điển hình tập thể cần chọn đúng một đơn vị (tập thể) trong danh bạ."))
    if kind == Kind.HOUSEHOLD and (not household_name or person is not None or collective is not None):
        raise DomainError(_("Điển hình hộ gia đình cần ghi tên hộ (không chọn cá nhân, tập thể)."))
    if kind not in Kind.values:
        raise DomainError(_("Đối tượng không hợp lệ."))


def _duplicate_check(exemplar: Exemplar) -> None:
    live = Exemplar.objects.exclude(stage=Stage.DROPPED).exclude(pk=exemplar.pk).filter(field=exemplar.field)
    if exemplar.person_id:
        live = live.filter(person_id=exemplar.person_id)
    elif exemplar.collective_id:
        live = live.filter(collective_id=exemplar.collective_id)
    else:
        live = live.filter(household_name=exemplar.household_name, unit_id=exemplar.unit_id)
    if live.exists():
        raise DomainError(_("Điển hình này đã có trong sổ theo dõi ở lĩnh vực này."))


# ---------------------------------------------------------------------------
# Exemplars
# ---------------------------------------------------------------------------


def exemplar_create(
    *,
    by: User | None,
    unit: OrgUnit,
    kind: str,
    field: Field,
    headline: str,
    discovered_by: str,
    discovered_on: date,
    person: Person | None = None,
    collective: OrgUnit | None = None,
    household_name: str = "",
    campaign=None,
    story: str = "",
) -> Exemplar:
    """Record a newly discovered exemplar (stage phát hiện).

    Side effects: one Exemplar, one StageEvent. Refuses a second live exemplar of the same nominee and field.
    """
    household_name = nfc(household_name)
    _nominee_check(kind=kind, person=person, collective=collective, household_name=household_name)
    if discovered_on > timezone.localdate():
        raise DomainError(_("Ngày phát hiện không được sau hôm nay."))
    with transaction.atomic():
        exemplar = Exemplar(
            kind=kind,
            person=person,
            collective=collective,
            household_name=household_name,
            unit=unit,
            field=field,
            campaign=campaign,
            headline=headline,
            story=story_clean(story),
            discovered_by=discovered_by,
            discovered_on=discovered_on,
            stage=Stage.DISCOVERED,
            created_by=by,
        )
        _duplicate_check(exemplar)
        try:
            with transaction.atomic():
                exemplar._change_reason = "phát hiện"
                exemplar.save()
        except IntegrityError as exc:
            raise DomainError(_("Điển hình này đã có trong sổ theo dõi ở lĩnh vực này.")) from exc
        record_event(exemplar, by=by, action=_("Phát hiện, đưa vào sổ theo dõi"), to_status=Stage.DISCOVERED)
    return exemplar


EDITABLE_FIELDS = ("field", "campaign", "headline", "story", "discovered_by", "discovered_on")


def exemplar_update(*, exemplar: Exemplar, by: User, data: dict) -> Exemplar:
    """Change the description of an exemplar (not its stage nor its nominee).

    The permission is checked again on the locked row: a unit's edit that
    arrives after the review (stale form) is refused. Side effects: the row, a StageEvent.
    """
    with transaction.atomic():
        locked = _locked(exemplar)
        if not by.has_perm("exemplars.edit_exemplar", locked):
            raise DomainError(_("Điển hình đã qua bước tổng kết hoặc đã dừng: đơn vị không sửa được nữa."))
        changed = []
        discovered = locked.discovered_on
        for name in EDITABLE_FIELDS:
            if name not in data:
                continue
            value = story_clean(data[name]) if name == "story" else data[name]
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(str(Exemplar._meta.get_field(name).verbose_name))
        if locked.discovered_on != discovered:
            first = locked.fostering_actions.order_by("date").values_list("date", flat=True).first()
            ensure_date(locked.discovered_on, before=(first, _("ngày bồi dưỡng đầu tiên")), not_future=True)
        if not changed:
            return locked
        _duplicate_check(locked)
        locked._change_reason = "cập nhật"
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise DomainError(_("Điển hình này đã có trong sổ theo dõi ở lĩnh vực này.")) from exc
        record_event(locked, by=by, action=_("Cập nhật: %(fields)s") % {"fields": ", ".join(changed)})
    return locked


def exemplar_foster(*, exemplar: Exemplar, by: User, reason: str) -> Exemplar:
    """Phát hiện → bồi dưỡng. Side effects: stage, StageEvent."""
    reason = _require_reason(reason)
    return transition(
        exemplar, field="stage", flow=Stage, to=Stage.FOSTERED, by=by, reason=reason, action=_("Chuyển sang bồi dưỡng")
    )


def exemplar_review(*, exemplar: Exemplar, by: User, reason: str, review_text: str, reviewed_on: date) -> Exemplar:
    """Bồi dưỡng → tổng kết, with the written review of the model. Needs at least one fostering action.

    Side effects: stage, review text and date, StageEvent.
    """
    reason = _require_reason(reason)
    review_text = (review_text or "").strip()
    if not review_text:
        raise DomainError(_("Cần nội dung tổng kết mô hình, kinh nghiệm."))
    with transaction.atomic():
        locked = _locked(exemplar)
        ensure_date(reviewed_on, **review_bounds(locked))
        if locked.stage == Stage.FOSTERED and not locked.fostering_actions.exists():
            raise DomainError(_("Chưa có hoạt động bồi dưỡng nào: ghi hoạt động bồi dưỡng trước khi tổng kết."))
        return transition(
            locked,
            field="stage",
            flow=Stage,
            to=Stage.REVIEWED,
            by=by,
            reason=reason,
            action=_("Tổng kết mô hình, kinh nghiệm"),
            changes={"review_text": review_text, "reviewed_on": reviewed_on},
        )


def exemplar_replicate(*, exemplar: Exemplar, by: User, reason: str) -> Exemplar:
    """Tổng kết → nhân rộng. Needs at least one unit that adopted the model. Side effects: stage, StageEvent."""
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage == Stage.REVIEWED and not locked.replications.exists():
            raise DomainError(_("Chưa có đơn vị nào áp dụng mô hình: ghi đơn vị nhân rộng trước."))
        return transition(
            locked, field="stage", flow=Stage, to=Stage.REPLICATED, by=by, reason=reason, action=_("Nhân rộng mô hình")
        )


def exemplar_drop(*, exemplar: Exemplar, by: User, reason: str) -> Exemplar:
    """Stop following an exemplar, from any live stage; it is withdrawn from the gallery.

    Side effects: stage dropped, reason, publication withdrawn, StageEvent.
    """
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Cần ghi lý do dừng theo dõi."))
    return transition(
        exemplar,
        field="stage",
        flow=Stage,
        to=Stage.DROPPED,
        by=by,
        reason=reason,
        action=_("Dừng theo dõi"),
        # Every live stage may be left: the only refused move is from ``dropped`` itself.
        error=_("Điển hình đã dừng theo dõi."),
        changes={"drop_reason": reason, "is_published": False},
    )


def exemplar_publish(*, exemplar: Exemplar, by: User, public_summary: str, photo_ids: list[int]) -> Exemplar:
    """Approve an exemplar for the public gallery: exactly this summary and these photos.

    Only after the review. Side effects: publication flag and time, public flags of its photos, StageEvent.
    """
    public_summary = (public_summary or "").strip()
    if not has_words(public_summary):
        raise DomainError(EMPTY_SUMMARY)
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage not in PUBLISHABLE_STAGES:
            raise DomainError(_("Chỉ công bố điển hình đã tổng kết hoặc đã nhân rộng."))
        photos = locked.files.filter(kind=ExemplarFile.FileKind.PHOTO)
        chosen = set(photos.filter(pk__in=photo_ids).values_list("pk", flat=True))
        if set(photo_ids) - chosen:
            raise DomainError(_("Ảnh được chọn không thuộc điển hình này."))
        shown = set(photos.filter(is_public=True).values_list("pk", flat=True))
        if locked.is_published and (locked.public_summary, shown) == (public_summary, chosen):
            raise DomainError(  # a double click or a second tab: published once
                _("Điển hình đã được công bố với đúng nội dung này lúc %(at)s.")
                % {"at": timezone.localtime(locked.published_at).strftime("%H:%M %d/%m/%Y")}
            )
        photos.exclude(pk__in=chosen).update(is_public=False)
        photos.filter(pk__in=chosen).update(is_public=True)
        locked.public_summary = public_summary
        locked.is_published = True
        locked.published_at = locked.published_at or timezone.now()
        locked._change_reason = "công bố"
        locked.save()
        record_event(locked, by=by, action=_("Duyệt công bố trên trang công khai"), reason=public_summary[:300])
    return locked


def exemplar_unpublish(*, exemplar: Exemplar, by: User, reason: str) -> Exemplar:
    """Withdraw an exemplar from the public gallery. Side effects: publication flag, StageEvent."""
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = _locked(exemplar)
        if not locked.is_published:
            raise DomainError(_("Điển hình chưa được công bố."))
        locked.is_published = False
        locked._change_reason = reason
        locked.save()
        record_event(locked, by=by, action=_("Thôi công bố"), reason=reason)
    return locked


def fostering_action_add(
    *, exemplar: Exemplar, by: User, date: date, description: str, responsible_unit: OrgUnit
) -> FosteringAction:
    """Record a fostering action (bồi dưỡng), while the exemplar is discovered or fostered.

    Side effects: one FosteringAction, StageEvent.
    """
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Cần ghi nội dung bồi dưỡng."))
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage not in (Stage.DISCOVERED, Stage.FOSTERED):
            raise DomainError(_("Chỉ ghi hoạt động bồi dưỡng trước khi tổng kết."))
        ensure_date(date, **fostering_bounds(locked))
        action = FosteringAction.objects.create(
            exemplar=locked, date=date, description=description, responsible_unit=responsible_unit, created_by=by
        )
        record_event(
            locked,
            by=by,
            action=_("Ghi hoạt động bồi dưỡng ngày %(d)s (%(unit)s)")
            % {"d": date.strftime("%d/%m/%Y"), "unit": responsible_unit},
        )
    return action


def replication_add(
    *, exemplar: Exemplar, by: User, adopting_unit: OrgUnit, adopted_on: date, results: str
) -> Replication:
    """Record a unit that adopted the model (nhân rộng), once the model is reviewed.

    Side effects: one Replication, StageEvent. A unit is recorded once per exemplar.
    """
    results = (results or "").strip()
    if not results:
        raise DomainError(_("Cần ghi kết quả áp dụng."))
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage not in (Stage.REVIEWED, Stage.REPLICATED):
            raise DomainError(_("Chỉ ghi đơn vị nhân rộng sau khi đã tổng kết mô hình."))
        ensure_date(adopted_on, **replication_bounds(locked))
        if locked.replications.filter(adopting_unit=adopting_unit).exists():
            raise DomainError(_("Đơn vị này đã được ghi nhận áp dụng mô hình."))
        try:
            with transaction.atomic():
                replication = Replication.objects.create(
                    exemplar=locked, adopting_unit=adopting_unit, adopted_on=adopted_on, results=results, created_by=by
                )
        except IntegrityError as exc:
            raise DomainError(_("Đơn vị này đã được ghi nhận áp dụng mô hình.")) from exc
        record_event(locked, by=by, action=_("Ghi đơn vị nhân rộng: %(unit)s") % {"unit": adopting_unit})
    return replication


def fostering_action_cancel(*, action: FosteringAction, by: User, reason: str) -> None:
    """Remove a fostering action recorded by mistake, before the review; what it said and why it was
    removed stay in the exemplar's history (StageEvent). Side effects: the row removed, StageEvent."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do hủy."))
    with transaction.atomic():
        locked = _locked(action.exemplar)
        if locked.stage not in (Stage.DISCOVERED, Stage.FOSTERED):
            raise DomainError(_("Điển hình đã tổng kết: hoạt động bồi dưỡng không hủy được nữa."))
        row = FosteringAction.objects.select_for_update().filter(pk=action.pk, exemplar=locked).first()
        if row is None:
            raise DomainError(_("Hoạt động bồi dưỡng này đã được hủy."))
        record_event(
            locked,
            by=by,
            action=_("Hủy hoạt động bồi dưỡng ngày %(d)s (%(unit)s): %(text)s")
            % {"d": row.date.strftime("%d/%m/%Y"), "unit": row.responsible_unit, "text": row.description[:80]},
            reason=reason,
        )
        row.delete()


def replication_cancel(*, replication: Replication, by: User, reason: str) -> None:
    """Remove a replication recorded by mistake; kept in the exemplar's history (StageEvent) with the reason.

    A replicated exemplar keeps at least one adopting unit. Side effects: the row removed, StageEvent.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do hủy."))
    with transaction.atomic():
        locked = _locked(replication.exemplar)
        row = Replication.objects.select_for_update().filter(pk=replication.pk, exemplar=locked).first()
        if row is None:
            raise DomainError(_("Bản ghi nhân rộng này đã được hủy."))
        if locked.stage == Stage.REPLICATED and locked.replications.count() == 1:
            raise DomainError(_("Điển hình đã ở bước nhân rộng: cần giữ ít nhất một đơn vị áp dụng."))
        record_event(
            locked,
            by=by,
            action=_("Hủy bản ghi nhân rộng: %(unit)s từ ngày %(d)s")
            % {"unit": row.adopting_unit, "d": row.adopted_on.strftime("%d/%m/%Y")},
            reason=reason,
        )
        row.delete()


def _checked(upload, *, allow: AllowList):
    """The upload checked by the foundation's gate, or a ``DomainError`` with its message."""
    try:
        return check_upload(upload, allow=allow)
    except UploadError as exc:
        raise DomainError(str(exc)) from exc


def exemplar_file_add(*, exemplar: Exemplar, by: User, upload, kind: str, caption: str = "") -> ExemplarFile:
    """Attach a photo (``IMAGES``) or a document (``DOCUMENTS``), checked by content.

    Side effects: a file in private storage, one ExemplarFile, StageEvent.
    """
    if kind not in ExemplarFile.FileKind.values:
        raise DomainError(_("Loại tệp không hợp lệ."))
    checked = _checked(upload, allow=IMAGES if kind == ExemplarFile.FileKind.PHOTO else DOCUMENTS)
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage == Stage.DROPPED:
            raise DomainError(_("Điển hình đã dừng theo dõi."))
        if locked.files.filter(sha256=checked.sha256).exists():
            raise DomainError(_("Tệp này đã được tải lên."))
        stored = ExemplarFile(
            exemplar=locked,
            kind=kind,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            caption=nfc(caption),
            uploaded_by=by,
        )
        stored.file.save(stored.storage_path(), ContentFile(checked.data), save=False)
        try:
            stored.save()
        except Exception:
            stored.file.delete(save=False)  # no row, no file
            raise
        record_event(
            locked,
            by=by,
            action=_("Tải lên %(kind)s: %(name)s")
            % {"kind": stored.get_kind_display().lower(), "name": stored.original_name},
        )
    return stored


# ---------------------------------------------------------------------------
# Honouring events
# ---------------------------------------------------------------------------


def honouring_event_create(
    *,
    by: User,
    title: str,
    kind: str,
    date: date,
    organiser: OrgUnit,
    place: str = "",
    occasion: str = "",
    description: str = "",
) -> HonouringEvent:
    """A conference or ceremony honouring exemplars. Side effects: one HonouringEvent."""
    title = nfc(title)
    if not title:
        raise DomainError(_("Cần tên sự kiện."))
    if HonouringEvent.objects.filter(title=title, date=date).exists():
        raise DomainError(_("Sự kiện này đã có."))
    try:
        with transaction.atomic():
            event = HonouringEvent(
                title=title,
                kind=kind,
                date=date,
                organiser=organiser,
                place=nfc(place),
                occasion=nfc(occasion),
                description=(description or "").strip(),
                created_by=by,
            )
            event._change_reason = "tạo sự kiện"
            event.save()
    except IntegrityError as exc:
        raise DomainError(_("Sự kiện này đã có.")) from exc
    return event


def honour_add(*, event: HonouringEvent, exemplar: Exemplar, by: User, citation: str = "") -> Honour:
    """Add an exemplar to the honours list of an event. Side effects: one Honour, StageEvent on the exemplar."""
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage == Stage.DROPPED:
            raise DomainError(_("Điển hình đã dừng theo dõi, không đưa vào danh sách biểu dương."))
        if Honour.objects.filter(event=event, exemplar=locked).exists():
            raise DomainError(_("Điển hình đã có trong danh sách biểu dương của sự kiện."))
        try:
            with transaction.atomic():
                honour = Honour.objects.create(event=event, exemplar=locked, citation=nfc(citation), added_by=by)
        except IntegrityError as exc:
            raise DomainError(_("Điển hình đã có trong danh sách biểu dương của sự kiện.")) from exc
        record_event(
            locked,
            by=by,
            action=_("Được biểu dương tại: %(event)s (%(d)s)")
            % {"event": event.title, "d": event.date.strftime("%d/%m/%Y")},
        )
    return honour


def honour_remove(*, honour: Honour, by: User) -> None:
    """Take an exemplar off an event's honours list. Side effects: the Honour deleted, StageEvent."""
    with transaction.atomic():
        exemplar = _locked(honour.exemplar)
        deleted, _rows = Honour.objects.filter(pk=honour.pk).delete()
        if not deleted:
            raise DomainError(_("Điển hình không còn trong danh sách."))
        record_event(exemplar, by=by, action=_("Rút khỏi danh sách biểu dương: %(event)s") % {"event": honour.event})


def event_document_add(*, event: HonouringEvent, by: User, upload, caption: str = "") -> EventDocument:
    """Attach a document to an honouring event, checked by content. Side effects: a private file, one row."""
    checked = _checked(upload, allow=DOCUMENTS)
    with transaction.atomic():
        HonouringEvent.objects.select_for_update().get(pk=event.pk)
        if event.documents.filter(sha256=checked.sha256).exists():
            raise DomainError(_("Tệp này đã được tải lên."))
        document = EventDocument(
            event=event,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            caption=nfc(caption),
            uploaded_by=by,
        )
        document.file.save(document.storage_path(), ContentFile(checked.data), save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
    return document


# ---------------------------------------------------------------------------
# From exemplar to award
# ---------------------------------------------------------------------------


def award_proposal_create(
    *, exemplar: Exemplar, by: User, award, year: int, round_kind: str = "yearly", summary: str = ""
) -> AwardProposal:
    """Propose the exemplar for an award: opens a draft dossier of the exemplar's unit (awards app).

    The dossier is created through ``awards.services.dossier_create_draft(origin="exemplar")``;
    the unit's officers complete and submit it there. Side effects: a Dossier with one Nomination
    (awards app), one AwardProposal, StageEvent. Refuses a second proposal for the same award and year.
    """
    with transaction.atomic():
        locked = _locked(exemplar)
        if locked.stage == Stage.DROPPED:
            raise DomainError(_("Điển hình đã dừng theo dõi."))
        if not award.is_for(locked.kind):
            raise DomainError(
                _("“%(award)s” không dành cho đối tượng %(kind)s.")
                % {"award": award.name, "kind": locked.get_kind_display().lower()}
            )
        if AwardProposal.objects.filter(exemplar=locked, award=award, year=year).exists():
            raise DomainError(
                _("Điển hình đã được đề nghị “%(award)s” năm %(year)s.") % {"award": award.name, "year": year}
            )
        summary = (summary or "").strip() or locked.headline
        dossier = dossier_create_draft(
            unit=locked.unit,
            round_kind=round_kind,
            year=year,
            by=by,
            title=_("Đề nghị khen thưởng điển hình tiên tiến: %(name)s") % {"name": locked.name},
            origin="exemplar",
            origin_note=_("Từ sổ theo dõi điển hình tiên tiến (%(field)s): %(headline)s")
            % {"field": locked.field.name, "headline": locked.headline},
            nominees=[
                {
                    "kind": locked.kind,
                    "person": locked.person,
                    "unit": locked.collective,
                    "household_name": locked.household_name,
                    "award": award.code,
                    "summary": summary,
                }
            ],
            campaign=locked.campaign,
        )
        try:
            with transaction.atomic():
                proposal = AwardProposal.objects.create(
                    exemplar=locked, award=award, year=year, summary=summary, dossier=dossier, proposed_by=by
                )
        except IntegrityError as exc:
            raise DomainError(_("Điển hình đã được đề nghị khen thưởng này.")) from exc
        record_event(
            locked,
            by=by,
            action=_("Đề nghị khen thưởng: %(award)s năm %(year)s (hồ sơ dự thảo #%(dossier)s)")
            % {"award": award.name, "year": year, "dossier": dossier.pk},
        )
    return proposal
