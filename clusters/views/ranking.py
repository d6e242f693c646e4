"""The ranking of a year: the page, its spreadsheet and PDF, publishing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.jobs import RANKING_PDF
from clusters.selectors import ranking_for, ranking_readable
from clusters.views.common import year_or_404
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response
from thiduakt.services import job_request
from thiduakt.spreadsheets import write_xlsx


@login_required
def ranking(request, pk, year):
    cy = year_or_404(request, pk, year)
    rows, final = ranking_for(cluster_year=cy, user=request.user)
    return render(
        request,
        "clusters/ranking.html",
        {
            "cy": cy,
            "cluster": cy.cluster,
            "rows": rows,
            "final": final,
            "can_publish": request.user.has_perm("clusters.manage_cluster") and not cy.is_published,
        },
    )


def _ranking_table(cy, rows) -> tuple[list[str], list[list]]:
    headers = [
        _("Hạng"),
        _("Đơn vị"),
        _("Tự chấm"),
        _("Sau thẩm định"),
        _("Điểm trừ"),
        _("Tổng điểm"),
    ]
    data = [[r.rank, str(r.membership.unit), r.self_total, r.scored_total, r.deductions_total, r.total] for r in rows]
    return headers, data


@login_required
def ranking_xlsx(request, pk, year):
    cy = year_or_404(request, pk, year)
    rows, _final = ranking_for(cluster_year=cy, user=request.user)
    if rows is None:
        raise Http404
    headers, data = _ranking_table(cy, rows)
    content = write_xlsx(headers, [[float(v) if hasattr(v, "as_tuple") else v for v in row] for row in data])
    return bytes_response(content, filename=f"xep-hang-cum-{cy.cluster_id}-{cy.year}.xlsx", kind="xlsx")


@login_required
@require_POST
def ranking_pdf(request, pk, year):
    """Start (or follow) the background job that lays out the ranking as PDF; the file comes from the job page."""
    cy = year_or_404(request, pk, year)
    if not ranking_readable(cluster_year=cy, user=request.user):
        raise Http404
    job, created = job_request(kind=RANKING_PDF, requested_by=request.user, params={"cluster_year_id": cy.pk})
    messages.info(
        request,
        _("Đã nhận yêu cầu; tệp PDF đang được lập trong nền.")
        if created
        else _("Tệp PDF này đang được lập; mời theo dõi tiến độ."),
    )
    return redirect("job_detail", public_id=job.public_id)


@login_required
@require_POST
def ranking_publish(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    run_service(request, services.ranking_publish, success=_("Đã công bố xếp hạng."), cluster_year=cy, by=request.user)
    return redirect("clusters:ranking", pk=pk, year=year)
