"""Screens of dossiers: the lists (units and staff), building and sending a dossier, appraisal (staff)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import forms, selectors, services
from awards.eligibility import duplicate_findings, evaluate
from awards.models import Dossier, Nomination, RecipientKind
from awards.views.helpers import require_rule
from awards.workdays import holidays_around, working_days_between
from thiduakt.selectors import search_filter
from thiduakt.services import DomainError

PAGE_SIZE = 50


def _dossier_or_404(request, pk) -> Dossier:
    return get_object_or_404(selectors.dossiers_visible_to(request.user), pk=pk)


def _nomination_or_404(request, pk) -> Nomination:
    return get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)


def _back(dossier: Dossier, anchor: str = ""):
    return redirect(reverse("awards:dossier_detail", args=[dossier.pk]) + anchor)


def _asked_of_officer(dossier: Dossier) -> str:
    """What the unit must do next, in a few words (the officer's list)."""
    if dossier.status == Dossier.Status.DRAFT:
        return _("Hoàn thiện và gửi hồ sơ")
    if dossier.status == Dossier.Status.RETURNED:
        return _("Bổ sung theo yêu cầu và gửi lại")
    if dossier.awaits_appraisal:
        return _("Chờ Sở Nội vụ thẩm định")
    return _("Không cần làm gì thêm")


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


@login_required
def dossier_list(request):
    """Officers: their unit's dossiers and what is asked of them. Staff: every dossier, with filters."""
    user = request.user
    require_rule("awards.use_dossiers", user)
    is_staff = user.is_department_staff
    form = forms.DossierFilterForm(request.GET or None, show_unit=is_staff)
    dossiers = selectors.with_nomination_counts(selectors.dossiers_visible_to(user))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            # The dossier's own text, or the name of one of its nominees.
            nominee_match = Nomination.objects.filter(dossier=OuterRef("pk")).filter(
                search_filter("search_text", data["q"])
            )
            dossiers = dossiers.filter(search_filter("search_text", data["q"]) | Q(Exists(nominee_match)))
        if data["status"]:
            dossiers = dossiers.filter(status=data["status"])
        if data["round_kind"]:
            dossiers = dossiers.filter(round_kind=data["round_kind"])
        if data["year"]:
            dossiers = dossiers.filter(year=data["year"])
        if data.get("unit"):
            dossiers = dossiers.filter(unit=data["unit"])
        if data["overdue"]:
            dossiers = dossiers.filter(
                status__in=[Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED], due_on__lt=timezone.localdate()
            )
    page = Paginator(dossiers.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for dossier in page:
        dossier.asked = _asked_of_officer(dossier)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/dossier_list.html",
        {"page": page, "form": form, "is_staff": is_staff, "query_string": query.urlencode()},
    )


@login_required
def queue(request):
    """Staff intake queue: dossiers waiting, overdue ones on top, with their working-day clock."""
    require_rule("awards.manage_appraisal", request.user)
    page = Paginator(selectors.intake_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    holidays = holidays_around(today, 400)
    for dossier in page:
        dossier.days_left = working_days_between(today, dossier.due_on, holidays) if dossier.due_on else None
        dossier.days_overdue = -dossier.days_left if dossier.days_left and dossier.days_left < 0 else 0
    return render(request, "awards/dossier_queue.html", {"page": page, "today": today})


# ---------------------------------------------------------------------------
# A dossier: create, edit, nominees, documents, submit
# ---------------------------------------------------------------------------


@login_required
def dossier_create(request):
    require_rule("awards.create_dossier", request.user)
    form = forms.DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create_draft(
                unit=request.user.unit,
                round_kind=form.cleaned_data["round_kind"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                by=request.user,
                nominees=[],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã tạo hồ sơ. Hãy ghi tờ trình, thêm đối tượng và tài liệu."))
            return _back(dossier)
    return render(request, "awards/dossier_form.html", {"form": form})


@login_required
def dossier_detail(request, pk):
    dossier = _dossier_or_404(request, pk)
    user = request.user
    nominations = list(
        dossier.nominations.select_related("award", "person", "unit").prefetch_related("attachments").order_by("id")
    )
    can_edit = rules.test_rule("awards.edit_dossier", user, dossier)
    context = {
        "dossier": dossier,
        "nominations": nominations,
        "dossier_attachments": dossier.attachments.filter(nomination__isnull=True),
        "events": dossier.events.select_related("by", "nomination").order_by("at", "id"),
        "can_edit": can_edit,
        "can_appraise": rules.test_rule("awards.appraise_dossier", user, dossier),
        "missing": services.dossier_missing(dossier) if dossier.is_editable else [],
        "edit_form": forms.DossierEditForm(instance=dossier) if can_edit else None,
        "nomination_form": forms.NominationAddForm(unit=dossier.unit) if can_edit else None,
        "attachment_form": forms.AttachmentForm(dossier=dossier) if can_edit else None,
        "return_form": forms.ReasonForm(),
    }
    return render(request, "awards/dossier_detail.html", context)


@login_required
@require_POST
def dossier_edit(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.edit_dossier", request.user, dossier)
    form = forms.DossierEditForm(request.POST, instance=dossier)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _back(dossier, "#letter")
    try:
        services.dossier_update(dossier=dossier, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu tờ trình và biên bản."))
    return _back(dossier, "#letter")


@login_required
def nomination_add(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.edit_dossier", request.user, dossier)
    form = forms.NominationAddForm(request.POST or None, unit=dossier.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"]
            if data["kind"] == RecipientKind.INDIVIDUAL and person is None:
                person = services.nominee_person_create(
                    full_name=data["new_full_name"],
                    gender=data["new_gender"],
                    birth_year=data["new_birth_year"],
                    position=data["new_position"],
                    unit=dossier.unit,
                    by=request.user,
                )
            services.nomination_add(
                dossier=dossier,
                kind=data["kind"],
                award=data["award"],
                by=request.user,
                person=person,
                unit=data["collective"],
                household_name=data["household_name"],
                summary=data["summary"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã thêm đối tượng đề nghị."))
            return _back(dossier, "#nominees")
    return render(request, "awards/nomination_form.html", {"form": form, "dossier": dossier})


@login_required
def nomination_detail(request, pk):
    nomination = _nomination_or_404(request, pk)
    user = request.user
    dossier = nomination.dossier
    context = {
        "nomination": nomination,
        "dossier": dossier,
        "attachments": nomination.attachments.all(),
        "records": (
            selectors.award_records_of(person=nomination.person)
            if nomination.person_id
            else selectors.award_records_of(unit=nomination.unit)
            if nomination.unit_id
            else []
        ),
        "comments": nomination.public_comments.all(),
        "events": nomination.events.select_related("by"),
        "can_edit": rules.test_rule("awards.edit_dossier", user, dossier),
        "edit_form": forms.NominationEditForm(
            initial={"summary": nomination.summary, "member_count": nomination.member_count}
        ),
        "is_staff": user.is_department_staff,
        "can_go_to_council": services.nomination_can_go_to_council(nomination),
    }
    if user.is_department_staff:
        context["eligibility"] = evaluate(nomination)
        context["duplicates"] = duplicate_findings(nomination)
    return render(request, "awards/nomination_detail.html", context)


@login_required
@require_POST
def nomination_edit(request, pk):
    nomination = _nomination_or_404(request, pk)
    require_rule("awards.edit_dossier", request.user, nomination.dossier)
    form = forms.NominationEditForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_update(
                nomination=nomination,
                by=request.user,
                summary=form.cleaned_data["summary"],
                member_count=form.cleaned_data["member_count"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu tóm tắt thành tích."))
    else:
        messages.error(request, _("Cần ghi tóm tắt thành tích."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_remove(request, pk):
    nomination = _nomination_or_404(request, pk)
    dossier = nomination.dossier
    require_rule("awards.edit_dossier", request.user, dossier)
    try:
        services.nomination_remove(nomination=nomination, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã bỏ đối tượng khỏi hồ sơ."))
    return _back(dossier, "#nominees")


@login_required
@require_POST
def attachment_upload(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.edit_dossier", request.user, dossier)
    form = forms.AttachmentForm(request.POST, request.FILES, dossier=dossier)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(dossier, "#documents")
    try:
        services.attachment_add(
            dossier=dossier,
            nomination=form.cleaned_data["nomination"],
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã tải lên tài liệu."))
    return _back(dossier, "#documents")


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    dossier = attachment.dossier
    require_rule("awards.edit_dossier", request.user, dossier)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xóa tài liệu."))
    return _back(dossier, "#documents")


@login_required
@require_POST
def dossier_submit(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.edit_dossier", request.user, dossier)
    try:
        services.dossier_submit(dossier=dossier, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi hồ sơ đến Sở Nội vụ."))
    return _back(dossier)


# ---------------------------------------------------------------------------
# Appraisal (staff)
# ---------------------------------------------------------------------------


@login_required
def dossier_appraise(request, pk):
    """The appraisal screen: per nominee, the automatic findings with evidence, duplicates, quota use."""
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.manage_appraisal", request.user)
    nominations = list(
        dossier.nominations.exclude(status=Nomination.Status.WITHDRAWN)
        .select_related("award", "person", "unit", "dossier")
        .prefetch_related("attachments")
        .order_by("id")
    )
    rows = [
        {"nomination": n, "eligibility": evaluate(n), "duplicates": duplicate_findings(n), "form": forms.AppraiseForm()}
        for n in nominations
    ]
    return render(
        request,
        "awards/dossier_appraise.html",
        {
            "dossier": dossier,
            "rows": rows,
            "can_appraise": rules.test_rule("awards.appraise_dossier", request.user, dossier),
            "return_form": forms.ReasonForm(),
        },
    )


@login_required
@require_POST
def dossier_complete(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.manage_appraisal", request.user)
    try:
        services.dossier_mark_complete(dossier=dossier, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xác nhận hồ sơ đủ thành phần; thời hạn thẩm định bắt đầu từ hôm nay."))
    return redirect("awards:dossier_appraise", pk=dossier.pk)


@login_required
@require_POST
def dossier_return(request, pk):
    dossier = _dossier_or_404(request, pk)
    require_rule("awards.manage_appraisal", request.user)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do trả lại hồ sơ."))
        return redirect("awards:dossier_appraise", pk=dossier.pk)
    try:
        services.dossier_return(dossier=dossier, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("awards:dossier_appraise", pk=dossier.pk)
    messages.success(request, _("Đã trả lại hồ sơ cho đơn vị."))
    return _back(dossier)


@login_required
@require_POST
def nomination_appraise(request, pk):
    nomination = _nomination_or_404(request, pk)
    require_rule("awards.manage_appraisal", request.user)
    form = forms.AppraiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.nomination_appraise(
                nomination=nomination,
                by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi kết quả thẩm định: %(name)s.") % {"name": nomination.nominee_name})
    return redirect(reverse("awards:dossier_appraise", args=[nomination.dossier_id]) + f"#n{nomination.pk}")


@login_required
@require_POST
def disclosure_open(request, pk):
    nomination = _nomination_or_404(request, pk)
    require_rule("awards.manage_appraisal", request.user)
    try:
        services.disclosure_open(nomination=nomination, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã công khai lấy ý kiến nhân dân."))
    return redirect("awards:nomination_detail", pk=nomination.pk)
