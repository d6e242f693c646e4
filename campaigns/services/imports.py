"""Imports from spreadsheets: all or nothing; the rows were checked by ``campaigns.resources``."""

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Participant
from campaigns.resources import parse_campaigns, parse_participants, parse_registrations
from campaigns.services.plan import campaign_create, participants_add
from campaigns.services.registrations import registration_save, registration_submit
from thiduakt.models import User
from thiduakt.services import DomainError


def _refuse_if_errors(parsed) -> None:
    if parsed.errors:
        raise DomainError(_("Tệp có %(n)s lỗi, chưa ghi dữ liệu nào.") % {"n": len(parsed.errors)})


@transaction.atomic
def campaigns_import(*, data: bytes, by: User) -> int:
    """Create draft campaigns from an xlsx; nothing is written if any row is wrong.

    Side effects: Campaigns (drafts) and their events. Raises ``SpreadsheetError`` or ``DomainError``.
    """
    parsed = parse_campaigns(data)
    _refuse_if_errors(parsed)
    for values in parsed.rows:
        campaign_create(by=by, **values)
    return len(parsed.rows)


@transaction.atomic
def participants_import(*, campaign: Campaign, data: bytes, by: User) -> int:
    """Add the units of an xlsx to the campaign; all or nothing. Side effects: Participants, an event."""
    parsed = parse_participants(data, campaign)
    _refuse_if_errors(parsed)
    added = 0
    for row in parsed.rows:
        added += participants_add(
            campaign=campaign,
            by=by,
            units=[row["unit"]],
            source=Participant.Source.IMPORT,
            role=row["role"],
            group=row["group"],
        )
    return added


@transaction.atomic
def registrations_import(*, campaign: Campaign, data: bytes, by: User) -> int:
    """Registrations collected on paper, entered by staff: saved and submitted; all or nothing.

    Side effects: Registrations with their commitments (submitted, for staff to approve), events.
    """
    parsed = parse_registrations(data, campaign)
    _refuse_if_errors(parsed)
    for row in parsed.rows:
        registration = registration_save(
            campaign=campaign,
            unit=row["unit"],
            by=by,
            note=_("Nhập từ tệp Excel"),
            commitments=row["commitments"],
        )
        registration_submit(registration=registration, by=by)
    return len(parsed.rows)
