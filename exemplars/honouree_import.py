"""The honourees of an honouring event from an xlsx: one upload for a whole list (133 people on 8/6/2023).

Upload (``honouree_import_create``) → preview (``analyse``: each sheet row with the values read and who it
is) → the user may change how columns are read (``honouree_import_columns``) and choose among candidates
(``honouree_import_choose``) → confirm (``honouree_import_apply``): everything in one transaction, or nothing.

Who a row is, as the hand form's choice of an exemplar would say it:

- ``link``: an exemplar of this person, collective or household exists → linked to the event;
- ``exemplar``: the person (``thiduakt.Person``, by folded name without honorific + birth year + unit) or
  the collective (a unit, by name with abbreviations) exists with no exemplar in the field → one is created;
- ``person``: nobody in the register → the person and the exemplar are created;
- ``ambiguous``: several people or exemplars may be this one → the user chooses;
- ``duplicate``: already honoured at this event, or a row repeated in the file → shown, skipped;
- ``error``: what cannot be read; any error blocks the confirmation.

The writes are those of ``services.exemplar_create`` and ``services.honour_add`` in bulk: People, Exemplars
(history rows with the reason "Nhập danh sách từ tệp …"), a StageEvent for each discovery and each honour,
the Honours; the import row records who confirmed it, when, and the counts. A constant number of queries
whatever the number of rows.
"""

import hashlib
import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exemplars.models import Exemplar, Field, Honour, HonoureeImport, HonouringEvent, Kind, Stage
from thiduakt.imports import Column, Columns
from thiduakt.models import OrgUnit, Person
from thiduakt.readers import (
    Catalogue,
    UnitIndex,
    UnitNotFound,
    parse_text,
    parse_year,
    read_choice,
    read_gender,
    split_honorific,
)
from thiduakt.spreadsheets import read_table
from thiduakt.text import fold, nfc

MAX_ROWS = 2000  # one list per upload; a province's largest event lists a few hundred

# Our template's headers are the export's (``selectors.honours_rows``): an exported list reads back as itself.
HONOUREE_COLUMNS = Columns(
    "exemplars.honourees",
    (
        Column("number", gettext_lazy("Số thứ tự (không ghi)"), "STT", ("TT", "Số TT", "Số thứ tự")),
        Column(
            "name",
            gettext_lazy("Họ tên, tên tập thể"),
            "Tên điển hình",
            (
                "Họ và tên",
                "Họ tên",
                "Tên tập thể/cá nhân",
                "Tên cá nhân/tập thể",
                "Họ tên/Tên tập thể",
                "Tên tập thể, cá nhân",
                "Tên cá nhân",
                "Tên tập thể",
                "Tên đơn vị/tập thể",
                "Tên đối tượng",
            ),
            required=True,
        ),
        Column("kind", gettext_lazy("Đối tượng (cá nhân, tập thể, hộ gia đình)"), "Đối tượng", ("Cá nhân/Tập thể",)),
        Column("field", gettext_lazy("Lĩnh vực"), "Lĩnh vực", ("Lĩnh vực hoạt động", "Ngành, lĩnh vực")),
        Column(
            "unit",
            gettext_lazy("Đơn vị (chức vụ, đơn vị công tác)"),
            "Đơn vị",
            (
                "Chức vụ, đơn vị công tác",
                "Chức vụ, đơn vị",
                "Đơn vị công tác",
                "Cơ quan, đơn vị công tác",
                "Cơ quan công tác",
                "Nơi công tác",
                "Đơn vị đề xuất",
                "Địa chỉ",
            ),
        ),
        Column(
            "headline",
            gettext_lazy("Thành tích, mô hình tiêu biểu"),
            "Thành tích, mô hình tiêu biểu",
            ("Thành tích", "Thành tích tiêu biểu", "Tóm tắt thành tích", "Thành tích nổi bật", "Mô hình"),
        ),
        Column(
            "citation",
            gettext_lazy("Nội dung biểu dương"),
            "Nội dung biểu dương",
            ("Nội dung tôn vinh", "Lý do biểu dương", "Nội dung khen"),
        ),
        Column(
            "birth_year",
            gettext_lazy("Năm sinh"),
            "Năm sinh",
            ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh năm"),
        ),
        Column("honorific", gettext_lazy("Danh xưng (Ông/Bà)"), "Danh xưng", ("Ông/Bà", "Giới tính", "Nam/Nữ")),
    ),
)
KIND_WORDS = {
    "ca nhan": Kind.INDIVIDUAL,
    "canhan": Kind.INDIVIDUAL,
    "tap the": Kind.COLLECTIVE,
    "tapthe": Kind.COLLECTIVE,
    "ho gia dinh": Kind.HOUSEHOLD,
    "gia dinh": Kind.HOUSEHOLD,
}
STATUS_LABELS = {
    "link": gettext_lazy("Đã có điển hình: thêm vào danh sách"),
    "exemplar": gettext_lazy("Đã có trong danh bạ: tạo điển hình"),
    "person": gettext_lazy("Chưa có: tạo cá nhân và điển hình"),
    "ambiguous": gettext_lazy("Cần chọn"),
    "duplicate": gettext_lazy("Trùng: bỏ qua"),
    "error": gettext_lazy("Lỗi"),
}
WRITTEN = ("link", "exemplar", "person")
NAME_LENGTH = Person._meta.get_field("full_name").max_length
HOUSEHOLD_LENGTH = Exemplar._meta.get_field("household_name").max_length
HEADLINE_LENGTH = Exemplar._meta.get_field("headline").max_length
CITATION_LENGTH = Honour._meta.get_field("citation").max_length
POSITION_LENGTH = Person._meta.get_field("position").max_length
UNIT_TEXT_LENGTH = 300
CHUNK = 5000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


