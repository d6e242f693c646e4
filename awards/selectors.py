"""Reused reads of awards: history, what each user may see, queues, the lookup, and the nominees each
later step (council, decision, central level) may take.

Nothing here reads a ballot box: tallies are read from the agenda items, which
carry them only once the ballot is closed.
"""

import hashlib
from datetime import date

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.decision_numbers import NumberQuery
from awards.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AwardRecord,
    BallotReceipt,
    Decision,
    DecisionRecipient,
    Dossier,
    Meeting,
    Nomination,
    Recusal,
)
from thiduakt import write_cache
from thiduakt.models import OrgUnit, Person, User
from thiduakt.selectors import search_filter
from thiduakt.text import fold

# The nominees a decision may name: passed by the council, or not needing it.
DECIDABLE = (Nomination.Status.COUNCIL_PASSED, Nomination.Status.READY_FOR_DECISION)


# ---------------------------------------------------------------------------
# Award history and the public lookup
# ---------------------------------------------------------------------------


def award_records_of(*, person: Person | None = None, unit: OrgUnit | None = None) -> QuerySet[AwardRecord]:
    """Every award ``person`` (or the collective ``unit``) received, newest year first."""
    if (person is None) == (unit is None):
        raise ValueError("award_records_of needs exactly one of person or unit")
    records = AwardRecord.objects.select_related("award")
    records = records.filter(person=person) if person is not None else records.filter(unit=unit)
    return records.order_by("-year", "award__order", "id")


PUBLISHED_ORDER = ["sort_key", "-year", "id"]  # the lookup's order (given name first), its keyset


def published_records(
    *,
    query: str = "",
    award_code: str = "",
    year: int | None = None,
    unit_query: str = "",
    number: NumberQuery | None = None,
):
    """Published awards for the public lookup, in Vietnamese name order (given name first).

    Public once its decision is signed and its date has come (a decision dated today is public today: the
    day in Asia/Ho_Chi_Minh); a past award imported with no decision date is public when marked so.
    ``number`` finds the recipients of a decision by its number (``awards.decision_numbers.parse_query``):
    the number, and when given its year (of the decision's date) and its ký hiệu.
    """
    records = AwardRecord.objects.filter(
        Q(decision_date__isnull=True) | Q(decision_date__lte=timezone.localdate()), is_public=True
    ).select_related("award")
    if query:
        records = records.filter(search_filter("search_text", query))
    if unit_query:
        records = records.filter(search_filter("search_text", unit_query))
    if award_code:
        records = records.filter(award__code=award_code)
    if year:
        records = records.filter(year=year)
    if number is not None:
        records = records.filter(decision_no=number.number)
        if number.year:
            records = records.filter(
                Q(decision_date__year=number.year) | Q(decision_date__isnull=True, year=number.year)
            )
        if number.code_is_whole:
            records = records.filter(decision_code=number.code)
        elif number.code:
            records = records.filter(decision_code__startswith=number.code)
    return records.order_by(*PUBLISHED_ORDER)


