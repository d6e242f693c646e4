"""The campaign list, the plan's page and form, and the campaign's moves (launch, start, close)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Campaign
from campaigns.selectors import campaign_list as select_campaigns
from campaigns.selectors import campaigns_visible_to, missing_report_counts, my_campaigns
from campaigns.views.common import campaign_or_404, staff_campaign, tab_context
from campaigns.views.setup import STEPS, creation_steps
from thiduakt.access import require, run_service
from thiduakt.downloads import private_file_response
from thiduakt.models import OrgUnit


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
def campaign_create(request):
    require(request, "campaigns.manage_campaign")
    form = forms.CampaignGeneralForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, campaign = run_service(
            request,
            services.campaign_create,
            success=_("Đã tạo dự thảo phong trào. Tiếp theo: tiêu chí và đơn vị tham gia."),
            form=form,
            by=request.user,
            cooperating_units=form.cleaned_data["cooperating_units"],
            document_file=form.cleaned_data.get("document_upload"),
            **form.service_values(),
        )
        if ok:
            return redirect("campaigns:setup", pk=campaign.pk)
    # Step 1 of the set-up before the campaign exists; the next steps open once it is saved.
    context = {"form": form, "campaign": None, "step": STEPS[0], "steps": creation_steps()}
    return render(request, "campaigns/campaign_setup_general.html", context)


@login_required
def campaign_edit(request, pk):
    campaign = staff_campaign(request, pk)
    form = forms.CampaignForm(request.POST or None, request.FILES or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        ok, _saved = run_service(
            request,
            services.campaign_update,
            success=_("Đã lưu kế hoạch."),
            form=form,
            campaign=Campaign.objects.get(pk=campaign.pk),
            by=request.user,
            cooperating_units=form.cleaned_data["cooperating_units"],
            document_file=form.cleaned_data.get("document_upload"),
            **form.service_values(),
        )
        if ok:
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


TRANSITIONS = {
    "launch": (services.campaign_launch, _("Đã phát động phong trào; các đơn vị tham gia đã được thông báo.")),
    "start": (services.campaign_start, _("Phong trào chuyển sang giai đoạn triển khai.")),
    "close": (services.campaign_close, _("Đã kết thúc phong trào.")),
}


@login_required
@require_POST
def campaign_transition(request, pk, action):
    campaign = staff_campaign(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[action]
    run_service(request, service, success=done, campaign=campaign, by=request.user)
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
def document_download(request, pk):
    campaign = campaign_or_404(request, pk)
    return private_file_response(
        campaign.document_file,
        filename=campaign.document_file_name or "van-ban",
        content_type=campaign.document_content_type,
    )


@login_required
def campaign_detail(request, pk):
    campaign = campaign_or_404(request, pk)
    context = tab_context(request, campaign, "plan")
    context.update(
        {
            "phases": list(campaign.phases.all()),
            "groups": list(campaign.groups.all()),
            "criteria": list(campaign.criteria.select_related("group")),
            "quotas": list(campaign.quotas.select_related("award")),
            "cooperating": list(campaign.cooperating_units.all()),
            "implementations": list(campaigns_visible_to(request.user).filter(parent=campaign)),
            "events": list(campaign.events.filter(registration__isnull=True).select_related("by")[:50]),
        }
    )
    return render(request, "campaigns/campaign_detail.html", context)
