"""Reviews (sơ kết, tổng kết): results per unit, their adjustment, award proposals and their dossiers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Campaign, Review, ReviewProposal, ReviewResult
from campaigns.selectors import quota_uses
from campaigns.views.common import campaign_or_404, staff_campaign, tab_context
from thiduakt.access import run_service


@login_required
def campaign_reviews(request, pk):
    campaign = campaign_or_404(request, pk)
    reviews = list(
        campaign.reviews.prefetch_related(
            Prefetch("results", queryset=ReviewResult.objects.select_related("unit", "adjusted_by")),
            Prefetch(
                "proposals",
                queryset=ReviewProposal.objects.select_related("unit", "person", "nominee_unit", "award", "dossier"),
            ),
        )
    )
    for review in reviews:
        review.campaign = campaign
        review.quota_uses = quota_uses(review)
    context = tab_context(request, campaign, "reviews")
    can_manage = context["can_manage"]
    done = {r.kind for r in reviews}
    kinds = []
    if campaign.status == Campaign.Status.IN_PROGRESS and Review.Kind.INTERIM not in done:
        kinds.append(Review.Kind.INTERIM)
    if campaign.status in (Campaign.Status.IN_PROGRESS, Campaign.Status.INTERIM_REVIEWED):
        kinds.append(Review.Kind.FINAL)
    review_form = None
    if can_manage and kinds:
        # Held on the day the plan set for it, once that day has come; else today.
        today = timezone.localdate()
        planned = campaign.interim_review_on if kinds[-1] == Review.Kind.INTERIM else campaign.final_review_on
        held_on = planned if planned and planned <= today else today
        review_form = forms.ReviewForm(
            campaign=campaign, prefix="review", initial={"kind": kinds[-1], "held_on": held_on}
        )
        review_form.fields["kind"].choices = [(k, Review.Kind(k).label) for k in kinds]
    context.update(
        {
            "reviews": reviews,
            "review_form": review_form,
            "proposal_form": forms.ProposalForm(campaign=campaign, prefix="proposal") if can_manage else None,
            "can_add_exemplar": request.user.has_perm("exemplars.create_exemplar"),
        }
    )
    return render(request, "campaigns/campaign_reviews.html", context)


@login_required
@require_POST
def review_create(request, pk):
    campaign = staff_campaign(request, pk)
    form = forms.ReviewForm(request.POST, campaign=campaign, prefix="review")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("campaigns:reviews", pk=campaign.pk)
    service = (
        services.campaign_interim_review
        if form.cleaned_data["kind"] == Review.Kind.INTERIM
        else services.campaign_final_review
    )
    run_service(
        request,
        service,
        success=_("Đã ghi nhận; kết quả từng đơn vị được tính từ các báo cáo."),
        campaign=campaign,
        by=request.user,
        held_on=form.cleaned_data["held_on"],
        summary=form.cleaned_data["summary"],
    )
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def result_adjust(request, pk):
    result = get_object_or_404(ReviewResult.objects.select_related("review__campaign"), pk=pk)
    campaign = staff_campaign(request, result.review.campaign_id)
    form = forms.AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        run_service(
            request,
            services.review_result_adjust,
            success=_("Đã điều chỉnh kết quả."),
            result=result,
            by=request.user,
            percent=form.cleaned_data["percent"],
            reason=form.cleaned_data["reason"],
        )
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def proposal_add(request, pk):
    review = get_object_or_404(Review, pk=pk)
    campaign = staff_campaign(request, review.campaign_id)
    form = forms.ProposalForm(request.POST, campaign=campaign, prefix="proposal")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        run_service(
            request,
            services.review_proposal_add,
            success=_("Đã ghi đề xuất khen thưởng."),
            review=review,
            by=request.user,
            unit=data["unit"],
            kind=data["kind"],
            award_code=data["award"],
            person=data["person"],
            nominee_unit=data["nominee_unit"],
            is_exemplar=data["is_exemplar"],
            summary=data["summary"],
            quota_override_reason=data["quota_override_reason"],
        )
    return redirect("campaigns:reviews", pk=campaign.pk)


@login_required
@require_POST
def proposals_to_dossiers(request, pk):
    review = get_object_or_404(Review, pk=pk)
    campaign = staff_campaign(request, review.campaign_id)
    ok, dossiers = run_service(request, services.review_proposals_to_dossiers, review=review, by=request.user)
    if ok:
        messages.success(
            request, _("Đã tạo %(n)s hồ sơ dự thảo; các đơn vị được thông báo để hoàn thiện.") % {"n": len(dossiers)}
        )
    return redirect("campaigns:reviews", pk=campaign.pk)
