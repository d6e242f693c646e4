"""Screens of dossiers: the lists (units and staff), building and sending a dossier, appraisal (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import forms, selectors, services
from awards.eligibility import duplicate_findings, duplicate_findings_many, evaluate, evaluate_many
from awards.models import Dossier, Nomination, RecipientKind
from awards.workdays import holidays_around, working_days_between
from thiduakt.access import require, run_service
from thiduakt.downloads import private_file_response
from thiduakt.kept_pages import kept_page
from thiduakt.keyset import AFTER, BEFORE, keyset_page
from thiduakt.links import pk_url
from thiduakt.rows import badge, day, esc, row

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
@kept_page  # reloaded all day by staff: kept whole until a write of what it shows (thiduakt.kept_pages)
def dossier_list(request):
    """Officers: their unit's dossiers and what is asked of them. Staff: every dossier, with filters."""
    user = request.user
    require(user, "awards.use_dossiers")
    # Who sees every unit's dossiers (as dossiers_visible_to says) gets the unit filter; no permission
    # lookup here, which would cost an officer's list two queries of Django's model permissions.
    is_staff = user.is_department_staff or user.is_superuser
    form = forms.DossierFilterForm(request.GET or None, show_unit=is_staff)
    # What a row shows: the dossier, its unit and its counts (not who created it, nor its long texts).
    shown = selectors.with_nomination_counts(
        selectors.dossiers_visible_to(user)
        .select_related(None)
        .select_related("unit")
        .defer("return_reason", "late_acceptance_reason", "origin_note", "deadline_basis", "search_text")
    )
    dossiers = selectors.dossiers_visible_to(user).select_related(None)  # what is searched and counted
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            dossiers = dossiers.filter(pk__in=selectors.dossier_ids_matching(data["q"]))
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
    # Keyset pages (by the last row's update time and id) and a capped count, whatever the number of dossiers.
    page = keyset_page(dossiers, ["-updated_at", "-id"], request.GET, size=PAGE_SIZE, fetch=shown)
    url, rounds = pk_url("awards:dossier_detail"), {value: esc(label) for value, label in Dossier.RoundKind.choices}
    letter, rows = esc(_("Tờ trình")), []
    for dossier in page:
        asked = esc(_asked_of_officer(dossier))
        if dossier.status == Dossier.Status.RETURNED:
            asked = f'<span class="text-warning-emphasis"><i class="bi bi-exclamation-triangle"></i> {asked}</span>'
        number = f" · {letter} {esc(dossier.letter_number)}" if dossier.letter_number else ""
        unit = f"<td>{esc(dossier.unit.short_name or dossier.unit.name)}</td>" if is_staff else ""
        rows.append(
            row(
                f'<tr><td><a href="{url(dossier.pk)}">{esc(dossier)}</a><div class="small text-body-secondary">'
                f"{rounds.get(dossier.round_kind, esc(dossier.round_kind))}{number}</div></td>{unit}"
                f"<td>{dossier.year}</td><td>{dossier.nominee_count}</td>"
                f'<td>{badge(dossier, testid="dossier-status")}</td><td class="small">{asked}</td>'
                f'<td class="text-nowrap small">{day(dossier.updated_at)}</td></tr>'
            )
        )
    query = request.GET.copy()
    for name in ("page", AFTER, BEFORE):
        query.pop(name, None)
    return render(
        request,
        "awards/dossier_list.html",
        {"page": page, "rows": rows, "form": form, "is_staff": is_staff, "query_string": query.urlencode()},
    )


