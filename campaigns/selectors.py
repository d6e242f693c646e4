"""Reused reads of campaigns: visibility mirroring ``rules``, progress and roll-ups in constant queries."""

from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    ACTIVE_STATUSES,
    REPORTING_ROLES,
    Campaign,
    Commitment,
    Criterion,
    Participant,
    ProgressReport,
    Registration,
    ReportDue,
    ReportValue,
    ReviewProposal,
)
from thiduakt.models import OrgUnit
from thiduakt.selectors import search_filter, unit_descendant_ids


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Mirror of ``campaigns.read_campaign``."""
    campaigns = Campaign.objects.all()
    if not user.is_authenticated:
        return campaigns.none()
    if user.is_department_staff or user.is_superuser:
        return campaigns
    if user.is_council_member:
        return campaigns.exclude(status=Campaign.Status.DRAFT)
    if user.is_unit_officer and user.unit_id:
        takes_part = Participant.objects.filter(campaign=OuterRef("pk"), unit_id=user.unit_id)
        return campaigns.exclude(status=Campaign.Status.DRAFT).filter(Exists(takes_part))
    return campaigns.none()


def campaign_list(
    user, *, q="", launcher="", kind="", status="", year=None, host=None, missing=False
) -> QuerySet[Campaign]:
    """The campaign list with its filters, annotated with counts (one query); with ``missing``, also the
    figures of ``missing_reports`` (subqueries of the same query, not a second one)."""
    campaigns = campaigns_visible_to(user).select_related("host_unit", "parent")
    if q:
        campaigns = campaigns.filter(search_filter("search_text", q))
    if launcher:
        campaigns = campaigns.filter(launcher=launcher)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if status:
        campaigns = campaigns.filter(status=status)
    if year:
        campaigns = campaigns.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )
    if host:
        campaigns = campaigns.filter(host_unit_id=host)
    counts = {
        "participant_count": _count_per_campaign(Participant),
        "registration_count": _count_per_campaign(Registration),
    }
    if missing:
        today = timezone.localdate()
        counts |= {
            "dues_passed": _count_per_campaign(ReportDue, due_on__lt=today),
            "reporting": _count_per_campaign(Participant, role__in=REPORTING_ROLES),
            "reports_sent": _count_per_campaign(
                ProgressReport, status=ProgressReport.Status.SUBMITTED, due__due_on__lt=today
            ),
        }
    return campaigns.annotate(**counts).order_by("-start_date", "name", "id")


def _count_per_campaign(model, **filters):
    """The number of ``model`` rows of each campaign (those matching ``filters``), as a correlated subquery on
    its campaign index.

    Two counts over joins would multiply participants by registrations (quadratic in a campaign's size).
    """
    rows = (
        model.objects.filter(campaign=OuterRef("pk"), **filters).order_by().values("campaign").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


def missing_reports(campaign: Campaign) -> int:
    """Reports past their due date and not sent, for a campaign taking reports (``campaign_list(missing=True)``
    counted the dues passed, the reporting units and the reports sent)."""
    if campaign.status not in ACTIVE_STATUSES:
        return 0
    return campaign.dues_passed * campaign.reporting - campaign.reports_sent


def _unit_scope(user) -> set[int] | None:
    """None for readers of everything; otherwise the officer's unit and the units below it."""
    if user.is_department_staff or user.is_superuser or user.is_council_member:
        return None
    if user.is_unit_officer and user.unit_id:
        return unit_descendant_ids(user.unit_id)
    return set()


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Mirror of ``campaigns.read_registration`` inside visible campaigns."""
    registrations = Registration.objects.filter(campaign__in=campaigns_visible_to(user)).select_related(
        "campaign", "unit"
    )
    scope = _unit_scope(user)
    return registrations if scope is None else registrations.filter(unit_id__in=scope)


def reports_visible_to(user) -> QuerySet[ProgressReport]:
    """Mirror of ``campaigns.read_report`` inside visible campaigns."""
    reports = ProgressReport.objects.filter(campaign__in=campaigns_visible_to(user)).select_related(
        "campaign", "unit", "due"
    )
    scope = _unit_scope(user)
    return reports if scope is None else reports.filter(unit_id__in=scope)


def subtree_ids(root_ids) -> set[int]:
    """The given units and every unit below them, in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.order_by().values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), list(root_ids)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def criteria_for(campaign: Campaign, group_id: int | None) -> list[Criterion]:
    """The criteria that apply to a participant of ``group_id``: the common ones and those of its group."""
    return [c for c in campaign.criteria.all() if c.group_id is None or c.group_id == group_id]


