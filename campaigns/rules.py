"""Who may see and do what in campaigns (django-rules); ``selectors`` mirrors these for lists.

- Department staff see and manage every campaign.
- Administrators (superusers) hold every permission, as everywhere in Django.
- Council members read every campaign that is no longer a draft.
- Unit officers read the campaigns their unit takes part in (participant, host, cooperating),
  read the registrations and reports of their unit and of the units below it, and write
  only those of their own unit.
"""

import rules

from campaigns.models import (
    ACTIVE_STATUSES,
    REGISTRATION_STATUSES,
    REPORTING_ROLES,
    Campaign,
    ProgressReport,
    Registration,
)
from thiduakt.rules import is_administrator, is_council_member, is_department_staff, is_unit_officer
from thiduakt.selectors import unit_descendant_ids


@rules.predicate
def is_draft(user, campaign):
    return campaign.status == Campaign.Status.DRAFT


@rules.predicate
def unit_takes_part(user, campaign):
    if not (user.is_authenticated and user.unit_id):
        return False
    return campaign.participants.filter(unit_id=user.unit_id).exists()


@rules.predicate
def unit_reports(user, campaign):
    """The officer's unit takes part as a participant or as the host (cooperating agencies do not report)."""
    if not (user.is_authenticated and user.unit_id):
        return False
    return campaign.participants.filter(unit_id=user.unit_id, role__in=REPORTING_ROLES).exists()


@rules.predicate
def accepts_registrations(user, campaign):
    return campaign.status in REGISTRATION_STATUSES


@rules.predicate
def accepts_reports(user, campaign):
    return campaign.status in ACTIVE_STATUSES


@rules.predicate
def is_own_unit_object(user, obj):
    """The registration or report belongs to the officer's own unit."""
    return bool(user.is_authenticated and user.unit_id and obj.unit_id == user.unit_id)


@rules.predicate
def is_unit_or_below(user, obj):
    """The registration or report belongs to the officer's unit or to a unit below it."""
    if not (user.is_authenticated and user.unit_id):
        return False
    return obj.unit_id in unit_descendant_ids(user.unit_id)


@rules.predicate
def registration_editable(user, registration):
    return registration.status in (Registration.Status.DRAFT, Registration.Status.RETURNED) and (
        registration.campaign.status in REGISTRATION_STATUSES
    )


@rules.predicate
def registration_submitted(user, registration):
    return registration.status == Registration.Status.SUBMITTED


@rules.predicate
def report_editable(user, report):
    return report.status == ProgressReport.Status.DRAFT and report.campaign.status in ACTIVE_STATUSES


reader = is_department_staff | is_administrator | (is_council_member & ~is_draft)
can_read_campaign = reader | (is_unit_officer & ~is_draft & unit_takes_part)

rules.add_perm("campaigns.read_campaign", can_read_campaign)
rules.add_perm("campaigns.manage_campaign", is_department_staff)
rules.add_perm("campaigns.import_campaigns", is_department_staff)
rules.add_perm("campaigns.register", is_unit_officer & unit_takes_part & accepts_registrations)
rules.add_perm("campaigns.report", is_unit_officer & unit_reports & accepts_reports)

# Registrations and reports: the object's campaign must be visible too (checked by the selectors).
rules.add_perm(
    "campaigns.read_registration",
    is_department_staff | is_administrator | is_council_member | (is_unit_officer & is_unit_or_below),
)
rules.add_perm("campaigns.edit_registration", is_unit_officer & is_own_unit_object & registration_editable)
rules.add_perm("campaigns.decide_registration", is_department_staff & registration_submitted)
rules.add_perm(
    "campaigns.read_report",
    is_department_staff | is_administrator | is_council_member | (is_unit_officer & is_unit_or_below),
)
rules.add_perm("campaigns.edit_report", is_unit_officer & is_own_unit_object & report_editable)
