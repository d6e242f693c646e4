"""Reused reads of the foundation, and the unit registry as of a date (the 2025 reorganisation)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduakt.models import Job, OfficeHolder, OrgUnit, User
from thiduakt.text import fold


def counts(**querysets: QuerySet) -> dict[str, int]:
    """Each queryset's number of rows, all in one query: a dashboard's figures in one round trip, not one each.

    ``counts(units=OrgUnit.objects.filter(…), people=Person.objects.all())`` → ``{"units": 12, "people": 340}``.
    """
    parts, params = [], []
    for queryset in querysets.values():
        sql, queryset_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")  # noqa: S608 -- the ORM's SQL, values as parameters
        params.extend(queryset_params)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def unit_descendant_ids(unit: OrgUnit | int) -> set[int]:
    """The id of ``unit`` and of every unit below it, in one query whatever the depth."""
    root = unit if isinstance(unit, int) else unit.pk
    children: dict[int, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [root]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def unit_ancestor_ids(unit: OrgUnit | int) -> list[int]:
    """The ids from ``unit`` up to the root, in one query."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    current = unit if isinstance(unit, int) else unit.pk
    chain = []
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def search_filter(field: str, query: str) -> Q:
    """A diacritics-insensitive filter on a folded ``search_text`` column: every word must appear."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition


def jobs_visible_to(user: User) -> QuerySet[Job]:
    """Mirror of the rule ``thiduakt.read_job``: staff and the administrator see every job, others their own."""
    jobs = Job.objects.select_related("requested_by", "unit")
    if user.is_department_staff or user.is_superuser:
        return jobs
    return jobs.filter(requested_by=user)


# ---------------------------------------------------------------------------
# The unit registry as of a date
# ---------------------------------------------------------------------------


def units_as_of(day: date, until: date | None = None) -> QuerySet[OrgUnit]:
    """The units in force on ``day`` (or, with ``until``, at some time from ``day`` to ``until``)."""
    end = until or day
    return OrgUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def successors_of(unit: OrgUnit, day: date | None = None) -> list[OrgUnit]:
    """The units in force on ``day`` (today by default) that carry on ``unit``.

    The unit itself while it is in force; after it closed, its successors (the
    one it was merged into first, then the others by name), followed through
    later reorganisations; an empty list for a unit closed without successor
    or one that did not exist yet on ``day``.
    """
    day = day or timezone.localdate()
    found: list[OrgUnit] = []
    seen: set[int] = set()
    pending = [unit]
    while pending:
        current = pending.pop(0)
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_active_on(day):
            found.append(current)
            continue
        if current.valid_from and day < current.valid_from:
            continue  # not yet created on that day: it has no successor either
        following = [r.successor for r in current.successions.filter(effective_on__lte=day).select_related("successor")]
        if current.merged_into_id and current.merged_into_id not in {u.pk for u in following}:
            following.append(current.merged_into)
        following.sort(key=lambda u: (u.pk != current.merged_into_id, fold(u.name)))  # the seat, then by name
        pending[:0] = following
    return found


def unit_closure_note(unit: OrgUnit) -> str:
    """ "đã sáp nhập vào …" (or "ngừng hoạt động từ …") for a closed unit; empty for one still in force.

    Uses the unit's ``successions`` when they were prefetched (with their
    successor), otherwise only ``merged_into``; never more than one query.
    """
    if unit.valid_to is None:
        return ""
    cache = getattr(unit, "_prefetched_objects_cache", {})
    names = sorted((s.successor.name for s in cache.get("successions", [])), key=fold)
    if unit.merged_into_id:
        seat = unit.merged_into.name
        names = [seat, *[n for n in names if n != seat]]
    if names:
        return _("đã sáp nhập vào %(units)s") % {"units": ", ".join(names)}
    return _("ngừng hoạt động từ %(day)s") % {"day": (unit.valid_to + timezone.timedelta(days=1)).strftime("%d/%m/%Y")}


def unit_label(unit: OrgUnit) -> str:
    """The unit's name, with "(đã sáp nhập vào …)" when it is closed: for lists that show old units."""
    note = unit_closure_note(unit)
    return f"{unit.name} ({note})" if note else unit.name


# What a provincial text says in the generic form ("Chủ tịch Ủy ban nhân dân tỉnh", "Quỹ … của tỉnh"); a
# centrally-run city writes "thành phố" in the same places. A proper name after it ("Ủy ban nhân dân tỉnh Hậu
# Giang", "Ủy ban nhân dân thành phố Ngã Bảy") is another body and stays as written.
_GENERIC_OWNERS = ("Ủy ban nhân dân", "UBND", "Hội đồng Thi đua - Khen thưởng", "Quỹ Thi đua, khen thưởng của")


