"""Writes of the award history: importing past awards from an xlsx (analyse → preview and resolve → apply,
all or nothing). Awards decided here are written by ``decision_sign`` and ``central_result_record``.

Every function is keyword-only and lists its side effects.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import lookup_cache
from awards.imports import HISTORY_COLUMNS, KNOWN_HEADERS, Analyser, _digest, _key, existing_keys, header_mapping
from awards.models import AwardRecord, HistoryImport, HistoryImportRow, RecipientKind
from thiduakt.imports import template_save
from thiduakt.models import ImportTemplate, OrgUnit, Person, User
from thiduakt.services import DomainError, job_create
from thiduakt.spreadsheets import SpreadsheetError, TableReader, check_xlsx, read_xlsx
from thiduakt.text import fold
from thiduakt.uploads import SPREADSHEETS, UploadError, check_upload

INLINE_IMPORT_BYTES = 150 * 1024  # larger files are analysed and written by a background job


def _inline_import_bytes() -> int:
    return getattr(settings, "AWARDS_INLINE_IMPORT_BYTES", INLINE_IMPORT_BYTES)


CHUNK_ROWS = 1000  # rows analysed and stored at a time: memory holds a chunk, not the file
APPLY_ROWS = 500  # rows written at a time (a row's person, record and their history rows are held)


def _stored(history_import) -> bytes:
    history_import.file.open("rb")
    try:
        return history_import.file.read()
    finally:
        history_import.file.close()


def history_import_create(*, upload, by: User | None, template: ImportTemplate | None = None):
    """Store an uploaded history file and analyse it (inline when small, else as a background job).

    ``template``: a saved way of reading the columns, to use instead of the proposal.
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
        history_import = HistoryImport(
            original_name=(upload.name or "lich-su.xlsx")[:255],
            created_by=by,
            digest=hashlib.sha256(data).hexdigest(),
        )
        if template is not None:
            history_import.columns = [{"saved": template.columns, "template": template.name}]
        history_import.file.save("import.xlsx", ContentFile(data), save=False)
        history_import.save()
        if len(data) > _inline_import_bytes():
            job_create(kind="awards.history_analyse", requested_by=by, params={"import_id": history_import.pk})
            return history_import
    return history_import_analyse(history_import=history_import)


def _saved(history_import) -> dict | None:
    """The saved template's mapping chosen at upload, until the file has been read with it."""
    columns = history_import.columns
    if not history_import.columns_confirmed and columns and "saved" in columns[0]:
        return columns[0]["saved"]
    return None


def history_import_analyse(*, history_import, progress=None):
    """Read and check every row of the stored file, chunk by chunk; store the preview rows in their table.

    The file is streamed (``TableReader``): memory holds a chunk of rows, whatever the file's length.
    Side effects: the HistoryImport's preview rows (replaced), columns (the field read from each),
    counts and status (ready or invalid).
    """
    data = _stored(history_import)
    try:
        reader = TableReader(data, known_headers=KNOWN_HEADERS)
    except SpreadsheetError as exc:
        history_import.status = HistoryImport.Status.INVALID
        history_import.message = str(exc)
        history_import.save()
        return history_import
    saved = _saved(history_import)
    lines = history_import.columns if history_import.columns_confirmed else header_mapping(reader.headers, (), saved)
    positions, file_errors = HISTORY_COLUMNS.positions(lines)
    counts = dict.fromkeys(("new", "duplicate", "ambiguous", "error"), 0)
    total = 0
    HistoryImportRow.objects.filter(history_import=history_import).delete()
    try:
        if not file_errors:
            analyser = Analyser(positions)
            chunk: list[tuple[int, list]] = []

            def store():
                nonlocal total
                analysed = analyser.rows(chunk)
                HistoryImportRow.objects.bulk_create(
                    HistoryImportRow(history_import=history_import, number=row["row"], status=row["status"], data=row)
                    for row in analysed
                )
                for row in analysed:
                    counts[row["status"]] += 1
                total += len(chunk)
                chunk.clear()
                if progress:
                    progress(5 + int(90 * reader.fraction), _("Đã đọc và đối chiếu %(n)s dòng") % {"n": f"{total:,}"})

            for numbered in reader:
                chunk.append(numbered)
                if len(chunk) == CHUNK_ROWS:
                    store()
            if chunk:
                store()
        else:
            reader.close()
    except SpreadsheetError as exc:
        HistoryImportRow.objects.filter(history_import=history_import).delete()
        history_import.status = HistoryImport.Status.INVALID
        history_import.message = str(exc)
        history_import.save()
        return history_import
    if not history_import.columns_confirmed:
        history_import.columns = header_mapping(reader.headers, reader.unnamed, saved)
        history_import.columns_confirmed = saved is not None  # read with a template: the user's choice
    history_import.total_rows = total
    history_import.new_rows, history_import.duplicate_rows = counts["new"], counts["duplicate"]
    history_import.ambiguous_rows, history_import.error_rows = counts["ambiguous"], counts["error"]
    bad = counts["error"]
    if file_errors or bad or not total:
        history_import.status = HistoryImport.Status.INVALID
        history_import.message = " ".join(file_errors) or (
            _("%(n)s dòng có lỗi; sửa tệp rồi tải lại. Chưa có gì được ghi.") % {"n": bad}
            if bad
            else _("Tệp không có dòng dữ liệu nào.")
        )
    else:
        history_import.status = HistoryImport.Status.READY
        history_import.message = ""
    history_import.save()
    return history_import


