"""Reused reads: what a user may see, the list of a year, the ranking."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from clusters.models import (
    Cluster,
    ClusterYear,
    Criterion,
    Deduction,
    FlagHandover,
    Membership,
    Score,
    TieBreak,
)
from thiduakt.bounds import current_year
from thiduakt.models import OrgUnit, User
from thiduakt.selectors import search_filter
from thiduakt.text import fold

ZERO = Decimal("0")


def points_text(value: Decimal | None) -> str:
    """Points the Vietnamese way, without useless zeros: 10, 9,5."""
    if value is None:
        return "—"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


_DEC = DecimalField(max_digits=12, decimal_places=2)


def clusters_visible_to(user: User) -> QuerySet[Cluster]:
    """Mirror of ``clusters.read_cluster``: staff and administrators see all; an officer, its unit's clusters."""
    clusters = Cluster.objects.all()
    if user.is_authenticated and (user.is_department_staff or user.is_superuser):
        return clusters
    if user.is_authenticated and user.is_unit_officer and user.unit_id:
        return clusters.filter(
            Exists(Membership.objects.filter(cluster_year__cluster=OuterRef("pk"), unit_id=user.unit_id))
        )
    return clusters.none()


def cluster_units(*, cluster: Cluster | int, year: int) -> QuerySet[OrgUnit]:
    """The member units of a cluster in a year (for other apps, e.g. campaign participants by cluster)."""
    cluster_id = cluster if isinstance(cluster, int) else cluster.pk
    return OrgUnit.objects.filter(
        cluster_memberships__cluster_year__cluster_id=cluster_id, cluster_memberships__cluster_year__year=year
    ).order_by("name")


def memberships_ordered(cluster_year: ClusterYear) -> QuerySet[Membership]:
    return cluster_year.memberships.select_related("unit").order_by("rotation_position", "unit__name", "id")


def cluster_years_for_list(*, user: User, year: int, kind: str = "", query: str = "") -> QuerySet[ClusterYear]:
    """The cluster years of ``year`` the user may see, with their scoring progress (``list_members`` gives a
    page's members, head and deputy)."""
    years = (
        ClusterYear.objects.filter(year=year, cluster__in=clusters_visible_to(user))
        .select_related("cluster")
        .annotate(
            member_count=Count("memberships", distinct=True),
            submitted_count=Count("memberships", filter=Q(memberships__submitted_at__isnull=False), distinct=True),
        )
        .order_by("cluster__kind", "cluster__name")
    )
    if kind:
        years = years.filter(cluster__kind=kind)
    if query:
        years = years.filter(search_filter("cluster__search_text", query))
    return years


@dataclass
class ListMembers:
    """What the cluster list shows of one cluster year's members: their names, its head and deputy."""

    names: list[str] = field(default_factory=list)
    head: str = ""
    deputy: str = ""


def list_members(cluster_year_ids: list[int]) -> dict[int, ListMembers]:
    """The members of a page of cluster years, by unit name, in one query of values (not a unit object each:
    a page of 25 clusters of 40 units built a thousand)."""
    members = defaultdict(ListMembers)
    rows = (
        Membership.objects.filter(cluster_year_id__in=cluster_year_ids)
        .order_by("unit__name", "pk")
        .values_list("cluster_year_id", "role", "unit__short_name", "unit__name")
    )
    for cluster_year_id, role, short_name, name in rows:
        entry = members[cluster_year_id]
        entry.names.append(short_name or name)
        if role == Membership.Role.HEAD and not entry.head:
            entry.head = name
        elif role == Membership.Role.DEPUTY and not entry.deputy:
            entry.deputy = name
    return members


def flag_holders(cluster_ids: list[int]) -> dict[int, FlagHandover]:
    """The latest handover of each cluster (who holds the flag now), in one query; cancelled ones do not count."""
    latest = {}
    for handover in (
        FlagHandover.objects.filter(cluster_id__in=cluster_ids, status=FlagHandover.Status.RECORDED)
        .select_related("to_unit", "from_unit")
        .order_by("cluster_id", "-year", "-handed_on", "-id")
    ):
        latest.setdefault(handover.cluster_id, handover)
    return latest


