"""Reading a dossier's nominee list from an xlsx: columns, per-row checks, identity matching, findings, duplicates.

Pure analysis (reads only): ``awards.services.nominee_import`` stores the file, shows this preview and writes
the rows. Each row is read as adding a nominee by hand would check it (``services.nomination_add``): the
nominee fits its kind, the award is given to that kind, the same nominee is not proposed twice for one award
and year; an individual is matched in the people of the submitting unit (and the units below it), as the
hand form offers them: by ID number, else by name (honorific cut: "Bà Huỳnh Thị Hạnh" is Huỳnh Thị Hạnh, a
woman) and birth year, the unit deciding among several; a collective is a unit of the submitting unit.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.eligibility import evaluate_proposed
from awards.imports import KIND_PREFIXES, KIND_WORDS
from awards.models import Award, Dossier, Nomination, RecipientKind
from thiduakt.bounds import current_year
from thiduakt.imports import Column, Columns, column_letter
from thiduakt.models import OrgUnit, Person
from thiduakt.readers import (
    Catalogue,
    UnitIndex,
    UnitNotFound,
    parse_int,
    parse_text,
    parse_year,
    read_choice,
    read_gender,
    split_honorific,
)
from thiduakt.selectors import unit_descendant_ids
from thiduakt.services import BIRTH_YEAR_MIN
from thiduakt.text import TEXT_LENGTH, fold, nfc

MAX_ROWS = 500  # a dossier lists a few hundred nominees at most; a longer file is split
INACTIVE = (Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN)

# The fields, our template's header first, then the headers real templates use (the province's "Danh sách
# đề nghị khen thưởng" forms, the public TĐKT system's CANHAN/TAPTHE templates). A two-row header "Năm sinh"
# over "Nam", "Nữ" gives a column per gender: the year is written under the nominee's.
NOMINEE_COLUMNS = Columns(
    "awards.nominees",
    (
        Column(
            "kind",
            gettext_lazy("Đối tượng (cá nhân, tập thể, hộ gia đình)"),
            "Đối tượng",
            ("Loại đối tượng", "Đối tượng khen thưởng", "Cá nhân/Tập thể", "Phân loại khen thưởng"),
        ),
        Column(
            "name",
            gettext_lazy("Họ tên, tên tập thể"),
            "Họ tên / Tên tập thể",
            (
                "Tên tập thể/cá nhân/hộ gia đình",
                "Họ và tên",
                "Họ tên",
                "Họ tên/Tên tập thể/Hộ gia đình",
                "Tên cá nhân/tập thể",
                "Tên tập thể/cá nhân",
                "Tên tập thể",
                "Tên cá nhân",
                "Tên đối tượng",
                "Họ và tên/Tên tập thể",
            ),
            required=True,
        ),
        Column(
            "honorific",
            gettext_lazy("Danh xưng, giới tính"),
            "Danh xưng/Giới tính",
            ("Danh xưng", "Giới tính", "Ông/Bà", "Xưng hô", "Nam/Nữ", "Tên gọi"),
        ),
        Column(
            "birth_year",
            gettext_lazy("Năm sinh"),
            "Năm sinh",
            ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh năm"),
        ),
        Column(
            "birth_male",
            gettext_lazy("Năm sinh (nam)"),
            "Năm sinh Nam",
            ("Ngày sinh Nam", "Ngày tháng năm sinh Nam", "Ngày, tháng, năm sinh Nam", "Năm sinh Nam"),
        ),
        Column(
            "birth_female",
            gettext_lazy("Năm sinh (nữ)"),
            "Năm sinh Nữ",
            ("Ngày sinh Nữ", "Ngày tháng năm sinh Nữ", "Ngày, tháng, năm sinh Nữ", "Năm sinh Nữ"),
        ),
        Column(
            "position",
            gettext_lazy("Chức vụ, chức danh"),
            "Chức vụ",
            (
                "Chức vụ, chức danh",
                "Chức danh",
                "Chức vụ, đơn vị công tác",
                "Chức vụ/Đơn vị công tác",
                "Chức vụ công tác",
            ),
        ),
        Column(
            "unit",
            gettext_lazy("Đơn vị công tác"),
            "Đơn vị công tác",
            ("Đơn vị", "Cơ quan công tác", "Nơi công tác", "Cơ quan, đơn vị", "Tên đơn vị/tập thể công tác"),
        ),
        Column(
            "id_number",
            gettext_lazy("Số định danh"),
            "Số định danh",
            ("Số CCCD", "CCCD", "Số căn cước", "Số căn cước công dân", "Số CMND", "CMND/CCCD", "Số định danh cá nhân"),
        ),
        Column(
            "award",
            gettext_lazy("Danh hiệu, hình thức đề nghị"),
            "Danh hiệu/hình thức đề nghị",
            (
                "Danh hiệu thi đua/Hình thức khen thưởng",
                "Hình thức khen thưởng/Danh hiệu thi đua",
                "Danh hiệu thi đua/Hình thức khen thưởng đề nghị",
                "Hình thức đề nghị",
                "Danh hiệu đề nghị",
                "Hình thức khen thưởng",
                "Danh hiệu thi đua",
                "Danh hiệu",
                "Đề nghị khen thưởng",
                "Khen thưởng",
                "Mã khen thưởng",
                "Mã danh hiệu",
            ),
            required=True,
        ),
        Column(
            "summary",
            gettext_lazy("Thành tích tóm tắt"),
            "Thành tích tóm tắt",
            ("Tóm tắt thành tích", "Thành tích", "Thành tích đạt được", "Nội dung thành tích", "Thành tích chủ yếu"),
        ),
        Column(
            "member_count",
            gettext_lazy("Số thành viên tập thể"),
            "Số thành viên",
            ("Số thành viên tập thể", "Số người", "Tổng số thành viên"),
        ),
    ),
)
NAME_LENGTH = {
    RecipientKind.INDIVIDUAL: Person._meta.get_field("full_name").max_length,
    RecipientKind.COLLECTIVE: OrgUnit._meta.get_field("name").max_length,
    RecipientKind.HOUSEHOLD: Nomination._meta.get_field("household_name").max_length,
}
ID_NUMBER_LENGTH = Person._meta.get_field("id_number").max_length
POSITION_LENGTH = Person._meta.get_field("position").max_length


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return " ".join(nfc(str(value)).split())


class _Lookups:
    """What the rows are read against, loaded once for the whole file (a constant number of queries)."""

    def __init__(self, dossier: Dossier, names: set[str], id_numbers: set[str]):
        self.awards = Catalogue(
            Award.objects.only(
                "pk", "code", "name", "aliases", "for_individual", "for_collective", "for_household", "order"
            ),
            code=lambda a: a.code,
            names=lambda a: [a.name, *a.alias_list],
            label=lambda a: f"{a.name} ({a.code})",
        )
        self.units = UnitIndex.load()
        self.scope = unit_descendant_ids(dossier.unit)
        people = Person.objects.select_related("unit")
        self.by_name: dict[str, list[Person]] = {}
        for person in people.filter(unit_id__in=self.scope, search_text__in=names).order_by("pk"):
            self.by_name.setdefault(person.search_text, []).append(person)
        self.by_id_number = {p.id_number: p for p in people.filter(id_number__in=id_numbers)} if id_numbers else {}
        self.people = {p.pk: p for group in self.by_name.values() for p in group}
        self.people.update((p.pk, p) for p in self.by_id_number.values() if p.unit_id in self.scope)


def _person_label(person: Person) -> str:
    year = f", sinh {person.birth_year}" if person.birth_year else ""
    unit = f", {person.unit.name}" if person.unit_id else ""
    return f"{person.full_name}{year}{unit}"


class _Row:
    """One row being read: its cells by field, and its errors, each naming the column it was read from."""

    def __init__(self, number: int, values: list, positions: dict[str, int]):
        self.positions = positions
        self.cell = {key: values[pos] if pos < len(values) else None for key, pos in positions.items()}
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.data = {
            "row": number,
            "status": "new",
            "errors": self.errors,
            "notes": self.notes,
            "candidates": [],
            "person_id": None,
            "unit_id": None,
            "resolution": "",
            "match": "",
            "match_label": "",
            "eligibility": None,
            "cells": [_text(self.cell.get(key)) for key in positions],
        }

    def text(self, key: str) -> str:
        return _text(self.cell.get(key))

    def error(self, key: str, message: str) -> None:
        if key in self.positions:
            letter = column_letter(self.positions[key])
            message = _("Cột %(col)s (%(label)s): %(message)s") % {
                "col": letter,
                "label": NOMINEE_COLUMNS.label(key),
                "message": message,
            }
        self.errors.append(message)

    def bounded(self, key: str, max_length: int) -> str:
        try:
            return parse_text(self.cell.get(key), max_length=max_length)
        except ValueError as exc:
            self.error(key, _("%(problem)s.") % {"problem": str(exc)})
            return ""


def _birth_year(row: _Row) -> tuple[int | None, str]:
    """The birth year (a full date gives its year) and the gender its column tells ("Năm sinh" over "Nam", "Nữ")."""
    for key, gender in (("birth_year", ""), ("birth_male", Person.Gender.MALE), ("birth_female", Person.Gender.FEMALE)):
        if not row.text(key):
            continue
        try:
            year = parse_year(row.cell[key])
        except ValueError:
            year = None
        if year is None or not BIRTH_YEAR_MIN <= year <= current_year():
            row.error(
                key,
                _("năm sinh “%(v)s” không hợp lệ (ghi năm, hoặc ngày/tháng/năm, từ %(low)s đến %(high)s).")
                % {"v": row.text(key), "low": BIRTH_YEAR_MIN, "high": current_year()},
            )
            return None, gender
        return year, gender
    return None, ""


def _unit_in_scope(row: _Row, lookups: _Lookups, dossier: Dossier, key: str, text: str, today: date):
    """The unit ``text`` names, if it is the submitting unit or below it; errors otherwise (None)."""
    try:
        unit = lookups.units.resolve(text, today)
    except UnitNotFound:
        return None
    except ValueError as exc:
        row.error(key, str(exc))
        return None
    if unit.pk not in lookups.scope:
        row.error(key, _("“%(v)s” không thuộc %(unit)s.") % {"v": text, "unit": dossier.unit.name})
        return None
    return unit


def _match_person(row: _Row, lookups: _Lookups, unit, written_name: str) -> None:
    """By ID number, else by name and birth year among the unit's people; several possible → ambiguous."""
    data = row.data
    if data["id_number"]:
        person = lookups.by_id_number.get(data["id_number"])
        if person is not None and person.unit_id not in lookups.scope:
            row.error("id_number", _("số định danh này đã được ghi cho một cá nhân không thuộc đơn vị."))
            return
        if person is not None:
            if fold(person.full_name) not in {fold(data["name"]), fold(written_name)}:
                row.error(
                    "id_number",
                    _("số định danh %(id)s thuộc “%(name)s”, khác tên trong tệp.")
                    % {"id": data["id_number"], "name": person.full_name},
                )
                return
            data["person_id"] = person.pk
            return
    candidates = lookups.by_name.get(fold(data["name"]), [])
    if not candidates and fold(written_name) != fold(data["name"]):
        candidates = lookups.by_name.get(fold(written_name), [])
        if candidates:  # "Ông" is also a family name
            data["name"], data["gender"] = written_name, ""
    if data["birth_year"]:
        candidates = [c for c in candidates if c.birth_year in (data["birth_year"], None)]
    if data["id_number"]:
        candidates = [c for c in candidates if not c.id_number]
    chosen = candidates
    if unit is not None:
        chosen = [c for c in candidates if c.unit_id == unit.pk]
    if len(chosen) > 1 and data["gender"]:
        chosen = [c for c in chosen if c.gender == data["gender"]] or chosen
    if len(chosen) == 1 and (unit is not None or len(candidates) == 1):
        data["person_id"] = chosen[0].pk
        return
    if candidates:
        data["status"] = "ambiguous"
        data["candidates"] = [{"id": c.pk, "label": _person_label(c)} for c in candidates]


