"""Screens of the exemplars app: register, exemplar page, spread, honouring events, public gallery.

Each view: form → permission (``thiduakt.access.require``) → service (``run_service``) → redirect
with a message. What a user may not see or do is 404.
"""

from html import escape
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.selectors import award_records_of
from campaigns.models import ReviewProposal
from exemplars import forms, services
from exemplars.jobs import HONOURS_PDF
from exemplars.models import (
    PATH,
    PUBLISHABLE_STAGES,
    UNIT_EDITABLE_STAGES,
    EventDocument,
    Exemplar,
    ExemplarFile,
    Field,
    FosteringAction,
    Honour,
    HonouringEvent,
    Replication,
    Stage,
    StageEvent,
)
from exemplars.selectors import (
    HONOURS_HEADERS,
    event_honours,
    events_listed,
    exemplars_filtered,
    exemplars_published,
    exemplars_visible_to,
    honours_file_name,
    honours_rows,
    spread,
)
from thiduakt.access import require, run_service
from thiduakt.downloads import bytes_response, private_file_response
from thiduakt.services import job_request
from thiduakt.spreadsheets import write_xlsx
from thiduakt.uploads import thumbnail_bytes

PAGE_SIZE = 50


def _exemplar_or_404(request, pk) -> Exemplar:
    # The person and the collective are read apart: joined to the few exemplars, the planner (whose statistics
    # of this small table lag behind) walked the whole person index for an exemplar of a person added lately.
    return get_object_or_404(exemplars_visible_to(request.user).prefetch_related("person", "collective"), pk=pk)


def _back(exemplar):
    return redirect("exemplars:detail", pk=exemplar.pk)


# ---------------------------------------------------------------------------
# Register and exemplar page
# ---------------------------------------------------------------------------


@login_required
def exemplar_list(request):
    require(request, "exemplars.read_register")
    filter_form = forms.FilterForm(request.GET or None, user=request.user)
    filters = filter_form.values() if request.GET else {}
    exemplars = exemplars_filtered(exemplars_visible_to(request.user), filters=filters)
    page = Paginator(exemplars, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    return render(
        request,
        "exemplars/exemplar_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "query_string": query_string,
            "stages": Stage,
            "can_add": request.user.has_perm("exemplars.create_exemplar"),
            "can_spread": request.user.has_perm("exemplars.read_spread"),
            "can_events": request.user.has_perm("exemplars.read_events"),
        },
    )