def unit_successor(unit: OrgUnit, units_by_id: dict[int, OrgUnit] | None = None) -> OrgUnit:
    """Follow ``merged_into`` to the unit that carries on a merged one."""
    seen = set()
    current = unit
    while current.merged_into_id and current.pk not in seen:
        seen.add(current.pk)
        current = (units_by_id or {}).get(current.merged_into_id) or OrgUnit.objects.get(pk=current.merged_into_id)
    return current


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------


@dataclass
class RankRow:
    membership: Membership
    self_total: Decimal
    scored_total: Decimal
    deductions_total: Decimal
    group_totals: list[Decimal] = field(default_factory=list)
    position: int = 0
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return self.scored_total - self.deductions_total

    @property
    def unit(self):
        return self.membership.unit


def _tie_key(row: RankRow, rules: list[str]) -> tuple:
    key = []
    for rule in rules:
        if rule == TieBreak.FEWER_DEDUCTIONS:
            key.append(row.deductions_total)
        elif rule == TieBreak.GROUP_TOTALS:
            key.extend(-g for g in row.group_totals)
        elif rule == TieBreak.EARLIER_SUBMISSION:
            submitted = row.membership.submitted_at
            key.append((submitted is None, submitted.timestamp() if submitted else 0))
    return tuple(key)


def ranking_compute(cluster_year: ClusterYear, *, group_ids: list[int] | None = None) -> list[RankRow]:
    """Totals and ranks of the members (three queries whatever the number of members; two given the ids of the
    year's criterion groups in table order).

    Total = points after the head's cross-check (or the self-score where not
    adjusted) minus deductions. Equal totals are ordered by the year's
    tie-break rules, in order; members still equal share a rank (1, 1, 3).
    """
    deductions = (
        Deduction.objects.filter(membership=OuterRef("pk")).values("membership").annotate(s=Sum("points")).values("s")
    )
    memberships = (
        cluster_year.memberships.select_related("unit")
        .annotate(
            self_total=Coalesce(Sum("scores__self_points"), Value(ZERO), output_field=_DEC),
            scored_total=Coalesce(
                Sum(Coalesce("scores__adjusted_points", "scores__self_points")), Value(ZERO), output_field=_DEC
            ),
            deductions_total=Coalesce(Subquery(deductions, output_field=_DEC), Value(ZERO), output_field=_DEC),
        )
        .order_by("unit__name", "id")
    )
    if group_ids is None:
        group_ids = list(cluster_year.criterion_groups.order_by("position", "id").values_list("pk", flat=True))
    per_group: dict[tuple[int, int], Decimal] = {}
    for membership_id, group_id, self_points, adjusted in Score.objects.filter(
        membership__cluster_year=cluster_year
    ).values_list("membership_id", "criterion__group_id", "self_points", "adjusted_points"):
        points = self_points if adjusted is None else adjusted
        per_group[(membership_id, group_id)] = per_group.get((membership_id, group_id), ZERO) + points
    rows = [
        RankRow(
            membership=m,
            self_total=m.self_total,
            scored_total=m.scored_total,
            deductions_total=m.deductions_total,
            group_totals=[per_group.get((m.pk, g), ZERO) for g in group_ids],
        )
        for m in memberships
    ]
    rules = cluster_year.tie_break_rules
    # Fully equal members are listed by name, the same way whatever the database collation.
    rows.sort(key=lambda r: (fold(r.unit.name), r.membership.pk))
    rows.sort(key=lambda r: (-r.total, *_tie_key(r, rules)))
    previous = None
    for position, row in enumerate(rows, start=1):
        row.position = position
        key = (row.total, _tie_key(row, rules))
        row.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, row.rank)
    return rows


def ranking_for(*, cluster_year: ClusterYear, user: User) -> tuple[list | None, bool]:
    """The ranking ``user`` may read, as ``(rows, final)``; ``(None, False)`` when there is none for them.

    The published ranking for everyone who sees the cluster; before it is
    published, the draft only for staff and the head (``clusters.read_drafts``).
    """
    if cluster_year.is_published:
        entries = cluster_year.ranking_entries.select_related("membership__unit").order_by("position")
        return list(entries), True
    if ranking_readable(cluster_year=cluster_year, user=user):
        return ranking_compute(cluster_year), False
    return None, False


