"""What every campaigns screen starts from: the visible campaign, the staff check, the tabs' context."""

from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Registration
from campaigns.selectors import campaigns_visible_to
from thiduakt.access import require


def campaign_or_404(request, pk) -> Campaign:
    """The campaign if the user may read it (``campaigns.read_campaign``, mirrored by the selector)."""
    return get_object_or_404(campaigns_visible_to(request.user).select_related("host_unit", "parent"), pk=pk)


def staff_campaign(request, pk) -> Campaign:
    """The campaign if the user may manage it; 404 otherwise."""
    campaign = campaign_or_404(request, pk)
    require(request, "campaigns.manage_campaign", campaign)
    return campaign


def tab_context(request, campaign: Campaign, tab: str) -> dict:
    user = request.user
    return {
        "campaign": campaign,
        "tab": tab,
        "can_manage": user.has_perm("campaigns.manage_campaign", campaign),
        "can_register": user.has_perm("campaigns.register", campaign),
        "can_report": user.has_perm("campaigns.report", campaign),
        "own_registration": (
            # One per unit and campaign: by pk, not the default order (which joins the campaign and the unit).
            Registration.objects.filter(campaign=campaign, unit_id=user.unit_id).order_by("pk").first()
            if user.unit_id
            else None
        ),
    }
