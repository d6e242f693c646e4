"""Reused reads of the foundation."""

from django.db.models import Q, QuerySet

from thiduakt.models import Job, OrgUnit, User
from thiduakt.text import fold


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