# ---------------------------------------------------------------------------
# Dossiers and nominations
# ---------------------------------------------------------------------------


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Dossiers a user may see (mirrors the permission ``awards.read_dossier``; an administrator sees all)."""
    dossiers = Dossier.objects.select_related("unit", "created_by")
    if getattr(user, "is_department_staff", False) or getattr(user, "is_superuser", False):
        return dossiers
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return dossiers.filter(unit_id=user.unit_id)
    return dossiers.none()


def nominations_visible_to(user) -> QuerySet[Nomination]:
    nominations = Nomination.objects.select_related("dossier__unit", "award", "person", "unit")
    if getattr(user, "is_department_staff", False) or getattr(user, "is_superuser", False):
        return nominations
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return nominations.filter(dossier__unit_id=user.unit_id)
    return nominations.none()


def attachments_visible_to(user) -> QuerySet[Attachment]:
    attachments = Attachment.objects.select_related("dossier")
    if getattr(user, "is_department_staff", False) or getattr(user, "is_superuser", False):
        return attachments
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return attachments.filter(dossier__unit_id=user.unit_id)
    return attachments.none()


def dossier_ids_matching(query: str) -> QuerySet:
    """The ids of the dossiers whose own text, or one of whose nominees' names, has every word of ``query``.

    A ``UNION`` of two searches, each on its own trigram index, rather than ``search OR EXISTS (nominee)``,
    which the database can only answer by testing every dossier in turn.
    """
    own = Dossier.objects.filter(search_filter("search_text", query)).order_by().values("pk")
    nominees = Nomination.objects.filter(search_filter("search_text", query)).order_by().values("dossier_id")
    return own.union(nominees)


def with_nomination_counts(dossiers: QuerySet) -> QuerySet:
    """Annotate each dossier with its number of nominees (all, still proposed).

    Correlated subqueries rather than ``Count`` over a join: the database counts
    only for the rows of the page shown, and the paginator's ``count()`` drops
    them altogether (a join with GROUP BY would aggregate every dossier first).
    Each counts a column of the index on (dossier, status), not the rows' ids: an
    index-only scan, whatever the number of nominees of a dossier.
    """

    def counted(nominations):
        return Coalesce(
            Subquery(
                nominations.filter(dossier=OuterRef("pk"))
                .order_by()
                .values("dossier")
                .annotate(n=Count("dossier"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return dossiers.annotate(
        # Every nominee less the withdrawn ones: "status <> 'withdrawn'" would be a filter over each nominee's
        # row (the planner takes the dossier's index, then reads the rows), while both counts here are read from
        # the indexes alone. A page of dossiers of 1,000 nominees each: 6.2 → 5.4 ms after a VACUUM, 38 → 15 ms
        # with the table's visibility map behind (rows written and rolled back since).
        nominee_count=counted(Nomination.objects.all())
        - counted(Nomination.objects.filter(status=Nomination.Status.WITHDRAWN)),
        proposed_count=counted(Nomination.objects.filter(status=Nomination.Status.PROPOSED)),
    )


def intake_queue() -> QuerySet[Dossier]:
    """Dossiers waiting for staff, overdue first, then by due date (working-day clock)."""
    today = timezone.localdate()
    return (
        with_nomination_counts(
            Dossier.objects.select_related("unit").filter(
                status__in=[Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED]
            )
        )
        .annotate(overdue=Case(When(due_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()))
        # Overdue first is the due date's own order (those past today come first; no due date, last): the
        # page is read from the index dossier_intake_order.
        .order_by("due_on", "received_on", "id")
    )


def disclosed_nominations(today=None) -> QuerySet[Nomination]:
    """Candidates whose public comment window is open today."""
    today = today or timezone.localdate()
    return (
        Nomination.objects.filter(disclosure_opens_on__lte=today, disclosure_closes_on__gte=today)
        .select_related("award", "dossier__unit", "person")
        .order_by("disclosure_closes_on", "sort_key", "id")
    )


# ---------------------------------------------------------------------------
# What the council, a decision and the central level may take
# ---------------------------------------------------------------------------


def nominations_ready_for_council(*, on: date | None = None) -> QuerySet[Nomination]:
    """Nominees the council may take: ready for council and, when the award requires public
    disclosure, whose window has closed before ``on`` (default today)."""
    on = on or timezone.localdate()
    return (
        Nomination.objects.filter(status=Nomination.Status.READY_FOR_COUNCIL)
        .filter(Q(award__requires_disclosure=False) | Q(disclosure_closes_on__lt=on))
        .select_related("award", "dossier__unit", "person", "unit")
        .order_by("award__order", "sort_key", "nominee_name", "id")
    )


def decidable_nominations() -> QuerySet[Nomination]:
    """Nominees a decision may name: passed by the council or not needing it, provincial awards,
    not already in a draft decision."""
    return (
        Nomination.objects.filter(status__in=DECIDABLE, award__central_level=False)
        .exclude(decision_recipients__decision__status=Decision.Status.DRAFT)
        .select_related("award", "dossier__unit", "person__unit", "unit")
        .order_by("award__order", "nominee_kind", "sort_key", "nominee_name", "id")
    )


def forwardable_nominations() -> QuerySet[Nomination]:
    """Nominees for central awards (Prime Minister, President) that the council passed."""
    return (
        Nomination.objects.filter(status=Nomination.Status.COUNCIL_PASSED, award__central_level=True)
        .select_related("award", "dossier__unit", "person", "unit")
        .order_by("award__order", "sort_key", "nominee_name", "id")
    )


# ---------------------------------------------------------------------------
# Council meetings
# ---------------------------------------------------------------------------


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Staff and administrators see every meeting; a council member the published meetings of a council they sit on."""
    meetings = Meeting.objects.select_related("term").annotate(item_count=Count("items", distinct=True))
    if user.is_authenticated and (user.is_department_staff or user.is_superuser):
        return meetings
    if user.is_authenticated and user.is_council_member:
        return meetings.filter(term__members__user=user).exclude(status=Meeting.Status.DRAFT).distinct()
    return meetings.none()


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda, grouped by award (award order), with what each line shows."""
    return (
        meeting.items.select_related(
            "nomination__award", "nomination__dossier__unit", "nomination__person__unit", "nomination__unit"
        )
        .annotate(receipt_count=Count("receipts", distinct=True), recusal_count=Count("recusals", distinct=True))
        .order_by("nomination__award__order", "order", "id")
    )


def meeting_attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member__user").order_by("member__order", "member_id")


def meeting_recusals(meeting: Meeting) -> QuerySet[Recusal]:
    """Who stepped out for which nominee, why and when (the minutes and the results list them)."""
    return (
        Recusal.objects.filter(item__meeting=meeting)
        .select_related("member__user", "item__nomination")
        .order_by("item__nomination__award__order", "item__order", "item_id", "member__order", "member_id")
    )


def packet_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda with the public comments of each nominee (the meeting packet)."""
    return meeting_items(meeting).prefetch_related(
        Prefetch("nomination__public_comments"),
    )


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


