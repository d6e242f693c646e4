"""Reused reads: what each user may see, the public gallery, the register filters, the spread."""

from django.db.models import Count, Q, QuerySet

from exemplars.honouree_import import HONOUREE_COLUMNS
from exemplars.models import PUBLISHABLE_STAGES, Exemplar, Field, Honour, HonouringEvent, Stage
from exemplars.rules import officer_scope
from thiduakt.models import OrgUnit, Person, User
from thiduakt.selectors import search_filter, unit_descendant_ids


def exemplars_visible_to(user: User) -> QuerySet[Exemplar]:
    """Mirrors ``exemplars.read_exemplar``: staff and administrators see all, officers their units' own."""
    exemplars = Exemplar.objects.select_related("field", "unit", "campaign")
    if user.is_authenticated and (user.is_department_staff or user.is_superuser):
        return exemplars
    scope = officer_scope(user)
    if scope:
        return exemplars.filter(unit_id__in=scope)
    return exemplars.none()


def exemplars_published() -> QuerySet[Exemplar]:
    """The public gallery: published and reviewed (or replicated) exemplars only."""
    return (
        Exemplar.objects.filter(is_published=True, stage__in=PUBLISHABLE_STAGES)
        .select_related("field", "unit")
        .order_by("-published_at", "-id")
    )


def exemplars_filtered(exemplars: QuerySet[Exemplar], *, filters: dict) -> QuerySet[Exemplar]:
    """Apply the register's filters (already validated values) to ``exemplars``."""
    if filters.get("stage"):
        exemplars = exemplars.filter(stage=filters["stage"])
    if filters.get("field"):
        exemplars = exemplars.filter(field=filters["field"])
    if filters.get("unit"):
        exemplars = exemplars.filter(unit_id__in=unit_descendant_ids(filters["unit"]))
    if filters.get("campaign"):
        exemplars = exemplars.filter(campaign=filters["campaign"])
    if filters.get("year"):
        exemplars = exemplars.filter(discovered_on__year=filters["year"])
    if filters.get("q"):
        exemplars = exemplars.filter(search_filter("search_text", filters["q"]))
    return exemplars


def spread(*, year: int | None = None, include_dropped: bool = False) -> dict:
    """Live exemplars counted by field (every field, zeros included) and by area (rolled up the hierarchy).

    Three queries whatever the number of exemplars: fields with counts, units, counts per unit.
    """
    condition = Q()
    if not include_dropped:
        condition &= ~Q(exemplars__stage=Stage.DROPPED)
    if year:
        condition &= Q(exemplars__discovered_on__year=year)
    by_field = list(
        Field.objects.filter(is_active=True).annotate(total=Count("exemplars", filter=condition)).order_by("order")
    )
    units = list(OrgUnit.objects.values("pk", "parent_id", "name", "short_name", "kind", "valid_to"))
    parents = {u["pk"]: u["parent_id"] for u in units}
    exemplars = Exemplar.objects.all()
    if not include_dropped:
        exemplars = exemplars.exclude(stage=Stage.DROPPED)
    if year:
        exemplars = exemplars.filter(discovered_on__year=year)
    per_unit = dict(exemplars.values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    roots = [u["pk"] for u in units if u["parent_id"] is None]
    areas = [u for u in units if u["parent_id"] in roots and u["valid_to"] is None]
    area_ids = {a["pk"] for a in areas}
    totals = dict.fromkeys(area_ids, 0)
    at_province = 0
    for unit_id, count in per_unit.items():
        current, seen = unit_id, set()
        while current is not None and current not in area_ids and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current in area_ids:
            totals[current] += count
        else:
            at_province += count
    by_area = sorted(
        ({"unit": a, "total": totals[a["pk"]]} for a in areas), key=lambda r: (-r["total"], r["unit"]["name"])
    )
    return {
        "by_field": by_field,
        "by_area": by_area,
        "fields_without": [f for f in by_field if f.total == 0],
        "areas_without": [r["unit"] for r in by_area if r["total"] == 0],
        "at_province": at_province,
        "total": sum(per_unit.values()),
    }


def events_listed() -> QuerySet[HonouringEvent]:
    return (
        HonouringEvent.objects.select_related("organiser")
        .annotate(honoured_count=Count("honours"))
        .order_by("-date", "-id")
    )


def event_honours(event: HonouringEvent) -> QuerySet[Honour]:
    return (
        Honour.objects.filter(event=event)
        .select_related("exemplar__field", "exemplar__unit", "exemplar__person")
        .order_by("exemplar__name", "id")
    )


# The honours list as exported (xlsx) and printed (PDF): one row per honoured exemplar. The columns are the
# honourees import's template (``honouree_import.HONOUREE_COLUMNS``): an exported list uploaded again is read
# as the same honourees (and, already honoured, written nothing); the birth year and honorific tell people apart.
HONOURS_HEADERS = HONOUREE_COLUMNS.headers
HONORIFIC = {Person.Gender.MALE: "Ông", Person.Gender.FEMALE: "Bà"}


def honours_rows(event: HonouringEvent):
    for index, honour in enumerate(event_honours(event), start=1):
        ex = honour.exemplar
        person = ex.person
        yield [
            index,
            ex.name,
            ex.get_kind_display(),
            ex.field.name,
            ex.unit.name,
            ex.headline,
            honour.citation,
            person.birth_year if person and person.birth_year else "",
            HONORIFIC.get(person.gender, "") if person else "",
        ]


def honours_file_name(event: HonouringEvent, extension: str) -> str:
    return f"danh-sach-bieu-duong-{event.date:%Y-%m-%d}.{extension}"
