"""Value readers: one reading of each form a real file holds, for every import of the product.

Dates, years, numbers and texts are read by the cell readers of ``thiduakt.spreadsheets`` (re-exported
here, so that an import finds every reader in one place). This module adds what needs words:

- ``split_honorific``: "Bà Huỳnh Thị Hạnh" → ("Huỳnh Thị Hạnh", female);
- ``read_choice``: a choice by its Vietnamese words ("Khen thưởng cá nhân" → the app's value);
- ``UnitIndex``: a unit by code, by name with the usual abbreviations ("UBND xã Phú Hữu", "TP. Vị
  Thanh") and by a former name, resolved on the row's date through the 2025 reorganisation;
- ``Catalogue``: an entry of a catalogue by code, by name or by a known alias.

Each reader is a pure function (the two indexes are built once per file from what the database holds,
then asked without a query), diacritics- and case-insensitive, with a Vietnamese message for the user.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from thiduakt import write_cache
from thiduakt.models import OrgUnit, Person, Succession
from thiduakt.spreadsheets import parse_date, parse_decimal, parse_int, parse_text, parse_year
from thiduakt.text import fold, nfc

__all__ = [
    "ABBREVIATIONS",
    "Catalogue",
    "UnitIndex",
    "UnitNotFound",
    "name_key",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "parse_text",
    "parse_year",
    "read_choice",
    "split_honorific",
]

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

# The abbreviations officers write for the names units carry in full ("UBND xã Phú Hữu"), folded.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tp": "thanh pho",
    "tp.": "thanh pho",
    "tx": "thi xa",
    "tx.": "thi xa",
    "tt": "thi tran",
    "tt.": "thi tran",
    "h.": "huyen",
    "x.": "xa",
    "p.": "phuong",
}
_AFTER_DOT = re.compile(r"\.(?=\S)")  # "tp.vi thanh" → "tp. vi thanh"
_PUNCTUATION = re.compile(r"[^\w\s]")


def name_key(text) -> str:
    """The form two names are compared in: folded, abbreviations written out, punctuation dropped.

    "UBND TP.Vị Thanh" and "Ủy ban nhân dân thành phố Vị Thanh" both give
    "uy ban nhan dan thanh pho vi thanh"; "Sở KH&CN" gives "so kh cn".
    """
    folded = _AFTER_DOT.sub(". ", fold(nfc(str(text or ""))))
    words = " ".join(ABBREVIATIONS.get(word, word) for word in folded.split())
    return " ".join(_PUNCTUATION.sub(" ", words).split())


def _without_prefix(key: str, prefixes: Sequence[str]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1 :]
    return key


def read_choice(value, words: Mapping[str, str], *, prefixes: Sequence[str] = ()) -> str | None:
    """The choice ``value`` names, by the folded words of ``words`` (``""`` for an empty cell); None if unknown.

    ``prefixes`` are leading words a file may put before the choice ("khen thưởng" in "Khen thưởng cá
    nhân"): the choice is looked up with them, then without the first one that leads.
    """
    key = name_key("" if value is None else value)
    if key in words:
        return words[key]
    return words.get(_without_prefix(key, prefixes))


# ---------------------------------------------------------------------------
# Honorifics
# ---------------------------------------------------------------------------

# (the honorific as written, the gender it tells). Decided: Ông, Anh, Thầy → male; Bà, Chị, Cô → female;
# Đồng chí, Đ/c → no gender. "Em", "Bác" are not cut (not the way lists name adults, or no gender).
HONORIFICS = [
    ("đồng chí", None),
    ("đ/c", None),
    ("đ.c", None),
    ("ông", Person.Gender.MALE),
    ("bà", Person.Gender.FEMALE),
    ("anh", Person.Gender.MALE),
    ("chị", Person.Gender.FEMALE),
    ("cô", Person.Gender.FEMALE),
    ("thầy", Person.Gender.MALE),
]


def _has_marks(text: str) -> bool:
    return "đ" in text or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def split_honorific(name) -> tuple[str, str | None]:
    """(the name without a leading honorific, the gender the honorific tells or None).

    "Bà Huỳnh Thị Hạnh" → ("Huỳnh Thị Hạnh", "female"); "Đ/c Trần Văn B" → ("Trần Văn B", None).
    Only a whole leading word (or "Đồng chí") is cut, and only when a name follows it: "Bàng Văn A"
    stays whole. Case is ignored; diacritics too when the word is written without any ("Ba Huynh
    Thi Hanh"), but a word written with other marks is a name, not a honorific ("Cổ Văn A" stays).
    """
    text = nfc(str(name or ""))
    for honorific, gender in HONORIFICS:
        size = len(honorific)
        head, rest = text[:size], text[size:]
        if not rest[:1] or rest[:1] not in " :.,":
            continue
        written = head.lower()
        if written != honorific and (_has_marks(written) or fold(written) != fold(honorific)):
            continue
        remainder = nfc(rest.lstrip(" :.,"))
        if remainder:
            return remainder, gender
    return text, None


GENDER_WORDS = {"nam": Person.Gender.MALE, "nu": Person.Gender.FEMALE}


def read_gender(value) -> str | None:
    """The gender a column of its own tells: a honorific ("Ông", "Bà", "Chị") or "Nam"/"Nữ"; None otherwise."""
    text = nfc(str(value or "")).strip()
    if not text:
        return None
    return GENDER_WORDS.get(fold(text)) or split_honorific(f"{text} x")[1]


# ---------------------------------------------------------------------------
# A catalogue: by code, by name, by alias
# ---------------------------------------------------------------------------


class Catalogue:
    """Entries found by code (case and "Đ" ignored: "LĐTT" is LDTT), else by name or a known alias.

    ``names(entry)`` gives the entry's name and aliases; they are compared by ``name_key`` with a
    leading "danh hiệu" and the word "của" dropped ("Bằng khen UBND tỉnh" is "Bằng khen của Chủ
    tịch…" only if that is an alias). A name two entries share finds neither: ``find`` says so.
    """

    def __init__(self, entries: Iterable, *, code: Callable, names: Callable, label: Callable):
        self._label = label
        self._by_code: dict[str, object] = {}
        self._by_name: dict[str, list] = {}
        for entry in entries:
            self._by_code[fold(code(entry))] = entry
            for name in names(entry):
                key = self.key(name)
                if key and entry not in self._by_name.setdefault(key, []):
                    self._by_name[key].append(entry)

    @staticmethod
    def key(text) -> str:
        words = [w for w in _without_prefix(name_key(text), ("danh hieu",)).split() if w != "cua"]
        return " ".join(words)

    def find(self, text):
        """The entry ``text`` names, or None; ``ValueError`` (listing them) when it names several."""
        text = nfc(str(text or ""))
        if not text:
            return None
        if (entry := self._by_code.get(fold(text))) is not None:
            return entry
        found = self._by_name.get(self.key(text), [])
        if len(found) > 1:
            raise ValueError(
                _("“%(value)s” trùng tên với: %(entries)s; hãy ghi mã.")
                % {"value": text, "entries": "; ".join(self._label(e) for e in found)}
            )
        return found[0] if found else None


# ---------------------------------------------------------------------------
# Units by name, abbreviation and former name, on a date
# ---------------------------------------------------------------------------


class UnitNotFound(ValueError):
    """No unit has this code or name."""


@dataclass(frozen=True)
class _Succession:
    successor_id: int
    effective_on: date


_BODY = "uy ban nhan dan"


def _unit_keys(text: str) -> list[str]:
    key = name_key(text)
    short = _without_prefix(key, (_BODY,))
    return [key] if short == key else [key, short]


def _name_keys(units) -> tuple[dict[str, int], dict[str, list[int]]]:
    """``(pk, code, name, short_name)`` of each unit, in order: the unit of each code and the units of each name
    as a file may write it."""
    by_code: dict[str, int] = {}
    by_key: dict[str, list[int]] = {}
    for pk, code, name, short_name in units:
        by_code[code.upper()] = pk
        for text in (name, short_name):
            for key in _unit_keys(text) if text else ():
                if pk not in by_key.setdefault(key, []):
                    by_key[key].append(pk)
    return by_code, by_key


def _kept_keys():
    by_code, by_key = _name_keys(OrgUnit.objects.order_by("pk").values_list("pk", "code", "name", "short_name"))
    successions = list(Succession.objects.values_list("predecessor_id", "successor_id", "effective_on"))
    return by_code, by_key, successions


def _label(unit: OrgUnit) -> str:
    return f"{unit.name} ({unit.code})"


class UnitIndex:
    """The unit registry as a file is read against it: built once (two queries), then asked without any.

    ``resolve(text, day)`` reads a unit by its code, its name or short name with the usual
    abbreviations, with or without "Ủy ban nhân dân" ("UBND xã Phú Hữu", "X. Phú Hữu"). Names
    repeat across the 2025 reorganisation (the old "xã Phú Hữu" and the new one): the unit in force
    on ``day`` is the one meant; a name only a closed unit bears gives, after its end, the unit
    that carries it on (its seat first, as ``selectors.successors_of``). A name no unit bore on
    ``day`` is still the one unit that bears it (a person's current unit named in a row of earlier
    years); only a name several units bear is refused, listing them.
    """

    def __init__(self, units: Iterable[OrgUnit], successions: Iterable[tuple[int, int, date]] = (), keys=None):
        self.by_pk: dict[int, OrgUnit] = {unit.pk: unit for unit in units}
        if keys is None:
            keys = _name_keys((u.pk, u.code, u.name, u.short_name) for u in self.by_pk.values())
        by_code, by_key = keys
        self._by_code: dict[str, OrgUnit] = {code: self.by_pk[pk] for code, pk in by_code.items() if pk in self.by_pk}
        self._by_key: dict[str, list[OrgUnit]] = {
            key: [self.by_pk[pk] for pk in pks if pk in self.by_pk] for key, pks in by_key.items()
        }
        self._successions: dict[int, list[_Succession]] = {}
        for predecessor_id, successor_id, effective_on in successions:
            self._successions.setdefault(predecessor_id, []).append(_Succession(successor_id, effective_on))

    @classmethod
    def load(cls) -> "UnitIndex":
        """The registry as it stands. What its names are read as (abbreviations, "Ủy ban nhân dân" left out) and
        the successions are kept until a unit or a succession is written (``thiduakt.write_cache``): every
        preview of a list and every import reads the province's 900 units' names the same way."""
        units = OrgUnit.objects.only(
            "pk", "code", "name", "short_name", "valid_from", "valid_to", "merged_into_id"
        ).order_by("pk")
        by_code, by_key, successions = write_cache.until_write("unit-index", _kept_keys)
        return cls(units, successions, keys=(by_code, by_key))

    def successors(self, unit: OrgUnit, day: date) -> list[OrgUnit]:
        """The units in force on ``day`` that carry ``unit`` on: ``selectors.successors_of`` on this index."""
        found, seen, pending = [], set(), [unit]
        while pending:
            current = pending.pop(0)
            if current.pk in seen:
                continue
            seen.add(current.pk)
            if current.is_active_on(day):
                found.append(current)
                continue
            if current.valid_from and day < current.valid_from:
                continue
            following = [
                self.by_pk[s.successor_id]
                for s in self._successions.get(current.pk, [])
                if s.effective_on <= day and s.successor_id in self.by_pk
            ]
            seat = self.by_pk.get(current.merged_into_id)
            if seat is not None and seat not in following:
                following.append(seat)
            following.sort(key=lambda u: (u.pk != current.merged_into_id, fold(u.name)))
            pending[:0] = following
        return found

    def candidates(self, text: str) -> list[OrgUnit]:
        if (unit := self._by_code.get(text.upper())) is not None:
            return [unit]
        for key in _unit_keys(text):
            if found := self._by_key.get(key):
                return found
        return []

    def resolve(self, text, day: date) -> OrgUnit:
        """The unit ``text`` names on ``day``; ``UnitNotFound`` or ``ValueError`` with a Vietnamese message."""
        text = nfc(str(text or ""))
        candidates = self.candidates(text) if text else []
        if not candidates:
            raise UnitNotFound(_("Không tìm thấy đơn vị “%(v)s”.") % {"v": text})
        in_force = [u for u in candidates if u.is_active_on(day)]
        if len(in_force) == 1:
            return in_force[0]
        if not in_force:
            carried = []
            for unit in candidates:
                following = self.successors(unit, day)
                # a unit split over several: its seat carries its name; without a seat, the user chooses
                chosen = following[:1] if unit.merged_into_id or len(following) == 1 else following
                carried.extend(u for u in chosen if u not in carried)
            if len(carried) == 1:
                return carried[0]
            in_force = carried
        if not in_force:
            # Nothing of that name on the day: the unit as named (a person's current unit in a row of
            # years before it was created, a unit closed without successor); several: the user chooses.
            if len(candidates) == 1:
                return candidates[0]
            in_force = candidates
        raise ValueError(
            _("Đơn vị “%(v)s” có thể là: %(units)s; hãy ghi mã đơn vị.")
            % {"v": text, "units": "; ".join(_label(u) for u in in_force)}
        )
