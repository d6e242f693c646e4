"""Screens of money and registers (staff): a decision's reward payment list (xlsx, PDF) for the finance office,
and the certificate register (sổ vàng) by persistent number, filtered by year, exported as xlsx.

The payment list is asked for by POST: the file itself up to ``awards.jobs.IN_REQUEST_MAX_LINES`` lines (the PDF:
``IN_REQUEST_MAX_PDF_LINES``), else a background job (``awards.views.documents.decision_file_job``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import jobs, selectors
from awards.services import payments
from awards.views.documents import decision_file_job
from thiduakt.access import require
from thiduakt.downloads import bytes_response
from thiduakt.services import DomainError
from thiduakt.spreadsheets import write_xlsx

PAGE_SIZE = 50


def _payments(request, pk, extension: str, job_kind: str, make):
    """The payment list as ``make(listing)`` in the request when the decision is short, else its job;
    a draft (no payment list yet) goes back to its page with the reason."""
    require(request, "awards.manage_decisions")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    try:
        payments.payment_list_check(decision)
        if not jobs.made_in_request(decision, pdf=extension == "pdf"):
            return decision_file_job(request, decision, job_kind)
        listing = payments.payment_list(decision)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("awards:decision_detail", pk=decision.pk)
    return bytes_response(make(listing), filename=payments.payment_filename(decision, extension), kind=extension)


@login_required
@require_POST
def payment_xlsx(request, pk):
    return _payments(request, pk, "xlsx", jobs.PAYMENTS_XLSX_JOB, jobs.payments_xlsx)


@login_required
@require_POST
def payment_pdf(request, pk):
    """One pass of the one path, in the request up to ``IN_REQUEST_MAX_PDF_LINES`` lines (about a second)."""
    return _payments(request, pk, "pdf", jobs.PAYMENTS_PDF_JOB, jobs.payments_pdf)


def _register_filters(request) -> dict:
    year = request.GET.get("year", "").strip()
    return {
        "year": int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
        "register": request.GET.get("register", "").strip()[:120],
    }


@login_required
def register_list(request):
    require(request, "awards.manage_decisions")
    filters = _register_filters(request)
    entries = payments.register_entries(**filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/documents/register_list.html",
        {"page": page, "filters": filters, "registers": payments.register_names()},
    )


@login_required
def register_xlsx(request):
    require(request, "awards.manage_decisions")
    filters = _register_filters(request)
    rows = payments.register_rows(payments.register_entries(**filters))
    suffix = f"-{filters['year']}" if filters["year"] else ""
    return bytes_response(
        write_xlsx(payments.REGISTER_HEADERS, rows, title=_("Sổ vàng")), filename=f"so-vang{suffix}.xlsx", kind="xlsx"
    )