def _read_row(row: _Row, lookups: _Lookups, dossier: Dossier, today: date) -> None:
    data = row.data
    kind = read_choice(row.text("kind"), KIND_WORDS, prefixes=KIND_PREFIXES)
    if kind is None:
        row.error("kind", _("“%(v)s” không hợp lệ (Cá nhân, Tập thể, Hộ gia đình).") % {"v": row.text("kind")})
        kind = RecipientKind.INDIVIDUAL
    data["kind"] = kind
    written_name = row.bounded("name", NAME_LENGTH[kind])
    data["name"], data["gender"] = written_name, ""
    birth_year, birth_gender = _birth_year(row)
    if kind == RecipientKind.INDIVIDUAL:
        data["name"], gender = split_honorific(written_name)
        data["gender"] = gender or read_gender(row.cell.get("honorific")) or birth_gender or ""
        if row.text("honorific") and not read_gender(row.cell.get("honorific")):
            row.error("honorific", _("“%(v)s” không rõ (Ông/Bà, Nam/Nữ).") % {"v": row.text("honorific")})
    if not data["name"] and not row.errors:
        row.error("name", _("thiếu họ tên hoặc tên tập thể."))
    data["birth_year"] = birth_year if kind == RecipientKind.INDIVIDUAL else None
    data["id_number"] = row.bounded("id_number", ID_NUMBER_LENGTH) if kind == RecipientKind.INDIVIDUAL else ""
    data["position"] = row.bounded("position", POSITION_LENGTH) if kind == RecipientKind.INDIVIDUAL else ""
    data["summary"] = row.bounded("summary", TEXT_LENGTH)
    data["member_count"] = None
    if row.text("member_count"):
        try:
            data["member_count"] = parse_int(row.cell["member_count"])
        except ValueError:
            data["member_count"] = None
        if data["member_count"] is None or data["member_count"] < 1 or kind != RecipientKind.COLLECTIVE:
            row.error("member_count", _("chỉ ghi cho tập thể, là một số nguyên dương."))
    unit_text = row.text("unit")
    unit = _unit_in_scope(row, lookups, dossier, "unit", unit_text, today) if unit_text else None
    data["unit_name"] = unit.name if unit else unit_text
    award = None
    try:
        award = lookups.awards.find(row.text("award"))
        if award is None:
            row.error("award", _("“%(v)s” không có trong danh mục khen thưởng.") % {"v": row.text("award")})
    except ValueError as exc:
        row.error("award", str(exc))
    if award is not None and not award.is_for(kind):
        row.error(
            "award",
            _("%(award)s không dành cho %(kind)s.") % {"award": award.name, "kind": RecipientKind(kind).label.lower()},
        )
    data["award_id"] = award.pk if award else None
    data["award_name"] = award.name if award else row.text("award")
    if row.errors:
        return
    if kind == RecipientKind.COLLECTIVE:
        collective = _unit_in_scope(row, lookups, dossier, "name", data["name"], today)
        collective = collective or (unit if unit is not None and fold(unit.name) == fold(data["name"]) else None)
        if collective is None and not row.errors:
            row.error(
                "name",
                _("không tìm thấy tập thể “%(v)s” trong các đơn vị thuộc %(unit)s.")
                % {"v": data["name"], "unit": dossier.unit.name},
            )
        elif collective is not None and collective.valid_to is not None:
            row.error("name", _("đơn vị “%(v)s” đã kết thúc hoạt động.") % {"v": collective.name})
        if collective is not None and not row.errors:
            data["unit_id"], data["match"] = collective.pk, "collective"
            data["match_label"] = _("Tập thể: %(unit)s") % {"unit": collective.name}
        return
    if kind == RecipientKind.HOUSEHOLD:
        data["match"], data["match_label"] = "household", _("Hộ gia đình")
        return
    if unit_text and unit is None and not row.errors:
        row.notes.append(
            _("Đơn vị “%(v)s” không có trong danh mục: cá nhân mới được ghi thuộc %(unit)s.")
            % {"v": unit_text, "unit": dossier.unit.name}
        )
    data["unit_id"] = unit.pk if unit else dossier.unit_id
    _match_person(row, lookups, unit, written_name)


