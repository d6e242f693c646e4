"""The campaign list, the plan's page and form, and the campaign's moves (launch, start, close)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Campaign
from campaigns.selectors import campaign_list as select_campaigns
from campaigns.selectors import campaigns_visible_to, missing_reports, my_campaigns
from campaigns.views.common import campaign_or_404, staff_campaign, tab_context
from campaigns.views.setup import STEPS, creation_steps
from thiduakt.access import require, run_service
from thiduakt.downloads import private_file_response
from thiduakt.models import OrgUnit

# What a row of the list prints; the plan's long texts (purpose, slogan, search text) are not read.
LIST_FIELDS = (
    *("name", "document_number", "document_date", "launcher", "kind", "status"),
    *("start_date", "start_time", "end_date", "end_time", "parent__name", "host_unit__name"),
)


def period_text(campaign) -> str:
    """The campaign's period as ``campaigns/_period.html`` prints it: "[H:i ]d/m/Y[ – [H:i ]d/m/Y]"."""
    text = campaign.start_date.strftime("%d/%m/%Y") if campaign.start_date else ""
    if campaign.start_time is not None:
        text = f"{campaign.start_time:%H:%M} {text}"
    if campaign.end_date:
        text += " – " + (f"{campaign.end_time:%H:%M} " if campaign.end_time is not None else "")
        text += campaign.end_date.strftime("%d/%m/%Y")
    return text


def _options(choices, chosen: str) -> list[tuple[str, str, bool]]:
    return [(value, str(label), value == chosen) for value, label in choices]


def _dress_rows(campaigns) -> None:
    """Give each campaign of the page what its row prints (labels, badge, period, link), made once per
    page or per value rather than by a tag or an include per row."""
    launchers = {value: str(label) for value, label in Campaign.Launcher.choices}  # translated once a page
    kinds = {value: str(label) for value, label in Campaign.Kind.choices}
    badges = {
        status: format_html('<span class="badge text-bg-{}">{}</span>', Campaign.Status.badge_of(status), label)
        for status, label in Campaign.Status.choices
    }
    detail = reverse("campaigns:detail", args=[0]).removesuffix("0/")  # + "<pk>/"
    for campaign in campaigns:
        campaign.launcher_label = launchers.get(campaign.launcher, campaign.launcher)
        campaign.kind_label = kinds.get(campaign.kind, campaign.kind)
        campaign.badge = badges[campaign.status]
        campaign.period = period_text(campaign)
        campaign.url = f"{detail}{campaign.pk}/"


@login_required
def campaign_list(request):
    params = request.GET
    can_manage = request.user.has_perm("campaigns.manage_campaign")
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
        missing=can_manage,
    )
    page = Paginator(campaigns.only(*LIST_FIELDS), 25).get_page(params.get("page"))
    for campaign in page:
        campaign.missing_reports = missing_reports(campaign) if can_manage else 0
    _dress_rows(page)
    hosts = (
        OrgUnit.objects.filter(hosted_campaigns__in=campaigns_visible_to(request.user))
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    query = {k: v for k, v in params.items() if k != "page" and v}
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "page": page,
            "hosts": [(pk, name, str(pk) == host) for pk, name in hosts],
            "filters": params,
            "query_string": urlencode(query),
            "launchers": _options(Campaign.Launcher.choices, params.get("launcher", "")),
            "kinds": _options(Campaign.Kind.choices, params.get("kind", "")),
            "statuses": _options(Campaign.Status.choices, params.get("status", "")),
            "can_manage": can_manage,
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
