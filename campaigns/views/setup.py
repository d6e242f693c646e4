"""Setting up a campaign's plan: one small ``add`` per kind of row, driven by ``SETUP_STEPS``.

Each step pairs the form of its panel on the set-up page with the function that hands the
cleaned data to its service and returns the messages to show.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Campaign, Participant
from campaigns.views.common import staff_campaign, tab_context
from thiduakt.access import run_service
from thiduakt.models import User

SAVED = gettext_lazy("Đã lưu.")


def _add_group(*, campaign: Campaign, by: User, data: dict) -> list:
    services.group_add(campaign=campaign, by=by, name=data["name"], description=data["description"])
    return [(messages.SUCCESS, SAVED)]


def _add_phase(*, campaign: Campaign, by: User, data: dict) -> list:
    services.phase_add(
        campaign=campaign, by=by, name=data["name"], start_date=data["start_date"], end_date=data["end_date"]
    )
    return [(messages.SUCCESS, SAVED)]


def _add_criterion(*, campaign: Campaign, by: User, data: dict) -> list:
    services.criterion_add(
        campaign=campaign,
        by=by,
        indicator=data["indicator"],
        unit_of_measure=data["unit_of_measure"],
        target=data["target"],
        weight=data["weight"],
        is_qualitative=data["is_qualitative"],
        group=data["group"],
        aggregation=data["aggregation"],
        target_scope=data["target_scope"],
    )
    notes = [(messages.SUCCESS, SAVED)]
    if data["is_qualitative"]:
        notes.insert(0, (messages.WARNING, _("Tiêu chí định tính khó đo lường; nên thay bằng chỉ tiêu có con số.")))
    return notes


def _add_quota(*, campaign: Campaign, by: User, data: dict) -> list:
    services.quota_add(
        campaign=campaign,
        by=by,
        award_code=data["award"],
        recipient=data["recipient"],
        max_per_unit=data["max_per_unit"],
        max_percent=data["max_percent"],
        note=data["note"],
    )
    return [(messages.SUCCESS, SAVED)]


def _add_participants(*, campaign: Campaign, by: User, data: dict) -> list:
    how = data["how"]
    if how == Participant.Source.INDIVIDUAL:
        units = list(data["units"])
    else:
        units = services.units_for_selection(
            kind=data["kind"] if how == Participant.Source.KIND else "",
            cluster=data["cluster"] if how == Participant.Source.CLUSTER else None,
            year=campaign.start_date.year,
        )
    added = services.participants_add(
        campaign=campaign, by=by, units=units, source=how, role=data["role"], group=data["group"]
    )
    return [(messages.INFO, _("Đã thêm %(n)s đơn vị.") % {"n": added})]


def _add_due(*, campaign: Campaign, by: User, data: dict) -> list:
    services.report_due_add(campaign=campaign, by=by, due_on=data["due_on"], label=data["label"])
    return [(messages.SUCCESS, SAVED)]


@dataclass(frozen=True)
class SetupStep:
    """A panel of the set-up page: its form (prefixed by ``name``) and what adding through it does."""

    name: str
    form: type
    add: Callable[..., list]
    form_needs_campaign: bool = False

    def form_for(self, campaign: Campaign, data=None):
        if self.form_needs_campaign:
            return self.form(data, campaign=campaign, prefix=self.name)
        return self.form(data, prefix=self.name)


SETUP_STEPS = {
    step.name: step
    for step in (
        SetupStep("group", forms.GroupForm, _add_group),
        SetupStep("phase", forms.PhaseForm, _add_phase),
        SetupStep("criterion", forms.CriterionForm, _add_criterion, form_needs_campaign=True),
        SetupStep("quota", forms.QuotaForm, _add_quota),
        SetupStep("participants", forms.ParticipantsForm, _add_participants, form_needs_campaign=True),
        SetupStep("due", forms.DueForm, _add_due, form_needs_campaign=True),
    )
}


def _render_setup(request, campaign, bound=None, status=200):
    setup_forms = {name: step.form_for(campaign) for name, step in SETUP_STEPS.items()}
    if bound is not None:
        setup_forms[bound[0]] = bound[1]
    criteria = list(campaign.criteria.select_related("group"))
    context = {
        **tab_context(request, campaign, "setup"),
        "forms": setup_forms,
        "criteria": criteria,
        "weight_total": sum(c.weight for c in criteria),
        "groups": list(campaign.groups.all()),
        "phases": list(campaign.phases.all()),
        "quotas": list(campaign.quotas.select_related("award")),
        "participants": list(campaign.participants.select_related("unit", "group").order_by("unit__name")),
        "dues": list(campaign.dues.all()),
        "planned_dues": services.schedule_days(campaign),
        # Read-only once reviewed: the set-up forms are not shown where the services would refuse them.
        "plan_open": campaign.status == Campaign.Status.DRAFT,
        "schedule_open": campaign.status not in (Campaign.Status.FINAL_REVIEWED, Campaign.Status.CLOSED),
    }
    return render(request, "campaigns/campaign_setup.html", context, status=status)


@login_required
def campaign_setup(request, pk):
    campaign = staff_campaign(request, pk)
    return _render_setup(request, campaign)


@login_required
@require_POST
def setup_add(request, pk, what):
    campaign = staff_campaign(request, pk)
    step = SETUP_STEPS.get(what)
    if step is None:
        raise Http404
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("Phong trào đã kết thúc: kế hoạch chỉ còn để xem."))
        return redirect("campaigns:setup", pk=campaign.pk)
    form = step.form_for(campaign, request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin chưa hợp lệ, xem lỗi bên dưới."))
        return _render_setup(request, campaign, bound=(what, form))
    ok, notes = run_service(request, step.add, form=form, campaign=campaign, by=request.user, data=form.cleaned_data)
    if not ok:
        messages.error(request, " ".join(form.non_field_errors()))
        return _render_setup(request, campaign, bound=(what, form))
    for level, text in notes:
        messages.add_message(request, level, text)
    return redirect(reverse("campaigns:setup", args=[campaign.pk]) + f"#{what}")