@login_required
def exemplar_create(request):
    require(request, "exemplars.create_exemplar")
    form = forms.ExemplarCreateForm(request.POST or None, user=request.user)
    if request.method == "GET" and request.GET.get("de-xuat"):
        form.start_from(_review_proposal_or_404(request, request.GET["de-xuat"]))
    if request.method == "POST" and form.is_valid():
        ok, exemplar = run_service(
            request,
            services.exemplar_create,
            success=_("Đã ghi nhận điển hình vào sổ theo dõi."),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return _back(exemplar)
    return render(request, "exemplars/exemplar_form.html", {"form": form, "exemplar": None})


def _review_proposal_or_404(request, pk):
    """An exemplar proposed at a campaign review, by a unit this user may record exemplars for."""
    proposals = ReviewProposal.objects.filter(is_exemplar=True, unit__in=forms.units_for(request.user))
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(proposals.select_related("review__campaign", "person", "nominee_unit"), pk=pk)


@login_required
def exemplar_detail(request, pk):
    exemplar = _exemplar_or_404(request, pk)
    user = request.user
    events = StageEvent.objects.filter(exemplar=exemplar).select_related("by")
    can_move = user.has_perm("exemplars.move_exemplar", exemplar)
    can_change = user.has_perm("exemplars.edit_exemplar", exemplar)
    steps = []
    for index, stage in enumerate(PATH):
        reached = next((e for e in events if e.to_status == stage), None)
        steps.append(
            {
                "stage": stage,
                "label": stage.label,
                "done": exemplar.path_position >= index,
                "current": exemplar.stage == stage,
                "event": reached,
            }
        )
    context = {
        "exemplar": exemplar,
        # Cleaned again when shown: a story edited in the admin is made safe too.
        "story_html": mark_safe(services.story_clean(exemplar.story)),  # noqa: S308 - sanitised by nh3
        "steps": steps,
        "events": events,
        "fostering": exemplar.fostering_actions.select_related("responsible_unit"),
        "replications": exemplar.replications.select_related("adopting_unit"),
        "files": exemplar.files.all(),
        "honours": Honour.objects.filter(exemplar=exemplar).select_related("event"),
        "award_records": _award_records(exemplar),
        "proposals": _proposals(exemplar),
        "can_change": can_change,
        "can_move": can_move,
        "can_publish": user.has_perm("exemplars.publish_exemplar", exemplar),
        "can_propose": user.has_perm("exemplars.propose_award", exemplar),
        "next_stage": _next_stage(exemplar),
        "before_review": exemplar.stage in UNIT_EDITABLE_STAGES,
        "after_review": exemplar.stage in PUBLISHABLE_STAGES,
        "move_form": forms.MoveForm(
            initial={"to": _next_stage(exemplar), "reviewed_on": timezone.localdate()}, exemplar=exemplar
        ),
        "drop_form": forms.DropForm(),
        "publish_form": forms.PublishForm(exemplar=exemplar),
        "unpublish_form": forms.UnpublishForm(),
        "fostering_form": forms.FosteringForm(
            initial={"date": timezone.localdate(), "responsible_unit": exemplar.unit_id}, exemplar=exemplar
        ),
        "replication_form": forms.ReplicationForm(initial={"adopted_on": timezone.localdate()}, exemplar=exemplar),
        "file_form": forms.FileForm(),
        "proposal_form": forms.AwardProposalForm(exemplar=exemplar),
        "stages": Stage,
    }
    return render(request, "exemplars/exemplar_detail.html", context)


def _next_stage(exemplar) -> str:
    position = exemplar.path_position
    if 0 <= position < len(PATH) - 1:
        return PATH[position + 1]
    return ""


def _award_records(exemplar):
    if exemplar.person_id:
        return list(award_records_of(person=exemplar.person))
    if exemplar.collective_id:
        return list(award_records_of(unit=exemplar.collective))
    return []


def _proposals(exemplar):
    return list(exemplar.award_proposals.select_related("award", "proposed_by"))


@login_required
@require_POST
def propose_award(request, pk):
    exemplar = _exemplar_or_404(request, pk)
    return _post_action(
        request,
        pk,
        "exemplars.propose_award",
        forms.AwardProposalForm,
        lambda ex, d: services.award_proposal_create(exemplar=ex, by=request.user, **d),
        _("Đã mở hồ sơ đề nghị khen thưởng (dự thảo) cho đơn vị; đơn vị hoàn thiện và gửi hồ sơ."),
        exemplar=exemplar,
    )


@login_required
def exemplar_update(request, pk):
    exemplar = _exemplar_or_404(request, pk)
    require(request, "exemplars.edit_exemplar", exemplar)
    form = forms.ExemplarUpdateForm(request.POST or None, instance=Exemplar.objects.get(pk=exemplar.pk))
    if request.method == "POST" and form.is_valid():
        run_service(
            request,
            services.exemplar_update,
            success=_("Đã lưu thay đổi."),
            exemplar=exemplar,
            by=request.user,
            data=form.cleaned_data,
        )
        return _back(exemplar)
    return render(request, "exemplars/exemplar_form.html", {"form": form, "exemplar": exemplar})


def _form_errors_to_messages(request, form) -> None:
    """The errors of a form posted from a page that shows no form of its own, as messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _post_action(request, pk, perm, form_class, action, success, **form_kwargs):
    """The common shape of an action on an exemplar: 404 unless visible and allowed, then the service."""
    exemplar = _exemplar_or_404(request, pk)
    require(request, perm, exemplar)
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        run_service(request, lambda: action(exemplar, form.cleaned_data), success=success)
    else:
        _form_errors_to_messages(request, form)
    return _back(exemplar)


MOVES = {
    Stage.FOSTERED: lambda ex, by, d: services.exemplar_foster(exemplar=ex, by=by, reason=d["reason"]),
    Stage.REVIEWED: lambda ex, by, d: services.exemplar_review(
        exemplar=ex,
        by=by,
        reason=d["reason"],
        review_text=d.get("review_text") or "",
        reviewed_on=d.get("reviewed_on") or timezone.localdate(),
    ),
    Stage.REPLICATED: lambda ex, by, d: services.exemplar_replicate(exemplar=ex, by=by, reason=d["reason"]),
}


@login_required
@require_POST
def exemplar_move(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.move_exemplar",
        forms.MoveForm,
        lambda ex, d: MOVES[d["to"]](ex, request.user, d),
        _("Đã chuyển bước."),
        exemplar=_exemplar_or_404(request, pk),
    )


@login_required
@require_POST
def exemplar_drop(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.move_exemplar",
        forms.DropForm,
        lambda ex, d: services.exemplar_drop(exemplar=ex, by=request.user, reason=d["reason"]),
        _("Đã dừng theo dõi điển hình."),
    )


@login_required
@require_POST
def exemplar_publish(request, pk):
    exemplar = _exemplar_or_404(request, pk)
    return _post_action(
        request,
        pk,
        "exemplars.publish_exemplar",
        forms.PublishForm,
        lambda ex, d: services.exemplar_publish(
            exemplar=ex, by=request.user, public_summary=d["public_summary"], photo_ids=[p.pk for p in d["photos"]]
        ),
        _("Đã công bố điển hình trên trang công khai."),
        exemplar=exemplar,
    )


@login_required
@require_POST
def exemplar_unpublish(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.publish_exemplar",
        forms.UnpublishForm,
        lambda ex, d: services.exemplar_unpublish(exemplar=ex, by=request.user, reason=d["reason"]),
        _("Đã thôi công bố."),
    )


@login_required
@require_POST
def fostering_add(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.edit_exemplar",
        forms.FosteringForm,
        lambda ex, d: services.fostering_action_add(exemplar=ex, by=request.user, **d),
        _("Đã ghi hoạt động bồi dưỡng."),
        exemplar=_exemplar_or_404(request, pk),
    )


@login_required
@require_POST
def replication_add(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.move_exemplar",
        forms.ReplicationForm,
        lambda ex, d: services.replication_add(exemplar=ex, by=request.user, **d),
        _("Đã ghi đơn vị nhân rộng."),
        exemplar=_exemplar_or_404(request, pk),
    )


def _cancel_page(request, *, exemplar, perm, record_text, service, success, title):
    """A confirmation page that asks why a record made by mistake is removed, then removes it."""
    require(request, perm, exemplar)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok = run_service(request, lambda: service(form.cleaned_data["reason"]), success=success, form=form)[0]
        if ok:
            return _back(exemplar)
    return render(
        request,
        "exemplars/cancel_confirm.html",
        {"exemplar": exemplar, "form": form, "title": title, "record_text": record_text},
    )


@login_required
def fostering_cancel(request, pk, action_pk):
    exemplar = _exemplar_or_404(request, pk)
    action = get_object_or_404(
        FosteringAction.objects.select_related("responsible_unit"), pk=action_pk, exemplar=exemplar
    )
    return _cancel_page(
        request,
        exemplar=exemplar,
        perm="exemplars.edit_exemplar",
        record_text=f"{action.date:%d/%m/%Y} · {action.responsible_unit} · {action.description}",
        service=lambda reason: services.fostering_action_cancel(action=action, by=request.user, reason=reason),
        success=_("Đã hủy hoạt động bồi dưỡng ghi nhầm."),
        title=_("Hủy hoạt động bồi dưỡng"),
    )


@login_required
def replication_cancel(request, pk, replication_pk):
    exemplar = _exemplar_or_404(request, pk)
    replication = get_object_or_404(
        Replication.objects.select_related("adopting_unit"), pk=replication_pk, exemplar=exemplar
    )
    return _cancel_page(
        request,
        exemplar=exemplar,
        perm="exemplars.move_exemplar",
        record_text=f"{replication.adopting_unit} · {replication.adopted_on:%d/%m/%Y} · {replication.results}",
        service=lambda reason: services.replication_cancel(replication=replication, by=request.user, reason=reason),
        success=_("Đã hủy bản ghi nhân rộng ghi nhầm."),
        title=_("Hủy bản ghi nhân rộng"),
    )


@login_required
@require_POST
def file_upload(request, pk):
    return _post_action(
        request,
        pk,
        "exemplars.edit_exemplar",
        forms.FileForm,
        lambda ex, d: services.exemplar_file_add(
            exemplar=ex, by=request.user, upload=d["file"], kind=d["kind"], caption=d["caption"]
        ),
        _("Đã tải tệp lên."),
    )


def _visible_file_or_404(request, file_pk) -> ExemplarFile:
    return get_object_or_404(ExemplarFile.objects.filter(exemplar__in=exemplars_visible_to(request.user)), pk=file_pk)


@login_required
def file_download(request, file_pk):
    stored = _visible_file_or_404(request, file_pk)
    return _file_response(stored)


@login_required
def file_thumbnail(request, file_pk):
    stored = _visible_file_or_404(request, file_pk)
    return _thumbnail_response(stored)


def _file_response(stored):
    """A photo or document, always as an attachment (the page shows photos through their thumbnail)."""
    return private_file_response(stored.file, filename=stored.original_name, content_type=stored.content_type)


def _thumbnail_response(stored):
    """A JPEG re-encoded here from a checked image, so it may be shown in the page."""
    if not stored.is_image or not stored.file:
        raise Http404
    try:
        with stored.file.storage.open(stored.file.name, "rb") as handle:
            data = thumbnail_bytes(handle.read())
    except FileNotFoundError as exc:
        raise Http404 from exc
    stem = stored.original_name.rsplit(".", 1)[0]
    return bytes_response(data, filename=f"{stem}.jpg", kind="jpg", inline=True, max_age=3600)


# ---------------------------------------------------------------------------
# Spread
# ---------------------------------------------------------------------------

BAR_HEIGHT = 22
LABEL_WIDTH = 260
CHART_WIDTH = 720


def _bars(rows, title: str) -> dict:
    """A horizontal bar chart as inline SVG (no style attributes: CSP), written here rather than by a template
    loop: the chart by area has a bar for each of a province's 900 units. Labels are escaped and cut at 42
    characters ("…" included), as ``truncatechars`` does."""
    largest = max((r["value"] for r in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    height = max(len(rows) * (BAR_HEIGHT + 6), BAR_HEIGHT)
    title = escape(title)
    parts = [
        f'<svg class="w-100 mb-2" viewBox="0 0 {CHART_WIDTH} {height}" role="img" aria-label="{title}" '
        f'data-testid="chart">\n  <title>{title}</title>'
    ]
    for index, r in enumerate(rows):
        width = round(span * r["value"] / largest) if r["value"] else 0
        y = index * (BAR_HEIGHT + 6)
        label = r["label"] if len(r["label"]) <= 42 else r["label"][:41] + "…"
        kind, shown = ("chart-bar-alt", 3) if r["zero"] else ("chart-bar", width)
        parts.append(
            f'  <g><text class="chart-label" x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 6}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="{kind}" x="{LABEL_WIDTH}" y="{y}" width="{shown}" height="{BAR_HEIGHT}"></rect>'
            f'<text class="chart-label" x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT - 6}">'
            f"{int(r['value'])}</text></g>"
        )
    parts.append("</svg>")
    return {"svg": mark_safe("\n".join(parts)), "bars": len(rows), "height": height}  # noqa: S308 -- escaped above


@login_required
def spread_view(request):
    require(request, "exemplars.read_spread")
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    include_dropped = request.GET.get("dropped") == "1"
    data = spread(year=year, include_dropped=include_dropped)
    field_chart = _bars(
        [{"label": f.name, "value": f.total, "zero": f.total == 0} for f in data["by_field"]],
        _("Số điển hình theo lĩnh vực"),
    )
    area_chart = _bars(
        [
            {"label": r["unit"]["short_name"] or r["unit"]["name"], "value": r["total"], "zero": r["total"] == 0}
            for r in data["by_area"]
        ],
        _("Số điển hình theo địa bàn, đơn vị"),
    )
    return render(
        request,
        "exemplars/exemplar_spread.html",
        {
            **data,
            "field_chart": field_chart,
            "area_chart": area_chart,
            "chart_width": CHART_WIDTH,
            "year": year,
            "include_dropped": include_dropped,
        },
    )


# ---------------------------------------------------------------------------
# Honouring events
# ---------------------------------------------------------------------------


def _event_or_404(request, pk) -> HonouringEvent:
    require(request, "exemplars.read_events")
    return get_object_or_404(HonouringEvent.objects.select_related("organiser"), pk=pk)


@login_required
def event_list(request):
    require(request, "exemplars.read_events")
    page = Paginator(events_listed(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exemplars/honouringevent_list.html",
        {"page": page, "can_manage": request.user.has_perm("exemplars.manage_events")},
    )


@login_required
def event_create(request):
    require(request, "exemplars.manage_events")
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, event = run_service(
            request,
            services.honouring_event_create,
            success=_("Đã tạo sự kiện biểu dương, tôn vinh."),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("exemplars:event_detail", pk=event.pk)
    return render(request, "exemplars/honouringevent_form.html", {"form": form})


@login_required
def event_detail(request, pk):
    event = _event_or_404(request, pk)
    return render(
        request,
        "exemplars/honouringevent_detail.html",
        {
            "event": event,
            "honours": event_honours(event),
            "documents": event.documents.all(),
            "can_manage": request.user.has_perm("exemplars.manage_events"),
            "honour_form": forms.HonourForm(event=event),
            "document_form": forms.EventDocumentForm(),
        },
    )


def _event_action(request, pk, form_class, action, success, **form_kwargs):
    event = _event_or_404(request, pk)
    require(request, "exemplars.manage_events")
    if form_class is forms.HonourForm:
        form_kwargs["event"] = event
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        run_service(request, lambda: action(event, form.cleaned_data), success=success)
    else:
        _form_errors_to_messages(request, form)
    return redirect("exemplars:event_detail", pk=event.pk)


@login_required
@require_POST
def event_honour_add(request, pk):
    return _event_action(
        request,
        pk,
        forms.HonourForm,
        lambda ev, d: services.honour_add(event=ev, exemplar=d["exemplar"], by=request.user, citation=d["citation"]),
        _("Đã thêm điển hình vào danh sách biểu dương."),
    )


@login_required
@require_POST
def event_honour_remove(request, pk, honour_pk):
    event = _event_or_404(request, pk)
    require(request, "exemplars.manage_events")
    honour = get_object_or_404(Honour.objects.select_related("exemplar", "event"), pk=honour_pk, event=event)
    run_service(
        request, services.honour_remove, success=_("Đã rút điển hình khỏi danh sách."), honour=honour, by=request.user
    )
    return redirect("exemplars:event_detail", pk=event.pk)


@login_required
@require_POST
def event_document_upload(request, pk):
    return _event_action(
        request,
        pk,
        forms.EventDocumentForm,
        lambda ev, d: services.event_document_add(event=ev, by=request.user, upload=d["file"], caption=d["caption"]),
        _("Đã tải tài liệu lên."),
    )


@login_required
def event_document_download(request, pk, document_pk):
    event = _event_or_404(request, pk)
    document = get_object_or_404(EventDocument, pk=document_pk, event=event)
    return _file_response(document)


@login_required
def event_export_xlsx(request, pk):
    event = _event_or_404(request, pk)
    data = write_xlsx(HONOURS_HEADERS, honours_rows(event), title="Danh sách biểu dương")
    return bytes_response(data, filename=honours_file_name(event, "xlsx"), kind="xlsx")


@login_required
@require_POST
def event_export_pdf(request, pk):
    """Start (or follow) the background job that lays out the honours list as PDF; the file comes from the job page."""
    event = _event_or_404(request, pk)
    job, created = job_request(kind=HONOURS_PDF, requested_by=request.user, params={"event_id": event.pk})
    messages.info(
        request,
        _("Đã nhận yêu cầu; tệp PDF đang được lập trong nền.")
        if created
        else _("Tệp PDF này đang được lập; mời theo dõi tiến độ."),
    )
    return redirect("job_detail", public_id=job.public_id)


# ---------------------------------------------------------------------------
# Public gallery (anonymous): published exemplars only, and only what was approved
# ---------------------------------------------------------------------------


def _public_photos():
    return Prefetch(
        "files",
        queryset=ExemplarFile.objects.filter(kind=ExemplarFile.FileKind.PHOTO, is_public=True),
        to_attr="public_photos",
    )


def gallery(request):
    exemplars = exemplars_published().prefetch_related(_public_photos())
    field = request.GET.get("field")
    if field and field.isdigit():
        exemplars = exemplars.filter(field_id=int(field))
    page = Paginator(exemplars, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "exemplars/gallery.html",
        {
            "page": page,
            "fields": Field.objects.filter(is_active=True),
            "field": field,
            "query_string": f"field={field}" if field and field.isdigit() else "",
        },
    )


def gallery_detail(request, pk):
    exemplar = get_object_or_404(exemplars_published().prefetch_related(_public_photos()), pk=pk)
    return render(request, "exemplars/gallery_detail.html", {"exemplar": exemplar})


def gallery_photo(request, file_pk):
    stored = get_object_or_404(
        ExemplarFile.objects.filter(
            kind=ExemplarFile.FileKind.PHOTO, is_public=True, exemplar__in=exemplars_published()
        ),
        pk=file_pk,
    )
    return _thumbnail_response(stored)