@dataclass
class Row:
    """One sheet row as read and matched; ``status`` is one of ``STATUS_LABELS``."""

    number: int
    values: dict[str, str]
    kind: str = Kind.INDIVIDUAL
    name: str = ""
    gender: str = ""
    birth_year: int | None = None
    unit: OrgUnit | None = None
    position: str = ""
    field: Field | None = None
    headline: str = ""
    citation: str = ""
    status: str = "person"
    errors: list[str] = dataclass_field(default_factory=list)
    notes: list[str] = dataclass_field(default_factory=list)
    candidates: list[dict] = dataclass_field(default_factory=list)
    choice: str = ""
    person: Person | None = None
    collective: OrgUnit | None = None
    exemplar: Exemplar | None = None

    @property
    def shown(self) -> dict[str, str]:
        """The values as read, as text (a date cell as dd/mm/yyyy)."""
        return {key: _text(value) for key, value in self.values.items()}

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def identity_key(self) -> tuple:
        """Who the row is: the same key twice in one file is one honouree."""
        if self.exemplar is not None:
            return ("exemplar", self.exemplar.pk, None)
        if self.person is not None:
            return ("person", self.person.pk, self.field.pk if self.field else None)
        if self.collective is not None:
            return ("collective", self.collective.pk, self.field.pk if self.field else None)
        return (self.kind, fold(self.name), self.birth_year, self.unit.pk if self.unit else None)


@dataclass
class Analysis:
    rows: list[Row]
    lines: list[dict]
    file_errors: list[str]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def to_write(self) -> int:
        return sum(1 for r in self.rows if r.status in WRITTEN)

    @property
    def unresolved(self) -> list[int]:
        return [r.number for r in self.rows if r.status == "ambiguous"]

    @property
    def blocked(self) -> bool:
        return bool(self.file_errors or self.unresolved or any(r.status == "error" for r in self.rows))


class _Lookups:
    """What the rows are matched against, loaded once for the names the file holds (five queries)."""

    def __init__(self, event: HonouringEvent, names: set[str], collectives: set[str]):
        self.units = UnitIndex.load()
        self.fields = Catalogue(
            Field.objects.all(),
            code=lambda f: f.code,
            names=lambda f: [f.name, *(part for part in f.name.split(" - ") if part.strip())],
            label=lambda f: f.name,
        )
        people = Person.objects.select_related("unit").only(
            "pk", "full_name", "birth_year", "unit_id", "unit__name", "search_text", "gender", "position"
        )
        found = {}
        names = sorted(names)
        for start in range(0, len(names), CHUNK):
            found.update((p.pk, p) for p in people.filter(search_text__in=names[start : start + CHUNK]))
        self.people_by_name: dict[str, list[Person]] = {}
        for person in sorted(found.values(), key=lambda p: p.pk):
            self.people_by_name.setdefault(person.search_text, []).append(person)
        self.people = found
        self.exemplars_of_person: dict[int, list[Exemplar]] = {}
        self.exemplars_of_collective: dict[int, list[Exemplar]] = {}
        self.exemplars_of_household: dict[tuple, list[Exemplar]] = {}
        self.exemplars: dict[int, Exemplar] = {}
        # Collectives the file may name (read without a query), households (few: all of them).
        units = {u.pk for text in collectives for u in self.units.candidates(text)}
        exemplars = (
            Exemplar.objects.filter(
                Q(person_id__in=list(found)) | Q(collective_id__in=list(units)) | Q(kind=Kind.HOUSEHOLD)
            )
            .select_related("field", "unit", "person__unit", "collective")
            .order_by("pk")
        )
        for exemplar in exemplars:
            self.exemplars[exemplar.pk] = exemplar
            if exemplar.person_id:
                self.exemplars_of_person.setdefault(exemplar.person_id, []).append(exemplar)
            elif exemplar.collective_id:
                self.exemplars_of_collective.setdefault(exemplar.collective_id, []).append(exemplar)
            else:
                key = (fold(exemplar.household_name), exemplar.unit_id)
                self.exemplars_of_household.setdefault(key, []).append(exemplar)
        self.honoured = set(Honour.objects.filter(event=event).values_list("exemplar_id", flat=True))

    def unit(self, text: str, day: date) -> tuple[OrgUnit | None, str]:
        """The unit a cell names, and the position written before it ("Giáo viên Trường …", "Chủ tịch UBND xã …").

        The whole text first, then what follows each leading word; ``ValueError`` when a name is several units'.
        """
        words = text.split()
        for start in range(len(words)):
            tail = " ".join(words[start:])
            if not self.units.candidates(tail):
                continue
            try:
                return self.units.resolve(tail, day), " ".join(words[:start]).strip(" ,;-–")
            except UnitNotFound:
                continue
        return None, ""


