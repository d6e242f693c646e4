"""Helpers the campaigns services share: the locked campaign row, officers to notify, the upload gate."""

from django.utils.translation import gettext as _

from campaigns.models import Campaign, Participant
from thiduakt.models import OrgUnit, User
from thiduakt.services import DomainError
from thiduakt.uploads import DOCUMENTS, UploadError, check_upload


def locked_campaign(campaign: Campaign) -> Campaign:
    """The campaign's row, locked until the end of the caller's transaction."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def unit_officers(unit_ids) -> list[User]:
    """The active officers of the given units: the people told about their unit's campaigns."""
    return list(User.objects.filter(is_active=True, is_unit_officer=True, unit_id__in=unit_ids))


def checked_upload(upload):
    """The upload checked by the foundation's gate (documents of a campaign), or a ``DomainError``."""
    try:
        return check_upload(upload, allow=DOCUMENTS)
    except UploadError as exc:
        raise DomainError(str(exc)) from exc


def participant_of(campaign: Campaign, unit: OrgUnit) -> Participant:
    """The unit's participation in the campaign, or a ``DomainError``."""
    participant = campaign.participants.filter(unit=unit).first()
    if participant is None:
        raise DomainError(_("Đơn vị %(unit)s không tham gia phong trào này.") % {"unit": unit})
    return participant
