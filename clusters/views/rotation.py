"""Next year's head and deputy: proposals under the cluster's rule, the recorded vote, confirming or withdrawing."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.forms import RotationRecordForm
from clusters.models import RotationProposal
from clusters.views.common import cluster_or_404, form_page, year_or_404, year_url
from thiduakt.access import require, run_service
from thiduakt.models import OrgUnit


@login_required
@require_POST
def rotation_propose(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    run_service(
        request,
        services.rotation_propose,
        success=_("Đã lập đề xuất cụm trưởng, cụm phó năm sau."),
        cluster_year=cy,
        by=request.user,
    )
    return redirect(year_url(cy, "luan-phien"))


@login_required
def rotation_record(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    units = OrgUnit.objects.filter(cluster_memberships__cluster_year=cy).order_by("name")
    form = RotationRecordForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.rotation_record,
            success=_("Đã ghi nhận kết quả bầu."),
            form=form,
            cluster_year=cy,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "luan-phien"))
    return form_page(
        request,
        form=form,
        title=_("Kết quả bầu cụm trưởng, cụm phó năm %(year)s") % {"year": cy.year + 1},
        back=year_url(cy),
        cluster_year=cy,
    )


def _rotation_or_404(request, proposal_pk) -> RotationProposal:
    require(request, "clusters.manage_cluster")
    proposal = get_object_or_404(RotationProposal.objects.select_related("cluster_year"), pk=proposal_pk)
    cluster_or_404(request, proposal.cluster_year.cluster_id)
    return proposal


@login_required
@require_POST
def rotation_confirm(request, proposal_pk):
    proposal = _rotation_or_404(request, proposal_pk)
    run_service(
        request,
        services.rotation_confirm,
        success=_("Đã xác nhận cụm trưởng, cụm phó năm sau."),
        proposal=proposal,
        by=request.user,
    )
    return redirect(year_url(proposal.cluster_year, "luan-phien"))


@login_required
@require_POST
def rotation_withdraw(request, proposal_pk):
    proposal = _rotation_or_404(request, proposal_pk)
    reason = request.POST.get("reason", "")
    run_service(
        request,
        services.rotation_withdraw,
        success=_("Đã hủy đề xuất."),
        proposal=proposal,
        reason=reason,
        by=request.user,
    )
    return redirect(year_url(proposal.cluster_year, "luan-phien"))
