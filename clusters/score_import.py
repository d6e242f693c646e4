"""A member's score sheet in and out of xlsx: the sheet we hand out, and reading one back (pure analysis).

The export (``sheet_rows``) has one row per criterion under ``SCORE_COLUMNS.headers``; the import reads that
file, or one shaped like the province's own score sheets, and says per row what it would write. The write
is ``clusters.services.score_import.score_sheet_import``, which analyses the file again under the member's
lock: the preview and the write are one reading.

How a row is read (decided here, shown in the preview):

- **Criterion.** By its code ("1.2": group 1, criterion 2 — the export's "Mã tiêu chí"), or by its number
  under a group heading ("1", "2" below "II."), and by its name (no diacritics, no case). Code and name
  naming two different criteria is an error; a name alone, or a code alone, is enough.
- **Group heading rows** ("I. Công tác lãnh đạo, chỉ đạo", a Roman numeral in "STT", or a group's name): read
  as headings, never as errors; points on them (a group's subtotal) are not read. They give the group the
  numbered rows below belong to. A row without points that matches no criterion (a sub-heading) is shown
  as not read.
- **Total row** ("Tổng cộng", "Tổng điểm", "Cộng"): not read; when it states points, they are compared with
  the sum of the points in the file and a difference is shown as a warning (the total is the system's).
- **Points**: read with "," or "." as decimal (``parse_decimal``) and checked by ``points_problem`` (the scoring
  form's rule). Empty points: the criterion is left as it is, like an empty field of the scoring form.
- **Explanation** ("Giải trình"): replaces the current one when the file has that column; kept otherwise.
- **Maximum** ("Điểm tối đa"): never written; one differing from the table is a warning (another year's file).
- A criterion twice in the file is an error; criteria not in the file are left as they are (listed).
"""

import hashlib
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Criterion, Membership, Score
from clusters.selectors import points_text
from clusters.services.scoring import SCORE_NOTE_LENGTH, points_problem
from thiduakt.imports import Column, Columns
from thiduakt.readers import name_key, parse_decimal, parse_text
from thiduakt.text import nfc

SCORE_COLUMNS = Columns(
    "clusters.scores",
    (
        Column(
            "code",
            gettext_lazy("Mã tiêu chí (số thứ tự)"),
            "Mã tiêu chí",
            ("STT", "TT", "Số TT", "Số thứ tự", "Mã", "Mã số", "Số hiệu tiêu chí"),
        ),
        Column("group", gettext_lazy("Nhóm tiêu chí"), "Nhóm tiêu chí", ("Nhóm", "Lĩnh vực", "Phần")),
        Column(
            "title",
            gettext_lazy("Tiêu chí"),
            "Tiêu chí",
            ("Nội dung tiêu chí", "Nội dung", "Tên tiêu chí", "Nội dung chấm điểm", "Tiêu chí chấm điểm"),
        ),
        Column(
            "max",
            gettext_lazy("Điểm tối đa"),
            "Điểm tối đa",
            ("Điểm chuẩn", "Thang điểm", "Điểm tối đa", "Điểm quy định", "Điểm tối đa theo quy định"),
        ),
        Column(
            "points",
            gettext_lazy("Điểm tự chấm"),
            "Điểm tự chấm",
            ("Tự chấm", "Điểm tự chấm", "Điểm đơn vị tự chấm", "Đơn vị tự chấm", "Điểm tự đánh giá"),
            required=True,
        ),
        Column("note", gettext_lazy("Giải trình"), "Giải trình", ("Ghi chú", "Giải trình", "Thuyết minh")),
    ),
)

