"""Who may see and request reports (django-rules), on the foundation's role predicates."""

import rules

from thiduakt.rules import is_administrator, is_department_staff, is_unit_officer
from thiduakt.selectors import unit_descendant_ids


@rules.predicate
def is_report_about_own_subtree(user, report):
    """A report about the officer's unit or a unit below it (not one about the whole province)."""
    if report is None or report.unit_id is None or not user.unit_id:
        return False
    return report.unit_id in unit_descendant_ids(user.unit_id)


may_use_reports = is_department_staff | is_unit_officer | is_administrator

rules.add_perm("reports.use", may_use_reports)
rules.add_perm("reports.read_report", is_department_staff | is_administrator | is_report_about_own_subtree)
