"""Who may do what with exemplars (django-rules). ``selectors.exemplars_visible_to`` mirrors the read rule.

Units propose and edit their own exemplars (their unit and the units below it)
until the review; Sở Nội vụ staff move the stages, record replications, run the
honouring events and publish. Administrators hold every permission (``thiduakt.access``).
"""

import rules

from exemplars.models import UNIT_EDITABLE_STAGES, Stage
from thiduakt.rules import is_administrator, is_department_staff, is_unit_officer
from thiduakt.selectors import unit_descendant_ids


def officer_scope(user) -> set[int]:
    """The ids of the officer's unit and every unit below it (cached on the user for the request)."""
    if not (user and user.is_authenticated and user.is_unit_officer and user.unit_id):
        return set()
    scope = getattr(user, "_exemplar_scope", None)
    if scope is None:
        scope = unit_descendant_ids(user.unit_id)
        user._exemplar_scope = scope
    return scope


@rules.predicate
def is_exemplar_owner(user, exemplar):
    return bool(exemplar is not None and exemplar.unit_id in officer_scope(user))


@rules.predicate
def is_before_review(user, exemplar):
    return bool(exemplar is not None and exemplar.stage in UNIT_EDITABLE_STAGES)


@rules.predicate
def is_live(user, exemplar):
    return bool(exemplar is not None and exemplar.stage != Stage.DROPPED)


rules.add_perm("exemplars.read_register", is_department_staff | is_unit_officer | is_administrator)
rules.add_perm("exemplars.create_exemplar", is_department_staff | is_unit_officer)
rules.add_perm("exemplars.read_exemplar", is_department_staff | is_administrator | is_exemplar_owner)
rules.add_perm("exemplars.edit_exemplar", is_live & (is_department_staff | (is_exemplar_owner & is_before_review)))
rules.add_perm("exemplars.move_exemplar", is_live & is_department_staff)
rules.add_perm("exemplars.publish_exemplar", is_department_staff)
rules.add_perm("exemplars.propose_award", is_live & (is_department_staff | is_exemplar_owner))
rules.add_perm("exemplars.read_spread", is_department_staff | is_administrator)
rules.add_perm("exemplars.read_events", is_department_staff | is_administrator)
rules.add_perm("exemplars.manage_events", is_department_staff)