def _choose(row: _Row, lookups: _Lookups, choices: dict) -> None:
    """Apply the user's choice for an ambiguous row (a candidate, or "new")."""
    data = row.data
    choice = str(choices.get(str(data["row"]), ""))
    if data["status"] != "ambiguous" or not choice:
        return
    if choice == "new" or choice in {str(c["id"]) for c in data["candidates"]}:
        data["resolution"] = choice
        if choice != "new":
            data["person_id"] = int(choice)


def _identity(row: _Row, lookups: _Lookups) -> None:
    """What the preview says of the nominee; a new person needs a gender (the hand form asks it)."""
    data = row.data
    if data["kind"] != RecipientKind.INDIVIDUAL or row.errors:
        return
    if data["person_id"]:
        data["match"] = "existing"
        data["match_label"] = _("Đã có: %(p)s") % {"p": _person_label(lookups.people[data["person_id"]])}
    elif data["status"] == "ambiguous" and data["resolution"] != "new":
        data["match"], data["match_label"] = "ambiguous", _("Cần chọn người tương ứng")
    else:
        data["match"], data["match_label"] = "new", _("Cá nhân mới, sẽ được thêm vào danh bạ")
        if not data["gender"]:
            row.error("honorific", _("cần ghi giới tính của cá nhân mới (Ông/Bà hoặc Nam/Nữ)."))


