"""Screens of campaigns. A view: form → permission → service → redirect with a message.

Objects a user may not see, and actions a user may not take, answer 404.
"""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import (
    Campaign,
    CampaignEvent,
    Criterion,
    Participant,
    ProgressReport,
    Registration,
    Reminder,
    ReportAttachment,
    ReportDue,
    Review,
    ReviewProposal,
    ReviewResult,
)
from campaigns.resources import (
    campaigns_xlsx,
    parse_campaigns,
    parse_participants,
    parse_registrations,
    participants_xlsx,
)
from campaigns.selectors import campaign_list as select_campaigns
from campaigns.selectors import campaign_progress as progress_of
from campaigns.selectors import (
    campaigns_visible_to,
    criteria_for,
    missing_report_counts,
    my_campaigns,
    registration_rollup,
    registrations_visible_to,
    reports_visible_to,
    top_participant_units,
)
from thiduakt.downloads import bytes_response, private_file_response
from thiduakt.models import OrgUnit
from thiduakt.selectors import unit_descendant_ids
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError


def _campaign_or_404(request, pk) -> Campaign:
    return get_object_or_404(campaigns_visible_to(request.user).select_related("host_unit", "parent"), pk=pk)


def _require(request, perm, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise Http404


def _staff_campaign(request, pk) -> Campaign:
    campaign = _campaign_or_404(request, pk)
    _require(request, "campaigns.manage_campaign", campaign)
    return campaign


def _tab_context(request, campaign: Campaign, tab: str) -> dict:
    user = request.user
    return {
        "campaign": campaign,
        "tab": tab,
        "can_manage": user.has_perm("campaigns.manage_campaign", campaign),
        "can_register": user.has_perm("campaigns.register", campaign),
        "can_report": user.has_perm("campaigns.report", campaign),
        "own_registration": (
            Registration.objects.filter(campaign=campaign, unit_id=user.unit_id).first() if user.unit_id else None
        ),
    }


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


@login_required
def campaign_list(request):
    params = request.GET
    year = params.get("year", "")
    year = int(year) if year.isdigit() and 1945 <= int(year) <= 2100 else None
    host = params.get("host", "")
    campaigns = select_campaigns(
        request.user,
        q=params.get("q", "").strip(),
        launcher=params.get("launcher", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        year=year,
        host=int(host) if host.isdigit() else None,
    )
    page = Paginator(campaigns, 25).get_page(params.get("page"))
    missing = missing_report_counts(page) if request.user.has_perm("campaigns.manage_campaign") else {}
    for campaign in page:
        campaign.missing_reports = missing.get(campaign.pk, 0)
    hosts = OrgUnit.objects.filter(hosted_campaigns__in=campaigns_visible_to(request.user)).distinct().order_by("name")
    query = {k: v for k, v in params.items() if k != "page" and v}
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "page": page,
            "hosts": hosts,
            "filters": params,
            "query_string": urlencode(query),
            "launchers": Campaign.Launcher.choices,
            "kinds": Campaign.Kind.choices,
            "statuses": Campaign.Status.choices,
            "can_manage": request.user.has_perm("campaigns.manage_campaign"),
        },
    )


@login_required
def campaign_mine(request):
    return render(request, "campaigns/campaign_mine.html", {"items": my_campaigns(request.user)})


@login_required
def campaigns_export(request):
    _require(request, "campaigns.import_campaigns")
    campaigns = campaigns_visible_to(request.user).select_related("host_unit").order_by("-start_date", "name")
    return bytes_response(campaigns_xlsx(campaigns), filename="phong-trao-thi-dua.xlsx", kind="xlsx")


# ---------------------------------------------------------------------------
# Create, edit, set up, launch
# ---------------------------------------------------------------------------


@login_required
def campaign_create(request):
    _require(request, "campaigns.manage_campaign")
    form = forms.CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                by=request.user,
                cooperating_units=form.cleaned_data["cooperating_units"],
                document_file=form.cleaned_data.get("document_upload"),
                **form.service_values(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo dự thảo phong trào. Tiếp theo: tiêu chí và đơn vị tham gia."))
            return redirect("campaigns:setup", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None, "step": 1})