_ROMAN = re.compile(r"[IVXLC]+", re.IGNORECASE)
_ROMAN_PREFIX = re.compile(r"^([IVXLC]+)\s*[.):\-–]\s*(.*)$", re.IGNORECASE)  # "I. Công tác …"
_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s+", re.IGNORECASE)  # "1.2. …", "a) …"
_CODE = re.compile(r"(\d{1,3})\.(\d{1,3})\.?")
_NUMBER = re.compile(r"(\d{1,3})\.?")
_TOTALS = {"tong", "cong", "tong cong", "tong so", "tong diem", "tong so diem", "cong diem", "tong cong diem"}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def criterion_code(criterion: Criterion) -> str:
    """The code a criterion is known by in the sheet: its group's place and its own ("1.2")."""
    return f"{criterion.group.position}.{criterion.position}"


def sheet_rows(membership: Membership) -> list[list]:
    """The member's sheet as the export writes it: one row per criterion, the points as numbers."""
    scores = {s.criterion_id: s for s in Score.objects.filter(membership=membership)}
    rows = []
    for criterion in _criteria(membership):
        score = scores.get(criterion.pk)
        rows.append(
            [
                criterion_code(criterion),
                criterion.group.title,
                criterion.title,
                _number(criterion.max_points),
                _number(score.self_points) if score else None,
                score.self_note if score else None,
            ]
        )
    return rows


def _number(value: Decimal):
    """A Decimal as the number cell a spreadsheet shows (10, 9.5), never text."""
    return int(value) if value == value.to_integral_value() else float(value)


