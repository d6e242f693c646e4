"""Writes of a dossier's nominee list import: store and read the file, re-read it (columns, choices), write it.

The file is kept in private storage with its SHA-256; every reading, the preview's and the writing's, reads
the stored file and checks that hash. Writing reads the file again under the dossier's lock, against what the
database holds then, and writes every nominee in one transaction, as ``nomination_add`` would one by one
(kind, award, duplicates, quotas, new people, one event per nominee): all rows or none.

Every function is keyword-only and lists its side effects.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Dossier, DossierEvent, Nomination, NomineeImport, RecipientKind
from awards.nominee_import import NOMINEE_COLUMNS, analyse, new_person_key, unresolved
from awards.services.dossiers import _not_editable
from thiduakt.imports import template_save
from thiduakt.models import ImportTemplate, OrgUnit, Person, User
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError, read_table
from thiduakt.uploads import SPREADSHEETS, UploadError, check_upload


def _editable(dossier: Dossier) -> Dossier:
    """The dossier, locked; refused when the unit may no longer change its nominees."""
    dossier = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
    if not dossier.is_editable:
        raise DomainError(_not_editable(dossier))
    return dossier


def _stored_table(nominee_import: NomineeImport):
    """The stored file as read, after checking it is the file that was uploaded (its SHA-256)."""
    nominee_import.file.open("rb")
    try:
        data = nominee_import.file.read()
    finally:
        nominee_import.file.close()
    if hashlib.sha256(data).hexdigest() != nominee_import.sha256:
        raise DomainError(_("Tệp đã lưu không còn giống tệp đã tải lên; hãy tải tệp lên lại."))
    return read_table(data, known_headers=NOMINEE_COLUMNS.known_headers)


def _read(nominee_import: NomineeImport, dossier: Dossier, table=None) -> None:
    """Analyse the stored file with the import's columns and choices; set its rows, status and message."""
    table = table if table is not None else _stored_table(nominee_import)
    rows, file_errors = analyse(
        dossier=dossier, table=table, lines=nominee_import.columns, choices=nominee_import.choices
    )
    nominee_import.rows = rows
    bad = [r for r in rows if r["status"] == "error"]
    if file_errors or bad:
        nominee_import.status = NomineeImport.Status.INVALID
        nominee_import.message = " ".join(file_errors) or (
            _("%(n)s dòng có lỗi; sửa tệp rồi tải lên lại. Chưa có gì được ghi.") % {"n": len(bad)}
        )
    else:
        nominee_import.status = NomineeImport.Status.READY
        nominee_import.message = ""