# ---------------------------------------------------------------------------
# Progress: who reported, who is late, indicators against targets
# ---------------------------------------------------------------------------


@dataclass
class Cell:
    state: str  # on_time, late, missing, pending, draft
    report_id: int | None = None
    badge: str = ""  # how the progress tab shows it (set by the view)
    label: str = ""
    href: str = ""


@dataclass
class UnitRow:
    participant: Participant
    cells: list[Cell] = field(default_factory=list)
    late_count: int = 0


@dataclass
class IndicatorBar:
    """One indicator of the campaign against its target, aggregated the way the criterion says.

    ``value`` and ``target`` are in the criterion's unit of measure, except for the share of units
    reaching their target, where both are percents of the units (``reached`` of ``counted``).
    """

    criterion: Criterion
    target: Decimal
    value: Decimal
    reporting_units: int
    reached: int = 0
    counted: int = 0

    @property
    def percent(self) -> int:
        if not self.target:
            return 0
        return int(self.value * 100 / self.target)

    @property
    def is_share(self) -> bool:
        return self.criterion.aggregation == Criterion.Aggregation.SHARE

    @property
    def unit_label(self) -> str:
        return str(_("% số đơn vị")) if self.is_share else self.criterion.unit_of_measure


@dataclass
class Progress:
    dues: list
    rows: list
    late_units: list
    bars: list
    submitted: int


@dataclass
class DueCounts:
    """How the units stand for one due date: sent on time, sent late, overdue and not sent, not yet due."""

    due: ReportDue
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0


@dataclass
class ProgressSummary:
    """The progress tab's figures over all the units in scope, counted by the database."""

    dues: list
    due_counts: list
    units: int
    late_units: int
    submitted: int
    bars: list


def report_state(*, due_on: date, status: str | None, is_late: bool, today: date) -> str:
    if status == ProgressReport.Status.SUBMITTED:
        return "late" if is_late else "on_time"
    if due_on < today:
        return "missing"
    return "draft" if status == ProgressReport.Status.DRAFT else "pending"


def reporting_participants(campaign: Campaign, *, unit_ids: set[int] | None = None) -> QuerySet[Participant]:
    """The units that report (in ``unit_ids`` when given), by name."""
    participants = campaign.participants.filter(role__in=REPORTING_ROLES)
    if unit_ids is not None:
        participants = participants.filter(unit_id__in=unit_ids)
    return participants.order_by("unit__name", "pk")


def late_participants(
    campaign: Campaign, participants: QuerySet[Participant], dues: list, *, today: date | None = None
) -> QuerySet[Participant]:
    """Those of ``participants`` with a report past its due date and not sent.

    The units that sent every past report are found once (a grouped count), not a count per unit.
    """
    today = today or timezone.localdate()
    past = [d.pk for d in dues if d.due_on < today]
    if not past:
        return participants.none()
    complete = (
        ProgressReport.objects.filter(campaign=campaign, status=ProgressReport.Status.SUBMITTED, due_id__in=past)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .filter(n=len(past))
        .values("unit_id")
    )
    return participants.exclude(unit_id__in=complete)


UnitRef = namedtuple("UnitRef", ["unit_id", "group_id"])  # what ``indicator_bar`` reads of a participant


def unit_refs(participants: QuerySet[Participant]) -> list[UnitRef]:
    """The unit and group of each of ``participants``, as tuples (no model instances: 800 of them on a page)."""
    return [UnitRef(*row) for row in participants.order_by().values_list("unit_id", "group_id")]


GridUnit = namedtuple("GridUnit", ["unit_id", "unit"])  # a row of the grid's unit: its id and name