def history_import_remap(*, history_import, lines: list[dict], by: User | None, save_as: str = ""):
    """Read the file again with the columns the user chose (``lines``: ``Columns.choose``'s); maybe save them.

    Only before anything is written. Side effects: the HistoryImport's columns (confirmed), preview rows,
    counts and status; with ``save_as``, an ImportTemplate of that name created or replaced.
    """
    with transaction.atomic():
        history_import = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if history_import.status not in (HistoryImport.Status.READY, HistoryImport.Status.INVALID):
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        if save_as:
            try:
                template_save(columns=HISTORY_COLUMNS, name=save_as, lines=lines, by=by)
            except ValueError as exc:
                raise DomainError(str(exc), field="save_as") from exc
        history_import.columns = lines
        history_import.columns_confirmed = True
        history_import.status = HistoryImport.Status.ANALYSING
        history_import.save()
        if history_import.file.size > _inline_import_bytes():
            job_create(kind="awards.history_analyse", requested_by=by, params={"import_id": history_import.pk})
            return history_import
        return history_import_analyse(history_import=history_import)


def history_import_resolve(*, history_import, choices: dict[int, str], by: User | None):
    """Record, for ambiguous rows, which existing person they are (an id) or "new".

    Side effects: the resolutions in the HistoryImport's preview rows.
    """
    with transaction.atomic():
        history_import = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if history_import.status != HistoryImport.Status.READY:
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        rows = list(history_import.preview_rows.filter(status="ambiguous", number__in=list(choices)))
        for row in rows:
            choice = str(choices[row.number])
            allowed = {str(c["id"]) for c in row.data["candidates"]} | {"new"}
            if choice not in allowed:
                raise DomainError(_("Lựa chọn không hợp lệ ở dòng %(row)s.") % {"row": row.number})
            row.data["resolution"] = choice
        HistoryImportRow.objects.bulk_update(rows, ["data"])
    return history_import


def history_import_unresolved(history_import) -> list[int]:
    return list(
        history_import.preview_rows.filter(status="ambiguous", data__resolution="").values_list("number", flat=True)
    )


def _pages(history_import):
    """The rows to write, a page at a time in sheet order (keyset on the row number)."""
    last = 0
    rows = history_import.preview_rows.exclude(status="duplicate").order_by("number")
    while True:
        page = list(rows.filter(number__gt=last).values_list("data", flat=True)[:APPLY_ROWS])
        if not page:
            return
        last = page[-1]["row"]
        yield page
        page.clear()  # the caller is done with it: freed before the next page is read