def ranking_readable(*, cluster_year: ClusterYear, user: User) -> bool:
    """Whether ``user``, who sees the cluster, may read its ranking of that year (see ``ranking_for``)."""
    return cluster_year.is_published or user.has_perm("clusters.read_drafts", cluster_year)


def score_sheet(membership: Membership) -> list[tuple]:
    """The member's sheet: (group, [(criterion, score or None)]) in table order, in two queries."""
    scores = {s.criterion_id: s for s in Score.objects.filter(membership=membership).select_related("adjusted_by")}
    groups = []
    current = None
    for criterion in Criterion.objects.filter(group__cluster_year_id=membership.cluster_year_id).select_related(
        "group"
    ):
        if current is None or current[0].pk != criterion.group_id:
            current = (criterion.group, [])
            groups.append(current)
        current[1].append((criterion, scores.get(criterion.pk)))
    return groups


def handover_defaults(cluster: Cluster) -> dict:
    """What the handover form starts from: the year due, the unit that hands the flag and that year's head.

    The year due is the first opened year after the last recorded handover (up to this year); with none
    recorded, the year of the last cancelled one (recorded again, right), else the latest opened year.
    The flag comes from the head of the year before, or else from whoever holds it.
    """
    handovers = FlagHandover.objects.filter(cluster=cluster).select_related("to_unit").order_by("-year", "-id")
    holder = handovers.filter(status=FlagHandover.Status.RECORDED).first()
    cancelled = handovers.filter(status=FlagHandover.Status.CANCELLED).first()
    opened = ClusterYear.objects.filter(cluster=cluster, year__lte=current_year())
    if holder:
        due = opened.filter(year__gt=holder.year).order_by("year").first()
        year = due.year if due else holder.year + 1
    elif cancelled:
        year = cancelled.year
    else:
        latest = opened.order_by("-year").first()
        year = latest.year if latest else current_year()
    heads = dict(
        Membership.objects.filter(
            cluster_year__cluster=cluster, cluster_year__year__in=[year - 1, year], role=Membership.Role.HEAD
        ).values_list("cluster_year__year", "unit_id")
    )
    return {
        "year": year,
        "from_unit": heads.get(year - 1) or (holder.to_unit_id if holder else None),
        "to_unit": heads.get(year),
    }


def table_total(cluster_year: ClusterYear, *, without: Criterion | None = None) -> Decimal:
    """The sum of the maximum points of the year's criteria (``without`` one being edited)."""
    criteria = Criterion.objects.filter(group__cluster_year=cluster_year)
    if without is not None and without.pk:
        criteria = criteria.exclude(pk=without.pk)
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=9, decimal_places=2))
    return criteria.aggregate(total=Coalesce(Sum("max_points"), zero))["total"]


def scored_total(membership: Membership) -> Decimal:
    """A member's points after the cross-check (its own where not adjusted), before deductions."""
    return sum((score.points for score in membership.scores.all()), Decimal("0"))


@dataclass(frozen=True)
class QuotaCount:
    """How many units a proposal has for one award against the quota: "2/1 ✗"."""

    label: str
    used: int
    allowed: int

    @property
    def ok(self) -> bool:
        return self.used <= self.allowed

    @property
    def text(self) -> str:
        return f"{self.label}: {self.used}/{self.allowed} {'✓' if self.ok else '✗'}"


def quota_counts(proposal, *, codes: list[str] | None = None) -> list[QuotaCount]:
    """The proposal's units per award against the year's quota (Cờ thi đua, then Bằng khen); ``codes``: the award
    codes of its items, when already read."""
    if codes is None:
        codes = list(proposal.items.values_list("award_code", flat=True))
    cluster_year = proposal.cluster_year
    return [
        QuotaCount(_("Cờ thi đua"), codes.count("CTDT"), cluster_year.flag_count),
        QuotaCount(_("Bằng khen"), codes.count("BKT"), cluster_year.commendation_count),
    ]
