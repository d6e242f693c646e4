"""Reading award history from an xlsx: columns, per-row checks, identity matching, duplicates.

Pure analysis (reads only); ``services.history_import_*`` store the result and write it.
"""

import hashlib
from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Award, AwardRecord, AwardType, RecipientKind
from thiduakt.imports import Column, Columns
from thiduakt.models import Person
from thiduakt.readers import (
    Catalogue,
    UnitIndex,
    UnitNotFound,
    name_key,
    parse_date,
    parse_text,
    parse_year,
    read_choice,
    read_gender,
    split_honorific,
)
from thiduakt.text import fold, nfc

COLUMNS = {
    "kind": "Đối tượng",
    "name": "Họ tên / Tên tập thể",
    "birth_year": "Năm sinh",
    "id_number": "Số định danh",
    "unit": "Đơn vị",
    "award": "Mã khen thưởng",
    "year": "Năm",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "issuer": "Cơ quan ban hành",
    "award_type": "Loại hình",
    "is_public": "Công bố",
}
REQUIRED = ["name", "award", "year"]
# The headers each column is known by, best first: ours (``COLUMNS``, the template we hand out), those of
# the public TĐKT system's templates (MauTDKT.xlsx, CANHAN.xlsx, TAPTHE.xlsx, NHANDULIEU.xlsx of
# lifephongphanmem/thiduakhenthuong_php8) and the usual variants. Matched by ``header_key`` (no diacritics,
# no case, no note in parentheses); a two-row header "Quyết định" over "Số" is known as "Số quyết định".
# When two columns name one field, the one with the better name (then the leftmost) is read; the other is
# shown as not read.
SYNONYMS = {
    "kind": [
        "Phân loại khen thưởng",
        "Loại đối tượng",
        "Đối tượng khen thưởng",
        "Cá nhân/Tập thể",
        "Mã phân loại khen thưởng",
    ],
    "name": [
        "Tên tập thể/cá nhân/hộ gia đình",
        "Họ và tên",
        "Họ tên",
        "Họ tên/Tên tập thể/Hộ gia đình",
        "Tên cá nhân/tập thể",
        "Tên đơn vị/tập thể",
        "Tên tập thể",
        "Tên cá nhân",
        "Tên đối tượng",
        "Tên người/tập thể được khen thưởng",
        "Họ tên, tên tập thể",
    ],
    "honorific": ["Danh xưng", "Tên gọi", "Ông/Bà", "Xưng hô", "Giới tính", "Nam/Nữ"],
    "birth_year": ["Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh năm"],
    "id_number": [
        "Số CCCD",
        "CCCD",
        "Số căn cước",
        "Số căn cước công dân",
        "Số CMND",
        "CMND/CCCD",
        "Số định danh cá nhân",
    ],
    "unit": [
        "Đơn vị công tác",
        "Tên đơn vị/tập thể công tác",
        "Cơ quan công tác",
        "Nơi công tác",
        "Cơ quan, đơn vị",
        "Đơn vị quản lý",
    ],
    "award": [
        "Danh hiệu thi đua/Hình thức khen thưởng",
        "Hình thức khen thưởng/Danh hiệu thi đua",
        "Hình thức khen thưởng",
        "Danh hiệu thi đua",
        "Danh hiệu",
        "Khen thưởng",
        "Mã hình thức khen thưởng",
        "Mã danh hiệu thi đua",
        "Mã danh hiệu",
    ],
    "year": ["Năm khen thưởng", "Năm được khen thưởng", "Năm đạt", "Năm công nhận", "Năm thành tích"],
    "decision_number": ["Số QĐ", "Quyết định số", "Số hiệu quyết định", "Số quyết định khen thưởng"],
    "decision_date": ["Ngày QĐ", "Ngày ký", "Ngày ban hành", "Ngày quyết định khen thưởng", "Ngày ký quyết định"],
    "issuer": ["Cơ quan, người ký", "Cơ quan quyết định", "Cấp khen thưởng", "Cấp quyết định", "Người ký"],
    "award_type": ["Loại hình khen thưởng", "Loại khen thưởng"],
    "is_public": ["Công khai"],
}
FIELD_LABELS = {  # what each field is, for the preview's mapping ("cột C → Họ tên, tên tập thể")
    "kind": gettext_lazy("Đối tượng (cá nhân, tập thể, hộ gia đình)"),
    "name": gettext_lazy("Họ tên, tên tập thể"),
    "honorific": gettext_lazy("Danh xưng (Ông/Bà)"),
    "birth_year": gettext_lazy("Năm sinh"),
    "id_number": gettext_lazy("Số định danh"),
    "unit": gettext_lazy("Đơn vị"),
    "award": gettext_lazy("Danh hiệu, hình thức khen thưởng"),
    "year": gettext_lazy("Năm khen thưởng"),
    "decision_number": gettext_lazy("Số quyết định"),
    "decision_date": gettext_lazy("Ngày quyết định"),
    "issuer": gettext_lazy("Cơ quan ban hành"),
    "award_type": gettext_lazy("Loại hình khen thưởng"),
    "is_public": gettext_lazy("Công bố"),
}