def new_person_key(data: dict) -> tuple:
    """One new person however many rows name them (same name, birth year, unit, ID number)."""
    return (fold(data["name"]), data["birth_year"], data["unit_id"], data["id_number"] or "")


def _nominee_key(data: dict) -> tuple:
    if data["kind"] == RecipientKind.INDIVIDUAL:
        who = ("p", data["person_id"]) if data["person_id"] else ("n", *new_person_key(data))
    elif data["kind"] == RecipientKind.COLLECTIVE:
        who = ("u", data["unit_id"])
    else:
        who = ("h", fold(data["name"]))
    return (*who, data["award_id"])


def _existing(rows: list[dict], dossier: Dossier) -> dict[tuple, Nomination]:
    """The active proposals, anywhere in the province, of the same nominees for the same awards this year."""
    award_ids = {r["award_id"] for r in rows}
    person_ids = {r["person_id"] for r in rows if r["person_id"]}
    unit_ids = {r["unit_id"] for r in rows if r["kind"] == RecipientKind.COLLECTIVE}
    households = {fold(r["name"]) for r in rows if r["kind"] == RecipientKind.HOUSEHOLD}
    if not award_ids:
        return {}
    who = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    who |= Q(nominee_kind=RecipientKind.HOUSEHOLD, dossier__unit_id=dossier.unit_id, search_text__in=households)
    found = {}
    others = (
        Nomination.objects.filter(award_id__in=award_ids, year=dossier.year)
        .exclude(status__in=INACTIVE)
        .filter(who)
        .select_related("award", "dossier__unit")
        .order_by("pk")
    )
    for other in others:
        if other.nominee_kind == RecipientKind.INDIVIDUAL:
            key = ("p", other.person_id, other.award_id)
        elif other.nominee_kind == RecipientKind.COLLECTIVE:
            key = ("u", other.unit_id, other.award_id)
        else:
            key = ("h", other.search_text, other.award_id)
        found.setdefault(key, other)
    return found


