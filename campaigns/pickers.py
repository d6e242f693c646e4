"""The campaigns' narrowings of the unit and person pickers (thiduakt/pickers.py)."""

from campaigns.models import Participant
from campaigns.selectors import subtree_ids
from thiduakt.pickers import narrower


def _participant_ids(campaign_id: int) -> list[int]:
    return list(Participant.objects.filter(campaign_id=campaign_id).values_list("unit_id", flat=True))


@narrower("unit", "participant_of")
def participants(units, campaign_id):
    """The units taking part in the campaign (who present a proposal at its review)."""
    return units.filter(pk__in=_participant_ids(campaign_id))


@narrower("unit", "covered_by")
def covered_units(units, campaign_id):
    """The participants and every unit below them (the collectives a review may propose)."""
    return units.filter(pk__in=subtree_ids(_participant_ids(campaign_id)))


@narrower("person", "covered_by")
def covered_people(people, campaign_id):
    return people.filter(unit_id__in=subtree_ids(_participant_ids(campaign_id)))