# COUNT(decision) with no GROUP BY: the count of one decision's lines from its index alone (an index-only
# scan), where COUNT(id) grouped by decision read every line's row (25,000 lines: 3 ms against 24 ms).
_line_count = (
    DecisionRecipient.objects.filter(decision=OuterRef("pk"))
    .order_by()
    .annotate(n=Func(F("decision"), function="COUNT"))
    .values("n")
)


def decisions_visible_to(user: User, *, counted: bool = True) -> QuerySet[Decision]:
    """The decisions ``user`` may see, newest first; ``counted``: each with its ``recipient_count`` (the list's
    column; a page of one decision reads its counts with its lines, ``decision_line_summary``)."""
    decisions = Decision.objects.select_related("award", "amends").order_by(
        F("decision_date").desc(nulls_first=True), "-number", "-id"
    )
    if counted:
        # A count per decision shown (a subquery), not a join and GROUP BY over every line of every decision.
        decisions = decisions.annotate(recipient_count=Coalesce(Subquery(_line_count), 0))
    if user.is_authenticated and (user.is_department_staff or user.is_superuser):
        return decisions
    return decisions.none()


def decision_recipients(decision: Decision) -> QuerySet[DecisionRecipient]:
    return decision.recipients.select_related("person", "unit", "nomination__dossier__unit", "replaces__decision")


DECISION_PAGE_LINES = 50  # a decision page shows this many lines; the whole list is the PDF annex and the xlsx
LINE_KINDS = ("collective", "individual", "household")  # the annex's groups, in its order


