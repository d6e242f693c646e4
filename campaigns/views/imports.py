"""Spreadsheet imports (upload → preview → confirm) and exports of campaigns."""

import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns import forms, services
from campaigns.jobs import IMPORT_ANALYSE
from campaigns.resources import (
    campaigns_xlsx,
    parse_campaigns,
    parse_participants,
    parse_registrations,
    participants_xlsx,
)
from campaigns.selectors import campaigns_visible_to
from campaigns.services.imports import TOKEN, analysis_read, inline_import, preview_dir, preview_store
from campaigns.views.common import staff_campaign
from thiduakt.access import require
from thiduakt.downloads import bytes_response
from thiduakt.models import Job
from thiduakt.services import DomainError, job_create
from thiduakt.spreadsheets import SpreadsheetError, check_xlsx

IMPORT_KINDS = {
    "campaigns": (_("Nhập phong trào từ Excel"), parse_campaigns, services.campaigns_import),
    "participants": (_("Nhập đơn vị tham gia từ Excel"), parse_participants, services.participants_import),
    "registrations": (_("Nhập đăng ký thi đua từ Excel"), parse_registrations, services.registrations_import),
}


ANALYSIS_PARAM = "phan-tich"  # ?phan-tich=<token>: the page follows the background analysis of that upload


def _import_dir() -> Path:
    return preview_dir()


def _store_preview(data: bytes) -> str:
    return preview_store(data)


def _start_analysis(request, kind, campaign, data, analysis_key):
    """A large upload: stored, analysed by a background job; the page follows it (progress, then the preview)."""
    token = preview_store(data)
    job_create(
        kind=IMPORT_ANALYSE,
        requested_by=request.user,
        params={"kind": kind, "campaign_id": campaign.pk if campaign else None, "token": token},
    )
    request.session[analysis_key] = token
    return redirect(f"{request.path}?{ANALYSIS_PARAM}={token}")


def _follow_analysis(request, context, token, session_key, analysis_key):
    """The page of an upload analysed in the background: its progress, then its preview like a small one's."""
    job = None
    if TOKEN.match(token) and request.session.get(analysis_key) == token:
        job = Job.objects.filter(kind=IMPORT_ANALYSE, requested_by=request.user, params__token=token).first()
    if job is None:
        messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
        return render(request, "campaigns/import.html", context)
    if not job.is_finished:
        context["analysis_job"] = job
        template = "campaigns/import.html#analysis" if request.htmx else "campaigns/import.html"
        return render(request, template, context)
    if request.htmx:  # finished while the page was polling: show the whole page with its outcome
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    analysis = analysis_read(token) if job.status == Job.Status.DONE else None
    if analysis is None:
        context["form"].add_error("upload", job.message or _("Không phân tích được tệp; hãy tải tệp lên lại."))
        return render(request, "campaigns/import.html", context)
    if analysis.file_error:
        context["form"].add_error("upload", analysis.file_error)
        return render(request, "campaigns/import.html", context)
    context["parsed"] = analysis
    if not analysis.errors and (_import_dir() / f"{token}.xlsx").exists():
        request.session[session_key] = token
        context["token"] = token
    return render(request, "campaigns/import.html", context)


def _import(request, kind, campaign=None):
    title, parse, write = IMPORT_KINDS[kind]
    args = (campaign,) if campaign else ()
    kwargs = {"campaign": campaign} if campaign else {}
    back = reverse("campaigns:detail", args=[campaign.pk]) if campaign else reverse("campaigns:list")
    context = {"title": title, "kind": kind, "campaign": campaign, "back": back, "form": forms.ImportForm()}
    session_key = f"campaign-import-{kind}-{campaign.pk if campaign else 0}"
    analysis_key = f"{session_key}-analysis"
    if request.method == "GET" and ANALYSIS_PARAM in request.GET:
        return _follow_analysis(request, context, request.GET[ANALYSIS_PARAM], session_key, analysis_key)
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        done = _import_dir() / f"{token}.done" if TOKEN.match(token) else None
        if done is not None and done.exists():  # a late second click: say what the first one did
            messages.info(
                request, _("Tệp này đã được nhập (%(n)s dòng); không ghi thêm lần nào.") % {"n": done.read_text()}
            )
            return redirect(back)
        if done is None or request.session.get(session_key) != token:
            messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
            return render(request, "campaigns/import.html", context)
        path = _import_dir() / f"{token}.xlsx"
        claimed = path.with_name(f"{token}.{uuid.uuid4().hex}.claimed")
        # The file is claimed by an atomic rename: of a double click or two tabs, one request
        # writes the rows, the other is told they are written (or being written), never twice.
        try:
            path.rename(claimed)
        except FileNotFoundError:
            request.session.pop(session_key, None)
            if done.exists():
                messages.info(
                    request, _("Tệp này đã được nhập (%(n)s dòng); không ghi thêm lần nào.") % {"n": done.read_text()}
                )
                return redirect(back)
            if any(_import_dir().glob(f"{token}.*.claimed")):
                messages.info(request, _("Tệp này đang được nhập; hãy chờ giây lát rồi tải lại trang."))
                return redirect(back)
            messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
            return render(request, "campaigns/import.html", context)
        # Not run_service: an unreadable spreadsheet is answered here too, and the session's token
        # is dropped whatever the outcome.
        try:
            count = write(data=claimed.read_bytes(), by=request.user, **kwargs)
        except (SpreadsheetError, DomainError) as exc:
            messages.error(request, str(exc))
            return render(request, "campaigns/import.html", context)
        finally:
            request.session.pop(session_key, None)
            claimed.unlink(missing_ok=True)
        (_import_dir() / f"{token}.done").write_text(str(count))
        messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": count})
        return redirect(back)
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data["upload"].read()
            try:
                if not inline_import(data):
                    check_xlsx(data)  # what needs no inflating is refused at once, not queued
                    return _start_analysis(request, kind, campaign, data, analysis_key)
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
    require(request, "campaigns.import_campaigns")
    return _import(request, "campaigns")


@login_required
def campaign_import(request, pk, kind):
    campaign = staff_campaign(request, pk)
    if kind not in ("participants", "registrations"):
        raise Http404
    return _import(request, kind, campaign)


@login_required
def campaign_export(request, pk):
    campaign = staff_campaign(request, pk)
    return bytes_response(participants_xlsx(campaign), filename=f"phong-trao-{campaign.pk}-don-vi.xlsx", kind="xlsx")


@login_required
def campaigns_export(request):
    require(request, "campaigns.import_campaigns")
    campaigns = campaigns_visible_to(request.user).select_related("host_unit").order_by("-start_date", "name")
    return bytes_response(campaigns_xlsx(campaigns), filename="phong-trao-thi-dua.xlsx", kind="xlsx")
