"""Screens of the reports app: choose a report, follow its jobs, download, the archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import services
from reports.dashboard import awards_by_form_chart
from reports.kinds import get_kind, kinds_for
from reports.models import Report
from reports.selectors import reports_visible_to
from thiduakt import services as foundation
from thiduakt.access import require, run_service
from thiduakt.downloads import generated_content_type, private_file_response

PAGE_SIZE = 25


def _report_or_404(request, pk) -> Report:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


@login_required
def report_list(request):
    """The reports screen: the kinds the user may request, and the archive of reports they may see."""
    require(request, "reports.use")
    kinds = kinds_for(request.user)
    reports = reports_visible_to(request.user)
    kind_filter = request.GET.get("loai", "")
    if kind_filter:
        reports = reports.filter(kind=kind_filter)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    chart = None
    if request.user.is_department_staff:
        chart = awards_by_form_chart()
    return render(
        request,
        "reports/report_list.html",
        {
            "kinds": kinds,
            "page": page,
            "kind_filter": kind_filter,
            "query_string": urlencode({"loai": kind_filter}) if kind_filter else "",
            "chart": chart,
        },
    )


@login_required
def report_request(request, kind):
    """The parameter form of one kind; on a valid POST the report's jobs start and the user follows them."""
    require(request, "reports.use")
    report_kind = get_kind(kind)
    if report_kind is None or not report_kind.may_request(request.user):
        raise Http404
    form = report_kind.form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        ok, report = run_service(
            request, services.report_request, kind=kind, params=form.params(), unit=form.scope_unit(), by=request.user
        )
        if ok:
            messages.info(request, _("Đã nhận yêu cầu; báo cáo đang được lập trong nền."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_request.html", {"kind": report_kind, "form": form})


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    template = "reports/report_detail.html#progress" if request.htmx else "reports/report_detail.html"
    return render(request, template, {"report": report, "parameters": report.parameter_rows})


@login_required
def report_download(request, pk, fmt):
    report = _report_or_404(request, pk)
    job = {"pdf": report.pdf_job, "xlsx": report.xlsx_job}.get(fmt)
    if job is None or job.status != job.Status.DONE or not job.result_file:
        raise Http404
    return private_file_response(
        job.result_file, filename=job.result_name, content_type=generated_content_type(job.result_name)
    )


@login_required
@require_POST
def report_retry(request, pk, fmt):
    """Put a failed file of the report back in the queue (whoever may see the report may retry it)."""
    report = _report_or_404(request, pk)
    job = {"pdf": report.pdf_job, "xlsx": report.xlsx_job}.get(fmt)
    if job is None:
        raise Http404
    run_service(
        request,
        foundation.job_retry,
        success=_("Đã đưa tệp báo cáo vào hàng đợi để lập lại."),
        job=job,
        by=request.user,
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_rerun(request, pk):
    """Generate the same report again with today's data."""
    report = _report_or_404(request, pk)
    ok, new = run_service(request, services.report_rerun, report=report, by=request.user)
    if not ok:
        return redirect("reports:detail", pk=report.pk)
    messages.info(request, _("Đã nhận yêu cầu lập lại báo cáo với số liệu hiện tại."))
    return redirect("reports:detail", pk=new.pk)