def decision_line_summary(decision: Decision) -> dict[str, int]:
    """The decision's lines of each kind (``collective``, ``individual``, ``household``), in all (``total``),
    and the sums of their rewards (``reward_amount``) and differences (``reward_difference``; 0 when none):
    one aggregate, a single pass over the decision's lines (25,000: a few milliseconds). Written out rather
    than built by the ORM, which spent more time composing its six expressions than the database answering."""
    table = DecisionRecipient._meta.db_table
    kinds = ", ".join(["COUNT(*) FILTER (WHERE recipient_kind = %s)"] * len(LINE_KINDS))
    sql = (
        f"SELECT {kinds}, COUNT(*), COALESCE(SUM(reward_amount), 0), COALESCE(SUM(reward_difference), 0)"  # noqa: S608 -- table name from the model, values are parameters
        f" FROM {table} WHERE decision_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*LINE_KINDS, decision.pk])
        row = cursor.fetchone()
    return dict(zip([*LINE_KINDS, "total", "reward_amount", "reward_difference"], map(int, row), strict=True))


def kept_line_summary(decision: Decision) -> dict[str, int]:
    """``decision_line_summary``, kept until the next write anywhere (``thiduakt.write_cache``): the decision's
    page and its amend form read it at every page turn and search, and its lines change only by a write."""
    return write_cache.until_write(f"decision-lines:{decision.pk}", lambda: decision_line_summary(decision))


class _AnnexOrder:
    """The lines of a decision in the annex's order (the kinds in ``kinds``' order, then the sort key), for a
    ``Paginator``: a page is read kind by kind, each an index range scan of (decision, kind, sort key, id), not
    a sort of every line (25,000 lines: one page in a few milliseconds, whatever its number)."""

    def __init__(self, lines: QuerySet, kinds: list[str], counts: dict[str, int], *, kept: str = ""):
        self.lines, self.kinds, self.counts, self.kept = lines, kinds, counts, kept

    def __getitem__(self, window: slice) -> list:
        """The lines of ``window``; with ``kept`` (a key naming the decision and the search), those read since
        the last write (``thiduakt.write_cache``): turning back to a page, or reloading it, reads nothing."""
        if not self.kept:
            return self._read(window)
        return write_cache.until_write(f"{self.kept}:{window.start}:{window.stop}", lambda: self._read(window))

    def count(self) -> int:
        return sum(self.counts.get(kind, 0) for kind in self.kinds)

    def _read(self, window: slice) -> list:
        ids, start = [], 0
        for kind in self.kinds:
            size = self.counts.get(kind, 0)
            low, high = max(window.start or 0, start), min(window.stop, start + size)
            if low < high:
                # The page's ids from the index alone: joining first would join every line the offset skips.
                ids += (
                    self.lines.filter(recipient_kind=kind)
                    .order_by("sort_key", "pk")
                    .values_list("pk", flat=True)[low - start : high - start]
                )
            start += size
        if not ids:
            return []
        # Then their rows with what they show, in one query for the page (a page across two groups too),
        # unsorted: the model's order would join the decisions to sort by their date.
        found = self.lines.order_by().in_bulk(ids)
        return [found[pk] for pk in ids]


def grouped_recipients_page(
    decision: Decision, page_number, query: str = "", summary: dict[str, int] | None = None
) -> tuple[list[tuple[str, list]], object]:
    """One page of the annex groups (``grouped_recipients``' order and headings, each with its total count), and
    the page: a decision of 25,000 lines is read ``DECISION_PAGE_LINES`` at a time, numbered within its group
    (``line.tt``). With ``query``, only the lines whose name or description has every word of it (folded:
    diacritics-insensitive), still numbered as in the annex. ``summary``: the decision's
    ``decision_line_summary``, if read already (its counts by kind are the groups' sizes)."""
    heads = [("collective", _("TẬP THỂ")), ("individual", _("CÁ NHÂN")), ("household", _("HỘ GIA ĐÌNH"))]
    counts = summary if summary is not None else decision_line_summary(decision)
    # What the pages show of a line (its name, description, money; the line it replaces and that one's
    # decision): each relation joined more costs the planner time on every page.
    lines, found = decision.recipients.select_related("replaces__decision"), counts
    if query:
        lines = lines.filter(search_filter("search_text", query))
        found = dict(lines.values_list("recipient_kind").annotate(n=Count("id")).order_by())
    kept = f"decision-page:{decision.pk}:{hashlib.sha256(fold(query).encode()).hexdigest()[:16]}"
    annex = _AnnexOrder(lines, [kind for kind, _label in heads], found, kept=kept)
    page = Paginator(annex, DECISION_PAGE_LINES).get_page(page_number)
    starts, start, headings, roman = {}, 0, {}, ["I", "II", "III"]
    for kind, label in heads:
        if counts.get(kind):
            starts[kind] = start
            headings[kind] = f"{roman[len(headings)]}. {label} ({counts[kind]:,})".replace(",", ".")
            start += counts[kind]
    numbers = _annex_numbers(decision, [line.pk for line in page.object_list]) if query else {}
    groups: list[tuple[str, list]] = []
    for index, line in enumerate(page.object_list, start=page.start_index() - 1):
        line.tt = numbers[line.pk] if query else index - starts[line.recipient_kind] + 1
        if not groups or groups[-1][0] != headings[line.recipient_kind]:
            groups.append((headings[line.recipient_kind], []))
        groups[-1][1].append(line)
    return groups, page


def _annex_numbers(decision: Decision, ids: list[int]) -> dict[int, int]:
    """The annex number (TT within its group, in the annex's order) of each of the lines ``ids``: one query
    numbering the decision's lines (a window), whatever the page."""
    if not ids:
        return {}
    table = DecisionRecipient._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT id, tt FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY recipient_kind ORDER BY sort_key, id) AS tt"  # noqa: S608 -- table name from the model, values are parameters
        f" FROM {table} WHERE decision_id = %s) numbered WHERE id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [decision.pk, *ids])
        return dict(cursor.fetchall())


