"""The facts the five forms are filled from: grouped reads of other apps' tables, a constant number of queries.

Every function returns ``[(attributes, n), …]`` (see ``reports.statistics.layout``)
for the reporting period ``date_from``–``date_to`` (both included) and the
scope ``unit_ids`` (None: the whole province; else a unit's subtree).
Nothing is written.
"""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate

from awards.models import Award
from campaigns.models import Campaign, Participant
from clusters.models import ClusterYear, Membership
from reports.selectors import award_records_decided
from reports.statistics.forms_tt02 import age_band
from reports.statistics.layout import Fact
from thiduakt.models import OrgUnit, Person, User
from thiduakt.text import fold

# ---------------------------------------------------------------------------
# 0601: campaigns launched in the period, and the clusters' yearly emulation
# ---------------------------------------------------------------------------

# Launching level (column of 0601) and scope of organisation (rows 02–05) of each kind of launcher.
LAUNCHER_LEVEL = {
    Campaign.Launcher.PRIME_MINISTER: "central",
    Campaign.Launcher.MINISTRY: "ministry_province",
    Campaign.Launcher.PROVINCIAL_COMMITTEE: "ministry_province",
    Campaign.Launcher.PROVINCIAL_CHAIR: "ministry_province",
    Campaign.Launcher.UNIT: "unit",
}
LAUNCHER_SCOPE = {
    Campaign.Launcher.PRIME_MINISTER: "national",
    Campaign.Launcher.MINISTRY: "sector_local",
    Campaign.Launcher.PROVINCIAL_COMMITTEE: "sector_local",
    Campaign.Launcher.PROVINCIAL_CHAIR: "sector_local",
    Campaign.Launcher.UNIT: "unit",
}
# Thi đua thường xuyên / theo chuyên đề (Luật Thi đua, khen thưởng 2022, Điều 16(1)): a peak period or a sudden
# campaign is a campaign on one subject for a set time, i.e. "theo chuyên đề".
KIND_METHOD = {
    Campaign.Kind.REGULAR: "regular",
    Campaign.Kind.THEMATIC: "thematic",
    Campaign.Kind.PEAK: "thematic",
    Campaign.Kind.SUDDEN: "thematic",
}