def late_counts(
    campaign: Campaign, late: QuerySet[Participant], dues: list, *, today: date | None = None, limit: int
) -> tuple[list[tuple[str, int]], int]:
    """The first ``limit`` of the ``late`` units (from ``late_participants``) as (unit name, due dates passed
    and not reported), and how many late units there are: one query (the reports sent counted per unit and
    the late units counted by the database, not read)."""
    today = today or timezone.localdate()
    past = [d.pk for d in dues if d.due_on < today]
    sent = (
        ProgressReport.objects.filter(
            campaign=campaign, unit_id=OuterRef("unit_id"), status=ProgressReport.Status.SUBMITTED, due_id__in=past
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        late.annotate(
            sent=Coalesce(Subquery(sent, output_field=IntegerField()), 0), total=Window(Count("pk"))
        ).values_list("unit__name", "sent", "total")[:limit]
    )
    return [(name, len(past) - sent) for name, sent, _total in rows], rows[0][2] if rows else 0


def progress_summary(campaign, participants, dues: list, *, today=None, late_units=None, refs=None) -> ProgressSummary:
    """The figures of the progress tab over ``participants`` (from ``reporting_participants``): three queries
    (fewer given ``late_units`` from ``late_counts`` and their ``unit_refs``) and the bars, whatever the units."""
    today = today or timezone.localdate()
    refs = unit_refs(participants) if refs is None else refs
    units = len(refs)
    if late_units is None:
        late_units = late_participants(campaign, participants, dues, today=today).count()
    sent = (
        ProgressReport.objects.filter(
            campaign=campaign, status=ProgressReport.Status.SUBMITTED, unit_id__in=participants.values("unit_id")
        )
        .order_by()
        .values("due_id")
        .annotate(on_time=Count("pk", filter=Q(is_late=False)), late=Count("pk", filter=Q(is_late=True)))
    )
    by_due = {row["due_id"]: row for row in sent}
    counts = []
    for due in dues:
        row = by_due.get(due.pk, {"on_time": 0, "late": 0})
        not_sent = units - row["on_time"] - row["late"]
        overdue = due.due_on < today
        counts.append(
            DueCounts(
                due=due,
                on_time=row["on_time"],
                late=row["late"],
                missing=not_sent if overdue else 0,
                pending=0 if overdue else not_sent,
            )
        )
    return ProgressSummary(
        dues=dues,
        due_counts=counts,
        units=units,
        late_units=late_units,
        submitted=sum(c.on_time + c.late for c in counts),
        bars=indicator_bars(campaign, refs),
    )


def progress_rows(campaign: Campaign, participants, dues: list, *, today: date | None = None) -> list[UnitRow]:
    """The grid's rows for ``participants`` (a page of them, or all): one cell per due date, one query."""
    today = today or timezone.localdate()
    participants = list(participants)
    reports = {
        (r["due_id"], r["unit_id"]): r
        for r in ProgressReport.objects.filter(campaign=campaign, unit_id__in=[p.unit_id for p in participants])
        .order_by()
        .values("id", "due_id", "unit_id", "status", "is_late")
    }
    rows = []
    for participant in participants:
        row = UnitRow(participant=participant)
        for due in dues:
            report = reports.get((due.pk, participant.unit_id))
            state = report_state(
                due_on=due.due_on,
                status=report["status"] if report else None,
                is_late=bool(report and report["is_late"]),
                today=today,
            )
            row.cells.append(Cell(state=state, report_id=report["id"] if report else None))
            if state == "missing":
                row.late_count += 1
        rows.append(row)
    return rows


def campaign_progress(campaign: Campaign, *, today: date | None = None, unit_ids: set[int] | None = None) -> Progress:
    """Every unit's row of the grid and the figures (the campaign's review document): constant queries.

    The progress tab shows a page of rows (``progress_rows``) under figures the database counts
    (``progress_summary``); this builds every row, for the documents that list them all.
    """
    today = today or timezone.localdate()
    dues = list(campaign.dues.order_by("due_on"))
    participants = reporting_participants(campaign, unit_ids=unit_ids)
    rows = progress_rows(campaign, participants.select_related("unit"), dues, today=today)
    submitted = sum(1 for row in rows for cell in row.cells if cell.state in ("on_time", "late"))
    bars = indicator_bars(campaign, [row.participant for row in rows])
    return Progress(dues=dues, rows=rows, late_units=[r for r in rows if r.late_count], bars=bars, submitted=submitted)


def latest_values(campaign: Campaign) -> dict[tuple[int, int], Decimal]:
    """(unit id, criterion id) → the value of the unit's latest submitted report (values are cumulative).

    PostgreSQL keeps the latest row of each unit and criterion (DISTINCT ON); elsewhere later rows overwrite.
    """
    values = ReportValue.objects.filter(
        report__campaign=campaign, report__status=ProgressReport.Status.SUBMITTED, value__isnull=False
    ).values_list("report__unit_id", "criterion_id", "value")
    if connection.features.can_distinct_on_fields:
        key = ("report__unit_id", "criterion_id")
        values = values.order_by(*key, "-report__due__due_on", "-report_id").distinct(*key)
    else:
        values = values.order_by("report__due__due_on", "report_id")
    return {(unit_id, criterion_id): value for unit_id, criterion_id, value in values}


def earlier_values(campaign: Campaign, unit_id: int, before: date) -> dict[int, tuple[Decimal, str]]:
    """Criterion id → (value, period) of the unit's latest submitted report due before ``before``.

    Values are cumulative: the report form shows them beside each box, as where this period starts from.
    """
    values = (
        ReportValue.objects.filter(
            report__campaign=campaign,
            report__unit_id=unit_id,
            report__status=ProgressReport.Status.SUBMITTED,
            report__due__due_on__lt=before,
            value__isnull=False,
        )
        .order_by("report__due__due_on", "report_id")
        .values_list("criterion_id", "value", "report__due__label")
    )
    return {criterion_id: (value, label) for criterion_id, value, label in values}  # later ones overwrite


def committed_targets(campaign: Campaign) -> dict[tuple[int, int], Decimal]:
    """(unit id, criterion id) → the target the unit committed to when it registered."""
    return {
        (unit_id, criterion_id): target
        for unit_id, criterion_id, target in Commitment.objects.filter(
            registration__campaign=campaign, target__isnull=False
        )
        .order_by()
        .values_list("registration__unit_id", "criterion_id", "target")
    }


def unit_commitments(campaign: Campaign, unit_id: int) -> tuple[str | None, dict[int, Commitment]]:
    """The status of the unit's registration (``None`` when it has none) and its commitment per criterion id."""
    registration = Registration.objects.filter(campaign=campaign, unit_id=unit_id).first()
    if registration is None:
        return None, {}
    return registration.status, {c.criterion_id: c for c in registration.commitments.all()}


def _mean(values) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def _applies(criterion: Criterion, participant: Participant) -> bool:
    return not criterion.group_id or criterion.group_id == participant.group_id


def unit_target(criterion: Criterion, unit_id: int, committed: dict, units_counted: int) -> Decimal | None:
    """The target a unit is measured against for one criterion.

    Its own commitment when it made one; otherwise the plan's target, which for a province-wide
    total is shared equally between the units it applies to [assume] (50.000 for 8 units: 6.250 each).
    """
    own = committed.get((unit_id, criterion.pk))
    if own is not None:
        return own
    if criterion.target is None:
        return None
    province_total = (
        criterion.target_scope == Criterion.Scope.PROVINCE and criterion.aggregation == Criterion.Aggregation.SUM
    )
    if province_total and units_counted:
        return (criterion.target / units_counted).quantize(Decimal("0.01"))
    return criterion.target


def indicator_bar(criterion: Criterion, participants: list[Participant], latest: dict, committed: dict) -> IndicatorBar:
    """One criterion over the units it applies to, aggregated by ``criterion.aggregation``.

    - sum: the units' latest values added up, against the sum of the units' targets (per unit) or the
      plan's target (province-wide);
    - average: the mean of the reporting units' values, against the mean of their targets (per unit) or
      the plan's target (province-wide): a 10 % target stays 10 %, whatever the number of units;
    - min: the weakest reporting unit's value against the plan's target;
    - share: the percent of the units (all units it applies to) whose value reaches their target.
    """
    pk, group_id = criterion.pk, criterion.group_id
    units = [p.unit_id for p in participants if not group_id or p.group_id == group_id]
    reported = {u: latest[(u, pk)] for u in units if (u, pk) in latest}
    plan = unit_target(criterion, None, {}, len(units))  # the target of a unit without a commitment
    targets = {u: plan if (own := committed.get((u, pk))) is None else own for u in units}
    aggregation = criterion.aggregation or Criterion.Aggregation.SUM
    province = criterion.target_scope == Criterion.Scope.PROVINCE
    plan_target = criterion.target or Decimal(0)
    values = list(reported.values())
    reached = sum(1 for u, v in reported.items() if targets[u] is not None and v >= targets[u])
    if aggregation == Criterion.Aggregation.SHARE:
        value = (Decimal(reached) * 100 / len(units)).quantize(Decimal("0.01")) if units else Decimal(0)
        target = Decimal(100)
    elif aggregation == Criterion.Aggregation.AVERAGE:
        value = _mean(values) if values else Decimal(0)
        known = [t for t in targets.values() if t is not None]
        target = plan_target if province or not known else _mean(known)
    elif aggregation == Criterion.Aggregation.MIN:
        value = min(values) if values else Decimal(0)
        target = plan_target
    else:
        value = sum(values, Decimal(0))
        target = plan_target if province else sum((t or Decimal(0) for t in targets.values()), Decimal(0))
    return IndicatorBar(
        criterion=criterion,
        target=target,
        value=value,
        reporting_units=len(reported),
        reached=reached,
        counted=len(units),
    )


def indicator_bars(campaign: Campaign, participants: list[Participant]) -> list[IndicatorBar]:
    """Per measurable criterion, the campaign's figure against its target (see ``indicator_bar``)."""
    criteria = [c for c in campaign.criteria.all() if not c.is_qualitative]
    latest = latest_values(campaign)
    committed = committed_targets(campaign)
    return [indicator_bar(c, participants, latest, committed) for c in criteria]


def unit_results(campaign: Campaign) -> dict[int, Decimal | None]:
    """Each reporting unit's result against its commitments, in percent.

    The weighted mean over measurable criteria of value / target, each capped at 100 %
    (over-achieving one indicator does not make up for missing another). Criteria without
    weights count equally. None when the unit reported nothing measurable. The unit's target
    is its commitment or the plan's (a province-wide total shared equally, see ``unit_target``).
    """
    criteria = [c for c in campaign.criteria.all() if not c.is_qualitative]
    participants = list(campaign.participants.filter(role__in=REPORTING_ROLES))
    latest = latest_values(campaign)
    committed = committed_targets(campaign)
    counted = {c.pk: sum(1 for p in participants if _applies(c, p)) for c in criteria}
    results = {}
    for participant in participants:
        total_weight = Decimal(0)
        score = Decimal(0)
        reported_any = False
        applicable = [c for c in criteria if _applies(c, participant)]
        equal = all(not c.weight for c in applicable)
        for criterion in applicable:
            target = unit_target(criterion, participant.unit_id, committed, counted[criterion.pk])
            if not target:
                continue
            weight = Decimal(1) if equal else criterion.weight
            value = latest.get((participant.unit_id, criterion.pk))
            total_weight += weight
            if value is not None:
                reported_any = True
                score += weight * min(Decimal(1), value / target)
        results[participant.unit_id] = (
            (score * 100 / total_weight).quantize(Decimal("0.01")) if reported_any and total_weight else None
        )
    return results


# ---------------------------------------------------------------------------
# Registrations rolled up the unit hierarchy
# ---------------------------------------------------------------------------


@dataclass
class Rollup:
    unit: object  # the unit rolled up to (an OrgUnit); None for the total of every root
    registered: int = 0
    approved: int = 0
    participants: int = 0
    commitments: dict = field(default_factory=dict)  # criterion id → targets aggregated (sum, mean, min)
    unit_id: int | None = None


def unit_parents() -> dict[int, int | None]:
    """Unit id → its parent's id, for every unit (one query, tuples)."""
    return dict(OrgUnit.objects.order_by().values_list("pk", "parent_id"))


def _roots_finder(root_ids: set[int], parent_of: dict):
    """A function: unit id → the roots among the unit and those above it, remembered (each chain walked once)."""
    memo: dict[int, tuple[int, ...]] = {}

    def roots_above(unit_id) -> tuple[int, ...]:
        if unit_id in memo:
            return memo[unit_id]
        path, current, seen = [], unit_id, set()
        while current is not None and current not in memo and current not in seen:
            seen.add(current)
            path.append(current)
            current = parent_of.get(current)
        found = memo.get(current, ())
        cycle = current is not None and current in seen
        for node in reversed(path):  # from the top down: each node's roots are its own and those above
            if node in root_ids:
                found = (node, *found)
            if not cycle:
                memo[node] = found
        return found

    return roots_above


def registration_rollups(
    campaign: Campaign,
    root_ids: list[int],
    criteria: list | None = None,
    *,
    parent_of: dict | None = None,
    participant_units: list[int] | None = None,
    registrations: list | None = None,
) -> tuple[list[Rollup], Rollup]:
    """For each root unit (by id, in order): its own and its sub-units' registrations and committed targets; and
    the total of all under a root (``Rollup.unit`` left None). Tuples read unless given: units, participants,
    registrations ((pk, unit id, status, …)), then commitments."""
    parent_of = unit_parents() if parent_of is None else parent_of
    if participant_units is None:
        participant_units = list(campaign.participants.order_by().values_list("unit_id", flat=True))
    roots_above = _roots_finder(set(root_ids), parent_of)
    rollups = {pk: Rollup(unit=None, unit_id=pk) for pk in root_ids}
    total = Rollup(unit=None)
    for unit_id in participant_units:
        roots = roots_above(unit_id)
        for root in roots:
            rollups[root].participants += 1
        total.participants += bool(roots)
    approved, registration_roots = Registration.Status.APPROVED, {}
    if registrations is None:
        registrations = campaign.registrations.order_by().values_list("pk", "unit_id", "status")
    for pk, unit_id, status, *_rest in registrations:
        roots = registration_roots[pk] = roots_above(unit_id)
        for root in roots:
            rollups[root].registered += 1
            rollups[root].approved += status == approved
        if roots:
            total.registered += 1
            total.approved += status == approved
    collected: dict[tuple[int | None, int], list[Decimal]] = defaultdict(list)
    for registration_id, criterion_id, target in (
        Commitment.objects.filter(registration__campaign=campaign, target__isnull=False)
        .order_by()
        .values_list("registration_id", "criterion_id", "target")
    ):
        roots = registration_roots.get(registration_id, ())
        for root in roots:
            collected[(root, criterion_id)].append(target)
        if roots:
            collected[(None, criterion_id)].append(target)
    # Committed targets roll up the way the indicator aggregates: rates are averaged, not summed.
    aggregation = {c.pk: c.aggregation for c in (campaign.criteria.all() if criteria is None else criteria)}
    for (root, criterion_id), targets in collected.items():
        how = aggregation.get(criterion_id)
        if how == Criterion.Aggregation.SUM:
            value = sum(targets, Decimal(0))
        elif how == Criterion.Aggregation.MIN:
            value = min(targets)
        else:
            value = _mean(targets)
        (total if root is None else rollups[root]).commitments[criterion_id] = value
    return [rollups[pk] for pk in root_ids], total


def registration_rollup(campaign: Campaign, roots: list, criteria: list | None = None) -> list[Rollup]:
    """``registration_rollups`` of the given OrgUnits, each rollup with its ``unit``."""
    rollups, _total = registration_rollups(campaign, [r.pk for r in roots], criteria)
    for rollup, unit in zip(rollups, roots, strict=True):
        rollup.unit = unit
    return rollups


def top_unit_ids(unit_ids: list[int], parent_of: dict) -> list[int]:
    """Those of ``unit_ids`` (kept in their order) with none of ``unit_ids`` above them."""
    ids = set(unit_ids)
    roots = []
    for unit_id in unit_ids:
        current, seen, covered = parent_of.get(unit_id), set(), False
        while current is not None and current not in seen:
            seen.add(current)
            if current in ids:
                covered = True
                break
            current = parent_of.get(current)
        if not covered:
            roots.append(unit_id)
    return roots


def top_participant_units(campaign: Campaign) -> list:
    """Participating units with no participating unit above them: the roots of the roll-up."""
    by_name = campaign.participants.order_by("unit__name", "unit_id").values_list("unit_id", flat=True)
    root_ids = top_unit_ids(list(by_name), unit_parents())
    units = OrgUnit.objects.in_bulk(root_ids)
    return [units[pk] for pk in root_ids]


# ---------------------------------------------------------------------------
# Unit officers: what is due next
# ---------------------------------------------------------------------------


def my_campaigns(user, *, today: date | None = None) -> list[dict]:
    """The officer's active campaigns with their registration and the next report due (constant queries)."""
    today = today or timezone.localdate()
    if not (user.is_authenticated and user.unit_id):
        return []
    campaigns = list(
        campaigns_visible_to(user)
        .filter(status__in=[Campaign.Status.LAUNCHED, Campaign.Status.IN_PROGRESS, Campaign.Status.INTERIM_REVIEWED])
        .filter(participants__unit_id=user.unit_id)
        .order_by("-start_date", "id")
    )
    ids = [c.pk for c in campaigns]
    registrations = {r.campaign_id: r for r in Registration.objects.filter(campaign_id__in=ids, unit_id=user.unit_id)}
    reports = {
        (r.due_id): r
        for r in ProgressReport.objects.filter(campaign_id__in=ids, unit_id=user.unit_id).only(
            "id", "due_id", "status", "is_late"
        )
    }
    dues = defaultdict(list)
    for due in ReportDue.objects.filter(campaign_id__in=ids).order_by("due_on"):
        dues[due.campaign_id].append(due)
    items = []
    for campaign in campaigns:
        overdue = [
            d
            for d in dues[campaign.pk]
            if d.due_on < today and getattr(reports.get(d.pk), "status", None) != ProgressReport.Status.SUBMITTED
        ]
        upcoming = [
            d
            for d in dues[campaign.pk]
            if d.due_on >= today and getattr(reports.get(d.pk), "status", None) != ProgressReport.Status.SUBMITTED
        ]
        items.append(
            {
                "campaign": campaign,
                "registration": registrations.get(campaign.pk),
                "overdue": overdue,
                "next_due": upcoming[0] if upcoming else None,
                "days_left": (upcoming[0].due_on - today).days if upcoming else None,
            }
        )
    return items


# ---------------------------------------------------------------------------
# Quotas of the plan at the award proposals of a review
# ---------------------------------------------------------------------------


@dataclass
class QuotaUse:
    """How much of one quota the proposals of a review use: "2/1 ✗" (used / allowed)."""

    quota: object
    unit: object | None  # the proposing unit for a quota per unit; None for a share of participants
    used: int
    allowed: int

    @property
    def over(self) -> bool:
        return self.used > self.allowed

    @property
    def label(self) -> str:
        return f"{self.used}/{self.allowed} {'✗' if self.over else '✓'}"


def quota_allowed_share(quota, participant_count: int) -> int:
    """A share of the participants as a number: ⌊percent × participating units / 100⌋ [assume]: the
    participants are the participating units (role "đơn vị tham gia"), for collectives and individuals."""
    return int(quota.max_percent * participant_count // 100)


def quota_uses(review, *, extra: dict | None = None) -> list[QuotaUse]:
    """Every quota of the plan against the review's proposals (a fixed number of queries).

    ``extra``: a proposal about to be added ({"unit": unit, "award_id": id, "kind": kind}), counted in.
    """
    campaign = review.campaign
    quotas = list(campaign.quotas.select_related("award"))
    if not quotas:
        return []
    counts = Counter(ReviewProposal.objects.filter(review=review).values_list("unit_id", "award_id", "kind").iterator())
    units = {p.unit_id: p.unit for p in campaign.participants.select_related("unit")}
    if extra is not None:
        counts[(extra["unit"].pk, extra["award_id"], extra["kind"])] += 1
        units.setdefault(extra["unit"].pk, extra["unit"])
    participant_count = sum(1 for p in campaign.participants.all() if p.role == Participant.Role.PARTICIPANT)
    uses = []
    for quota in quotas:
        matching = {u: n for (u, a, k), n in counts.items() if a == quota.award_id and k == quota.recipient}
        if quota.max_per_unit is not None:
            for unit_id, used in sorted(matching.items(), key=lambda item: str(units.get(item[0], ""))):
                uses.append(QuotaUse(quota=quota, unit=units.get(unit_id), used=used, allowed=quota.max_per_unit))
        if quota.max_percent is not None:
            allowed = quota_allowed_share(quota, participant_count)
            uses.append(QuotaUse(quota=quota, unit=None, used=sum(matching.values()), allowed=allowed))
    return uses
