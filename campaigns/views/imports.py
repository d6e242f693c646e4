"""Spreadsheet imports (upload → preview → confirm) and exports of campaigns."""

import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, jobs, services
from campaigns.jobs import IMPORT_ANALYSE
from campaigns.resources import (
    FIELDS,
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
from thiduakt.imports import ColumnsForm, MissingColumns, template_save
from thiduakt.models import Job
from thiduakt.services import DomainError, job_create, job_request
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


def _start_analysis(request, kind, campaign, data, analysis_key, *, token=None, lines=None, saved=None):
    """A large upload: stored, analysed by a background job; the page follows it (progress, then the preview).

    ``token``: an upload already stored, read again with the columns ``lines`` the user chose.
    """
    token = token or preview_store(data)
    job_create(
        kind=IMPORT_ANALYSE,
        requested_by=request.user,
        params={
            "kind": kind,
            "campaign_id": campaign.pk if campaign else None,
            "token": token,
            "lines": lines,
            "saved": saved,
        },
    )
    request.session[analysis_key] = token
    return redirect(f"{request.path}?{ANALYSIS_PARAM}={token}")


def _offer_columns(request, context, kind, token, lines, remap_key, chosen=None):
    """The column step under the preview: the stored upload may be read again with other columns."""
    request.session[remap_key] = {"token": token, "lines": lines}
    context["columns_form"] = ColumnsForm(columns=FIELDS[kind], lines=lines, prefix="columns")
    context["remap_token"] = token
    if chosen is not None:
        request.session[f"{remap_key}-chosen"] = {"token": token, "lines": chosen}


def _chosen_lines(request, remap_key, token):
    """The columns the user chose for this stored upload (None: as proposed)."""
    chosen = request.session.get(f"{remap_key}-chosen")
    return chosen["lines"] if chosen and chosen.get("token") == token else None


def _follow_analysis(request, context, token, session_key, analysis_key, kind=""):
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
    stored = (_import_dir() / f"{token}.xlsx").exists()
    if analysis.columns and stored:
        _offer_columns(request, context, kind, token, analysis.columns, f"{session_key}-remap")
    if analysis.file_error:
        context["form"].add_error("upload", analysis.file_error)
        return render(request, "campaigns/import.html", context)
    context["parsed"] = analysis
    if not analysis.errors and stored:
        request.session[session_key] = token
        context["token"] = token
    return render(request, "campaigns/import.html", context)


def _import(request, kind, campaign=None):
    title, parse, write = IMPORT_KINDS[kind]
    args = (campaign,) if campaign else ()
    kwargs = {"campaign": campaign} if campaign else {}
    back = reverse("campaigns:detail", args=[campaign.pk]) if campaign else reverse("campaigns:list")
    form = forms.ImportForm(kind=FIELDS[kind].kind)
    context = {"title": title, "kind": kind, "campaign": campaign, "back": back, "form": form}
    session_key = f"campaign-import-{kind}-{campaign.pk if campaign else 0}"
    analysis_key = f"{session_key}-analysis"
    remap_key = f"{session_key}-remap"
    if request.method == "GET" and ANALYSIS_PARAM in request.GET:
        return _follow_analysis(request, context, request.GET[ANALYSIS_PARAM], session_key, analysis_key, kind)
    if request.method == "POST" and "remap" in request.POST:
        return _remap(request, context, kind, parse, args, campaign, session_key, analysis_key, remap_key)
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
            count = write(
                data=claimed.read_bytes(), by=request.user, lines=_chosen_lines(request, remap_key, token), **kwargs
            )
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
        form = forms.ImportForm(request.POST, request.FILES, kind=FIELDS[kind].kind)
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data["upload"].read()
            template = form.cleaned_data.get("template")
            saved = template.columns if template else None
            try:
                if not inline_import(data):
                    check_xlsx(data)  # what needs no inflating is refused at once, not queued
                    return _start_analysis(request, kind, campaign, data, analysis_key, saved=saved)
                parsed = parse(data, *args, saved=saved)
            except MissingColumns as exc:  # the file is read, but which column holds what is for the user to say
                form.add_error("upload", str(exc))
                _offer_columns(request, context, kind, _store_preview(data), exc.lines, remap_key)
                return render(request, "campaigns/import.html", context)
            except SpreadsheetError as exc:
                form.add_error("upload", str(exc))
                return render(request, "campaigns/import.html", context)
            context["parsed"] = parsed
            token = _store_preview(data)
            _offer_columns(request, context, kind, token, parsed.columns, remap_key)
            if not parsed.errors:
                request.session[session_key] = token
                context["token"] = token
    return render(request, "campaigns/import.html", context)


def _remap(request, context, kind, parse, args, campaign, session_key, analysis_key, remap_key):
    """Read the stored upload again with the columns the user chose (and maybe save them as a template)."""
    offered = request.session.get(remap_key) or {}
    token = request.POST.get("remap_token", "")
    path = _import_dir() / f"{token}.xlsx" if TOKEN.match(token) else None
    if not offered or offered.get("token") != token or path is None or not path.exists():
        messages.error(request, _("Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."))
        return render(request, "campaigns/import.html", context)
    columns_form = ColumnsForm(request.POST, columns=FIELDS[kind], lines=offered["lines"], prefix="columns")
    if not columns_form.is_valid():
        context["columns_form"], context["remap_token"] = columns_form, token
        return render(request, "campaigns/import.html", context)
    chosen = columns_form.cleaned_data["lines"]
    if name := columns_form.cleaned_data["save_as"]:
        try:
            template_save(columns=FIELDS[kind], name=name, lines=chosen, by=request.user)
        except ValueError as exc:
            columns_form.add_error("save_as", str(exc))
            context["columns_form"], context["remap_token"] = columns_form, token
            return render(request, "campaigns/import.html", context)
        messages.success(request, _("Đã lưu mẫu “%(n)s”.") % {"n": name})
    data = path.read_bytes()
    request.session.pop(session_key, None)  # a confirmation now needs the preview of these columns
    if not inline_import(data):
        request.session[f"{remap_key}-chosen"] = {"token": token, "lines": chosen}
        return _start_analysis(request, kind, campaign, data, analysis_key, token=token, lines=chosen)
    try:
        parsed = parse(data, *args, lines=chosen)
    except SpreadsheetError as exc:
        context["form"].add_error("upload", str(exc))
        _offer_columns(request, context, kind, token, chosen, remap_key, chosen)
        return render(request, "campaigns/import.html", context)
    context["parsed"] = parsed
    _offer_columns(request, context, kind, token, chosen, remap_key, chosen)
    if not parsed.errors:
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
@require_POST
def campaign_export(request, pk):
    """The participants' xlsx, asked for by POST: the file itself up to ``IN_REQUEST_MAX_PARTICIPANTS`` units,
    else a background job (one for repeated clicks) whose page follows its progress and gives the same file."""
    campaign = staff_campaign(request, pk)
    count = campaign.participants.count()
    if count <= jobs.IN_REQUEST_MAX_PARTICIPANTS:
        return bytes_response(participants_xlsx(campaign), filename=jobs.export_filename(campaign), kind="xlsx")
    job, created = job_request(kind=jobs.EXPORT_JOB, requested_by=request.user, params={"campaign_id": campaign.pk})
    if created:
        messages.info(
            request,
            _(
                "Phong trào có %(n)s đơn vị tham gia: tệp đang được lập trong nền; "
                "trang này cho biết tiến độ và nút tải về khi xong."
            )
            % {"n": number_format(count, force_grouping=True)},
        )
    else:
        messages.info(request, _("Tệp này đang được lập; mời theo dõi tiến độ."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
def campaigns_export(request):
    require(request, "campaigns.import_campaigns")
    campaigns = campaigns_visible_to(request.user).select_related("host_unit").order_by("-start_date", "name")
    return bytes_response(campaigns_xlsx(campaigns), filename="phong-trao-thi-dua.xlsx", kind="xlsx")