def whole_months(start: date, end: date) -> int:
    """The months from ``start`` to the day after ``end``, rounded to the nearest month (15 days and more up)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    days = after.day - start.day
    if days >= 15:
        months += 1
    elif days <= -15:
        months -= 1
    return months


def duration_row(start: date, end: date | None) -> int:
    """The 0601 duration row (0: dưới 1 năm … 4: từ 5 năm trở lên); a campaign with no end date is long-term (4)."""
    if end is None:
        return 4
    months = whole_months(start, end)
    if months < 12:
        return 0
    if months == 12:
        return 1
    if months < 36:
        return 2
    return 3 if months < 60 else 4


def campaign_facts(*, date_from: date, date_to: date, unit_ids: set[int] | None) -> list[Fact]:
    """Campaigns whose launch is dated in the period (one grouped query).

    The launch date is the date of the launching document, else the day the
    campaign was marked launched, else its start date. A draft is not counted.
    A unit's report counts the campaigns it launched, hosted or took part in.
    """
    campaigns = (
        Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        .annotate(launched_on=Coalesce("document_date", TruncDate("launched_at"), "start_date"))
        .filter(launched_on__gte=date_from, launched_on__lte=date_to)
    )
    if unit_ids is not None:
        campaigns = campaigns.filter(
            Q(launcher_unit_id__in=unit_ids)
            | Q(host_unit_id__in=unit_ids)
            | Q(pk__in=Participant.objects.filter(unit_id__in=unit_ids).values("campaign_id"))
        )
    rows = campaigns.values("launcher", "kind", "start_date", "end_date").annotate(n=Count("id")).order_by()
    return [
        (
            {
                "level": LAUNCHER_LEVEL[r["launcher"]],
                "scope": LAUNCHER_SCOPE[r["launcher"]],
                "duration": duration_row(r["start_date"], r["end_date"]),
                "method": KIND_METHOD[r["kind"]],
            },
            r["n"],
        )
        for r in rows
    ]


def cluster_facts(*, date_from: date, date_to: date, unit_ids: set[int] | None) -> list[Fact]:
    """Each cluster's (or block's) emulation of a year, dated by its signed agreement (else 1 January): one query.

    The yearly emulation of a cụm, khối is organised by the provincial council
    (scope row 04, level column 3), runs one year and is regular.
    """
    years = ClusterYear.objects.filter(year__gte=date_from.year - 1, year__lte=date_to.year + 1)
    if unit_ids is not None:
        years = years.filter(pk__in=Membership.objects.filter(unit_id__in=unit_ids).values("cluster_year_id"))
    count = 0
    for year, signed_on in years.values_list("year", "agreement__signed_on"):
        if date_from <= (signed_on or date(year, 1, 1)) <= date_to:
            count += 1
    if not count:
        return []
    return [({"level": "ministry_province", "scope": "cluster", "duration": 1, "method": "regular"}, count)]


# ---------------------------------------------------------------------------
# 0602, 0603: award records decided in the period
# ---------------------------------------------------------------------------


def award_catalogue() -> list[dict]:
    """The central and provincial awards of the catalogue, in catalogue order (one query)."""
    return list(
        Award.objects.filter(level__in=[Award.Level.CENTRAL, Award.Level.PROVINCE])
        .order_by("order", "name", "id")
        .values("id", "name", "level")
    )


def person_row(leader_rank: str | None, business: bool | None, direct_worker: bool | None) -> str:
    """The one individual row (10–14 of 0602, 06–10 of 0603) of a person: leaders first, by rank."""
    if leader_rank in ("province", "department", "division"):
        return f"leader_{leader_rank}"
    if business:
        return "business"
    if direct_worker:
        return "direct_worker"
    return ""


def award_facts(*, date_from: date, date_to: date, unit_ids: set[int] | None) -> list[Fact]:
    """Central and provincial award records in force whose decision date is in the period (one grouped query).

    Every record here was proposed through the province (its dossiers, its
    forwarding letters, or the province's imported history): ``submitter`` is
    always "province".
    """
    rows = (
        award_records_decided(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
        .filter(award__level__in=[Award.Level.CENTRAL, Award.Level.PROVINCE])
        .values(
            "award_id",
            "recipient_kind",
            "unit__kind",
            "person__leader_rank",
            "person__is_business_person",
            "person__is_direct_worker",
            "award_type",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    facts = []
    for r in rows:
        individual = r["recipient_kind"] == "individual"
        person = ""
        if individual:
            person = person_row(
                r["person__leader_rank"], r["person__is_business_person"], r["person__is_direct_worker"]
            )
        facts.append(
            (
                {
                    "award_id": r["award_id"],
                    "kind": r["recipient_kind"],
                    "enterprise": r["recipient_kind"] == "collective" and r["unit__kind"] == OrgUnit.Kind.ENTERPRISE,
                    "person": person,
                    "award_type": r["award_type"],
                    "submitter": "province",
                },
                r["n"],
            )
        )
    return facts


# ---------------------------------------------------------------------------
# 0604, 0605: the organisations (and their officials) where the department's staff work
# ---------------------------------------------------------------------------


def organisation(*, unit_ids: set[int] | None, on: date) -> dict[int, str]:
    """Two queries: the unit tree, and the units of the active Sở Nội vụ staff (``is_department_staff``).

    A thi đua, khen thưởng organisation is the unit a staff member works in and
    every unit above it up to the department (the Sở itself excluded): a
    "Ban …" is row 04 of 0604, any other (phòng, bộ phận) row 05. Only units
    in force on ``on`` (the end of the period) count. Returns ``{unit id: "ban" | "phong"}``.
    """
    tree = {
        pk: (parent, kind, name, valid_from, valid_to)
        for pk, parent, kind, name, valid_from, valid_to in OrgUnit.objects.values_list(
            "pk", "parent_id", "kind", "name", "valid_from", "valid_to"
        )
    }

    def in_force(pk) -> bool:
        _parent, _kind, _name, valid_from, valid_to = tree[pk]
        return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)

    staff_units = set(
        User.objects.filter(is_active=True, is_department_staff=True, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    found: dict[int, str] = {}
    for start in sorted(staff_units):
        current, seen = start, set()
        while current in tree and current not in seen and in_force(current):
            seen.add(current)
            parent, kind, name, _from, _to = tree[current]
            if kind in (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.PROVINCE):
                break
            if unit_ids is None or current in unit_ids:
                found[current] = "ban" if fold(name).startswith("ban ") else "phong"
            current = parent
    return found


def organisation_facts(org: dict[int, str]) -> list[Fact]:
    facts: dict[str, int] = {}
    for level in org.values():
        facts[level] = facts.get(level, 0) + 1
    return [({"level": level}, n) for level, n in sorted(facts.items())]


def official_facts(org: dict[int, str], *, on: date) -> list[Fact]:
    """The people of those organisations, by sex and age in the year of ``on`` (one grouped query).

    Age is ``on.year`` minus the year of birth (only the year is recorded); a
    person without a year of birth counts in the totals, in no age row.
    """
    if not org:
        return []
    rows = (
        Person.objects.filter(unit_id__in=list(org)).values("gender", "birth_year").annotate(n=Count("id")).order_by()
    )
    return [
        (
            {
                "female": r["gender"] == Person.Gender.FEMALE,
                "age_band": age_band(on.year - r["birth_year"] if r["birth_year"] else None),
            },
            r["n"],
        )
        for r in rows
    ]
