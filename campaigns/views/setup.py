"""Setting up a campaign in six steps: general → criteria → participants → quotas → schedule → review and launch.

Each step is its own page (``setup_step``) with the steps' indicator; its "Lưu và tiếp tục" saves what
the step holds and opens the next one. The campaign stays a draft until it is launched from the review
step, which lists what each step still lacks (``services.launch_gaps``, the launch's own checks).

The rows a step adds (a group, a phase, a criterion, a quota, participants, a fixed due date) are posted
to ``setup_add``, one small ``add`` per kind of row, driven by ``ADD_FORMS``: each pairs the form of
its panel with the function that hands the cleaned data to its service and returns the messages to show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Campaign, Participant
from campaigns.views.common import staff_campaign, tab_context
from thiduakt.access import run_service
from thiduakt.forms import format_number
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
class AddForm:
    """A panel of a step: its form (prefixed by ``name``), what adding through it does, and its step."""

    name: str
    form: type
    add: Callable[..., list]
    step: str
    form_needs_campaign: bool = False
    initial: Callable[[Campaign], dict] | None = None  # what the panel starts from, known from the plan

    def form_for(self, campaign: Campaign, data=None):
        kwargs = {"prefix": self.name, "initial": self.initial(campaign) if self.initial else None}
        if self.form_needs_campaign:
            kwargs["campaign"] = campaign
        return self.form(data, **kwargs)


def _criterion_initial(campaign: Campaign) -> dict:
    """A new criterion starts with the weight still missing to reach 100 %."""
    total = campaign.criteria.aggregate(total=Sum("weight"))["total"] or 0
    return {"weight": max(Decimal(100) - total, Decimal(0))}


def _phase_initial(campaign: Campaign) -> dict:
    """A new phase starts the day after the last one ends (the campaign's start for the first) and runs to the end."""
    last = campaign.phases.order_by("-end_date").first()
    return {
        "start_date": last.end_date + timedelta(days=1) if last else campaign.start_date,
        "end_date": campaign.end_date,
    }


ADD_FORMS = {
    add.name: add
    for add in (
        AddForm("group", forms.GroupForm, _add_group, "criteria"),
        AddForm(
            "criterion",
            forms.CriterionForm,
            _add_criterion,
            "criteria",
            form_needs_campaign=True,
            initial=_criterion_initial,
        ),
        AddForm("participants", forms.ParticipantsForm, _add_participants, "participants", form_needs_campaign=True),
        AddForm("quota", forms.QuotaForm, _add_quota, "quotas"),
        AddForm("phase", forms.PhaseForm, _add_phase, "schedule", initial=_phase_initial),
        AddForm("due", forms.DueForm, _add_due, "schedule", form_needs_campaign=True),
    )
}


@dataclass(frozen=True)
class Step:
    key: str
    slug: str  # in the URL
    label: str


STEPS = (
    Step("general", "chung", gettext_lazy("Thông tin chung")),
    Step("criteria", "tieu-chi", gettext_lazy("Tiêu chí")),
    Step("participants", "don-vi", gettext_lazy("Đơn vị tham gia")),
    Step("quotas", "khen-thuong", gettext_lazy("Khen thưởng")),
    Step("schedule", "lich", gettext_lazy("Lịch báo cáo")),
    Step("review", "ra-soat", gettext_lazy("Rà soát và phát động")),
)
BY_SLUG = {s.slug: s for s in STEPS}
BY_KEY = {s.key: s for s in STEPS}


def step_url(campaign: Campaign, key: str) -> str:
    return reverse("campaigns:setup_step", args=[campaign.pk, BY_KEY[key].slug])


def _next_key(key: str) -> str:
    keys = [s.key for s in STEPS]
    return keys[min(keys.index(key) + 1, len(keys) - 1)]


@dataclass
class Plan:
    """What the steps show: the campaign's rows (each read once) and, per step, what it lacks."""

    campaign: Campaign

    def __post_init__(self):
        campaign = self.campaign
        self.criteria = list(campaign.criteria.select_related("group"))
        self.groups = list(campaign.groups.all())
        self.phases = list(campaign.phases.all())
        self.quotas = list(campaign.quotas.select_related("award"))
        self.participants = list(campaign.participants.select_related("unit", "group").order_by("unit__name"))
        self.dues = list(campaign.dues.all())
        self.planned_dues = services.schedule_days(campaign)
        # The launch adds the planned dates that are not fixed already.
        self.report_count = len({d.due_on for d in self.dues} | {d for d, _label in self.planned_dues})
        self.weight_total = sum(c.weight for c in self.criteria)
        launched = campaign.status != Campaign.Status.DRAFT
        # Missing: what the launch refuses without; advice: what a plan usually has, not required.
        self.missing = {s.key: [] for s in STEPS}
        if not launched:
            for key, text in services.launch_gaps(campaign):
                self.missing[key].append(text)
        self.advice = {s.key: [] for s in STEPS}
        measured = [c for c in self.criteria if not c.is_qualitative]
        if measured and self.weight_total != 100:
            self.advice["criteria"].append(
                _("Tổng trọng số các tiêu chí là %(w)s%%, thường là 100%%.") % {"w": format_number(self.weight_total)}
            )
        if not self.quotas:
            self.advice["quotas"].append(_("Chưa quy định hình thức khen thưởng và số lượng."))
        frequency = campaign.report_frequency
        if frequency != Campaign.ReportFrequency.NONE and not self.dues and not self.planned_dues:
            self.advice["schedule"].append(_("Chưa có kỳ báo cáo nào: thêm ngày báo cáo ấn định hoặc đổi kỳ báo cáo."))
        self.done = {
            "general": not self.missing["general"],
            "criteria": bool(measured),
            "participants": not self.missing["participants"] and bool(self.participants),
            "quotas": bool(self.quotas),
            "schedule": not self.advice["schedule"],
            "review": launched,
        }

    @property
    def can_launch(self) -> bool:
        return self.campaign.status == Campaign.Status.DRAFT and not any(self.missing.values())

    def rows(self) -> list[dict]:
        """Each step with its state, for the indicator and the review step."""
        return [
            {
                "step": s,
                "url": step_url(self.campaign, s.key),
                "done": self.done[s.key],
                "missing": self.missing[s.key],
                "advice": self.advice[s.key],
            }
            for s in STEPS
        ]


def _render_step(request, campaign, key, *, form=None, bound=None, status=200):
    """A step's page; ``form`` is the step's own form (general, schedule), ``bound`` a posted ``(name, add form)``."""
    plan = Plan(campaign)
    add_forms = {name: add.form_for(campaign) for name, add in ADD_FORMS.items() if add.step == key}
    if bound is not None:
        add_forms[bound[0]] = bound[1]
    context = {
        **tab_context(request, campaign, "setup"),
        "step": BY_KEY[key],
        "steps": plan.rows(),
        "next_step": BY_KEY[_next_key(key)] if key != "review" else None,
        "next_url": step_url(campaign, _next_key(key)),
        "plan": plan,
        "form": form,
        "forms": add_forms,
        # Read-only once reviewed: the set-up forms are not shown where the services would refuse them.
        "plan_open": campaign.status == Campaign.Status.DRAFT,
        "schedule_open": campaign.status not in (Campaign.Status.FINAL_REVIEWED, Campaign.Status.CLOSED),
    }
    return render(request, f"campaigns/campaign_setup_{key}.html", context, status=status)


def creation_steps() -> list[dict]:
    """The indicator before the campaign exists: step 1 current, the others not reachable yet."""
    return [{"step": s, "url": "", "done": False, "missing": [], "advice": []} for s in STEPS]


@login_required
def campaign_setup(request, pk):
    """The old single set-up page: now the first step that still lacks something (the review when none does)."""
    campaign = staff_campaign(request, pk)
    if campaign.status != Campaign.Status.DRAFT:
        return redirect(step_url(campaign, "review"))
    plan = Plan(campaign)
    # The general step was just saved (or is its own tab, "Sửa kế hoạch"): start at the criteria.
    for s in STEPS[1:-1]:
        if plan.missing[s.key] or not plan.done[s.key]:
            return redirect(step_url(campaign, s.key))
    return redirect(step_url(campaign, "review"))


def _save_plan(request, campaign, form, **extra):
    """Save a step of the plan through ``campaign_update``: ``None`` when saved, else the form to show again."""
    if form.is_valid():
        ok, _saved = run_service(
            request,
            services.campaign_update,
            success=SAVED,
            form=form,
            campaign=Campaign.objects.get(pk=campaign.pk),
            by=request.user,
            **extra,
            **form.service_values(),
        )
        if ok:
            return None
    return form


def _save_general(request, campaign):
    form = forms.CampaignGeneralForm(request.POST, request.FILES or None, instance=campaign)
    if not form.is_valid():
        return form
    return _save_plan(
        request,
        campaign,
        form,
        cooperating_units=form.cleaned_data["cooperating_units"],
        document_file=form.cleaned_data.get("document_upload"),
    )


def _save_schedule(request, campaign):
    return _save_plan(
        request, campaign, forms.CampaignScheduleForm(request.POST, instance=Campaign.objects.get(pk=campaign.pk))
    )


def _launch(request, campaign):
    ok, _launched = run_service(
        request,
        services.campaign_launch,
        success=_("Đã phát động phong trào; các đơn vị tham gia đã được thông báo."),
        campaign=campaign,
        by=request.user,
    )
    return redirect("campaigns:detail", pk=campaign.pk) if ok else redirect(step_url(campaign, "review"))


SAVES = {"general": _save_general, "schedule": _save_schedule}


@login_required
def setup_step(request, pk, step):
    """One step: GET shows it; POST saves the step's own form (general, schedule) or launches (review)."""
    campaign = staff_campaign(request, pk)
    if step not in BY_SLUG:
        raise Http404
    key = BY_SLUG[step].key
    editable = campaign.status == Campaign.Status.DRAFT or (
        key == "schedule" and campaign.status != Campaign.Status.CLOSED
    )
    if request.method == "POST":
        if key == "review":
            return _launch(request, campaign)
        if key not in SAVES:
            return HttpResponseNotAllowed(["GET"])  # the step's rows are posted to ``setup_add``
        if not editable:
            if campaign.status == Campaign.Status.CLOSED:
                messages.error(request, _("Phong trào đã kết thúc: kế hoạch chỉ còn để xem."))
            else:
                messages.error(request, _("Phong trào đã phát động: phần này của kế hoạch sửa ở “Sửa kế hoạch”."))
            return redirect(step_url(campaign, key))
        form = SAVES[key](request, campaign)
        if form is None:
            return redirect(step_url(campaign, _next_key(key)))
        return _render_step(request, campaign, key, form=form)
    form = None
    if key == "general" and editable:
        form = forms.CampaignGeneralForm(instance=campaign)
    elif key == "schedule" and editable:
        form = forms.CampaignScheduleForm(instance=campaign)
    return _render_step(request, campaign, key, form=form)


def _untouched(form) -> bool:
    """The panel was sent as the page showed it: every box as it was, each list on its first option.

    A browser sends a list's first option when nobody chose one; that is not something to add.
    """
    for name, field in form.fields.items():
        initial = form.get_initial_for_field(field, name)
        single_choice = isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField) and not isinstance(
            field, django_forms.MultipleChoiceField | django_forms.ModelMultipleChoiceField
        )
        if single_choice and initial in (None, ""):
            first = next(iter(field.choices), None)
            initial = "" if first is None else str(first[0])
        if field.has_changed(initial, form[name].data):
            return False
    return True


@login_required
@require_POST
def setup_add(request, pk, what):
    """Add one row through a step's panel; "Lưu và tiếp tục" then opens the next step (an empty panel adds nothing)."""
    campaign = staff_campaign(request, pk)
    add = ADD_FORMS.get(what)
    if add is None:
        raise Http404
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("Phong trào đã kết thúc: kế hoạch chỉ còn để xem."))
        return redirect("campaigns:setup", pk=campaign.pk)
    form = add.form_for(campaign, request.POST)
    go_on = "next" in request.POST
    if go_on and _untouched(form):
        return redirect(step_url(campaign, _next_key(add.step)))
    if not form.is_valid():
        messages.error(request, _("Thông tin chưa hợp lệ, xem lỗi bên dưới."))
        return _render_step(request, campaign, add.step, bound=(what, form))
    ok, notes = run_service(request, add.add, form=form, campaign=campaign, by=request.user, data=form.cleaned_data)
    if not ok:
        return _render_step(request, campaign, add.step, bound=(what, form))
    for level, text in notes:
        messages.add_message(request, level, text)
    if go_on:
        return redirect(step_url(campaign, _next_key(add.step)))
    return redirect(step_url(campaign, add.step) + f"#{what}")