@login_required
def campaign_edit(request, pk):
    campaign = _staff_campaign(request, pk)
    form = forms.CampaignForm(request.POST or None, request.FILES or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                campaign=Campaign.objects.get(pk=campaign.pk),
                by=request.user,
                cooperating_units=form.cleaned_data["cooperating_units"],
                document_file=form.cleaned_data.get("document_upload"),
                **form.service_values(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign, "step": 1})


SETUP_FORMS = {
    "group": forms.GroupForm,
    "phase": forms.PhaseForm,
    "criterion": forms.CriterionForm,
    "quota": forms.QuotaForm,
    "participants": forms.ParticipantsForm,
    "due": forms.DueForm,
}


def _setup_form(name, campaign, data=None):
    cls = SETUP_FORMS[name]
    if cls in (forms.CriterionForm, forms.ParticipantsForm):
        return cls(data, campaign=campaign, prefix=name)
    return cls(data, prefix=name)


def _render_setup(request, campaign, bound=None, status=200):
    setup_forms = {name: _setup_form(name, campaign) for name in SETUP_FORMS}
    if bound is not None:
        setup_forms[bound[0]] = bound[1]
    criteria = list(campaign.criteria.select_related("group"))
    context = {
        **_tab_context(request, campaign, "setup"),
        "forms": setup_forms,
        "criteria": criteria,
        "weight_total": sum(c.weight for c in criteria),
        "groups": list(campaign.groups.all()),
        "phases": list(campaign.phases.all()),
        "quotas": list(campaign.quotas.select_related("award")),
        "participants": list(campaign.participants.select_related("unit", "group").order_by("unit__name")),
        "dues": list(campaign.dues.all()),
        "planned_dues": services.schedule_days(campaign),
    }
    return render(request, "campaigns/campaign_setup.html", context, status=status)


@login_required
def campaign_setup(request, pk):
    campaign = _staff_campaign(request, pk)
    return _render_setup(request, campaign)


