"""Screens of money and registers (staff): a decision's reward payment list (xlsx, PDF) for the finance office,
and the certificate register (sổ vàng) by persistent number, filtered by year, exported as xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards import selectors
from awards.services import payments
from thiduakt.access import require
from thiduakt.downloads import bytes_response
from thiduakt.pdf import render_document
from thiduakt.services import DomainError
from thiduakt.spreadsheets import write_xlsx

PAGE_SIZE = 50


def _payments_or_redirect(request, pk):
    require(request, "awards.manage_decisions")
    decision = get_object_or_404(selectors.decisions_visible_to(request.user).select_related("award"), pk=pk)
    try:
        return decision, payments.payment_list(decision)
    except DomainError as exc:
        messages.error(request, str(exc))
        return decision, None


def _slug(decision) -> str:
    return decision.number_display.replace("/", "-")


@login_required
def payment_xlsx(request, pk):
    decision, listing = _payments_or_redirect(request, pk)
    if listing is None:
        return redirect("awards:decision_detail", pk=decision.pk)
    data = write_xlsx(payments.PAYMENT_HEADERS, payments.payment_rows(listing), title="Chi tiền thưởng")
    return bytes_response(data, filename=f"chi-tien-thuong-QD-{_slug(decision)}.xlsx", kind="xlsx")


@login_required
def payment_pdf(request, pk):
    """One decision's list (bounded by its lines), rendered in the request, one pass of the one path."""
    decision, listing = _payments_or_redirect(request, pk)
    if listing is None:
        return redirect("awards:decision_detail", pk=decision.pk)
    pdf = render_document("reports/pdf/awards/payment_list.html", {"payments": listing, "decision": decision})
    return bytes_response(pdf, filename=f"chi-tien-thuong-QD-{_slug(decision)}.pdf", kind="pdf")


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