def nominee_import_create(*, dossier: Dossier, upload, by: User | None, template: ImportTemplate | None = None):
    """Store an uploaded nominee list of an editable dossier and read it (preview).

    ``template``: a saved way of reading the columns, proposed first. Refused (nothing stored) when the
    file is not a safe xlsx. Side effects: one NomineeImport and its file in private storage.
    """
    try:
        data = check_upload(upload, allow=SPREADSHEETS).data
    except UploadError as exc:
        raise DomainError(str(exc), field="file") from exc
    try:
        table = read_table(data, known_headers=NOMINEE_COLUMNS.known_headers)
    except SpreadsheetError as exc:
        raise DomainError(str(exc), field="file") from exc
    with transaction.atomic():
        dossier = _editable(dossier)
        nominee_import = NomineeImport(
            dossier=dossier,
            original_name=(upload.name or "danh-sach.xlsx")[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            created_by=by,
            columns=NOMINEE_COLUMNS.propose(table.headers, table.unnamed, template.columns if template else None),
        )
        _read(nominee_import, dossier, table)
        nominee_import.file.save("import.xlsx", ContentFile(data), save=False)
        nominee_import.save()
    return nominee_import


def _pending(nominee_import: NomineeImport) -> tuple[NomineeImport, Dossier]:
    dossier = _editable(nominee_import.dossier)
    nominee_import = NomineeImport.objects.select_for_update().get(pk=nominee_import.pk)
    if nominee_import.status == NomineeImport.Status.APPLIED:
        raise DomainError(_("Danh sách này đã được ghi vào hồ sơ; không ghi lại lần nữa."))
    return nominee_import, dossier


def nominee_import_reread(
    *,
    nominee_import: NomineeImport,
    by: User | None,
    lines: list[dict] | None = None,
    choices: dict | None = None,
    template: ImportTemplate | None = None,
    save_as: str = "",
) -> NomineeImport:
    """Read the stored file again: with the columns the user chose (``lines``), or as a saved ``template``
    reads them, and with the persons chosen for ambiguous rows (``choices``: row → id or "new").

    ``save_as``: also save ``lines`` as a named template for the next files. Side effects: the import's
    columns, choices, rows, status and revision; maybe one ImportTemplate.
    """
    with transaction.atomic():
        nominee_import, dossier = _pending(nominee_import)
        table = _stored_table(nominee_import)
        if template is not None:
            nominee_import.columns = NOMINEE_COLUMNS.propose(table.headers, table.unnamed, template.columns)
        elif lines is not None:
            nominee_import.columns = lines
            if save_as.strip():
                try:
                    template_save(columns=NOMINEE_COLUMNS, name=save_as, lines=lines, by=by)
                except ValueError as exc:
                    raise DomainError(str(exc)) from exc
        if choices:
            allowed = {
                str(r["row"]): {str(c["id"]) for c in r["candidates"]} | {"new"}
                for r in nominee_import.rows
                if r["status"] == "ambiguous"
            }
            for row, choice in choices.items():
                if str(row) in allowed and str(choice) not in allowed[str(row)]:
                    raise DomainError(_("Lựa chọn không hợp lệ ở dòng %(row)s.") % {"row": row})
            nominee_import.choices = {**nominee_import.choices, **{str(k): str(v) for k, v in choices.items()}}
        _read(nominee_import, dossier, table)
        nominee_import.revision += 1
        nominee_import.save()
    return nominee_import


def nominee_import_apply(*, nominee_import: NomineeImport, by: User | None, revision: int) -> NomineeImport:
    """Write every new row of the list into the dossier, in one transaction: all rows or none.

    ``revision``: the preview the user confirmed; a newer reading (another tab) is refused. The file is
    read again from storage (its hash checked) against the database as it is now: a nominee already in the
    dossier for that award (a second upload of the same file) is skipped; any row in error, or ambiguous
    and not chosen, refuses the whole list. A second confirmation writes nothing.
    Side effects: new People (history: who, which file), the Nominations (history), one DossierEvent per
    nominee (as adding by hand) and one for the list; the import's status and counts.
    """
    with transaction.atomic():
        nominee_import, dossier = _pending(nominee_import)
        if revision != nominee_import.revision:
            raise DomainError(_("Bản xem trước đã thay đổi (có thể ở một thẻ khác); hãy xem lại rồi xác nhận."))
        _read(nominee_import, dossier)
        if nominee_import.status != NomineeImport.Status.READY:
            nominee_import.revision += 1
            nominee_import.save()  # kept: the user sees why, in the preview read now
            return nominee_import
        if waiting := unresolved(nominee_import.rows):
            raise DomainError(
                _("Cần chọn người tương ứng cho các dòng: %(rows)s.") % {"rows": ", ".join(map(str, waiting))}
            )
        rows = [r for r in nominee_import.rows if r["status"] != "duplicate"]
        skipped = len(nominee_import.rows) - len(rows)
        reason = _("Nhập danh sách đối tượng từ tệp %(f)s") % {"f": nominee_import.original_name}
        people = _people(rows, dossier, by, reason)
        units = OrgUnit.objects.in_bulk({r["unit_id"] for r in rows if r["kind"] == RecipientKind.COLLECTIVE})
        nominations = []
        for row in rows:
            nomination = Nomination(
                dossier=dossier,
                nominee_kind=row["kind"],
                person=people.get(row["row"]),
                unit=units.get(row["unit_id"]) if row["kind"] == RecipientKind.COLLECTIVE else None,
                household_name=row["name"] if row["kind"] == RecipientKind.HOUSEHOLD else "",
                award_id=row["award_id"],
                year=dossier.year,
                summary=row["summary"],
                member_count=row["member_count"],
            )
            nomination.derive()
            nominations.append(nomination)
        try:
            with transaction.atomic():
                created = Nomination.objects.bulk_create(nominations)
        except IntegrityError:  # proposed elsewhere a moment ago: the constraint kept the other one
            raise DomainError(
                _("Một đối tượng trong danh sách vừa được đề nghị ở nơi khác; hãy đọc lại tệp.")
            ) from None
        Nomination.history.bulk_history_create(created, default_user=by, default_change_reason=reason)
        names = {r["award_id"]: r["award_name"] for r in rows}
        added = _("Thêm đối tượng: %(name)s – %(award)s")
        events = [
            DossierEvent(
                dossier=dossier,
                nomination=n,
                by=by,
                round_number=dossier.round_number,
                action=(added % {"name": n.nominee_name, "award": names[n.award_id]})[:200],
                reason=reason,
            )
            for n in created
        ]
        summary = _("Đã thêm %(c)s đối tượng, bỏ qua %(s)s dòng trùng.") % {"c": len(created), "s": skipped}
        events.append(
            DossierEvent(dossier=dossier, by=by, round_number=dossier.round_number, action=reason[:200], reason=summary)
        )
        DossierEvent.objects.bulk_create(events)
        nominee_import.status = NomineeImport.Status.APPLIED
        nominee_import.created_count = len(created)
        nominee_import.skipped_count = skipped
        nominee_import.applied_at = timezone.now()
        nominee_import.message = summary
        nominee_import.save()
    return nominee_import


def _people(rows: list[dict], dossier: Dossier, by: User | None, reason: str) -> dict[int, Person]:
    """The person of each individual row (by sheet row): the matched or chosen ones, and the new ones created
    (one per name, birth year, unit and ID number however many rows name them), with their history rows."""
    chosen = {r["row"]: r["person_id"] for r in rows if r["kind"] == RecipientKind.INDIVIDUAL and r["person_id"]}
    existing = Person.objects.in_bulk(set(chosen.values()))
    found = {row: existing[pk] for row, pk in chosen.items()}
    new: dict[tuple, Person] = {}
    for row in rows:
        if row["kind"] != RecipientKind.INDIVIDUAL or row["person_id"]:
            continue
        key = new_person_key(row)
        if key not in new:
            new[key] = Person(
                full_name=row["name"],
                gender=row["gender"],
                birth_year=row["birth_year"],
                position=row["position"],
                unit_id=row["unit_id"] or dossier.unit_id,
                id_number=row["id_number"] or None,
            )
            new[key].derive()
        found[row["row"]] = new[key]
    if new:
        try:
            with transaction.atomic():
                created = Person.objects.bulk_create(list(new.values()))
        except IntegrityError:  # an ID number registered a moment ago
            raise DomainError(
                _("Một số định danh trong danh sách vừa được ghi cho người khác; hãy đọc lại tệp.")
            ) from None
        why = _("Thêm khi lập hồ sơ đề nghị khen thưởng (%(r)s)") % {"r": reason}
        Person.history.bulk_history_create(created, default_user=by, default_change_reason=why)
    return found