HISTORY_COLUMNS = Columns(
    "awards.history",
    tuple(
        Column(key, label, COLUMNS.get(key, SYNONYMS[key][0]), tuple(SYNONYMS.get(key, ())), key in REQUIRED)
        for key, label in FIELD_LABELS.items()
    ),
)
# Every header the import knows, for finding the header row under a title (``read_table(known_headers=…)``).
KNOWN_HEADERS = HISTORY_COLUMNS.known_headers
# The words real files use (folded, see thiduakt.readers.read_choice), with or without a leading prefix:
# "Cá nhân", "Khen thưởng cá nhân", "CANHAN" (the public TĐKT system's codes).
KIND_WORDS = {
    "": RecipientKind.INDIVIDUAL,
    "ca nhan": RecipientKind.INDIVIDUAL,
    "canhan": RecipientKind.INDIVIDUAL,
    "tap the": RecipientKind.COLLECTIVE,
    "tapthe": RecipientKind.COLLECTIVE,
    "ho gia dinh": RecipientKind.HOUSEHOLD,
    "hogiadinh": RecipientKind.HOUSEHOLD,
    "gia dinh": RecipientKind.HOUSEHOLD,
}
KIND_PREFIXES = ("khen thuong", "doi tuong")
# "Thường xuyên" is the regular, yearly commendation of achievements: the law's "công trạng";
# "theo đợt", "chuyên đề", "phong trào" are one kind (Luật TĐKT Điều 70).
TYPE_WORDS = {name_key(label): value for value, label in AwardType.choices}
TYPE_WORDS.update(
    {
        "": AwardType.MERIT,
        "cong trang": AwardType.MERIT,
        "thuong xuyen": AwardType.MERIT,
        "thuong xuyen cong trang": AwardType.MERIT,
        "dot xuat": AwardType.SUDDEN,
        "phong trao": AwardType.CAMPAIGN,
        "theo phong trao": AwardType.CAMPAIGN,
        "chuyen de": AwardType.CAMPAIGN,
        "theo chuyen de": AwardType.CAMPAIGN,
        "theo dot": AwardType.CAMPAIGN,
        "theo dot hoac chuyen de": AwardType.CAMPAIGN,
        "cong hien": AwardType.CAREER,
        "theo nien han": AwardType.SERVICE,
    }
)
TYPE_PREFIXES = ("khen thuong", "hinh thuc", "loai hinh", "khen")
YES = {"co", "x", "1", "yes", "true"}
NO = {"", "khong", "0", "no", "false"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# What each text column is stored in: longer texts are refused at preview, never cut.
NAME_LENGTH = {
    RecipientKind.INDIVIDUAL: _length(Person, "full_name"),
    RecipientKind.COLLECTIVE: _length(AwardRecord, "recipient_name"),
    RecipientKind.HOUSEHOLD: _length(AwardRecord, "household_name"),
}
ID_NUMBER_LENGTH = _length(Person, "id_number")
DECISION_NUMBER_LENGTH = _length(AwardRecord, "decision_number")
ISSUER_LENGTH = _length(AwardRecord, "issuer")


def _bounded(cell: dict, key: str, max_length: int, label: str, errors: list) -> str:
    try:
        return parse_text(cell.get(key), max_length=max_length)
    except ValueError as exc:
        errors.append(_("%(label)s %(problem)s.") % {"label": label, "problem": exc})
        return ""


def _year(value) -> int | None:
    """The year ``parse_year`` reads in a cell (a full date gives its year); None when empty or unreadable."""
    try:
        return parse_year(value)
    except ValueError:
        return None


def header_mapping(headers: list[str], unnamed: Iterable[int] = (), saved=None) -> list[dict]:
    """The field proposed for each column (``thiduakt.imports.Columns.propose`` with this import's columns)."""
    return HISTORY_COLUMNS.propose(headers, unnamed, saved)


def header_map(headers: list[str], lines: list[dict] | None = None) -> tuple[dict[str, int], list[str]]:
    """Column positions by field, and the Vietnamese errors about missing columns (proposed, or ``lines``)."""
    return HISTORY_COLUMNS.positions(lines if lines is not None else header_mapping(headers))


CHUNK = 2000  # ids or names per IN (...) list


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


class _Lookups:
    """Everything rows are checked against, loaded once and only for what the file names.

    A province holds hundreds of thousands of people and award records; a chunk of a file
    needs the people with its names or ID numbers, nothing more. The catalogue of awards and
    the units are loaded once per file (``Analyser``).
    """

    def __init__(self, names: set[str], id_numbers: set[str], awards: Catalogue, units: UnitIndex):
        self.awards, self.units = awards, units
        self.people_by_id_number = {}
        self.people_by_name = {}
        self.people_named = {}  # folded name -> people of any birth year (a file without birth years)
        people = Person.objects.select_related("unit").only(
            "pk", "full_name", "birth_year", "unit_id", "unit__name", "id_number", "search_text", "gender"
        )
        found = {}
        for chunk in _chunks(names):
            found.update((p.pk, p) for p in people.filter(search_text__in=chunk))
        for chunk in _chunks(id_numbers):
            found.update((p.pk, p) for p in people.filter(id_number__in=chunk))
        for person in sorted(found.values(), key=lambda p: p.pk):
            if person.id_number:
                self.people_by_id_number[person.id_number] = person
            self.people_by_name.setdefault((person.search_text, person.birth_year), []).append(person)
            self.people_named.setdefault(person.search_text, []).append(person)

    def named(self, name: str, birth_year: int | None) -> list:
        """The people of this folded name and birth year; of this name alone when the file gives no year."""
        if birth_year is None:
            return self.people_named.get(name, [])
        return self.people_by_name.get((name, birth_year), [])

    def unit(self, text: str, day: date):
        """The unit ``text`` names on ``day``; None when none does; ``ValueError`` when it cannot tell."""
        try:
            return self.units.resolve(text, day)
        except UnitNotFound:
            return None


def existing_keys(rows: list[dict]) -> set[tuple]:
    """The duplicate keys (see ``_key``) of the award records these rows could repeat.

    Only records of the rows' years and awards, and of the people, collectives or
    households they name: a new person has no record yet.
    """
    years = {r["year"] for r in rows if r.get("year")}
    award_ids = {r["award_id"] for r in rows if r.get("award_id")}
    if not years or not award_ids:
        return set()
    records = AwardRecord.objects.filter(year__in=years, award_id__in=award_ids)
    fields = ("person_id", "unit_id", "household_name", "award_id", "year", "decision_number")
    person_ids = {r["person_id"] for r in rows if r.get("person_id")}
    unit_ids = {r["unit_id"] for r in rows if r.get("unit_id") and r["kind"] == RecipientKind.COLLECTIVE}
    selections = [records.filter(person_id__in=chunk) for chunk in _chunks(person_ids)]
    selections += [records.filter(unit_id__in=chunk) for chunk in _chunks(unit_ids)]
    if any(r["kind"] == RecipientKind.HOUSEHOLD for r in rows):
        selections.append(records.filter(recipient_kind=RecipientKind.HOUSEHOLD))
    keys = set()
    for selection in selections:
        for person_id, unit_id, household, award_id, year, number in selection.values_list(*fields):
            keys.add((person_id, unit_id, fold(household) if household else "", award_id, year, fold(number)))
    return keys


def _person_label(person: Person) -> str:
    year = f", sinh {person.birth_year}" if person.birth_year else ""
    unit = f", {person.unit.name}" if person.unit_id else ""
    return f"{person.full_name}{year}{unit}"


def analyse(headers: list[str], rows: list[list], lines: list[dict] | None = None) -> tuple[list[dict], list[str]]:
    """Check every row; return (rows as dicts with status and errors, file-level errors).

    ``lines``: the field read from each column, as the user confirmed it (else as proposed). Rows are
    numbered from 2 (a header on row 1); a file read with ``TableReader`` goes through ``Analyser``.

    Row status: ``new`` (to write), ``duplicate`` (already recorded or repeated in the
    file: skipped), ``ambiguous`` (several people may be this one: choose), ``error``.
    """
    positions, file_errors = header_map(headers, lines)
    if file_errors:
        return [], file_errors
    analyser = Analyser(positions)
    return analyser.rows(list(enumerate(rows, start=2))), []


def _digest(key: tuple) -> int:
    """A 64-bit fingerprint of a duplicate key: a big file's keys are held as small ints, not tuples."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "big")


class Analyser:
    """The analysis of one file, chunk by chunk (``rows``), so that memory holds a chunk, not the file.

    What every chunk is checked against is loaded once (the catalogue of awards, the units); the people
    a chunk names are loaded with it. Rows repeated in the file are found across chunks by the
    fingerprints of their keys (``seen``).
    """

    def __init__(self, positions: dict[str, int]):
        self.positions = positions
        self.awards = Catalogue(
            Award.objects.only("pk", "code", "name", "aliases", "for_individual", "for_collective", "for_household"),
            code=lambda a: a.code,
            names=lambda a: [a.name, *a.alias_list],
            label=lambda a: f"{a.name} ({a.code})",
        )
        self.units = UnitIndex.load()
        self.seen: set[int] = set()

    def rows(self, numbered: list[tuple[int, list]]) -> list[dict]:
        """The analysed rows of a chunk: (sheet row number, values) each, in sheet order."""
        positions = self.positions
        names, id_numbers = set(), set()
        for _number, values in numbered:
            if (pos := positions["name"]) < len(values):
                text = _text(values[pos])
                names.update((fold(text), fold(split_honorific(text)[0])))
            if (pos := positions.get("id_number")) is not None and pos < len(values) and _text(values[pos]):
                id_numbers.add(_text(values[pos]))
        lookups = _Lookups(names, id_numbers, self.awards, self.units)
        result = [_analyse_row(number, values, positions, lookups) for number, values in numbered]
        # Duplicates: already recorded, or repeated earlier in the file.
        existing = existing_keys([row for row in result if row["status"] != "error"])
        for row in result:
            if row["status"] == "error":
                continue
            key = _key(row)
            fingerprint = _digest(key)
            if key in existing or fingerprint in self.seen:
                row["status"] = "duplicate"
            self.seen.add(fingerprint)
        return result


def _analyse_row(number: int, values: list, positions: dict[str, int], lookups: _Lookups) -> dict:
    """One row checked: its values read, its errors, its person or unit found."""
    cell = {key: values[pos] if pos < len(values) else None for key, pos in positions.items()}
    errors = []
    row = {
        "row": number,
        "errors": errors,
        "status": "new",
        "candidates": [],
        "person_id": None,
        "unit_id": None,
        "resolution": "",
        "gender": "",
    }
    kind = read_choice(_text(cell.get("kind")), KIND_WORDS, prefixes=KIND_PREFIXES)
    if kind is None:
        errors.append(
            _("Đối tượng “%(v)s” không hợp lệ (Cá nhân, Tập thể, Hộ gia đình).") % {"v": _text(cell.get("kind"))}
        )
        kind = RecipientKind.INDIVIDUAL
    row["kind"] = kind
    written_name = _bounded(cell, "name", NAME_LENGTH[kind], _("Họ tên, tên tập thể"), errors)
    row["name"] = written_name
    if kind == RecipientKind.INDIVIDUAL:
        # "Bà Huỳnh Thị Hạnh" is Huỳnh Thị Hạnh, a woman; the name as written is kept to match on too
        row["name"], gender = split_honorific(written_name)
        # a column of its own ("Danh xưng": "Ông", "Bà") says it when the name does not
        row["gender"] = gender or read_gender(cell.get("honorific")) or ""
    if not row["name"] and not errors:
        errors.append(_("Thiếu họ tên hoặc tên tập thể."))
    birth_year = cell.get("birth_year")
    row["birth_year"] = _year(birth_year)
    if _text(birth_year) and (row["birth_year"] is None or not 1900 <= row["birth_year"] <= 2100):
        errors.append(_("Năm sinh “%(v)s” không hợp lệ.") % {"v": _text(birth_year)})
        row["birth_year"] = None
    row["id_number"] = _bounded(cell, "id_number", ID_NUMBER_LENGTH, _("Số định danh"), errors)
    day = _row_day(cell)  # the day the row's units are read on (the decision's, else the year's end)
    unit_text = _text(cell.get("unit"))
    unit = None
    try:
        unit = lookups.unit(unit_text, day) if unit_text else None
        if unit_text and unit is None:
            errors.append(_("Không tìm thấy đơn vị “%(v)s”.") % {"v": unit_text})
    except ValueError as exc:
        errors.append(str(exc))
    row["unit_id"] = unit.pk if unit else None
    row["unit_name"] = unit.name if unit else unit_text
    award = None
    try:
        award = lookups.awards.find(_text(cell.get("award")))
        if award is None:
            errors.append(_("Mã khen thưởng “%(v)s” không có trong danh mục.") % {"v": _text(cell.get("award"))})
    except ValueError as exc:
        errors.append(_("Khen thưởng %(problem)s") % {"problem": exc})
    if award is not None and not award.is_for(kind):
        errors.append(
            _("%(award)s không dành cho %(kind)s.") % {"award": award.name, "kind": RecipientKind(kind).label.lower()}
        )
    row["award_id"] = award.pk if award else None
    row["award_name"] = award.name if award else _text(cell.get("award"))
    row["year"] = _year(cell.get("year"))
    if row["year"] is None or not 1945 <= row["year"] <= 2100:
        errors.append(_("Năm “%(v)s” không hợp lệ.") % {"v": _text(cell.get("year"))})
    row["decision_number"] = _bounded(cell, "decision_number", DECISION_NUMBER_LENGTH, _("Số quyết định"), errors)
    try:
        decided = parse_date(cell.get("decision_date"))
        row["decision_date"] = decided.isoformat() if decided else None
    except ValueError:
        errors.append(
            _("Ngày quyết định “%(v)s” không đúng dạng ngày/tháng/năm.") % {"v": _text(cell.get("decision_date"))}
        )
        row["decision_date"] = None
    row["issuer"] = _bounded(cell, "issuer", ISSUER_LENGTH, _("Cơ quan, người ký"), errors)
    award_type = read_choice(_text(cell.get("award_type")), TYPE_WORDS, prefixes=TYPE_PREFIXES)
    if award_type is None:
        errors.append(_("Loại hình “%(v)s” không hợp lệ.") % {"v": _text(cell.get("award_type"))})
    row["award_type"] = award_type or AwardType.MERIT
    public = fold(_text(cell.get("is_public")))
    if public not in YES | NO:
        errors.append(_("Cột “Công bố” chỉ nhận “có” hoặc “không”."))
    row["is_public"] = public in YES
    if kind == RecipientKind.COLLECTIVE and row["name"] and not errors:
        try:
            collective = lookups.unit(row["name"], day) or unit
            if collective is None:
                errors.append(_("Không tìm thấy tập thể “%(v)s” trong danh mục đơn vị.") % {"v": row["name"]})
            else:
                row["unit_id"] = collective.pk
        except ValueError as exc:  # a name several units bear
            errors.append(str(exc))
    if kind == RecipientKind.INDIVIDUAL and row["name"] and not errors:
        _match_person(row, lookups, unit, written_name, day)
    if errors:
        row["status"] = "error"
    return row


def _row_day(cell: dict) -> date:
    """The decision's date, else 31 December of the row's year, else today: which of two units of one name is meant."""
    try:
        decided = parse_date(cell.get("decision_date"))
    except ValueError:
        decided = None
    if decided:
        return decided
    year = _year(cell.get("year"))
    return date(year, 12, 31) if year and 1 <= year <= 9999 else timezone.localdate()


def _key(row: dict) -> tuple:
    person = row["person_id"] if row["kind"] == RecipientKind.INDIVIDUAL else None
    unit = row["unit_id"] if row["kind"] == RecipientKind.COLLECTIVE else None
    household = fold(row["name"]) if row["kind"] == RecipientKind.HOUSEHOLD else ""
    if row["kind"] == RecipientKind.INDIVIDUAL and person is None:
        # A new person: the same name, birth year and unit twice in one file is one person.
        household = f"new:{fold(row['name'])}:{row['birth_year']}:{row['unit_id']}"
    return (person, unit, household, row["award_id"], row["year"], fold(row["decision_number"]))


def _of_unit(person: Person, unit, lookups: _Lookups, day: date | None) -> bool:
    if person.unit_id == unit.pk:
        return True
    # the person's unit was merged into the row's by then, or the row names the unit the person's carries on
    former = lookups.units.by_pk.get(person.unit_id)
    if former is None or day is None:
        return False
    units = lookups.units
    return unit in units.successors(former, day) or former in units.successors(unit, timezone.localdate())


def _match_person(row: dict, lookups: _Lookups, unit, written_name: str = "", day: date | None = None) -> None:
    """Find the person: by ID number, else by name + birth year (name alone when the file gives none) + unit;
    several possible → ambiguous.

    The name is read without its honorific ("Bà Huỳnh Thị Hạnh" is Huỳnh Thị Hạnh); when no one bears
    it, the name as written is tried too ("Ông" is also a family name). Among several people of the
    unit, the honorific's gender decides. A person of a unit that was merged into the row's unit
    by the row's day is of that unit ("UBND xã Phú Hữu" in 2026 is the old xã Phú Hữu's successor).
    """
    written_name = written_name or row["name"]
    if row["id_number"]:
        person = lookups.people_by_id_number.get(row["id_number"])
        if person is not None:
            if fold(person.full_name) not in {fold(row["name"]), fold(written_name)}:
                row["errors"].append(
                    _("Số định danh %(id)s thuộc “%(name)s”, khác tên trong tệp.")
                    % {"id": row["id_number"], "name": person.full_name}
                )
                return
            row["person_id"] = person.pk
            return
    candidates = lookups.named(fold(row["name"]), row["birth_year"])
    if not candidates and fold(written_name) != fold(row["name"]):
        candidates = lookups.named(fold(written_name), row["birth_year"])
        if candidates:
            row["name"], row["gender"] = written_name, ""
    if row["id_number"]:
        candidates = [c for c in candidates if not c.id_number]
    same_unit = [c for c in candidates if unit is not None and _of_unit(c, unit, lookups, day)]
    if len(same_unit) > 1 and row["gender"]:
        same_unit = [c for c in same_unit if c.gender == row["gender"]] or same_unit
    if len(same_unit) == 1:
        row["person_id"] = same_unit[0].pk
        return
    if candidates:
        row["status"] = "ambiguous"
        row["candidates"] = [{"id": c.pk, "label": _person_label(c)} for c in candidates]