@login_required
def queue(request):
    """Staff intake queue: dossiers waiting, overdue ones on top, with their working-day clock."""
    require(request, "awards.manage_appraisal")
    page = Paginator(selectors.intake_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    holidays = holidays_around(today, 400)
    url = pk_url("awards:dossier_appraise")
    steps = {True: esc(_("Thẩm định")), False: esc(_("Kiểm tra thành phần"))}
    rows = []
    for dossier in page:
        days_left = working_days_between(today, dossier.due_on, holidays) if dossier.due_on else None
        if dossier.overdue:
            overdue = -days_left if days_left and days_left < 0 else 0
            late = esc(_("Quá hạn %(n)s ngày làm việc") % {"n": overdue})
            tr, clock = '<tr class="table-danger">', f'<span class="badge text-bg-danger">{late}</span>'
        else:
            tr, clock = "<tr>", "" if days_left is None else esc(_("%(n)s ngày làm việc") % {"n": days_left})
        unit = dossier.unit
        rows.append(
            row(
                f'{tr}<td><a href="{url(dossier.pk)}">{esc(dossier)}</a> {badge(dossier, testid="dossier-status")}</td>'
                f"<td>{esc(unit.short_name or unit.name)}</td>"
                f"<td>{dossier.proposed_count}/{dossier.nominee_count}</td>"
                f'<td class="text-nowrap">{day(dossier.received_on)}</td>'
                f'<td class="small">{steps[bool(dossier.complete_on)]}</td>'
                f'<td class="text-nowrap">{day(dossier.due_on)}</td>'
                f'<td class="text-nowrap" data-testid="days-left">{clock}</td></tr>'
            )
        )
    return render(request, "awards/dossier_queue.html", {"page": page, "rows": rows, "today": today})


# ---------------------------------------------------------------------------
# A dossier: create, edit, nominees, documents, submit
# ---------------------------------------------------------------------------


@login_required
def dossier_create(request):
    require(request, "awards.create_dossier")
    form = forms.DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, dossier = run_service(
            request,
            services.dossier_create_draft,
            success=_("Đã tạo hồ sơ. Hãy ghi tờ trình, thêm đối tượng và tài liệu."),
            unit=request.user.unit,
            round_kind=form.cleaned_data["round_kind"],
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            by=request.user,
            nominees=[],
        )
        if ok:
            return _back(dossier)
    return render(request, "awards/dossier_form.html", {"form": form})


@login_required
def dossier_detail(request, pk):
    dossier = _dossier_or_404(request, pk)
    user = request.user
    nominations = list(
        dossier.nominations.select_related("award", "person", "unit").prefetch_related("attachments").order_by("id")
    )
    can_edit = user.has_perm("awards.edit_dossier", dossier)
    if dossier.is_editable:
        # Before sending, each nominee's verdict and quota use, as staff will see them.
        previews = evaluate_many(nominations)
        for nomination in nominations:
            nomination.preview = previews[nomination.pk]
    context = {
        "dossier": dossier,
        "nominations": nominations,
        "dossier_attachments": dossier.attachments.filter(nomination__isnull=True),
        "events": dossier.events.select_related("by", "nomination").order_by("at", "id"),
        "can_edit": can_edit,
        "can_appraise": user.has_perm("awards.appraise_dossier", dossier),
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
    require(request, "awards.edit_dossier", dossier)
    form = forms.DossierEditForm(request.POST, instance=dossier)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _back(dossier, "#letter")
    run_service(
        request,
        services.dossier_update,
        success=_("Đã lưu tờ trình và biên bản."),
        dossier=dossier,
        by=request.user,
        **form.cleaned_data,
    )
    return _back(dossier, "#letter")


@login_required
def nomination_add(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.edit_dossier", dossier)
    staff = request.user.has_perm("awards.manage_appraisal")
    form = forms.NominationAddForm(request.POST or None, unit=dossier.unit, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        @transaction.atomic  # a new person is kept only with the nomination that needs them
        def add_nominee():
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
            return services.nomination_add(
                dossier=dossier,
                kind=data["kind"],
                award=data["award"],
                by=request.user,
                person=person,
                unit=data["collective"],
                household_name=data["household_name"],
                summary=data["summary"],
                quota_reason=data.get("quota_reason", ""),
            )

        ok, _nomination = run_service(request, add_nominee, success=_("Đã thêm đối tượng đề nghị."), form=form)
        if ok:
            return _back(dossier, "#nominees")
    return render(request, "awards/nomination_form.html", {"form": form, "dossier": dossier})


@login_required
def nomination_detail(request, pk):
    nomination = _nomination_or_404(request, pk)
    user = request.user
    dossier = nomination.dossier
    is_staff = user.has_perm("awards.manage_appraisal")
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
        "can_edit": user.has_perm("awards.edit_dossier", dossier),
        "edit_form": forms.NominationEditForm(
            initial={"summary": nomination.summary, "member_count": nomination.member_count}
        ),
        "is_staff": is_staff,
        "can_go_to_council": services.nomination_can_go_to_council(nomination),
    }
    # The unit's officer sees the same findings as staff before sending (quotas included), not only after a return;
    # possible duplicates name other units' dossiers, so they stay with staff.
    context["eligibility"] = evaluate(nomination)
    if is_staff:
        context["duplicates"] = duplicate_findings(nomination)
    return render(request, "awards/nomination_detail.html", context)


@login_required
@require_POST
def nomination_edit(request, pk):
    nomination = _nomination_or_404(request, pk)
    require(request, "awards.edit_dossier", nomination.dossier)
    form = forms.NominationEditForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.nomination_update,
            success=_("Đã lưu tóm tắt thành tích."),
            nomination=nomination,
            by=request.user,
            summary=form.cleaned_data["summary"],
            member_count=form.cleaned_data["member_count"],
        )
    else:
        messages.error(request, _("Cần ghi tóm tắt thành tích."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_remove(request, pk):
    nomination = _nomination_or_404(request, pk)
    dossier = nomination.dossier
    require(request, "awards.edit_dossier", dossier)
    run_service(
        request,
        services.nomination_remove,
        success=_("Đã bỏ đối tượng khỏi hồ sơ."),
        nomination=nomination,
        by=request.user,
    )
    return _back(dossier, "#nominees")


@login_required
@require_POST
def attachment_upload(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.edit_dossier", dossier)
    form = forms.AttachmentForm(request.POST, request.FILES, dossier=dossier)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(dossier, "#documents")
    run_service(
        request,
        services.attachment_add,
        success=_("Đã tải lên tài liệu."),
        dossier=dossier,
        nomination=form.cleaned_data["nomination"],
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
        by=request.user,
    )
    return _back(dossier, "#documents")


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    dossier = attachment.dossier
    require(request, "awards.edit_dossier", dossier)
    run_service(
        request, services.attachment_remove, success=_("Đã xóa tài liệu."), attachment=attachment, by=request.user
    )
    return _back(dossier, "#documents")


@login_required
@require_POST
def dossier_submit(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.edit_dossier", dossier)
    ok, sent = run_service(
        request, services.dossier_submit, success=_("Đã gửi hồ sơ đến Sở Nội vụ."), dossier=dossier, by=request.user
    )
    if ok and sent.submitted_late:
        messages.warning(
            request,
            _("%(late)s Sở Nội vụ chỉ thẩm định khi chấp nhận hồ sơ nộp muộn, có ghi lý do.")
            % {"late": sent.late_message},
        )
    return _back(dossier)


# ---------------------------------------------------------------------------
# Appraisal (staff)
# ---------------------------------------------------------------------------


@login_required
def dossier_appraise(request, pk):
    """The appraisal screen: per nominee, the automatic findings with evidence, duplicates, quota use."""
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    nominations = list(
        dossier.nominations.exclude(status=Nomination.Status.WITHDRAWN)
        .select_related("award", "person", "unit", "dossier")
        .prefetch_related("attachments")
        .order_by("id")
    )
    # Every nominee's findings and duplicates read at once (a dossier of a district may hold a hundred).
    findings, duplicates = evaluate_many(nominations), duplicate_findings_many(nominations)
    rows = [{"nomination": n, "eligibility": findings[n.pk], "duplicates": duplicates[n.pk]} for n in nominations]
    return render(
        request,
        "awards/dossier_appraise.html",
        {
            "dossier": dossier,
            "rows": rows,
            "can_appraise": request.user.has_perm("awards.appraise_dossier", dossier),
            "return_form": forms.ReasonForm(),
            "override_min_length": services.OVERRIDE_MIN_LENGTH,
        },
    )


@login_required
@require_POST
def dossier_complete(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    run_service(
        request,
        services.dossier_mark_complete,
        success=_("Đã xác nhận hồ sơ đủ thành phần; thời hạn thẩm định bắt đầu từ hôm nay."),
        dossier=dossier,
        by=request.user,
    )
    return redirect("awards:dossier_appraise", pk=dossier.pk)


@login_required
@require_POST
def dossier_accept_late(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do chấp nhận hồ sơ nộp muộn."))
        return redirect("awards:dossier_appraise", pk=dossier.pk)
    run_service(
        request,
        services.dossier_accept_late,
        success=_("Đã chấp nhận hồ sơ nộp muộn; lý do được ghi vào lịch sử xử lý."),
        dossier=dossier,
        by=request.user,
        reason=form.cleaned_data["reason"],
    )
    return redirect("awards:dossier_appraise", pk=dossier.pk)


@login_required
@require_POST
def dossier_return(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do trả lại hồ sơ."))
        return redirect("awards:dossier_appraise", pk=dossier.pk)
    ok, _returned = run_service(
        request,
        services.dossier_return,
        success=_("Đã trả lại hồ sơ cho đơn vị."),
        dossier=dossier,
        by=request.user,
        reason=form.cleaned_data["reason"],
    )
    if not ok:
        return redirect("awards:dossier_appraise", pk=dossier.pk)
    return _back(dossier)


@login_required
@require_POST
def nomination_appraise(request, pk):
    nomination = _nomination_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    form = forms.AppraiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        run_service(
            request,
            services.nomination_appraise,
            success=_("Đã ghi kết quả thẩm định: %(name)s.") % {"name": nomination.nominee_name},
            nomination=nomination,
            by=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    return redirect(reverse("awards:dossier_appraise", args=[nomination.dossier_id]) + f"#n{nomination.pk}")


@login_required
@require_POST
def disclosure_open(request, pk):
    nomination = _nomination_or_404(request, pk)
    require(request, "awards.manage_appraisal")
    run_service(
        request,
        services.disclosure_open,
        success=_("Đã công khai lấy ý kiến nhân dân."),
        nomination=nomination,
        by=request.user,
    )
    return redirect("awards:nomination_detail", pk=nomination.pk)
