"""Writes of the award history: importing past awards from an xlsx (analyse → preview and resolve → apply,
all or nothing). Awards decided here are written by ``decision_sign`` and ``central_result_record``.

Every function is keyword-only and lists its side effects.
"""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.imports import KNOWN_HEADERS, _chunks, _key, analyse, existing_keys, header_mapping
from awards.models import AwardRecord, HistoryImport, RecipientKind
from thiduakt.models import OrgUnit, Person, User
from thiduakt.services import DomainError, job_create
from thiduakt.spreadsheets import SpreadsheetError, check_xlsx, read_table, read_xlsx
from thiduakt.text import fold
from thiduakt.uploads import SPREADSHEETS, UploadError, check_upload

INLINE_IMPORT_BYTES = 150 * 1024  # larger files are analysed and written by a background job


def _inline_import_bytes() -> int:
    return getattr(settings, "AWARDS_INLINE_IMPORT_BYTES", INLINE_IMPORT_BYTES)


def history_import_create(*, upload, by: User | None):
    """Store an uploaded history file and analyse it (inline when small, else as a background job).

    Side effects: one HistoryImport and its file in private storage; maybe one Job.
    """
    try:
        data = check_upload(upload, allow=SPREADSHEETS).data
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    try:
        if len(data) <= _inline_import_bytes():
            read_xlsx(data)  # formulas, bombs, broken files: refused before anything is stored
        else:
            check_xlsx(data)  # a big file: what needs no inflating (bombs, part caps) refused now, not in a job
    except SpreadsheetError as exc:
        raise DomainError(str(exc), field="file") from exc
    with transaction.atomic():
        history_import = HistoryImport(original_name=(upload.name or "lich-su.xlsx")[:255], created_by=by)
        history_import.file.save("import.xlsx", ContentFile(data), save=False)
        history_import.save()
        if len(data) > _inline_import_bytes():
            job_create(kind="awards.history_analyse", requested_by=by, params={"import_id": history_import.pk})
            return history_import
    return history_import_analyse(history_import=history_import)


def history_import_analyse(*, history_import, progress=None):
    """Read and check every row of the stored file; record the preview (errors, duplicates, matches).

    Side effects: the HistoryImport's rows, columns (the field read from each), counts and status
    (ready or invalid).
    """
    history_import.file.open("rb")
    try:
        data = history_import.file.read()
    finally:
        history_import.file.close()
    try:
        table = read_table(data, known_headers=KNOWN_HEADERS)
    except SpreadsheetError as exc:
        history_import.status = HistoryImport.Status.INVALID
        history_import.message = str(exc)
        history_import.save()
        return history_import
    rows = table.rows
    if progress:
        progress(30, _("Đã đọc %(n)s dòng, đang đối chiếu") % {"n": len(rows)})
    analysed, file_errors = analyse(table.headers, rows)
    for row, number in zip(analysed, table.numbers, strict=False):
        row["row"] = number  # the sheet's own row number: the header need not be on row 1
    history_import.columns = header_mapping(table.headers, table.unnamed)
    history_import.rows = analysed
    history_import.total_rows = len(rows)
    bad = [r for r in analysed if r["status"] == "error"]
    if file_errors or bad or not rows:
        history_import.status = HistoryImport.Status.INVALID
        history_import.message = " ".join(file_errors) or (
            _("%(n)s dòng có lỗi; sửa tệp rồi tải lại. Chưa có gì được ghi.") % {"n": len(bad)}
            if bad
            else _("Tệp không có dòng dữ liệu nào.")
        )
    else:
        history_import.status = HistoryImport.Status.READY
        history_import.message = ""
    history_import.save()
    return history_import


def history_import_resolve(*, history_import, choices: dict[int, str], by: User | None):
    """Record, for ambiguous rows, which existing person they are (an id) or "new".

    Side effects: the resolutions in the HistoryImport's rows.
    """
    with transaction.atomic():
        history_import = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if history_import.status != HistoryImport.Status.READY:
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        for row in history_import.rows:
            if row["status"] != "ambiguous" or row["row"] not in choices:
                continue
            choice = str(choices[row["row"]])
            allowed = {str(c["id"]) for c in row["candidates"]} | {"new"}
            if choice not in allowed:
                raise DomainError(_("Lựa chọn không hợp lệ ở dòng %(row)s.") % {"row": row["row"]})
            row["resolution"] = choice
        history_import.save()
    return history_import


def history_import_unresolved(history_import) -> list[int]:
    return [r["row"] for r in history_import.rows if r["status"] == "ambiguous" and not r.get("resolution")]


