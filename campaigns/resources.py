"""Spreadsheets of campaigns: what the columns are, and how each row is read and checked.

Reading goes through ``thiduakt.spreadsheets.read_table`` (size, zip bombs, formulas) and its
cell readers (``parse_date``, ``parse_decimal``); each row is checked and gets Vietnamese errors;
``services.*_import`` writes all or nothing.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.models import Campaign, Commitment, Participant, Registration
from thiduakt.models import OrgUnit
from thiduakt.spreadsheets import SpreadsheetError, parse_date, parse_decimal, parse_text, read_table, write_xlsx
from thiduakt.text import fold

CAMPAIGN_COLUMNS = [
    "Tên phong trào",
    "Khẩu hiệu",
    "Cấp phát động",
    "Loại phong trào",
    "Số văn bản",
    "Ngày văn bản",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Mã cơ quan chủ trì",
]
CAMPAIGN_REQUIRED = ["Tên phong trào", "Cấp phát động", "Loại phong trào", "Ngày bắt đầu"]
PARTICIPANT_COLUMNS = ["Mã đơn vị", "Tên đơn vị", "Vai trò", "Nhóm đối tượng"]
PARTICIPANT_REQUIRED = ["Mã đơn vị"]
REGISTRATION_REQUIRED = ["Mã đơn vị"]
COMMITMENT_TEXT_LENGTH = Commitment._meta.get_field("text").max_length
CRITERION_HEADER = re.compile(r"^TC(\d+)\b", re.IGNORECASE)


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # cleaned dicts, one per valid row
    errors: list = field(default_factory=list)  # "Dòng n: ..." messages
    preview: list = field(default_factory=list)  # (row number, [display values], error or "")
    headers: list = field(default_factory=list)


def _choice(value, choices) -> str | None:
    """A TextChoices value from its code or its Vietnamese label, ignoring case and diacritics."""
    text = fold(str(value or ""))
    for code, label in choices:
        if text in (fold(code), fold(str(label))):
            return code
    return None


def _check_headers(headers: list[str], required: list[str]) -> None:
    missing = [c for c in required if c not in headers]
    if missing:
        raise SpreadsheetError(
            _("Tệp thiếu cột: %(cols)s. Hãy dùng tệp mẫu (xuất từ hệ thống) để điền.") % {"cols": ", ".join(missing)}
        )


def _text(cell: dict, column: str, model, field_name: str, problems: list) -> str | None:
    """The column's text, or ``None`` (with the problem noted) when it is longer than the field."""
    try:
        return parse_text(cell.get(column), max_length=model._meta.get_field(field_name).max_length)
    except ValueError as exc:
        problems.append(f"{column} {exc}")
        return None


def _units_by_code() -> dict[str, OrgUnit]:
    return {u.code.upper(): u for u in OrgUnit.objects.all()}


def parse_campaigns(data: bytes) -> Parsed:
    table = read_table(data)
    headers, rows = table.headers, table.rows
    _check_headers(headers, CAMPAIGN_REQUIRED)
    units = _units_by_code()
    existing = set(Campaign.objects.values_list("document_number", "document_date", "name"))
    parsed = Parsed(headers=CAMPAIGN_COLUMNS)
    seen = set()
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        cell = dict(zip(headers, values, strict=False))
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
                    _("%(col)s “%(v)s” không đúng dạng ngày/tháng/năm") % {"col": column, "v": cell[column]}
                )
        if "Ngày bắt đầu" in dates and dates["Ngày bắt đầu"] is None:
            problems.append(_("thiếu ngày bắt đầu"))
        start, end = dates.get("Ngày bắt đầu"), dates.get("Ngày kết thúc")
        if start and end and end < start:
            problems.append(_("ngày kết thúc trước ngày bắt đầu"))
        host = None
        host_code = str(cell.get("Mã cơ quan chủ trì") or "").strip()
        if host_code:
            host = units.get(host_code.upper())
            if host is None:
                problems.append(_("không có đơn vị mã “%(code)s”") % {"code": host_code})
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


def parse_participants(data: bytes, campaign: Campaign) -> Parsed:
    table = read_table(data)
    headers, rows = table.headers, table.rows
    _check_headers(headers, PARTICIPANT_REQUIRED)
    units = _units_by_code()
    groups = {fold(g.name): g for g in campaign.groups.all()}
    parsed = Parsed(headers=PARTICIPANT_COLUMNS)
    seen = set()
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        cell = dict(zip(headers, values, strict=False))
        problems = []
        code = str(cell.get("Mã đơn vị") or "").strip()
        unit = units.get(code.upper())
        if unit is None:
            problems.append(_("không có đơn vị mã “%(code)s”") % {"code": code})
        elif unit.valid_to is not None:
            problems.append(_("đơn vị “%(unit)s” đã ngừng hoạt động") % {"unit": unit})
        elif unit.pk in seen:
            problems.append(_("đơn vị lặp lại trong tệp"))
        role = Participant.Role.PARTICIPANT
        if cell.get("Vai trò"):
            role = _choice(cell.get("Vai trò"), Participant.Role.choices)
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


def parse_registrations(data: bytes, campaign: Campaign) -> Parsed:
    """Rows: unit code and one column per criterion ("TC1: …"); measurable criteria need a number."""
    table = read_table(data)
    headers, rows = table.headers, table.rows
    _check_headers(headers, REGISTRATION_REQUIRED)
    criteria = {c.position: c for c in campaign.criteria.all()}
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
    units = _units_by_code()
    participants = {p.unit_id: p for p in campaign.participants.all()}
    locked = set(
        campaign.registrations.exclude(
            status__in=[Registration.Status.DRAFT, Registration.Status.RETURNED]
        ).values_list("unit_id", flat=True)
    )
    parsed = Parsed(headers=["Mã đơn vị", *[criterion_header(c) for c in criteria.values()]])
    seen = set()
    code_index = headers.index("Mã đơn vị")
    for number, values in zip(table.numbers, rows, strict=True):  # the sheet's row numbers
        problems = []
        code = str(values[code_index] or "").strip()
        unit = units.get(code.upper())
        participant = participants.get(unit.pk) if unit else None
        if unit is None:
            problems.append(_("không có đơn vị mã “%(code)s”") % {"code": code})
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
        display = [code, *[values[columns[p]] for p in criteria]]
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
    """Participants with their registration and commitments; re-importable as registrations."""
    criteria = list(campaign.criteria.all())
    registrations = {
        r.unit_id: r for r in campaign.registrations.prefetch_related("commitments").select_related("unit")
    }
    rows = []
    for p in campaign.participants.select_related("unit", "group").order_by("unit__name"):
        registration = registrations.get(p.unit_id)
        committed = {c.criterion_id: c for c in registration.commitments.all()} if registration else {}
        values = []
        for criterion in criteria:
            commitment = committed.get(criterion.pk)
            if commitment is None:
                values.append("")
            elif criterion.is_qualitative:
                values.append(commitment.text)
            else:
                values.append(float(commitment.target) if commitment.target is not None else "")
        rows.append(
            [
                p.unit.code,
                p.unit.name,
                p.get_role_display(),
                p.group.name if p.group else "",
                registration.get_status_display() if registration else "",
                *values,
            ]
        )
    headers = [*PARTICIPANT_COLUMNS, "Đăng ký", *[criterion_header(c) for c in criteria]]
    return write_xlsx(headers, rows, title="Đơn vị tham gia")