def reword_area(text: str, *, to_area_type: str, from_area_type: str = "tỉnh") -> str:
    """``text`` with the generic "Ủy ban nhân dân tỉnh" (and the like) written for ``to_area_type``."""
    if not text or from_area_type == to_area_type:
        return text
    owners = "|".join(re.escape(o) for o in _GENERIC_OWNERS)
    pattern = re.compile(rf"\b({owners}) {re.escape(from_area_type)}\b")

    def replace(match):
        rest = text[match.end() :].lstrip(" ")
        if rest[:1].isupper():
            return match.group(0)
        return f"{match.group(1)} {to_area_type}"

    return pattern.sub(replace, text)


AUTHORITY_PREFIX = "Chủ tịch Ủy ban nhân dân "


def authority_area_type(authority: str) -> str:
    """ "thành phố" from "Chủ tịch Ủy ban nhân dân thành phố"; "" when the text is not of that form."""
    if authority.startswith(AUTHORITY_PREFIX):
        rest = authority.removeprefix(AUTHORITY_PREFIX).strip()
        if rest and not any(word[:1].isupper() for word in rest.split()):
            return rest
    return ""


@dataclass(frozen=True)
class Issuer:
    """The province-level body in force on a date, as its documents write it, with its chair and signer."""

    unit: OrgUnit
    day: date
    area_type: str  # "tỉnh", "thành phố"
    place: str  # "Hậu Giang", "Cần Thơ"
    chair: OfficeHolder | None
    signer: OfficeHolder | None

    parent_line = "ỦY BAN NHÂN DÂN"

    @property
    def area(self) -> str:
        return f"{self.area_type} {self.place}"

    @property
    def name_line(self) -> str:
        """The bold lower line of the header: "TỈNH HẬU GIANG", "THÀNH PHỐ CẦN THƠ"."""
        return self.area.upper()

    @property
    def header(self) -> str:
        return f"{self.parent_line} {self.name_line}"

    @property
    def short_header(self) -> str:
        """The upper line above a body of the province (its council, its departments): "UBND TỈNH HẬU GIANG"."""
        return f"UBND {self.name_line}"

    @property
    def authority(self) -> str:
        """Who decides in the province's name: "Chủ tịch Ủy ban nhân dân tỉnh"."""
        return f"{AUTHORITY_PREFIX}{self.area_type}"

    @property
    def interior_department(self) -> str:
        return f"Sở Nội vụ {self.area}"

    @property
    def council(self) -> str:
        return f"Hội đồng Thi đua - Khen thưởng {self.area}"

    @property
    def signer_authority(self) -> str:
        if self.signer is None or self.signer.role == OfficeHolder.Role.CHAIR:
            return ""
        return "KT. CHỦ TỊCH"

    @property
    def signer_title(self) -> str:
        if self.signer is None:
            return ""
        return "CHỦ TỊCH" if self.signer.role == OfficeHolder.Role.CHAIR else "PHÓ CHỦ TỊCH"

    @property
    def signer_name(self) -> str:
        return self.signer.full_name if self.signer else ""

    def reword(self, text: str, *, from_area_type: str = "tỉnh") -> str:
        return reword_area(text, to_area_type=self.area_type, from_area_type=from_area_type)


def _place_from_name(unit: OrgUnit, area_type: str) -> str:
    marker = f" {area_type} "
    return unit.name.split(marker, 1)[1].strip() if marker in unit.name else unit.name


def issuer_as_of(day: date | None = None) -> Issuer | None:
    """The province-level body in force on ``day`` (today by default), or None when the registry has none.

    "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "Hậu Giang" up to 30/06/2025, "ỦY BAN NHÂN
    DÂN THÀNH PHỐ CẦN THƠ", "Cần Thơ" from 01/07/2025 (NQ 202/2025/QH15), as
    the registry holds them; the chair and the signer are the office holders
    in office on that day.
    """
    day = day or timezone.localdate()
    unit = (
        units_as_of(day)
        .filter(kind=OrgUnit.Kind.PROVINCE)
        # A top-level body first, then the newest (explicit about NULLs: PostgreSQL and SQLite differ).
        .order_by(F("parent_id").asc(nulls_first=True), F("valid_from").desc(nulls_last=True), "pk")
        .first()
    )
    if unit is None:
        return None
    area_type = unit.area_type or "tỉnh"
    holders = [
        h
        for h in OfficeHolder.objects.filter(unit=unit, valid_from__lte=day).order_by("-valid_from", "pk")
        if h.is_active_on(day)
    ]
    return Issuer(
        unit=unit,
        day=day,
        area_type=area_type,
        place=unit.place_name or _place_from_name(unit, area_type),
        chair=next((h for h in holders if h.role == OfficeHolder.Role.CHAIR), None),
        signer=next((h for h in holders if h.signs_documents), None),
    )