def history_import_apply(*, history_import, by: User | None, progress=None):
    """Write every new row as an imported AwardRecord, in one transaction: all rows or none.

    Duplicates (already recorded, or repeated in the file) are skipped and
    counted. People and records are written in batches, each with its history
    row (who, when, which file). Side effects: AwardRecords, new People for
    unknown individuals, the HistoryImport's status and counts.
    """
    batch = 1000
    with transaction.atomic():
        history_import = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if history_import.status not in (HistoryImport.Status.READY, HistoryImport.Status.APPLYING):
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        unresolved = history_import_unresolved(history_import)
        if unresolved:
            raise DomainError(
                _("Cần chọn người tương ứng cho các dòng: %(rows)s.") % {"rows": ", ".join(map(str, unresolved))}
            )
        reason = _("Nhập lịch sử khen thưởng: %(f)s") % {"f": history_import.original_name}
        rows = [row for row in history_import.rows if row["status"] != "duplicate"]
        skipped = len(history_import.rows) - len(rows)
        units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={r["unit_id"] for r in rows if r["unit_id"]})}

        # People: the matched or chosen ones checked in one query, the new ones created by batches.
        chosen = {}
        for row in rows:
            if row["kind"] == RecipientKind.INDIVIDUAL:
                choice = row.get("resolution") or ""
                chosen[row["row"]] = row["person_id"] or (int(choice) if choice.isdigit() else None)
        known = set()
        for chunk in _chunks({pk for pk in chosen.values() if pk}):
            known.update(Person.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        if missing := {pk for pk in chosen.values() if pk and pk not in known}:
            raise DomainError(
                _("Có %(n)s người đã chọn không còn trong danh sách cá nhân; hãy tải tệp lên lại.")
                % {"n": len(missing)}
            )
        new_people: dict[tuple, int | None] = {}
        pending: list[tuple[tuple, Person]] = []

        def write_people():
            created = Person.objects.bulk_create([person for _k, person in pending])
            Person.history.bulk_history_create(created, default_user=by, default_change_reason=reason)
            new_people.update((key, person.pk) for key, person in pending)
            pending.clear()

        person_keys = {}
        for row in rows:
            if row["row"] not in chosen or chosen[row["row"]]:
                continue
            key = (fold(row["name"]), row["birth_year"], row["unit_id"], row["id_number"] or "")
            person_keys[row["row"]] = key
            if key not in new_people:
                new_people[key] = None
                person = Person(
                    full_name=row["name"],
                    gender=row.get("gender") or "",
                    birth_year=row["birth_year"],
                    unit_id=row["unit_id"],
                    id_number=row["id_number"] or None,
                )
                person.derive()
                pending.append((key, person))
                if len(pending) == batch:
                    write_people()
        if pending:
            write_people()
        if progress:
            progress(20, _("Đã ghi %(n)s người mới") % {"n": len(new_people)})

        # Records: a row whose person was just created cannot repeat a record already there.
        for row in rows:
            if row["row"] in person_keys:
                row["person_id"] = new_people[person_keys[row["row"]]]
            elif row["row"] in chosen:
                row["person_id"] = chosen[row["row"]]
        existing = existing_keys(rows)
        record_reason = _("Nhập từ tệp %(f)s") % {"f": history_import.original_name}
        records: list[AwardRecord] = []
        created = 0

        def write_records():
            nonlocal created
            written = AwardRecord.objects.bulk_create(records)
            AwardRecord.history.bulk_history_create(written, default_user=by, default_change_reason=record_reason)
            created += len(written)
            records.clear()
            if progress:
                progress(
                    20 + created * 75 // len(rows), _("Đã ghi %(n)s/%(t)s bản ghi") % {"n": created, "t": len(rows)}
                )

        for row in rows:
            key = _key(row)
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            unit = units.get(row["unit_id"])
            record = AwardRecord(
                recipient_kind=row["kind"],
                person_id=row["person_id"] if row["kind"] == RecipientKind.INDIVIDUAL else None,
                unit=unit if row["kind"] == RecipientKind.COLLECTIVE else None,
                household_name=row["name"] if row["kind"] == RecipientKind.HOUSEHOLD else "",
                award_id=row["award_id"],
                year=row["year"],
                decision_number=row["decision_number"],
                decision_date=date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
                issuer=row["issuer"],
                award_type=row["award_type"],
                source=AwardRecord.Source.IMPORTED,
                is_public=row["is_public"],
                recipient_name=row["name"],
                recipient_unit_name=(unit.name if unit and row["kind"] != RecipientKind.COLLECTIVE else ""),
            )
            record.derive()
            records.append(record)
            if len(records) == batch:
                write_records()
        if records:
            write_records()

        history_import.status = HistoryImport.Status.APPLIED
        history_import.created_count = created
        history_import.skipped_count = skipped
        history_import.applied_at = timezone.now()
        history_import.message = _("Đã thêm %(c)s bản ghi, bỏ qua %(s)s dòng trùng.") % {"c": created, "s": skipped}
        history_import.save()
    return history_import


def history_import_start_apply(*, history_import, by: User | None):
    """Apply now when small, else queue a background job. Side effects: see ``history_import_apply``."""
    if history_import.status != HistoryImport.Status.READY:
        raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
    if len(history_import.rows) <= 300:
        return history_import_apply(history_import=history_import, by=by), None
    if history_import_unresolved(history_import):
        raise DomainError(
            _("Cần chọn người tương ứng cho các dòng: %(rows)s.")
            % {"rows": ", ".join(map(str, history_import_unresolved(history_import)))}
        )
    with transaction.atomic():
        updated = HistoryImport.objects.filter(pk=history_import.pk, status=HistoryImport.Status.READY).update(
            status=HistoryImport.Status.APPLYING
        )
        if not updated:
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        job = job_create(kind="awards.history_apply", requested_by=by, params={"import_id": history_import.pk})
    history_import.refresh_from_db()
    return history_import, job