def _criteria(membership: Membership) -> list[Criterion]:
    return list(Criterion.objects.filter(group__cluster_year_id=membership.cluster_year_id).select_related("group"))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def _roman(text: str) -> int | None:
    if not _ROMAN.fullmatch(text):
        return None
    values = [_ROMAN_VALUES[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _bare(text: str) -> str:
    """A name without its numbering ("I. ", "1.2. ", "a) "), as names are compared."""
    if match := _ROMAN_PREFIX.match(text):
        text = match.group(2)
    return name_key(_NUMBER_PREFIX.sub("", text))


@dataclass
class Analysis:
    """What the file would do to the member's sheet."""

    rows: list[dict] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # criteria the file does not name: left as they are
    changes: list[dict] = field(default_factory=list)  # {"criterion": id, "points": str, "note": str | None}
    digest: str = ""  # of the file, the columns read and the changes against the scores they replace

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r["status"] == "error")

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


class _Table:
    """The year's criteria, looked up by code, by number within a group, by name; loaded once."""

    def __init__(self, criteria: list[Criterion]):
        self.criteria = criteria
        self.by_code: dict[tuple[int, int], list[Criterion]] = {}
        self.by_name: dict[str, list[Criterion]] = {}
        self.groups = {}
        for c in criteria:
            self.by_code.setdefault((c.group.position, c.position), []).append(c)
            self.by_name.setdefault(_bare(c.title), []).append(c)
            self.groups.setdefault(c.group_id, c.group)
        self.group_by_name = {}
        self.group_by_position = {}
        for g in self.groups.values():
            self.group_by_name.setdefault(_bare(g.title), []).append(g)
            self.group_by_position.setdefault(g.position, []).append(g)

    def group(self, text: str):
        """The group a heading or a "Nhóm tiêu chí" cell names (by name, else by its Roman numeral), or None."""
        found = self.group_by_name.get(_bare(text), [])
        if len(found) == 1:
            return found[0]
        roman = _roman(text) or (_roman(m.group(1)) if (m := _ROMAN_PREFIX.match(text)) else None)
        found = self.group_by_position.get(roman, []) if roman else []
        return found[0] if len(found) == 1 else None

    def by_number(self, code: str, group):
        """The criterion a code names: "1.2", or "2" within ``group``; ``None`` when it names none or several."""
        if match := _CODE.fullmatch(code):
            found = self.by_code.get((int(match.group(1)), int(match.group(2))), [])
        elif (match := _NUMBER.fullmatch(code)) and group is not None:
            found = self.by_code.get((group.position, int(match.group(1))), [])
        else:
            found = []
        return found[0] if len(found) == 1 else None

    def by_title(self, title: str, group):
        found = self.by_name.get(_bare(title), [])
        if len(found) > 1 and group is not None:
            found = [c for c in found if c.group_id == group.pk]
        return found[0] if len(found) == 1 else None


def analyse(
    *, data_digest: str, table, lines: list[dict], criteria: list[Criterion], scores: dict[int, Score]
) -> Analysis:
    """Check every row of ``table`` (``read_table``'s) read through the columns ``lines`` against the year's
    ``criteria`` and the member's ``scores`` (criterion id → Score). No query."""
    analysis = Analysis()
    positions, errors = SCORE_COLUMNS.positions(lines)
    if "code" not in positions and "title" not in positions:
        errors.append(_("Thiếu cột “Mã tiêu chí” hoặc cột “Tiêu chí”: không biết dòng nào là tiêu chí nào."))
    if errors:
        analysis.file_errors = errors
        return analysis
    lookup = _Table(criteria)
    seen: dict[int, int] = {}  # criterion id -> the sheet row it was read from
    group = None
    file_total = Decimal("0")
    totals = []
    for number, values in zip(table.numbers, table.rows, strict=True):
        cell = {key: values[pos] if pos < len(values) else None for key, pos in positions.items()}
        code, title, group_text = _text(cell.get("code")), _text(cell.get("title")), _text(cell.get("group"))
        row = {"row": number, "code": code, "title": title, "errors": [], "warnings": [], "status": "change"}
        row["points_text"] = _text(cell.get("points"))
        analysis.rows.append(row)
        label = title or group_text or code
        if name_key(label).rstrip(":") in _TOTALS or name_key(code) in _TOTALS:
            row["status"] = "total"
            totals.append((row, cell.get("points")))
            continue
        if group_text and (named := lookup.group(group_text)) is not None:
            group = named
        criterion = _match(row, lookup, code, title, group)
        if criterion is None and not row["errors"]:
            if _is_heading(code, title, lookup):
                heading = lookup.group(title) or lookup.group(code)
                group = heading or group
                row["status"], row["group"] = "heading", heading.title if heading else ""
            elif _blank(cell.get("points")) and (code or title):
                row["status"] = "skipped"  # a sub-heading, a line of text: nothing to read
            else:
                problem = _("Không tìm thấy tiêu chí “%(v)s” trong bảng chấm điểm của năm.") % {"v": title or code}
                row["errors"].append(
                    (str(SCORE_COLUMNS.label("title")), problem if title or code else _("Thiếu mã và tên tiêu chí."))
                )
        if criterion is None:
            if row["errors"]:
                row["status"] = "error"
            continue
        group = criterion.group
        row["criterion"] = criterion.pk
        row["code"], row["title"] = criterion_code(criterion), criterion.title
        row["max"] = points_text(criterion.max_points)
        if criterion.pk in seen:
            row["errors"].append(
                (
                    str(SCORE_COLUMNS.label("title")),
                    _("Tiêu chí đã có ở dòng %(n)s của tệp.") % {"n": seen[criterion.pk]},
                )
            )
        else:
            seen[criterion.pk] = number
        try:
            stated_max = parse_decimal(cell.get("max"))
        except ValueError:
            stated_max = None
        if stated_max is not None and stated_max != criterion.max_points:
            row["warnings"].append(
                _("Điểm tối đa trong tệp là %(f)s, bảng chấm điểm là %(t)s; điểm tối đa không được đọc.")
                % {"f": points_text(stated_max), "t": points_text(criterion.max_points)}
            )
        try:
            points = parse_decimal(cell.get("points"))
        except ValueError as exc:
            points = None
            row["errors"].append((str(SCORE_COLUMNS.label("points")), str(exc)))
        note = None
        if "note" in positions:
            try:
                note = parse_text(cell.get("note"), max_length=SCORE_NOTE_LENGTH)
            except ValueError as exc:
                row["errors"].append((str(SCORE_COLUMNS.label("note")), _("Giải trình %(p)s.") % {"p": exc}))
        if points is not None and (problem := points_problem(points, criterion)):
            row["errors"].append((str(SCORE_COLUMNS.label("points")), problem))
        score = scores.get(criterion.pk)
        row["before"] = points_text(score.self_points) if score else ""
        if row["errors"]:
            row["status"] = "error"
            continue
        if points is None:
            row["status"] = "empty"
            continue
        file_total += points
        row["points"] = points_text(points)
        row["note"] = note if note is not None else (score.self_note if score else "")
        if score and score.self_points == points and (note is None or note == score.self_note):
            row["status"] = "unchanged"
            continue
        row["status"] = "new" if score is None else "change"
        analysis.changes.append({"criterion": criterion.pk, "points": str(points), "note": note})
    for row, stated in totals:
        try:
            total = parse_decimal(stated)
        except ValueError:
            total = None
        if total is not None and total != file_total:
            row["warnings"].append(
                _("Dòng tổng ghi %(f)s, tổng điểm các tiêu chí trong tệp là %(s)s; hệ thống tự tính tổng.")
                % {"f": points_text(total), "s": points_text(file_total)}
            )
    analysis.missing = [f"{criterion_code(c)}. {c.title}" for c in criteria if c.pk not in seen]
    analysis.digest = _digest(data_digest, lines, analysis.changes, scores)
    return analysis


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_heading(code: str, title: str, lookup: _Table) -> bool:
    """A group heading: a Roman numeral in the code column, a title "I. …", or a group's name."""
    if code and _roman(code.rstrip(".")):
        return True
    if not code and _ROMAN_PREFIX.match(title):
        return True
    return bool(title and lookup.group(title) is not None)


def _match(row: dict, lookup: _Table, code: str, title: str, group):
    """The criterion the row names by code and by name; the row's error when they disagree."""
    by_code = lookup.by_number(code, group) if code else None
    by_title = lookup.by_title(title, group) if title else None
    if by_code and by_title and by_code.pk != by_title.pk:
        row["errors"].append(
            (
                str(SCORE_COLUMNS.label("code")),
                _("Mã “%(code)s” là tiêu chí “%(a)s”, còn tên trong tệp là tiêu chí “%(b)s”.")
                % {"code": code, "a": by_code.title, "b": by_title.title},
            )
        )
        return None
    return by_title or by_code


def _digest(data_digest: str, lines: list[dict], changes: list[dict], scores: dict[int, Score]) -> str:
    before = {
        c["criterion"]: [str(scores[c["criterion"]].self_points), scores[c["criterion"]].self_note]
        for c in changes
        if c["criterion"] in scores
    }
    columns = [(line["position"], line["field"]) for line in lines]
    payload = json.dumps([data_digest, columns, changes, sorted(before.items())], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def load(membership: Membership) -> tuple[list[Criterion], dict[int, Score]]:
    """The year's criteria in table order and the member's scores by criterion: two queries."""
    return _criteria(membership), {s.criterion_id: s for s in Score.objects.filter(membership=membership)}


# ---------------------------------------------------------------------------
# An uploaded file waiting for its confirmation
# ---------------------------------------------------------------------------

TOKEN = re.compile(r"[0-9a-f]{32}")
PENDING_KEPT_FOR = 24 * 3600  # seconds a previewed file waits for its confirmation


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "tmp" / "cluster-score-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pending_store(data: bytes) -> str:
    """Keep a checked upload until it is confirmed (its token); files older than a day are removed."""
    folder = _pending_dir()
    oldest = time.time() - PENDING_KEPT_FOR
    for stale in folder.glob("*.xlsx"):
        if stale.stat().st_mtime < oldest:
            stale.unlink(missing_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def pending_read(token: str) -> bytes | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    path = _pending_dir() / f"{token}.xlsx"
    return path.read_bytes() if path.exists() else None


def pending_drop(token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        (_pending_dir() / f"{token}.xlsx").unlink(missing_ok=True)


def data_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