def _findings(rows: list[_Row], lookups: _Lookups, dossier: Dossier) -> None:
    """The eligibility findings of each row to write, as the dossier screen shows them for a nominee."""
    awards = {a.pk: a for a in Award.objects.filter(pk__in={r.data["award_id"] for r in rows})}
    nominations = []
    for row in rows:
        data = row.data
        person = None
        if data["kind"] == RecipientKind.INDIVIDUAL:
            person = lookups.people.get(data["person_id"]) or Person(
                full_name=data["name"], gender=data["gender"], birth_year=data["birth_year"], unit_id=data["unit_id"]
            )
        nominations.append(
            Nomination(
                dossier=dossier,
                nominee_kind=data["kind"],
                person=person,
                unit=lookups.units.by_pk.get(data["unit_id"]) if data["kind"] == RecipientKind.COLLECTIVE else None,
                household_name=data["name"] if data["kind"] == RecipientKind.HOUSEHOLD else "",
                award=awards[data["award_id"]],
                year=dossier.year,
                member_count=data["member_count"],
            )
        )
    for row, eligibility in zip(rows, evaluate_proposed(nominations), strict=True):
        over = [f for f in eligibility.findings if f.kind == "quota" and f.passed is False]
        if over:  # nomination_add refuses a proposal beyond its quota
            row.errors.append(
                _("Vượt chỉ tiêu khen thưởng: %(excess)s.")
                % {"excess": "; ".join(f"{f.label}: {f.evidence}" for f in over)}
            )
        row.data["eligibility"] = {
            "verdict": eligibility.verdict,
            "label": eligibility.verdict_label,
            "badge": eligibility.verdict_badge,
            "reasons": [str(r) for r in eligibility.reasons],
            "findings": [
                {"mark": f.mark, "label": str(f.label), "evidence": str(f.evidence), "passed": f.passed}
                for f in eligibility.findings
            ],
        }