def _person_label(person: Person) -> str:
    year = f", sinh {person.birth_year}" if person.birth_year else ""
    unit = f", {person.unit.name}" if person.unit_id else ""
    return f"{person.full_name}{year}{unit}"


def _exemplar_label(exemplar: Exemplar) -> str:
    return _("%(name)s — điển hình %(field)s, %(unit)s (giai đoạn %(stage)s)") % {
        "name": _person_label(exemplar.person) if exemplar.person_id else exemplar.name,
        "field": exemplar.field.name,
        "unit": exemplar.unit.name,
        "stage": exemplar.get_stage_display().lower(),
    }


def _bounded(row: Row, key: str, max_length: int, label: str) -> str:
    try:
        return parse_text(row.values.get(key), max_length=max_length)
    except ValueError as exc:
        row.errors.append(_("Cột “%(label)s”: %(problem)s.") % {"label": label, "problem": exc})
        return ""


def _of_unit(person: Person, unit: OrgUnit, lookups: _Lookups, day: date) -> bool:
    """Whether the person is of ``unit``: works there (or in a unit merged into it), or is its exemplar."""
    if person.unit_id == unit.pk:
        return True
    if any(e.unit_id == unit.pk for e in lookups.exemplars_of_person.get(person.pk, [])):
        return True
    former = lookups.units.by_pk.get(person.unit_id)
    return former is not None and unit in lookups.units.successors(former, day)


def _live(exemplars: list[Exemplar], field_: Field | None) -> list[Exemplar]:
    live = [e for e in exemplars if e.stage != Stage.DROPPED]
    return [e for e in live if e.field_id == field_.pk] if field_ is not None else live


def _settle(row: Row, exemplars: list[Exemplar], default_field: Field | None) -> None:
    """The nominee is known: link its one live exemplar (of the row's field), or create one, or choose."""
    live = _live(exemplars, row.field)
    if len(live) == 1:
        row.exemplar, row.status = live[0], "link"
        return
    if len(live) > 1:  # several fields and the file names none
        row.status = "ambiguous"
        row.candidates = [{"id": f"e{e.pk}", "label": _exemplar_label(e)} for e in live]
        return
    row.field = row.field or default_field
    if row.field is None:
        row.errors.append(_("Chưa có lĩnh vực: ghi cột “Lĩnh vực” hoặc chọn lĩnh vực chung khi tải tệp lên."))
    row.status = "exemplar"