@login_required
@require_POST
def setup_add(request, pk, what):
    campaign = _staff_campaign(request, pk)
    if what not in SETUP_FORMS:
        raise Http404
    form = _setup_form(what, campaign, request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin chưa hợp lệ, xem lỗi bên dưới."))
        return _render_setup(request, campaign, bound=(what, form))
    data = form.cleaned_data
    try:
        if what == "group":
            services.group_add(campaign=campaign, by=request.user, **data)
        elif what == "phase":
            services.phase_add(campaign=campaign, by=request.user, **data)
        elif what == "criterion":
            services.criterion_add(
                campaign=campaign,
                by=request.user,
                indicator=data["indicator"],
                unit_of_measure=data["unit_of_measure"],
                target=data["target"],
                weight=data["weight"],
                is_qualitative=data["is_qualitative"],
                group=data["group"],
            )
            if data["is_qualitative"]:
                messages.warning(request, _("Tiêu chí định tính khó đo lường; nên thay bằng chỉ tiêu có con số."))
        elif what == "quota":
            services.quota_add(
                campaign=campaign,
                by=request.user,
                award_code=data["award"],
                recipient=data["recipient"],
                max_per_unit=data["max_per_unit"],
                max_percent=data["max_percent"],
                note=data["note"],
            )
        elif what == "participants":
            if data["how"] == Participant.Source.INDIVIDUAL:
                units = list(data["units"])
            else:
                units = services.units_for_selection(
                    kind=data["kind"] if data["how"] == Participant.Source.KIND else "",
                    cluster=data["cluster"] if data["how"] == Participant.Source.CLUSTER else None,
                    year=campaign.start_date.year,
                )
            added = services.participants_add(
                campaign=campaign,
                by=request.user,
                units=units,
                source=data["how"],
                role=data["role"],
                group=data["group"],
            )
            messages.info(request, _("Đã thêm %(n)s đơn vị.") % {"n": added})
        elif what == "due":
            services.report_due_add(campaign=campaign, by=request.user, due_on=data["due_on"], label=data["label"])
    except DomainError as exc:
        form.add_error(None, str(exc))
        messages.error(request, str(exc))
        return _render_setup(request, campaign, bound=(what, form))
    if what != "participants":
        messages.success(request, _("Đã lưu."))
    return redirect(reverse("campaigns:setup", args=[campaign.pk]) + f"#{what}")


@login_required
@require_POST
def criterion_remove(request, pk, criterion_pk):
    campaign = _staff_campaign(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, campaign=campaign)
    try:
        services.criterion_remove(criterion=criterion, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("campaigns:setup", args=[campaign.pk]) + "#criterion")


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    campaign = _staff_campaign(request, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, campaign=campaign)
    try:
        services.participant_remove(participant=participant, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("campaigns:setup", args=[campaign.pk]) + "#participants")


TRANSITIONS = {
    "launch": (services.campaign_launch, _("Đã phát động phong trào; các đơn vị tham gia đã được thông báo.")),
    "start": (services.campaign_start, _("Phong trào chuyển sang giai đoạn triển khai.")),
    "close": (services.campaign_close, _("Đã kết thúc phong trào.")),
}


@login_required
@require_POST
def campaign_transition(request, pk, action):
    campaign = _staff_campaign(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[action]
    try:
        service(campaign=campaign, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
def document_download(request, pk):
    campaign = _campaign_or_404(request, pk)
    return private_file_response(
        campaign.document_file,
        filename=campaign.document_file_name or "van-ban",
        content_type=campaign.document_content_type,
    )


# ---------------------------------------------------------------------------
# Campaign page: plan, participants & registrations, progress, reviews
# ---------------------------------------------------------------------------


@login_required
def campaign_detail(request, pk):
    campaign = _campaign_or_404(request, pk)
    context = _tab_context(request, campaign, "plan")
    context.update(
        {
            "phases": list(campaign.phases.all()),
            "groups": list(campaign.groups.all()),
            "criteria": list(campaign.criteria.select_related("group")),
            "quotas": list(campaign.quotas.select_related("award")),
            "cooperating": list(campaign.cooperating_units.all()),
            "implementations": list(campaigns_visible_to(request.user).filter(parent=campaign)),
            "events": list(
                CampaignEvent.objects.filter(campaign=campaign, registration__isnull=True).select_related("by")[:50]
            ),
        }
    )
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_participants(request, pk):
    campaign = _campaign_or_404(request, pk)
    user = request.user
    participants = campaign.participants.select_related("unit", "group").order_by("unit__name")
    registrations = {r.unit_id: r for r in campaign.registrations.all()}
    if user.is_department_staff or user.is_superuser or user.is_council_member:
        roots = top_participant_units(campaign)
        visible_units = None
    else:
        visible_units = unit_descendant_ids(user.unit_id)
        roots = [user.unit]
        participants = [p for p in participants if p.unit_id in visible_units]
    criteria = [c for c in campaign.criteria.all() if not c.is_qualitative]
    rollups = registration_rollup(campaign, roots)
    for rollup in rollups:
        rollup.sums = [(c, rollup.commitments.get(c.pk)) for c in criteria]
    rows = [(p, registrations.get(p.unit_id)) for p in participants]
    context = _tab_context(request, campaign, "participants")
    context.update({"rows": rows, "rollups": rollups, "criteria": criteria})
    return render(request, "campaigns/campaign_participants.html", context)


@login_required
def campaign_progress(request, pk):
    campaign = _campaign_or_404(request, pk)
    user = request.user
    scope = None
    if not (user.is_department_staff or user.is_superuser or user.is_council_member):
        scope = unit_descendant_ids(user.unit_id)
    progress = progress_of(campaign, unit_ids=scope)
    bar_width = 360
    bars = [
        {
            "bar": b,
            "value_width": min(bar_width, int(bar_width * b.percent / 100)) if b.target else 0,
            "y": 8 + i * 46,
        }
        for i, b in enumerate(progress.bars)
    ]
    context = _tab_context(request, campaign, "progress")
    context.update(
        {
            "progress": progress,
            "bars": bars,
            "bar_width": bar_width,
            "chart_height": 16 + 46 * len(bars),
            "can_remind": user.has_perm("campaigns.manage_campaign", campaign),
            "reminders": (
                list(
                    Reminder.objects.filter(due__campaign=campaign)
                    .select_related("due", "unit", "sent_by")
                    .order_by("-sent_at", "-id")[:20]
                )
                if user.has_perm("campaigns.manage_campaign", campaign)
                else []
            ),
            "today": timezone.localdate(),
        }
    )
    return render(request, "campaigns/campaign_progress.html", context)


@login_required
@require_POST
def remind_late(request, pk):
    campaign = _staff_campaign(request, pk)
    try:
        sent = services.campaign_remind_late(campaign=campaign, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if sent:
            messages.success(request, _("Đã nhắc %(n)s báo cáo trễ hạn.") % {"n": sent})
        else:
            messages.info(request, _("Không có báo cáo trễ hạn nào cần nhắc (hoặc đã nhắc hôm nay)."))
    return redirect("campaigns:progress", pk=campaign.pk)


@login_required
def campaign_reviews(request, pk):
    campaign = _campaign_or_404(request, pk)
    reviews = list(
        campaign.reviews.prefetch_related(
            Prefetch("results", queryset=ReviewResult.objects.select_related("unit", "adjusted_by")),
            Prefetch(
                "proposals",
                queryset=ReviewProposal.objects.select_related("unit", "person", "nominee_unit", "award", "dossier"),
            ),
        )
    )
    context = _tab_context(request, campaign, "reviews")
    can_manage = context["can_manage"]
    done = {r.kind for r in reviews}
    kinds = []
    if campaign.status == Campaign.Status.IN_PROGRESS and Review.Kind.INTERIM not in done:
        kinds.append(Review.Kind.INTERIM)
    if campaign.status in (Campaign.Status.IN_PROGRESS, Campaign.Status.INTERIM_REVIEWED):
        kinds.append(Review.Kind.FINAL)
    review_form = None
    if can_manage and kinds:
        review_form = forms.ReviewForm(prefix="review", initial={"kind": kinds[-1], "held_on": timezone.localdate()})
        review_form.fields["kind"].choices = [(k, Review.Kind(k).label) for k in kinds]
    context.update(
        {
            "reviews": reviews,
            "review_form": review_form,
            "proposal_form": forms.ProposalForm(campaign=campaign, prefix="proposal") if can_manage else None,
            "can_add_exemplar": request.user.has_perm("exemplars.add_exemplar"),
        }
    )
    return render(request, "campaigns/campaign_reviews.html", context)


@login_required
@require_POST
def review_create(request, pk):
    campaign = _staff_campaign(request, pk)
    form = forms.ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        messages.error(request, _("Cần ghi ngày tổ chức và tóm tắt kết quả."))
        return redirect("campaigns:reviews", pk=campaign.pk)
    service = (
        services.campaign_interim_review
        if form.cleaned_data["kind"] == Review.Kind.INTERIM
        else services.campaign_final_review
    )
    try:
        service(
            campaign=campaign,
            by=request.user,
            held_on=form.cleaned_data["held_on"],
            summary=form.cleaned_data["summary"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã ghi nhận; kết quả từng đơn vị được tính từ các báo cáo."))
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def result_adjust(request, pk):
    result = get_object_or_404(ReviewResult.objects.select_related("review__campaign"), pk=pk)
    campaign = _staff_campaign(request, result.review.campaign_id)
    form = forms.AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi mức hoàn thành (số) và lý do điều chỉnh."))
    else:
        try:
            services.review_result_adjust(result=result, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã điều chỉnh kết quả."))
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def proposal_add(request, pk):
    review = get_object_or_404(Review, pk=pk)
    campaign = _staff_campaign(request, review.campaign_id)
    form = forms.ProposalForm(request.POST, campaign=campaign, prefix="proposal")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            services.review_proposal_add(
                review=review,
                by=request.user,
                unit=data["unit"],
                kind=data["kind"],
                award_code=data["award"],
                person=data["person"],
                nominee_unit=data["nominee_unit"],
                is_exemplar=data["is_exemplar"],
                summary=data["summary"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi đề xuất khen thưởng."))
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def proposals_to_dossiers(request, pk):
    review = get_object_or_404(Review, pk=pk)
    campaign = _staff_campaign(request, review.campaign_id)
    try:
        dossiers = services.review_proposals_to_dossiers(review=review, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Đã tạo %(n)s hồ sơ dự thảo; các đơn vị được thông báo để hoàn thiện.") % {"n": len(dossiers)}
        )
    return redirect("campaigns:reviews", pk=campaign.pk)


# ---------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------


def _registration_or_404(request, pk, registration_pk) -> Registration:
    return get_object_or_404(registrations_visible_to(request.user), pk=registration_pk, campaign_id=pk)


@login_required
def registration_edit(request, pk):
    """The officer's own unit registration: create it or change it while draft or returned."""
    campaign = _campaign_or_404(request, pk)
    _require(request, "campaigns.register", campaign)
    unit = request.user.unit
    participant = get_object_or_404(Participant, campaign=campaign, unit=unit)
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if registration and not request.user.has_perm("campaigns.edit_registration", registration):
        messages.info(request, _("Bản đăng ký đã gửi, không sửa được nữa."))
        return redirect("campaigns:registration_detail", pk=campaign.pk, registration_pk=registration.pk)
    criteria = criteria_for(campaign, participant.group_id)
    initial = {}
    if registration:
        initial = {c.criterion_id: (c.target, c.text) for c in registration.commitments.all()}
    nominees = list(registration.nominees.all()) if registration else []
    form = forms.RegistrationForm(
        request.POST or None,
        criteria=criteria,
        initial_values=initial,
        initial={"note": registration.note if registration else ""},
        unit_ids=unit_descendant_ids(unit) if campaign.allows_nominee_registration else None,
        initial_people=[n.person_id for n in nominees if n.person_id],
        initial_units=[n.unit_id for n in nominees if n.unit_id],
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_save(
                campaign=campaign,
                unit=unit,
                by=request.user,
                note=form.cleaned_data["note"],
                commitments=form.commitments(),
                nominees=form.nominees(),
            )
            if "submit" in request.POST:
                services.registration_submit(registration=registration, by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if "submit" in request.POST:
                messages.success(request, _("Đã gửi đăng ký thi đua; Sở Nội vụ sẽ xem xét."))
            else:
                messages.success(request, _("Đã lưu bản đăng ký (chưa gửi)."))
            return redirect("campaigns:registration_detail", pk=campaign.pk, registration_pk=registration.pk)
    return render(
        request,
        "campaigns/registration_form.html",
        {"campaign": campaign, "form": form, "registration": registration, "unit": unit},
    )


@login_required
def registration_detail(request, pk, registration_pk):
    registration = _registration_or_404(request, pk, registration_pk)
    user = request.user
    return render(
        request,
        "campaigns/registration_detail.html",
        {
            "registration": registration,
            "campaign": registration.campaign,
            "commitments": list(registration.commitments.select_related("criterion")),
            "nominees": list(registration.nominees.select_related("person", "unit")),
            "events": list(registration.events.select_related("by")),
            "can_change": user.has_perm("campaigns.edit_registration", registration),
            "can_decide": user.has_perm("campaigns.decide_registration", registration),
            "return_form": forms.ReturnForm(),
        },
    )


def _registration_action(request, pk, registration_pk, perm, action, *, actor):
    """``actor(user, registration)``: whether the user is the one who takes this action at all.

    A double submit lands here once the first one went through: the actor is told so, anyone else gets 404.
    """
    registration = _registration_or_404(request, pk, registration_pk)
    if not request.user.has_perm(perm, registration):
        if actor(request.user, registration):
            messages.info(request, _("Bản đăng ký đã được xử lý trước đó."))
            return redirect("campaigns:registration_detail", pk=pk, registration_pk=registration.pk)
        raise Http404
    try:
        message = action(registration)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("campaigns:registration_detail", pk=pk, registration_pk=registration.pk)


def _is_unit_officer_of(user, obj) -> bool:
    return bool(user.is_unit_officer and user.unit_id == obj.unit_id)


def _is_staff(user, obj) -> bool:
    return bool(user.is_department_staff)


@login_required
@require_POST
def registration_submit(request, pk, registration_pk):
    def action(registration):
        services.registration_submit(registration=registration, by=request.user)
        return _("Đã gửi đăng ký thi đua.")

    return _registration_action(
        request, pk, registration_pk, "campaigns.edit_registration", action, actor=_is_unit_officer_of
    )


@login_required
@require_POST
def registration_approve(request, pk, registration_pk):
    def action(registration):
        services.registration_approve(registration=registration, by=request.user)
        return _("Đã duyệt bản đăng ký.")

    return _registration_action(request, pk, registration_pk, "campaigns.decide_registration", action, actor=_is_staff)


@login_required
@require_POST
def registration_return(request, pk, registration_pk):
    def action(registration):
        services.registration_return(registration=registration, by=request.user, reason=request.POST.get("reason", ""))
        return _("Đã trả lại bản đăng ký cho đơn vị.")

    return _registration_action(request, pk, registration_pk, "campaigns.decide_registration", action, actor=_is_staff)


# ---------------------------------------------------------------------------
# Progress reports
# ---------------------------------------------------------------------------


@login_required
def report_edit(request, due_pk):
    """The officer's own unit report for one due date: values, narrative, attachments; save or send."""
    due = get_object_or_404(ReportDue.objects.filter(campaign__in=campaigns_visible_to(request.user)), pk=due_pk)
    campaign = due.campaign
    _require(request, "campaigns.report", campaign)
    unit = request.user.unit
    participant = get_object_or_404(Participant, campaign=campaign, unit=unit)
    report = ProgressReport.objects.filter(due=due, unit=unit).first()
    if report and not request.user.has_perm("campaigns.edit_report", report):
        return redirect("campaigns:report_detail", pk=report.pk)
    criteria = criteria_for(campaign, participant.group_id)
    initial = {v.criterion_id: (v.value, v.text) for v in report.values.all()} if report else {}
    form = forms.ReportForm(
        request.POST or None,
        criteria=criteria,
        initial_values=initial,
        initial={"note": report.narrative if report else ""},
    )
    attachment_form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("upload")
        try:
            report = services.report_save(
                due=due,
                unit=unit,
                by=request.user,
                narrative=form.cleaned_data["note"],
                values=form.commitments(),
                uploads=[upload] if upload is not None else [],
            )
            if "submit" in request.POST:
                services.report_submit(report=report, by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if "submit" in request.POST:
                messages.success(request, _("Đã gửi báo cáo tiến độ."))
                return redirect("campaigns:report_detail", pk=report.pk)
            messages.success(request, _("Đã lưu báo cáo (chưa gửi)."))
            return redirect("campaigns:report_edit", due_pk=due.pk)
    return render(
        request,
        "campaigns/report_form.html",
        {
            "campaign": campaign,
            "due": due,
            "form": form,
            "attachment_form": attachment_form,
            "report": report,
            "attachments": list(report.attachments.all()) if report else [],
            "unit": unit,
            "today": timezone.localdate(),
        },
    )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    values = {v.criterion_id: v for v in report.values.all()}
    rows = [(c, values.get(c.pk)) for c in report.campaign.criteria.all() if c.pk in values or not c.group_id]
    return render(
        request,
        "campaigns/report_detail.html",
        {
            "report": report,
            "campaign": report.campaign,
            "rows": rows,
            "attachments": list(report.attachments.all()),
            "can_change": request.user.has_perm("campaigns.edit_report", report),
        },
    )


@login_required
@require_POST
def report_submit(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    if not request.user.has_perm("campaigns.edit_report", report):
        if report.status == ProgressReport.Status.SUBMITTED and _is_unit_officer_of(request.user, report):
            messages.info(request, _("Báo cáo đã được gửi trước đó."))
            return redirect("campaigns:report_detail", pk=report.pk)
        raise Http404
    try:
        services.report_submit(report=report, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi báo cáo tiến độ."))
    return redirect("campaigns:report_detail", pk=report.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.filter(report__in=reports_visible_to(request.user)), pk=pk)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


# ---------------------------------------------------------------------------
# Import and export
# ---------------------------------------------------------------------------

IMPORT_KINDS = {
    "campaigns": (_("Nhập phong trào từ Excel"), parse_campaigns, services.campaigns_import),
    "participants": (_("Nhập đơn vị tham gia từ Excel"), parse_participants, services.participants_import),
    "registrations": (_("Nhập đăng ký thi đua từ Excel"), parse_registrations, services.registrations_import),
}
TOKEN = re.compile(r"^[0-9a-f]{32}$")


PREVIEW_KEPT_FOR = 24 * 3600  # seconds a previewed file waits for its confirmation


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "tmp" / "campaign-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store_preview(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; previews never confirmed are removed after a day."""
    folder = _import_dir()
    oldest = time.time() - PREVIEW_KEPT_FOR
    for stale in folder.glob("*.xlsx"):
        if stale.stat().st_mtime < oldest:
            stale.unlink(missing_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def _import(request, kind, campaign=None):
    title, parse, write = IMPORT_KINDS[kind]
    args = (campaign,) if campaign else ()
    kwargs = {"campaign": campaign} if campaign else {}
    back = reverse("campaigns:detail", args=[campaign.pk]) if campaign else reverse("campaigns:list")
    context = {"title": title, "kind": kind, "campaign": campaign, "back": back, "form": forms.ImportForm()}
    session_key = f"campaign-import-{kind}-{campaign.pk if campaign else 0}"
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        if not TOKEN.match(token) or request.session.get(session_key) != token:
            messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
            return render(request, "campaigns/import.html", context)
        path = _import_dir() / f"{token}.xlsx"
        try:
            data = path.read_bytes()
            count = write(data=data, by=request.user, **kwargs)
        except FileNotFoundError:
            messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
            return render(request, "campaigns/import.html", context)
        except (SpreadsheetError, DomainError) as exc:
            messages.error(request, str(exc))
            return render(request, "campaigns/import.html", context)
        finally:
            request.session.pop(session_key, None)
        path.unlink(missing_ok=True)
        messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": count})
        return redirect(back)
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data["upload"].read()
            try:
                parsed = parse(data, *args)
            except SpreadsheetError as exc:
                form.add_error("upload", str(exc))
                return render(request, "campaigns/import.html", context)
            context["parsed"] = parsed
            if not parsed.errors:
                token = _store_preview(data)
                request.session[session_key] = token
                context["token"] = token
    return render(request, "campaigns/import.html", context)


@login_required
def campaigns_import(request):
    _require(request, "campaigns.import_campaigns")
    return _import(request, "campaigns")


@login_required
def campaign_import(request, pk, kind):
    campaign = _staff_campaign(request, pk)
    if kind not in ("participants", "registrations"):
        raise Http404
    return _import(request, kind, campaign)


@login_required
def campaign_export(request, pk):
    campaign = _staff_campaign(request, pk)
    return bytes_response(participants_xlsx(campaign), filename=f"phong-trao-{campaign.pk}-don-vi.xlsx", kind="xlsx")