def grouped_recipients(decision: Decision) -> list[tuple[str, list[DecisionRecipient]]]:
    """Annex groups in the official order: I. TẬP THỂ, II. CÁ NHÂN, III. HỘ GIA ĐÌNH (empty groups left out),
    each sorted the Vietnamese way (individuals by given name)."""
    heads = [("collective", _("TẬP THỂ")), ("individual", _("CÁ NHÂN")), ("household", _("HỘ GIA ĐÌNH"))]
    roman = ["I", "II", "III"]
    recipients = list(decision_recipients(decision))
    groups = []
    for kind, label in heads:
        lines = sorted((r for r in recipients if r.recipient_kind == kind), key=lambda r: (r.sort_key, r.pk))
        if lines:
            groups.append((f"{roman[len(groups)]}. {label}", lines))
    return groups


# ---------------------------------------------------------------------------
# Council pages a page at a time (issue 18)
# ---------------------------------------------------------------------------

AGENDA_ORDER = ("nomination__award__order", "order", "id")


def meeting_readable_by(user: User) -> QuerySet[Meeting]:
    """``meetings_visible_to`` for a meeting's own pages: without the agenda's count (a join and GROUP BY of its
    items, which only the list shows) and, for a member, the meetings of their councils as a subquery of ids,
    not a join and DISTINCT of every column."""
    meetings = Meeting.objects.select_related("term")
    if user.is_authenticated and (user.is_department_staff or user.is_superuser):
        return meetings
    if user.is_authenticated and user.is_council_member:
        theirs = Meeting.objects.filter(term__members__user=user).values("pk")
        return meetings.filter(pk__in=theirs).exclude(status=Meeting.Status.DRAFT)
    return meetings.none()