def history_import_apply(*, history_import, by: User | None, progress=None):
    """Write every new row as an imported AwardRecord, in one transaction: all rows or none.

    Duplicates (already recorded, or repeated in the file) are skipped and counted. The preview
    rows are read back a page at a time; people and records are written by pages, each with its
    history row (who, when, which file). Side effects: AwardRecords, new People for unknown
    individuals, the HistoryImport's status and counts.
    """
    with transaction.atomic():
        history_import = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if history_import.status not in (HistoryImport.Status.READY, HistoryImport.Status.APPLYING):
            raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
        unresolved = history_import_unresolved(history_import)
        if unresolved:
            raise DomainError(
                _("Cần chọn người tương ứng cho các dòng: %(rows)s.") % {"rows": ", ".join(map(str, unresolved[:50]))}
            )
        if history_import.digest and hashlib.sha256(_stored(history_import)).hexdigest() != history_import.digest:
            raise DomainError(_("Tệp đã lưu không còn đúng như lúc xem trước; hãy tải tệp lên lại."))
        person_reason = _("Nhập lịch sử khen thưởng: %(f)s") % {"f": history_import.original_name}
        record_reason = _("Nhập từ tệp %(f)s") % {"f": history_import.original_name}
        to_write = history_import.total_rows - history_import.duplicate_rows
        skipped = history_import.duplicate_rows
        new_people: dict[int, int] = {}  # fingerprint of (name, birth year, unit, id number) -> the new person
        written_keys: set[int] = set()
        created = 0

        def write(page: list[dict]) -> tuple[int, int]:
            """Write one page's new people and records; (records written, rows skipped as already there)."""
            created = skipped = 0
            units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={r["unit_id"] for r in page if r["unit_id"]})}
            # People: the matched or chosen ones checked in one query, the new ones created together.
            chosen = {}
            for row in page:
                if row["kind"] == RecipientKind.INDIVIDUAL:
                    choice = row.get("resolution") or ""
                    chosen[row["row"]] = row["person_id"] or (int(choice) if choice.isdigit() else None)
            wanted = {pk for pk in chosen.values() if pk}
            known = set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
            if missing := wanted - known:
                raise DomainError(
                    _("Có %(n)s người đã chọn không còn trong danh sách cá nhân; hãy tải tệp lên lại.")
                    % {"n": len(missing)}
                )
            pending: dict[int, Person] = {}
            person_keys = {}
            for row in page:
                if row["row"] not in chosen or chosen[row["row"]]:
                    continue
                key = _digest((fold(row["name"]), row["birth_year"], row["unit_id"], row["id_number"] or ""))
                person_keys[row["row"]] = key
                if key not in new_people and key not in pending:
                    person = Person(
                        full_name=row["name"],
                        gender=row.get("gender") or "",
                        birth_year=row["birth_year"],
                        unit_id=row["unit_id"],
                        id_number=row["id_number"] or None,
                    )
                    person.derive()
                    pending[key] = person
            if pending:
                people = Person.objects.bulk_create(list(pending.values()))
                Person.history.bulk_history_create(people, default_user=by, default_change_reason=person_reason)
                new_people.update((key, person.pk) for key, person in pending.items())
            # Records: one already there (or written from an earlier row) is skipped.
            for row in page:
                if row["row"] in person_keys:
                    row["person_id"] = new_people[person_keys[row["row"]]]
                elif row["row"] in chosen:
                    row["person_id"] = chosen[row["row"]]
            existing = existing_keys(page)
            records = []
            for row in page:
                key = _key(row)
                if key in existing or _digest(key) in written_keys:
                    skipped += 1
                    continue
                written_keys.add(_digest(key))
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
            if records:
                written = AwardRecord.objects.bulk_create(records)
                lookup_cache.changed()  # no signal from bulk_create: the lookup's cached pages are out of date
                AwardRecord.history.bulk_history_create(written, default_user=by, default_change_reason=record_reason)
                created += len(written)
            return created, skipped

        for page in _pages(history_import):
            written, repeated = write(page)
            created += written
            skipped += repeated
            if progress:
                done = created + skipped - history_import.duplicate_rows
                progress(
                    5 + done * 90 // max(to_write, 1), _("Đã ghi %(n)s/%(t)s bản ghi") % {"n": created, "t": to_write}
                )

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
    if history_import.total_rows <= 300:
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
