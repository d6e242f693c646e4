"""Role predicates every app builds its rules on (django-rules)."""

import rules


@rules.predicate
def is_department_staff(user):
    return bool(user and user.is_authenticated and user.is_department_staff)


@rules.predicate
def is_unit_officer(user):
    return bool(user and user.is_authenticated and user.is_unit_officer and user.unit_id)


@rules.predicate
def is_council_member(user):
    return bool(user and user.is_authenticated and user.is_council_member)


@rules.predicate
def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_job_requester(user, job):
    return bool(job and job.requested_by_id == user.pk)


# A job is read and retried by whoever asked for it and by staff (the list mirror: selectors.jobs_visible_to).
rules.add_perm("thiduakt.read_job", is_job_requester | is_department_staff)
rules.add_perm("thiduakt.retry_job", is_job_requester | is_department_staff)
rules.add_perm("thiduakt.export_units", is_department_staff | is_administrator)
# People are added to the registry by staff, and by a unit officer for their own unit and those below it
# (the picker's "Thêm người mới"; the unit itself is checked by the form's choices: pickers.people_ceiling).
rules.add_perm("thiduakt.register_person", is_department_staff | is_unit_officer | is_administrator)
rules.add_perm("thiduakt.search_people", is_department_staff | is_unit_officer | is_administrator)