def agenda_lines(meeting: Meeting, *, with_counts: bool) -> list[dict]:
    """Every line of the meeting page in the agenda's order, as values: what each shows and nothing more (one
    narrow query, from which the page takes its counts and its page of lines).

    ``with_counts``: per item, how many members handed in a ballot and how many stepped out (what staff follow
    while the ballot is open; never how anyone voted), each a count over that item's rows.
    """
    lines = meeting.items.order_by(*AGENDA_ORDER).values(
        "pk",
        "threshold_percent",
        "passed",
        award_name=F("nomination__award__name"),
        nominee_name=F("nomination__nominee_name"),
        nominee_kind=F("nomination__nominee_kind"),
        unit_name=F("nomination__dossier__unit__name"),
        overridden_verdict=F("nomination__overridden_verdict"),
    )
    if with_counts:

        def counted(model):
            rows = model.objects.filter(item=OuterRef("pk")).order_by().values("item").annotate(n=Count("pk"))
            return Coalesce(Subquery(rows.values("n")), 0)

        lines = lines.annotate(receipt_count=counted(BallotReceipt), recusal_count=counted(Recusal))
    return list(lines)


def lines_counts(lines: list[dict]) -> dict[str, int]:
    """The agenda's size and, once the ballot is closed, how many passed and how many did not, from its lines."""
    return {
        "total": len(lines),
        "passed_count": sum(1 for line in lines if line["passed"] is True),
        "failed_count": sum(1 for line in lines if line["passed"] is False),
    }


def room_outline(meeting: Meeting, member) -> list[tuple[int, bool, str | None]]:
    """Every item of the agenda in its order, as (id, ``member`` voted on it, why they stepped out of it or None):
    one query of the member's own marks (never anyone else's, nor how anyone voted, nor how many did), from
    which the room takes its counts and its page of ids."""
    return list(
        meeting.items.order_by(*AGENDA_ORDER)
        .annotate(
            has_voted=Exists(BallotReceipt.objects.filter(item=OuterRef("pk"), member=member)),
            recusal=Subquery(
                Recusal.objects.filter(item=OuterRef("pk"), member=member).order_by().values("reason")[:1]
            ),
        )
        .values_list("pk", "has_voted", "recusal")
    )


def outline_room_counts(outline: list[tuple[int, bool, str | None]]) -> dict[str, int]:
    """Items of the agenda, those the member voted on, those they stepped out of and those left, from a room
    outline (voting and stepping out exclude each other, the services refuse the second)."""
    voted = sum(1 for _pk, has_voted, _recusal in outline if has_voted)
    recused = sum(1 for _pk, _has_voted, recusal in outline if recusal)
    return {"total": len(outline), "voted": voted, "recused": recused, "left": len(outline) - voted - recused}


def room_cards(meeting: Meeting, marks: list[tuple[int, bool, str | None]]) -> list[AgendaItem]:
    """The room's items of ``marks`` (a page of ``room_outline``), in that order, with what a card shows and what
    the findings read, each carrying its marks (``has_voted``, ``recusal``)."""
    if not marks:
        return []
    found = (
        meeting.items.select_related("nomination__award", "nomination__dossier__unit", "nomination__person")
        .prefetch_related("nomination__public_comments")
        .in_bulk([pk for pk, _has_voted, _recusal in marks])
    )
    items = []
    for pk, has_voted, recusal in marks:
        item = found[pk]
        item.has_voted, item.recusal = has_voted, recusal
        items.append(item)
    return items


def agenda_rows(meeting: Meeting, *fields: str) -> list[dict]:
    """Every item of the agenda in its order, as values: its id, the nominee's name, the award's name and the
    item's own ``fields`` (frozen tallies, the rule applied): the paper-ballot form and the results table,
    which show the whole agenda, without the joins and counts the other pages read."""
    return list(
        meeting.items.order_by(*AGENDA_ORDER).values(
            "pk", *fields, nominee_name=F("nomination__nominee_name"), award_name=F("nomination__award__name")
        )
    )
