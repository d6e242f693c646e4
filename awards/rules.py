"""Who may do what with dossiers and nominations (django-rules); selectors mirror these for lists."""

import rules

from thiduakt.rules import is_department_staff, is_unit_officer


@rules.predicate
def is_dossier_unit_officer(user, dossier):
    return bool(dossier is not None and user.is_unit_officer and dossier.unit_id == user.unit_id)


@rules.predicate
def is_dossier_editable(user, dossier):
    return bool(dossier is not None and dossier.is_editable)


@rules.predicate
def is_dossier_awaiting_appraisal(user, dossier):
    return bool(dossier is not None and dossier.awaits_appraisal)


can_view_dossier = is_department_staff | (is_unit_officer & is_dossier_unit_officer)
rules.add_rule("awards.use_dossiers", is_department_staff | is_unit_officer)
rules.add_rule("awards.create_dossier", is_unit_officer)
rules.add_rule("awards.view_dossier", can_view_dossier)
rules.add_rule("awards.edit_dossier", is_unit_officer & is_dossier_unit_officer & is_dossier_editable)
rules.add_rule("awards.appraise_dossier", is_department_staff & is_dossier_awaiting_appraisal)
rules.add_rule("awards.manage_appraisal", is_department_staff)
rules.add_rule("awards.import_history", is_department_staff)
from awards import council_rules  # noqa: E402,F401  (issue 5: council and decisions)