def _match_person(row: Row, written_name: str, lookups: _Lookups, day: date, default_field) -> None:
    """By folded name (without honorific, else as written) + birth year + unit; several → the user chooses."""
    candidates = lookups.people_by_name.get(fold(row.name), [])
    if not candidates and fold(written_name) != fold(row.name):
        candidates = lookups.people_by_name.get(fold(written_name), [])
        if candidates:  # "Ông" is a family name too
            row.name, row.gender = written_name, ""
    possible = [c for c in candidates if row.birth_year is None or c.birth_year in (None, row.birth_year)]
    matched = None
    if row.unit is not None:
        strong = [c for c in possible if _of_unit(c, row.unit, lookups, day)]
        if len(strong) > 1 and row.gender:
            strong = [c for c in strong if c.gender == row.gender] or strong
        if len(strong) == 1:
            matched = strong[0]
    elif row.birth_year and len(possible) == 1 and possible[0].birth_year == row.birth_year:
        matched = possible[0]
    if matched is not None:
        row.person = matched
        _settle(row, lookups.exemplars_of_person.get(matched.pk, []), default_field)
        return
    if possible:
        row.status = "ambiguous"
        for person in possible:
            live = _live(lookups.exemplars_of_person.get(person.pk, []), row.field)
            if live:
                row.candidates += [{"id": f"e{e.pk}", "label": _exemplar_label(e)} for e in live]
            else:
                row.candidates.append(
                    {"id": f"p{person.pk}", "label": _("%(p)s — tạo điển hình") % {"p": _person_label(person)}}
                )
        row.candidates.append({"id": "new", "label": _("Người khác (tạo cá nhân mới)")})
        return
    row.field = row.field or default_field
    if row.field is None:
        row.errors.append(_("Chưa có lĩnh vực: ghi cột “Lĩnh vực” hoặc chọn lĩnh vực chung khi tải tệp lên."))
    row.status = "person"


def _apply_choice(row: Row, lookups: _Lookups, default_field) -> None:
    """The user's choice for an ambiguous row: an exemplar (``e12``), a person (``p7``) or ``new``."""
    allowed = {c["id"] for c in row.candidates}
    if not row.choice or row.choice not in allowed:
        return
    if row.choice == "new":
        row.field = row.field or default_field
        row.status = "person"
    elif row.choice.startswith("e"):
        row.exemplar = lookups.exemplars[int(row.choice[1:])]
        row.person, row.status = row.exemplar.person, "link"
        return
    else:
        row.person = lookups.people[int(row.choice[1:])]
        row.field = row.field or default_field
        row.status = "exemplar"
    if row.field is None:
        row.errors.append(_("Chưa có lĩnh vực: ghi cột “Lĩnh vực” hoặc chọn lĩnh vực chung khi tải tệp lên."))


def _kind(row: Row, honorific: str | None, lookups: _Lookups) -> str:
    written = _text(row.values.get("kind"))
    if written:
        kind = read_choice(written, KIND_WORDS, prefixes=("doi tuong", "khen thuong"))
        if kind is None:
            row.errors.append(
                _("Đối tượng “%(v)s” không hợp lệ (Cá nhân, Tập thể, Hộ gia đình).") % {"v": written[:60]}
            )
            return Kind.INDIVIDUAL
        return kind
    # In a list of "Tên tập thể/cá nhân", a name the unit registry knows (no honorific, no birth year) is a collective.
    if (
        honorific is None
        and not _text(row.values.get("birth_year"))
        and lookups.units.candidates(_text(row.values.get("name")))
    ):
        return Kind.COLLECTIVE
    return Kind.INDIVIDUAL


def _read_row(row: Row, lookups: _Lookups, event: HonouringEvent, default_field) -> None:
    day = event.date
    written = _bounded(row, "name", max(NAME_LENGTH, HOUSEHOLD_LENGTH), _("Họ tên, tên tập thể"))
    name, gender = split_honorific(written)
    row.kind = _kind(row, gender, lookups)
    if row.kind == Kind.INDIVIDUAL:
        row.name = name
        row.gender = gender or read_gender(row.values.get("honorific")) or ""
        if len(row.name) > NAME_LENGTH:
            row.errors.append(_("Họ tên dài quá %(n)s ký tự.") % {"n": NAME_LENGTH})
    else:
        row.name = written
    if not row.name and not row.errors:
        row.errors.append(_("Thiếu họ tên hoặc tên tập thể."))
    birth = _text(row.values.get("birth_year"))
    if birth:
        try:
            row.birth_year = parse_year(row.values.get("birth_year"))
        except ValueError:
            row.birth_year = None
        if row.birth_year is None or not 1900 <= row.birth_year <= timezone.localdate().year:
            row.errors.append(_("Năm sinh “%(v)s” không hợp lệ.") % {"v": birth[:40]})
            row.birth_year = None
    unit_text = _bounded(row, "unit", UNIT_TEXT_LENGTH, _("Đơn vị"))
    if unit_text:
        try:
            row.unit, row.position = lookups.unit(unit_text, day)
        except ValueError as exc:
            row.errors.append(str(exc))
        if row.unit is None and not row.errors:
            row.notes.append(
                _("Không tìm thấy đơn vị “%(v)s” trong danh mục; không dùng để đối chiếu.") % {"v": unit_text}
            )
            row.position = unit_text
        row.position = row.position[:POSITION_LENGTH]
    field_text = _text(row.values.get("field"))
    if field_text:
        try:
            row.field = lookups.fields.find(field_text[:200])
        except ValueError as exc:
            row.errors.append(str(exc))
        if row.field is None and not row.errors:
            row.errors.append(_("Lĩnh vực “%(v)s” không có trong danh mục.") % {"v": field_text[:80]})
    row.headline = _bounded(row, "headline", HEADLINE_LENGTH, _("Thành tích, mô hình tiêu biểu"))
    row.citation = _bounded(row, "citation", CITATION_LENGTH, _("Nội dung biểu dương"))
    if row.errors:
        return
    if row.kind == Kind.COLLECTIVE:
        try:
            row.collective = lookups.units.resolve(row.name, day)
        except UnitNotFound:
            row.errors.append(_("Không tìm thấy tập thể “%(v)s” trong danh mục đơn vị.") % {"v": row.name})
            return
        except ValueError as exc:
            row.errors.append(str(exc))
            return
        _settle(row, lookups.exemplars_of_collective.get(row.collective.pk, []), default_field)
    elif row.kind == Kind.HOUSEHOLD:
        row.unit = row.unit or event.organiser
        _settle(row, lookups.exemplars_of_household.get((fold(row.name), row.unit.pk), []), default_field)
    else:
        _match_person(row, written, lookups, day, default_field)


