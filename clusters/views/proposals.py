"""The cluster's award proposal: made from the ranking, the meeting's minutes and vote, sent as a dossier."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.forms import ProposalForm, QuotaOverrideForm
from clusters.models import AwardProposal, ClusterYear
from clusters.views.common import file_response, form_page, year_or_404, year_url
from thiduakt.access import require, run_service


def _prepare_year_or_404(request, pk, year) -> ClusterYear:
    cy = year_or_404(request, pk, year)
    require(request, "clusters.prepare_proposal", cy)
    return cy


@login_required
@require_POST
def proposal_create(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    form = QuotaOverrideForm(request.POST)
    override = form.cleaned_data["override_reason"] if form.is_valid() else ""
    run_service(
        request,
        services.award_proposal_create,
        success=_("Đã lập đề nghị khen thưởng từ kết quả xếp hạng."),
        cluster_year=cy,
        override_reason=override,
        by=request.user,
    )
    return redirect(year_url(cy, "de-nghi"))


@login_required
def proposal_edit(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "meeting_on": proposal.meeting_on,
            "meeting_place": proposal.meeting_place,
            "votes_for": proposal.votes_for,
            "votes_total": proposal.votes_total or cy.memberships.count(),
            "vote_note": proposal.vote_note,
        },
        members=cy.memberships.count(),
        year=cy.year,
    )
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.award_proposal_update,
            success=_("Đã lưu biên bản họp và kết quả biểu quyết."),
            form=form,
            proposal=proposal,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "de-nghi"))
    return form_page(
        request,
        form=form,
        title=_("Biên bản họp cụm và biểu quyết"),
        back=year_url(cy),
        cluster_year=cy,
        multipart=True,
    )


@login_required
@require_POST
def proposal_send(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    run_service(
        request,
        services.award_proposal_send,
        success=_("Đã chuyển đề nghị thành hồ sơ đề nghị khen thưởng (dự thảo) của đơn vị cụm trưởng."),
        proposal=proposal,
        by=request.user,
    )
    return redirect(year_url(cy, "de-nghi"))


@login_required
def proposal_minutes(request, pk, year):
    cy = year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    return file_response(proposal)
