"""Reused reads of awards: history, visibility of dossiers and nominations, queues, lookup."""

from django.db import models
from django.db.models import QuerySet

from awards.models import AwardRecord
from thiduakt.models import OrgUnit, Person


def award_records_of(*, person: Person | None = None, unit: OrgUnit | None = None) -> QuerySet[AwardRecord]:
    """Every award ``person`` (or the collective ``unit``) received, newest year first."""
    if (person is None) == (unit is None):
        raise ValueError("award_records_of needs exactly one of person or unit")
    records = AwardRecord.objects.select_related("award")
    records = records.filter(person=person) if person is not None else records.filter(unit=unit)
    return records.order_by("-year", "award__order", "id")


def dossiers_visible_to(user) -> QuerySet:
    """Dossiers a user may see (mirrors the rule ``awards.view_dossier``)."""
    from awards.models import Dossier

    dossiers = Dossier.objects.select_related("unit", "created_by")
    if getattr(user, "is_department_staff", False):
        return dossiers
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return dossiers.filter(unit_id=user.unit_id)
    return dossiers.none()


def nominations_visible_to(user) -> QuerySet:
    from awards.models import Nomination

    nominations = Nomination.objects.select_related("dossier__unit", "award", "person", "unit")
    if getattr(user, "is_department_staff", False):
        return nominations
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return nominations.filter(dossier__unit_id=user.unit_id)
    return nominations.none()


def attachments_visible_to(user) -> QuerySet:
    from awards.models import Attachment

    attachments = Attachment.objects.select_related("dossier")
    if getattr(user, "is_department_staff", False):
        return attachments
    if getattr(user, "is_unit_officer", False) and user.unit_id:
        return attachments.filter(dossier__unit_id=user.unit_id)
    return attachments.none()


def with_nomination_counts(dossiers: QuerySet) -> QuerySet:
    """Annotate each dossier with its number of nominees (all, still proposed).

    Correlated subqueries rather than ``Count`` over a join: the database counts
    only for the rows of the page shown, and the paginator's ``count()`` drops
    them altogether (a join with GROUP BY would aggregate every dossier first).
    """
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from awards.models import Nomination

    def counted(nominations):
        return Coalesce(
            Subquery(
                nominations.filter(dossier=OuterRef("pk"))
                .order_by()
                .values("dossier")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return dossiers.annotate(
        nominee_count=counted(Nomination.objects.exclude(status=Nomination.Status.WITHDRAWN)),
        proposed_count=counted(Nomination.objects.filter(status=Nomination.Status.PROPOSED)),
    )


def intake_queue() -> QuerySet:
    """Dossiers waiting for staff, overdue first, then by due date (working-day clock)."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    from awards.models import Dossier

    today = timezone.localdate()
    return (
        with_nomination_counts(
            Dossier.objects.select_related("unit").filter(
                status__in=[Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED]
            )
        )
        .annotate(overdue=Case(When(due_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-overdue", "due_on", "received_on", "id")
    )


def published_records(*, query: str = "", award_code: str = "", year: int | None = None, unit_query: str = ""):
    """Published awards for the public lookup, in Vietnamese name order (given name first)."""
    from thiduakt.selectors import search_filter

    records = AwardRecord.objects.filter(is_public=True).select_related("award")
    if query:
        records = records.filter(search_filter("search_text", query))
    if unit_query:
        records = records.filter(search_filter("search_text", unit_query))
    if award_code:
        records = records.filter(award__code=award_code)
    if year:
        records = records.filter(year=year)
    return records.order_by("sort_key", "-year", "id")


def disclosed_nominations(today=None) -> QuerySet:
    """Candidates whose public comment window is open today."""
    from django.utils import timezone

    from awards.models import Nomination

    today = today or timezone.localdate()
    return (
        Nomination.objects.filter(disclosure_opens_on__lte=today, disclosure_closes_on__gte=today)
        .select_related("award", "dossier__unit", "person")
        .order_by("disclosure_closes_on", "sort_key", "id")
    )


def nominations_ready_for_council() -> QuerySet:
    """Nominees appraised and waiting for the council (issue 5 builds its agenda from these)."""
    from awards.models import Nomination

    return Nomination.objects.filter(status=Nomination.Status.READY_FOR_COUNCIL).select_related(
        "award", "dossier__unit", "person", "unit"
    )


def nominations_ready_for_decision() -> QuerySet:
    from awards.models import Nomination

    return Nomination.objects.filter(status=Nomination.Status.READY_FOR_DECISION).select_related(
        "award", "dossier__unit", "person", "unit"
    )
