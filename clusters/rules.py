"""Who may do what with clusters (django-rules).

- Sở Nội vụ staff run everything.
- Officers of a unit that is (or was) a member of a cluster read that
  cluster; others get 404.
- A member's officer enters its own self-scores and commitments.
- The head unit's officer of that year sees draft scores of all members and
  adjusts them (only with a reason), and prepares the award proposal; its own
  sheet is cross-checked by the deputy's officer (cụm phó) or staff.
"""

import rules

from clusters.models import Membership
from thiduakt.rules import is_department_staff, is_unit_officer


@rules.predicate
def is_cluster_member_officer(user, cluster):
    if not (is_unit_officer(user) and cluster):
        return False
    return Membership.objects.filter(cluster_year__cluster=cluster, unit_id=user.unit_id).exists()


@rules.predicate
def is_head_officer(user, cluster_year):
    """The officer of the head unit of that cluster year."""
    if not (is_unit_officer(user) and cluster_year):
        return False
    return cluster_year.memberships.filter(role=Membership.Role.HEAD, unit_id=user.unit_id).exists()


@rules.predicate
def is_own_membership(user, membership):
    return bool(is_unit_officer(user) and membership and membership.unit_id == user.unit_id)


rules.add_perm("clusters.manage_cluster", is_department_staff)
rules.add_perm("clusters.read_cluster", is_department_staff | is_cluster_member_officer)
rules.add_perm("clusters.read_drafts", is_department_staff | is_head_officer)
rules.add_perm("clusters.adjust_score", is_department_staff | is_head_officer)
rules.add_perm("clusters.prepare_proposal", is_department_staff | is_head_officer)
rules.add_perm("clusters.self_score", is_own_membership)
rules.add_perm("clusters.edit_commitment", is_department_staff | is_own_membership)


@rules.predicate
def is_head_officer_of_membership_year(user, membership):
    return bool(membership) and is_head_officer(user, membership.cluster_year)


@rules.predicate
def is_deputy_officer_for_head_sheet(user, membership):
    """The deputy's officer, on the head's sheet: the head never cross-checks its own (issue 14)."""
    if not (is_unit_officer(user) and membership and membership.role == Membership.Role.HEAD):
        return False
    return membership.cluster_year.memberships.filter(role=Membership.Role.DEPUTY, unit_id=user.unit_id).exists()


rules.add_perm(
    "clusters.read_sheet",
    is_department_staff | is_own_membership | is_head_officer_of_membership_year | is_deputy_officer_for_head_sheet,
)
# Cross-checking a sheet (adjusting a score, returning the sheet): staff; the head on the others' sheets;
# the deputy on the head's.
cross_check = is_department_staff | (
    ~is_own_membership & (is_head_officer_of_membership_year | is_deputy_officer_for_head_sheet)
)
rules.add_perm("clusters.cross_check", cross_check)
rules.add_perm("clusters.return_sheet", cross_check)
