"""Spreadsheets of campaigns: what the columns are, and how each row is read and checked.

Reading goes through ``thiduakt.spreadsheets.read_table`` (size, zip bombs, formulas) and its
cell readers (``parse_date``, ``parse_decimal``); each row is checked and gets Vietnamese errors;
``services.*_import`` writes all or nothing.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from campaigns.models import Campaign, Commitment, Participant, Registration
from thiduakt.imports import Column, Columns, MissingColumns
from thiduakt.models import OrgUnit
from thiduakt.readers import UnitIndex, UnitNotFound, read_choice
from thiduakt.spreadsheets import (
    SpreadsheetError,
    header_key,
    parse_date,
    parse_decimal,
    parse_text,
    read_table,
    write_xlsx,
)
from thiduakt.text import fold

# The columns of each import (``thiduakt.imports``): our header first (the export's, so that an exported file
# reads back), then the names provincial plans and lists use for it.
CAMPAIGN_FIELDS = Columns(
    "campaigns.campaigns",
    (
        Column("name", _l("Tên phong trào"), "Tên phong trào", ("Tên phong trào thi đua", "Phong trào thi đua"), True),
        Column("slogan", _l("Khẩu hiệu"), "Khẩu hiệu", ("Khẩu hiệu thi đua", "Khẩu hiệu hành động")),
        Column("launcher", _l("Cấp phát động"), "Cấp phát động", ("Cấp", "Cấp phát động thi đua"), True),
        Column("kind", _l("Loại phong trào"), "Loại phong trào", ("Loại", "Loại hình phong trào", "Hình thức"), True),
        Column(
            "document_number",
            _l("Số văn bản phát động"),
            "Số văn bản",
            ("Số kế hoạch", "Số văn bản phát động", "Số hiệu văn bản", "Số KH", "Kế hoạch số"),
        ),
        Column("document_date", _l("Ngày văn bản"), "Ngày văn bản", ("Ngày ban hành", "Ngày ký", "Ngày phát động")),
        Column("start_date", _l("Ngày bắt đầu"), "Ngày bắt đầu", ("Từ ngày", "Thời gian bắt đầu"), True),
        Column("end_date", _l("Ngày kết thúc"), "Ngày kết thúc", ("Đến ngày", "Thời gian kết thúc")),
        Column(
            "host",
            _l("Cơ quan chủ trì (mã hoặc tên)"),
            "Mã cơ quan chủ trì",
            ("Cơ quan chủ trì", "Đơn vị chủ trì", "Mã đơn vị chủ trì", "Cơ quan thường trực"),
        ),
    ),
)
_UNIT_CODE = Column("unit_code", _l("Mã đơn vị"), "Mã đơn vị", ("Mã ĐV", "Mã cơ quan", "Mã đơn vị tham gia"))
_UNIT_NAME = Column(
    "unit_name",
    _l("Tên đơn vị"),
    "Tên đơn vị",
    ("Đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Đơn vị tham gia", "Tên đơn vị tham gia", "Cơ quan"),
)
PARTICIPANT_FIELDS = Columns(
    "campaigns.participants",
    (
        _UNIT_CODE,
        _UNIT_NAME,
        Column("role", _l("Vai trò"), "Vai trò", ("Vai trò tham gia",)),
        Column("group", _l("Nhóm đối tượng"), "Nhóm đối tượng", ("Nhóm", "Đối tượng", "Khối")),
    ),
)
REGISTRATION_FIELDS = Columns("campaigns.registrations", (_UNIT_CODE, _UNIT_NAME))
# The words lists use for a participant's role ("Tham gia", "Chủ trì", "Phối hợp"), folded.
ROLE_WORDS = {
    "tham gia": Participant.Role.PARTICIPANT,
    "chu tri": Participant.Role.HOST,
    "phoi hop": Participant.Role.COOPERATING,
}
FIELDS = {"campaigns": CAMPAIGN_FIELDS, "participants": PARTICIPANT_FIELDS, "registrations": REGISTRATION_FIELDS}
CAMPAIGN_COLUMNS = CAMPAIGN_FIELDS.headers
PARTICIPANT_COLUMNS = PARTICIPANT_FIELDS.headers
COMMITMENT_TEXT_LENGTH = Commitment._meta.get_field("text").max_length
CRITERION_HEADER = re.compile(r"^TC(\d+)\b", re.IGNORECASE)


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # cleaned dicts, one per valid row
    errors: list = field(default_factory=list)  # "Dòng n: ..." messages
    preview: list = field(default_factory=list)  # (row number, [display values], error or "")
    headers: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # the field read from each column (``thiduakt.imports``)


def _choice(value, choices) -> str | None:
    """A TextChoices value from its code or its Vietnamese label, ignoring case and diacritics."""
    text = fold(str(value or ""))
    for code, label in choices:
        if text in (fold(code), fold(str(label))):
            return code
    return None


def _read(data: bytes, fields: Columns, lines: list[dict] | None, saved=None, *, known=frozenset()):
    """(table, lines, positions) of a file read with ``fields``; ``MissingColumns`` when a field has no column.

    ``lines``: the columns as the user chose them; else proposed (``saved``: a template's mapping first).
    """
    table = read_table(data, known_headers=fields.known_headers | known)
    lines, positions = fields.read(table.headers, lines, table.unnamed, saved)
    return table, lines, positions


def _need_unit_column(fields: Columns, lines: list[dict], positions: dict) -> None:
    if "unit_code" not in positions and "unit_name" not in positions:
        raise MissingColumns(
            _("Tệp thiếu cột: %(cols)s.") % {"cols": _("Mã đơn vị hoặc Tên đơn vị")}
            + " "
            + _("Hãy chọn cột tương ứng bên dưới, hoặc dùng tệp mẫu của hệ thống."),
            lines,
        )


class _Units:
    """Units of a row: by code (exactly), else by name with the usual abbreviations (``UnitIndex``), today."""

    def __init__(self):
        self.by_code = _units_by_code()
        self._index = None

    def find(self, code, name=None) -> tuple[OrgUnit | None, str]:
        """(the unit, or None with the Vietnamese problem)."""
        code = str(code or "").strip()
        if code:
            unit = self.by_code.get(code.upper())
            return (unit, "") if unit else (None, _("không có đơn vị mã “%(code)s”") % {"code": code})
        text = str(name or "").strip()
        if not text:
            return None, _("thiếu mã hoặc tên đơn vị")
        if self._index is None:
            self._index = UnitIndex.load()
        try:
            return self._index.resolve(text, timezone.localdate()), ""
        except UnitNotFound:
            return None, _("không có đơn vị tên “%(v)s”") % {"v": text}
        except ValueError as exc:
            return None, str(exc).rstrip(".")


def _text(cell: dict, column: str, model, field_name: str, problems: list) -> str | None:
    """The column's text, or ``None`` (with the problem noted) when it is longer than the field."""
    try:
        return parse_text(cell.get(column), max_length=model._meta.get_field(field_name).max_length)
    except ValueError as exc:
        problems.append(f"{column} {exc}")
        return None


def _units_by_code() -> dict[str, OrgUnit]:
    return {u.code.upper(): u for u in OrgUnit.objects.all()}


def parse_campaigns(data: bytes, lines: list[dict] | None = None, saved=None) -> Parsed:
    table, lines, positions = _read(data, CAMPAIGN_FIELDS, lines, saved)
    rows = table.rows
    units = _Units()
    existing = set(Campaign.objects.values_list("document_number", "document_date", "name"))
    parsed = Parsed(headers=CAMPAIGN_COLUMNS, columns=lines)
    seen = set()
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        cell = CAMPAIGN_FIELDS.cells(values, positions)
        problems = []
        name = _text(cell, "Tên phong trào", Campaign, "name", problems)
        if name == "":
            problems.append(_("thiếu tên phong trào"))
        slogan = _text(cell, "Khẩu hiệu", Campaign, "slogan", problems)
        launcher = _choice(cell.get("Cấp phát động"), Campaign.Launcher.choices)
        if launcher is None:
            problems.append(_("cấp phát động “%(v)s” không hợp lệ") % {"v": cell.get("Cấp phát động") or ""})
        elif launcher == Campaign.Launcher.UNIT:
            problems.append(_("phong trào do đơn vị phát động cần nhập trên màn hình"))
        kind = _choice(cell.get("Loại phong trào"), Campaign.Kind.choices)
        if kind is None:
            problems.append(_("loại phong trào “%(v)s” không hợp lệ") % {"v": cell.get("Loại phong trào") or ""})
        dates = {}
        for column in ("Ngày văn bản", "Ngày bắt đầu", "Ngày kết thúc"):
            try:
                dates[column] = parse_date(cell.get(column))
            except ValueError:
                problems.append(
                    _("%(col)s “%(v)s” không đúng dạng ngày/tháng/năm") % {"col": column, "v": cell.get(column)}
                )
        if "Ngày bắt đầu" in dates and dates["Ngày bắt đầu"] is None:
            problems.append(_("thiếu ngày bắt đầu"))
        start, end = dates.get("Ngày bắt đầu"), dates.get("Ngày kết thúc")
        if start and end and end < start:
            problems.append(_("ngày kết thúc trước ngày bắt đầu"))
        host = None
        host_text = str(cell.get("Mã cơ quan chủ trì") or "").strip()
        if host_text:
            # a code, or the agency's name as plans write it ("Sở Nội vụ")
            as_code = host_text.upper() in units.by_code or not any(c.isspace() for c in host_text)
            host, problem = units.find(host_text if as_code else "", None if as_code else host_text)
            if problem:
                problems.append(problem)
        document_number = _text(cell, "Số văn bản", Campaign, "document_number", problems) or ""
        key = (document_number, dates.get("Ngày văn bản"), name)
        if document_number and (key in existing or key in seen):
            problems.append(_("phong trào này đã có (trùng tên, số và ngày văn bản)"))
        seen.add(key)
        display = [cell.get(c) for c in CAMPAIGN_COLUMNS]
        if problems:
            message = _("Dòng %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)}
            parsed.errors.append(message)
            parsed.preview.append((number, display, message))
            continue
        parsed.preview.append((number, display, ""))
        parsed.rows.append(
            {
                "name": name,
                "slogan": slogan,
                "launcher": launcher,
                "kind": kind,
                "document_number": document_number,
                "document_date": dates.get("Ngày văn bản"),
                "start_date": start,
                "end_date": end,
                "host_unit": host,
            }
        )
    if not rows:
        parsed.errors.append(_("Bảng tính không có dòng dữ liệu nào."))
    return parsed


def parse_participants(data: bytes, campaign: Campaign, lines: list[dict] | None = None, saved=None) -> Parsed:
    table, lines, positions = _read(data, PARTICIPANT_FIELDS, lines, saved)
    _need_unit_column(PARTICIPANT_FIELDS, lines, positions)
    rows = table.rows
    units = _Units()
    groups = {fold(g.name): g for g in campaign.groups.all()}
    parsed = Parsed(headers=PARTICIPANT_COLUMNS, columns=lines)
    seen = set()
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        cell = PARTICIPANT_FIELDS.cells(values, positions)
        problems = []
        unit, problem = units.find(cell.get("Mã đơn vị"), cell.get("Tên đơn vị"))
        if unit is None:
            problems.append(problem)
        elif unit.valid_to is not None:
            problems.append(_("đơn vị “%(unit)s” đã ngừng hoạt động") % {"unit": unit})
        elif unit.pk in seen:
            problems.append(_("đơn vị lặp lại trong tệp"))
        role = Participant.Role.PARTICIPANT
        if cell.get("Vai trò"):
            role = _choice(cell.get("Vai trò"), Participant.Role.choices) or read_choice(
                cell.get("Vai trò"), ROLE_WORDS, prefixes=("co quan", "don vi")
            )
            if role is None:
                problems.append(_("vai trò “%(v)s” không hợp lệ") % {"v": cell["Vai trò"]})
        group = None
        if cell.get("Nhóm đối tượng"):
            group = groups.get(fold(str(cell["Nhóm đối tượng"])))
            if group is None:
                problems.append(_("không có nhóm đối tượng “%(v)s”") % {"v": cell["Nhóm đối tượng"]})
        display = [cell.get(c) for c in PARTICIPANT_COLUMNS]
        if problems:
            message = _("Dòng %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)}
            parsed.errors.append(message)
            parsed.preview.append((number, display, message))
            continue
        seen.add(unit.pk)
        parsed.preview.append((number, display, ""))
        parsed.rows.append({"unit": unit, "role": role, "group": group})
    if not rows:
        parsed.errors.append(_("Bảng tính không có dòng dữ liệu nào."))
    return parsed


def criterion_header(criterion) -> str:
    unit = f" ({criterion.unit_of_measure})" if criterion.unit_of_measure else ""
    return f"TC{criterion.position}: {criterion.indicator}{unit}"


def parse_registrations(data: bytes, campaign: Campaign, lines: list[dict] | None = None, saved=None) -> Parsed:
    """Rows: the unit (code or name) and one column per criterion ("TC1: …"); measurable criteria need a number."""
    criteria = {c.position: c for c in campaign.criteria.all()}
    known = frozenset(header_key(criterion_header(c)) for c in criteria.values())
    table, lines, positions = _read(data, REGISTRATION_FIELDS, lines, saved, known=known)
    _need_unit_column(REGISTRATION_FIELDS, lines, positions)
    headers, rows = table.headers, table.rows
    columns = {}
    for index, header in enumerate(headers):
        match = CRITERION_HEADER.match(header)
        if match:
            position = int(match.group(1))
            if position not in criteria:
                raise SpreadsheetError(
                    _("Cột “%(h)s”: phong trào không có tiêu chí số %(n)s.") % {"h": header, "n": position}
                )
            columns[position] = index
    missing = [criterion_header(c) for p, c in criteria.items() if p not in columns]
    if missing:
        raise SpreadsheetError(_("Tệp thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)})
    units = _Units()
    participants = {p.unit_id: p for p in campaign.participants.all()}
    locked = set(
        campaign.registrations.exclude(
            status__in=[Registration.Status.DRAFT, Registration.Status.RETURNED]
        ).values_list("unit_id", flat=True)
    )
    parsed = Parsed(headers=["Mã đơn vị", *[criterion_header(c) for c in criteria.values()]], columns=lines)
    seen = set()
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        problems = []
        cell = REGISTRATION_FIELDS.cells(values, positions)
        code = str(cell.get("Mã đơn vị") or "").strip()
        unit, problem = units.find(code, cell.get("Tên đơn vị"))
        participant = participants.get(unit.pk) if unit else None
        if unit is None:
            problems.append(problem)
        elif participant is None:
            problems.append(_("đơn vị “%(unit)s” không tham gia phong trào") % {"unit": unit})
        elif unit.pk in locked:
            problems.append(_("đơn vị “%(unit)s” đã gửi đăng ký") % {"unit": unit})
        elif unit.pk in seen:
            problems.append(_("đơn vị lặp lại trong tệp"))
        commitments = {}
        for position, criterion in criteria.items():
            raw = values[columns[position]]
            applies = participant is None or criterion.group_id in (None, participant.group_id)
            if not applies:
                continue
            if criterion.is_qualitative:
                try:
                    commitments[criterion.pk] = (None, parse_text(raw, max_length=COMMITMENT_TEXT_LENGTH))
                except ValueError as exc:
                    problems.append(f"TC{position}: {exc}")
                continue
            try:
                target = parse_decimal(raw)
            except ValueError:
                problems.append(_("TC%(n)s: “%(v)s” không phải là số") % {"n": position, "v": raw})
                continue
            if target is None:
                problems.append(_("TC%(n)s: thiếu chỉ tiêu đăng ký") % {"n": position})
            elif target < 0:
                problems.append(_("TC%(n)s: chỉ tiêu không được âm") % {"n": position})
            commitments[criterion.pk] = (target, "")
        display = [unit.code if unit else code or cell.get("Tên đơn vị"), *[values[columns[p]] for p in criteria]]
        if problems:
            message = _("Dòng %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)}
            parsed.errors.append(message)
            parsed.preview.append((number, display, message))
            continue
        seen.add(unit.pk)
        parsed.preview.append((number, display, ""))
        parsed.rows.append({"unit": unit, "commitments": commitments})
    if not rows:
        parsed.errors.append(_("Bảng tính không có dòng dữ liệu nào."))
    return parsed


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def campaigns_xlsx(campaigns) -> bytes:
    rows = [
        [
            c.name,
            c.slogan,
            c.get_launcher_display(),
            c.get_kind_display(),
            c.document_number,
            c.document_date.strftime("%d/%m/%Y") if c.document_date else "",
            c.start_date.strftime("%d/%m/%Y"),
            c.end_date.strftime("%d/%m/%Y") if c.end_date else "",
            c.host_unit.code if c.host_unit else "",
            c.get_status_display(),
        ]
        for c in campaigns
    ]
    return write_xlsx([*CAMPAIGN_COLUMNS, "Trạng thái"], rows, title="Phong trào")


def participants_xlsx(campaign: Campaign) -> bytes:
    """Participants with their registration and commitments; re-importable as registrations.

    Read as tuples, three queries whatever the number of units; each label is looked up once per value."""
    criteria = list(campaign.criteria.all())
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    roles = {value: str(label) for value, label in Participant.Role.choices}
    registered = dict(campaign.registrations.values_list("unit_id", "status"))
    committed: dict[int, dict[int, tuple]] = {}
    for unit_id, criterion_id, text, target in Commitment.objects.filter(registration__campaign=campaign).values_list(
        "registration__unit_id", "criterion_id", "text", "target"
    ):
        committed.setdefault(unit_id, {})[criterion_id] = (text, target)
    rows = []
    participants = campaign.participants.order_by("unit__name").values_list(
        "unit_id", "unit__code", "unit__name", "role", "group__name"
    )
    for unit_id, code, name, role, group in participants:
        status = registered.get(unit_id)
        mine = committed.get(unit_id, {})
        values = []
        for criterion in criteria:
            commitment = mine.get(criterion.pk)
            if commitment is None:
                values.append("")
            elif criterion.is_qualitative:
                values.append(commitment[0])
            else:
                values.append(float(commitment[1]) if commitment[1] is not None else "")
        rows.append(
            [
                code,
                name,
                roles.get(role, role),
                group or "",
                statuses.get(status, status) if status is not None else "",
                *values,
            ]
        )
    headers = [*PARTICIPANT_COLUMNS, "Đăng ký", *[criterion_header(c) for c in criteria]]
    return write_xlsx(headers, rows, title="Đơn vị tham gia")
