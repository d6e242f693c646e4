"""The column step of every spreadsheet import: which field each column of a file holds.

An import declares its fields once (``Columns``): for each, its Vietnamese label, the header of the template
we hand out and the headers it is known by in real files (the public TĐKT system's templates, common
variants). Reading a file goes: ``thiduakt.spreadsheets.read_table(data, known_headers=columns.known_headers)``
finds the header row(s); ``columns.propose(table.headers, table.unnamed)`` proposes a field for each column;
the user confirms or changes it (``ColumnsForm``) and may save the mapping under a name (``ImportTemplate``)
to be proposed first next time; ``columns.positions(lines)`` gives where each field is read.

Headers are matched by ``header_key`` (no diacritics, no case, no note in parentheses, no punctuation); a
two-row header "Quyết định" over "Số" is also known as "Số quyết định" and "Số". When two columns name one
field, the better name (then the leftmost) is read and the other is shown as not read.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduakt.models import ImportTemplate
from thiduakt.spreadsheets import SpreadsheetError, header_key, header_keys
from thiduakt.text import nfc

ROW_NUMBER_HEADERS = frozenset(header_key(h) for h in ("STT", "TT", "Số TT", "Số thứ tự"))  # never data


def column_letter(position: int) -> str:
    """The letter of the column at ``position`` (0 for A, 26 for AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class MissingColumns(SpreadsheetError):
    """The file names none of the columns a field must be read from: the user says which column holds it.

    ``lines``: the mapping as proposed, for the column step.
    """

    def __init__(self, message: str, lines: list[dict]):
        super().__init__(message)
        self.lines = lines


@dataclass(frozen=True)
class Column:
    """A field an import reads: its key, label, our template's header and the other headers it is known by."""

    key: str
    label: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Columns:
    """The fields of one import (``kind`` names it, e.g. "awards.history"), best-known headers first."""

    kind: str
    columns: tuple[Column, ...]
    ranks: dict[str, tuple[str, int]] = field(init=False)

    def __post_init__(self):
        self.ranks = {}
        for column in self.columns:
            for rank, header in enumerate((column.header, *column.synonyms)):
                self.ranks.setdefault(header_key(header), (column.key, rank))
        self.by_key = {column.key: column for column in self.columns}

    @property
    def known_headers(self) -> frozenset[str]:
        """Every header key the import knows, for finding the header row (``read_table(known_headers=…)``)."""
        return frozenset(self.ranks) | ROW_NUMBER_HEADERS

    @property
    def headers(self) -> list[str]:
        """Our template's headers, in order: the file we hand out is the file we read."""
        return [column.header for column in self.columns]

    def label(self, key: str) -> str:
        return str(self.by_key[key].label) if key in self.by_key else ""

    def choices(self) -> list[tuple[str, str]]:
        return [("", _("— Không đọc cột này —")), *((c.key, str(c.label)) for c in self.columns)]

    def propose(self, headers: list[str], unnamed: Iterable[int] = (), saved: Mapping[str, str] | None = None):
        """The field proposed for each column: one line per column that has a header or data, left to right.

        ``unnamed``: positions of columns holding data under no header (``Table.unnamed``). ``saved``: a
        mapping saved by a user (header key → field key, ``""`` for a column not read), which wins over the
        synonyms for the headers it names.

        Each line: ``position`` (0 for column A), ``column`` (its letter), ``header``, ``key`` (its
        ``header_key``), ``field`` (a column key or ``""``), ``label`` and ``note`` (why it is not read).
        """
        saved = saved or {}
        best: dict[str, tuple[int, int]] = {}  # field -> (rank, position) of the column that reads it
        matches = {}
        for position, header in enumerate(headers):
            key = header_key(header)
            if key in saved:
                if saved[key] in self.by_key:
                    matches[position] = saved[key]
                    best[saved[key]] = min(best.get(saved[key], (-1, position)), (-1, position))
                continue
            ranked = [self.ranks[k] for k in header_keys(header) if k in self.ranks]
            if ranked:
                found, rank = min(ranked, key=lambda pair: pair[1])
                matches[position] = found
                best[found] = min(best.get(found, (rank, position)), (rank, position))
        lines = []
        unnamed = set(unnamed)
        for position in sorted(set(range(len(headers))) | unnamed):
            header = nfc(str(headers[position])) if position < len(headers) else ""
            line = {"position": position, "column": column_letter(position), "header": header}
            line["key"] = header_key(header) if header.strip() else ""
            if not header.strip():
                if position in unnamed:
                    note = _("Không đọc: cột có dữ liệu nhưng không có tên cột.")
                    lines.append(line | {"field": "", "label": "", "note": note})
                continue
            found, note = matches.get(position, ""), ""
            if found and best[found][1] != position:
                note = _("Không đọc: cột %(col)s “%(header)s” đã được dùng cho %(field)s.") % {
                    "col": column_letter(best[found][1]),
                    "header": nfc(str(headers[best[found][1]])),
                    "field": self.label(found),
                }
                found = ""
            elif not found and line["key"] in saved:
                note = _("Không đọc: theo mẫu đã lưu.")
            elif not found and line["key"] in ROW_NUMBER_HEADERS:
                note = _("Không đọc: số thứ tự.")
            elif not found:
                note = _("Không đọc: hệ thống không nhận ra tên cột này.")
            lines.append(line | {"field": found, "label": self.label(found), "note": note})
        return lines

    def choose(self, lines: list[dict], chosen: Mapping[int, str]) -> list[dict]:
        """The lines with the fields a user chose (position → field key, ``""`` for not read).

        Raises ``ValueError`` (Vietnamese) when a field is chosen for two columns or is unknown.
        """
        used: dict[str, str] = {}
        result = []
        for line in lines:
            picked = chosen.get(line["position"], line["field"])
            if picked and picked not in self.by_key:
                raise ValueError(_("Cột %(col)s: trường không hợp lệ.") % {"col": line["column"]})
            if picked and picked in used:
                raise ValueError(
                    _("“%(field)s” được chọn cho cả cột %(a)s và cột %(b)s; mỗi trường chỉ đọc từ một cột.")
                    % {"field": self.label(picked), "a": used[picked], "b": line["column"]}
                )
            if picked:
                used[picked] = line["column"]
            note = "" if picked else (line["note"] if not line["field"] else _("Không đọc: theo lựa chọn của bạn."))
            result.append(line | {"field": picked, "label": self.label(picked), "note": note})
        return result

    def positions(self, lines: list[dict]) -> tuple[dict[str, int], list[str]]:
        """Where each field is read (field key → position), and the Vietnamese errors about missing fields."""
        positions = {line["field"]: line["position"] for line in lines if line["field"]}
        errors = [
            _("Thiếu cột “%(col)s”.") % {"col": c.header} for c in self.columns if c.required and c.key not in positions
        ]
        return positions, errors

    def read(self, headers: list[str], lines: list[dict] | None = None, unnamed: Iterable[int] = (), saved=None):
        """(lines, positions) for a file: the user's ``lines``, else the proposal (with ``saved``, a template's
        mapping); ``MissingColumns`` when a required field has no column."""
        lines = lines if lines is not None else self.propose(headers, unnamed, saved)
        positions, _errors = self.positions(lines)
        missing = [c.header for c in self.columns if c.required and c.key not in positions]
        if missing:
            raise MissingColumns(
                _("Tệp thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}
                + " "
                + _("Hãy chọn cột tương ứng bên dưới, hoặc dùng tệp mẫu của hệ thống."),
                lines,
            )
        return lines, positions

    def cells(self, values: list, positions: dict[str, int]) -> dict[str, object]:
        """A row's values by our header ("Tên phong trào": …), for the fields the file has."""
        return {self.by_key[key].header: values[pos] for key, pos in positions.items() if pos < len(values)}

    def saved_mapping(self, lines: list[dict]) -> dict[str, str]:
        """What ``ImportTemplate.columns`` keeps of a mapping: header key → field key (``""``: not read)."""
        return {line["key"]: line["field"] for line in lines if line["key"]}


class ColumnsForm(forms.Form):
    """The column step: a field for each column of the file, proposed, to confirm or change; optionally saved.

    ``lines``: ``Columns.propose``'s; the cleaned ``lines`` hold the choices (``Columns.choose``).
    """

    template_name = gettext_lazy("Lưu cách đọc cột này thành mẫu tên")
    save_as = forms.CharField(label=template_name, required=False, max_length=100)

    def __init__(self, *args, columns: Columns, lines: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns, self.lines = columns, lines
        for line in lines:
            label = f"{line['column']} · {line['header']}" if line["header"] else line["column"]
            self.fields[f"col-{line['position']}"] = forms.ChoiceField(
                label=label,
                choices=columns.choices(),
                required=False,
                initial=line["field"],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.fields["save_as"].widget.attrs["class"] = "form-control"

    def column_fields(self):
        return [(line, self[f"col-{line['position']}"]) for line in self.lines]

    def clean(self):
        cleaned = super().clean()
        chosen = {line["position"]: cleaned.get(f"col-{line['position']}") or "" for line in self.lines}
        try:
            cleaned["lines"] = self.columns.choose(self.lines, chosen)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        _positions, errors = self.columns.positions(cleaned["lines"])
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def templates_for(kind: str):
    """The saved mappings of an import, by name."""
    return ImportTemplate.objects.filter(kind=kind).order_by("name")


def template_save(*, columns: Columns, name: str, lines: list[dict], by) -> ImportTemplate:
    """Save (or replace) the mapping ``lines`` under ``name`` for ``columns.kind``; recorded with who saved it.

    Two users saving one name at once: the later write wins, nothing is doubled (the row is locked).
    Side effects: one ImportTemplate created or updated, with its history row.
    """
    name = " ".join(nfc(name).split())
    if not name:
        raise ValueError(_("Nhập tên mẫu."))
    with transaction.atomic():
        template = ImportTemplate.objects.select_for_update().filter(kind=columns.kind, name=name).first()
        if template is None:
            try:
                with transaction.atomic():
                    return ImportTemplate.objects.create(
                        kind=columns.kind, name=name, columns=columns.saved_mapping(lines), created_by=by
                    )
            except IntegrityError:  # saved under the same name a moment ago, in another request
                template = ImportTemplate.objects.select_for_update().get(kind=columns.kind, name=name)
        template.columns = columns.saved_mapping(lines)
        template.created_by = by
        template.save()
    return template


def template_field(kind: str) -> forms.ModelChoiceField:
    """The upload form's choice of a saved way of reading the columns (none: the system proposes)."""
    return forms.ModelChoiceField(
        label=_("Đọc các cột theo mẫu đã lưu"),
        queryset=templates_for(kind),
        required=False,
        empty_label=_("— Để hệ thống tự nhận cột —"),
    )
