"""Writes of the honourees import (see ``exemplars.honouree_import`` for the reading and matching).

Every function is keyword-only, atomic, and lists its side effects.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exemplars.honouree_import import (
    HEADLINE_LENGTH,
    HONOUREE_COLUMNS,
    MAX_ROWS,
    WRITTEN,
    Analysis,
    Row,
    digest,
    preview,
    read,
    too_many,
)
from exemplars.models import Exemplar, Field, Honour, HonoureeImport, HonouringEvent, Kind, Stage, StageEvent
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError
from thiduakt.text import nfc
from thiduakt.uploads import SPREADSHEETS, UploadError, check_upload


def honouree_import_create(
    *, event: HonouringEvent, upload, by: User, default_field: Field | None = None, template=None
) -> HonoureeImport:
    """Keep an uploaded list for its preview; refused (nothing kept) when it is not a readable list.

    Side effects: one HonoureeImport (the file, the columns proposed, or read as the saved template says).
    """
    try:
        data = check_upload(upload, allow=SPREADSHEETS).data
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    try:
        table = read(data)
    except SpreadsheetError as exc:
        raise DomainError(str(exc), field="file") from exc
    if not table.rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    if len(table.rows) > MAX_ROWS:
        raise DomainError(too_many(len(table.rows)), field="file")
    lines = HONOUREE_COLUMNS.propose(table.headers, table.unnamed, template.columns if template else None)
    return HonoureeImport.objects.create(
        event=event,
        original_name=nfc(upload.name or "danh-sach.xlsx")[:255],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        columns=lines,
        default_field=default_field,
        created_by=by,
    )


def _locked_ready(honouree_import: HonoureeImport) -> HonoureeImport:
    locked = HonoureeImport.objects.select_for_update(of=("self",)).select_related("event__organiser", "default_field")
    locked = locked.get(pk=honouree_import.pk)
    if locked.status != HonoureeImport.Status.READY:
        raise DomainError(
            _("Danh sách này đã được ghi lúc %(at)s; không ghi thêm lần nào.")
            % {"at": timezone.localtime(locked.applied_at).strftime("%H:%M %d/%m/%Y")}
        )
    return locked


def honouree_import_columns(*, honouree_import: HonoureeImport, lines: list[dict], by: User) -> HonoureeImport:
    """Read the columns as the user chose; the choices made for rows are dropped (the rows are read anew).

    Side effects: the import's columns and choices.
    """
    with transaction.atomic():
        locked = _locked_ready(honouree_import)
        locked.columns, locked.choices = lines, {}
        locked.save(update_fields=["columns", "choices"])
    return locked


def honouree_import_choose(*, honouree_import: HonoureeImport, choices: dict[str, str], by: User) -> HonoureeImport:
    """Record which candidate each ambiguous row is (``e<id>``, ``p<id>`` or ``new``). Side effects: choices."""
    with transaction.atomic():
        locked = _locked_ready(honouree_import)
        analysis = preview(locked)
        offered = {str(r.number): {c["id"] for c in r.candidates} for r in analysis.rows if r.candidates}
        for number, choice in choices.items():
            if number not in offered or (choice and choice not in offered[number]):
                raise DomainError(_("Lựa chọn không hợp lệ ở dòng %(row)s.") % {"row": number})
        locked.choices = {**locked.choices, **{n: c for n, c in choices.items() if c}}
        locked.save(update_fields=["choices"])
    return locked


def honouree_import_apply(*, honouree_import: HonoureeImport, by: User, seen: str) -> HonoureeImport:
    """Write the list, all or nothing, as ``services.exemplar_create`` and ``services.honour_add`` would.

    ``seen``: the ``digest`` the preview was drawn from; a file, columns or choices changed since are refused.
    The event is locked, so that two confirmations (a double click, two tabs, two uploads of one file) are
    written one after the other, the second reading the first's rows as duplicates.
    Side effects: People, Exemplars (with history rows), StageEvents, Honours; the import's outcome.
    """
    with transaction.atomic():
        HonouringEvent.objects.select_for_update().filter(pk=honouree_import.event_id).first()
        locked = _locked_ready(honouree_import)
        if seen != digest(locked):
            raise DomainError(
                _("Tệp, cách đọc cột hoặc lựa chọn đã thay đổi sau khi xem trước; hãy xem lại danh sách rồi xác nhận.")
            )
        analysis = preview(locked)
        if analysis.file_errors:
            raise DomainError(" ".join(analysis.file_errors))
        if bad := [r.number for r in analysis.rows if r.status == "error"]:
            raise DomainError(
                _("Còn %(n)s dòng có lỗi (dòng %(rows)s); chưa ghi gì.")
                % {"n": len(bad), "rows": ", ".join(map(str, bad[:20]))}
            )
        if analysis.unresolved:
            raise DomainError(
                _("Cần chọn người tương ứng cho các dòng: %(rows)s.")
                % {"rows": ", ".join(map(str, analysis.unresolved[:20]))}
            )
        try:
            with transaction.atomic():
                created = _write(locked, analysis, by)
        except IntegrityError as exc:  # an honour added by hand a moment ago
            raise DomainError(_("Danh sách biểu dương vừa thay đổi; hãy tải lại trang rồi xác nhận lại.")) from exc
        locked.status = HonoureeImport.Status.APPLIED
        locked.created_count = created
        locked.skipped_count = len(analysis.rows) - created
        locked.applied_by, locked.applied_at = by, timezone.now()
        locked.message = _("Đã thêm %(c)s điển hình vào danh sách biểu dương, bỏ qua %(s)s dòng trùng.") % {
            "c": created,
            "s": locked.skipped_count,
        }
        locked.save()
    return locked


BATCH = 1000


def _person_unit(row: Row) -> OrgUnit | None:
    return row.person.unit if row.person is not None and row.person.unit_id else None


def _write(honouree_import: HonoureeImport, analysis: Analysis, by: User) -> int:
    event = honouree_import.event
    reason = _("Nhập danh sách từ tệp %(f)s") % {"f": honouree_import.original_name}
    rows = [r for r in analysis.rows if r.status in WRITTEN]
    # People first (a new person is created once, however many rows name them).
    new_people: dict[tuple, Person] = {}
    for row in rows:
        if row.status == "person":
            key = row.identity_key
            if key not in new_people:
                new_people[key] = Person(
                    full_name=row.name,
                    gender=row.gender,
                    birth_year=row.birth_year,
                    unit=row.unit,
                    position=row.position,
                )
                new_people[key].derive()
            row.person = new_people[key]
    people = Person.objects.bulk_create(list(new_people.values()), batch_size=BATCH)
    Person.history.bulk_history_create(people, default_user=by, default_change_reason=reason)
    # Exemplars, as ``exemplar_create`` writes them: discovered by the event's organiser on the event's day.
    discovered_on = min(event.date, timezone.localdate())
    new_exemplars: dict[tuple, Exemplar] = {}
    for row in rows:
        if row.exemplar is not None:
            continue
        key = row.identity_key if row.status == "exemplar" else ("new", id(row.person), row.field.pk)
        if key not in new_exemplars:
            exemplar = Exemplar(
                kind=row.kind,
                person=row.person if row.kind == Kind.INDIVIDUAL else None,
                collective=row.collective if row.kind == Kind.COLLECTIVE else None,
                household_name=row.name if row.kind == Kind.HOUSEHOLD else "",
                unit=row.unit or _person_unit(row) or row.collective or event.organiser,
                field=row.field,
                headline=row.headline
                or row.citation[:HEADLINE_LENGTH]
                or (_("Được biểu dương tại %(e)s") % {"e": event.title})[:HEADLINE_LENGTH],
                discovered_by=event.organiser.name[:200],
                discovered_on=discovered_on,
                stage=Stage.DISCOVERED,
                created_by=by,
            )
            exemplar.derive()
            new_exemplars[key] = exemplar
        row.exemplar = new_exemplars[key]
    exemplars = Exemplar.objects.bulk_create(list(new_exemplars.values()), batch_size=BATCH)
    Exemplar.history.bulk_history_create(exemplars, default_user=by, default_change_reason=reason)
    honoured = _("Được biểu dương tại: %(event)s (%(d)s)") % {
        "event": event.title,
        "d": event.date.strftime("%d/%m/%Y"),
    }
    events = [
        StageEvent(
            exemplar=e, by=by, action=_("Phát hiện, đưa vào sổ theo dõi"), to_status=Stage.DISCOVERED, reason=reason
        )
        for e in exemplars
    ]
    events += [StageEvent(exemplar=r.exemplar, by=by, action=honoured[:200], reason=reason) for r in rows]
    StageEvent.objects.bulk_create(events, batch_size=BATCH)
    honours = [Honour(event=event, exemplar=r.exemplar, citation=r.citation, added_by=by) for r in rows]
    Honour.objects.bulk_create(honours, batch_size=BATCH)
    return len(honours)