def analyse(
    *, event: HonouringEvent, table, lines: list[dict], choices: dict | None = None, default_field=None
) -> Analysis:
    """Every row of ``table`` read with the columns ``lines`` and matched against the register (reads only)."""
    positions, file_errors = HONOUREE_COLUMNS.positions(lines)
    if file_errors:
        return Analysis([], lines, file_errors)
    if len(table.rows) > MAX_ROWS:
        return Analysis([], lines, [too_many(len(table.rows))])
    choices = choices or {}
    rows, names, collectives = [], set(), set()
    for number, values in zip(table.numbers, table.rows, strict=True):
        cells = {key: values[pos] if pos < len(values) else None for key, pos in positions.items()}
        row = Row(number=number, values=cells)
        written = _text(cells.get("name"))
        names.update({fold(written), fold(split_honorific(written)[0])})
        collectives.add(written)
        rows.append(row)
    lookups = _Lookups(event, names, collectives)
    seen: dict[tuple, int] = {}
    for row in rows:
        _read_row(row, lookups, event, default_field)
        if row.status == "ambiguous":
            row.choice = str(choices.get(str(row.number), ""))
            _apply_choice(row, lookups, default_field)
        if row.errors:
            row.status = "error"
            continue
        if row.status == "ambiguous":
            continue
        if row.exemplar is not None and row.exemplar.pk in lookups.honoured:
            row.status = "duplicate"
            row.notes.append(_("Đã có trong danh sách biểu dương của sự kiện."))
            continue
        if row.exemplar is not None and row.exemplar.stage == Stage.DROPPED:
            row.status = "error"
            row.errors.append(_("Điển hình đã dừng theo dõi, không đưa vào danh sách biểu dương."))
            continue
        key = row.identity_key
        if key in seen:
            row.status = "duplicate"
            row.notes.append(_("Trùng với dòng %(n)s của tệp.") % {"n": seen[key]})
            continue
        seen[key] = row.number
    return Analysis(rows, lines, [])


def too_many(count: int) -> str:
    return _("Tệp có %(n)s dòng, quá giới hạn %(max)s dòng một lần nhập; hãy chia thành nhiều tệp.") % {
        "n": f"{count:,}".replace(",", "."),
        "max": f"{MAX_ROWS:,}".replace(",", "."),
    }


def read(data: bytes):
    """The table of an uploaded list (``SpreadsheetError`` with a Vietnamese message)."""
    return read_table(data, known_headers=HONOUREE_COLUMNS.known_headers)


def preview(honouree_import: HonoureeImport) -> Analysis:
    """The rows of a kept list as the register holds them now."""
    table = read(bytes(honouree_import.data))
    return analyse(
        event=honouree_import.event,
        table=table,
        lines=honouree_import.columns,
        choices=honouree_import.choices,
        default_field=honouree_import.default_field,
    )


def digest(honouree_import: HonoureeImport) -> str:
    """What the preview showed was read from: the file, its columns and the choices (posted back to confirm)."""
    state = json.dumps([honouree_import.sha256, honouree_import.columns, honouree_import.choices], sort_keys=True)
    return hashlib.sha256(state.encode()).hexdigest()