def analyse(*, dossier: Dossier, table, lines: list[dict], choices: dict | None = None):
    """Check every row of ``table`` for ``dossier``; return (rows as dicts, file-level errors).

    ``lines``: the field read from each column (``NOMINEE_COLUMNS.propose`` or the user's choice);
    ``choices``: for ambiguous rows, sheet row number (text) → person id or "new".
    Row status: ``new`` (to write), ``duplicate`` (already in this dossier, or repeated in the file:
    skipped), ``ambiguous`` (choose the person), ``error`` (blocks the whole file).
    """
    positions, file_errors = NOMINEE_COLUMNS.positions(lines)
    if file_errors:
        return [], file_errors
    if not table.rows:
        return [], [_("Tệp không có dòng dữ liệu nào.")]
    if len(table.rows) > MAX_ROWS:
        return [], [
            _("Tệp có %(n)s dòng; mỗi lần nhập tối đa %(max)s đối tượng. Hãy chia thành nhiều tệp.")
            % {"n": len(table.rows), "max": MAX_ROWS}
        ]
    names, id_numbers = set(), set()
    for values in table.rows:
        if (pos := positions["name"]) < len(values):
            text = _text(values[pos])
            names.update((fold(text), fold(split_honorific(text)[0])))
        if (pos := positions.get("id_number")) is not None and pos < len(values) and _text(values[pos]):
            id_numbers.add(_text(values[pos]))
    lookups = _Lookups(dossier, names, id_numbers)
    today = timezone.localdate()
    rows = []
    for number, values in zip(table.numbers, table.rows, strict=True):
        row = _Row(number, values, positions)
        _read_row(row, lookups, dossier, today)
        _choose(row, lookups, choices or {})
        _identity(row, lookups)
        rows.append(row)
    # Duplicates: already proposed (in this dossier: skipped; elsewhere: refused, as by hand), or repeated in the file.
    readable = [row for row in rows if not row.errors]
    existing = _existing([row.data for row in readable], dossier)
    seen: dict[tuple, int] = {}
    for row in readable:
        key = _nominee_key(row.data)
        other = existing.get(key)
        if other is not None and other.dossier_id == dossier.pk:
            row.data["status"] = "duplicate"
            row.notes.append(_("Đã có trong hồ sơ này: bỏ qua."))
        elif other is not None:
            row.errors.append(
                _("%(name)s đã được đề nghị %(award)s năm %(year)s (hồ sơ của %(unit)s).")
                % {
                    "name": other.nominee_name,
                    "award": other.award.name,
                    "year": other.year,
                    "unit": other.dossier.unit.name,
                }
            )
        elif key in seen:
            row.data["status"] = "duplicate"
            row.notes.append(_("Trùng với dòng %(n)s: bỏ qua.") % {"n": seen[key]})
        seen.setdefault(key, row.data["row"])
    _findings([r for r in readable if r.data["status"] != "duplicate" and not r.errors], lookups, dossier)
    for row in rows:
        if row.errors:
            row.data["status"] = "error"
    return [row.data for row in rows], []


def unresolved(rows: list[dict]) -> list[int]:
    """The sheet rows still waiting for the user to choose the person."""
    return [r["row"] for r in rows if r["status"] == "ambiguous" and not r["resolution"]]
