"""The scoring table (groups, criteria) and the members' score sheets, adjustments and deductions."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.forms import CriterionForm, CriterionGroupForm, DeductionForm, ReasonForm, ScoreAdjustForm, ScoreSheetForm
from clusters.models import Criterion, CriterionGroup, Deduction, Score
from clusters.selectors import points_text, ranking_compute, score_sheet, scored_total, table_total
from clusters.views.common import cluster_or_404, file_response, form_page, membership_or_404, year_or_404, year_url
from thiduakt.access import require, run_service


@login_required
@require_POST
def table_copy(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    run_service(
        request, services.scoring_table_copy, success=_("Đã sao chép bảng điểm."), cluster_year=cy, by=request.user
    )
    return redirect(year_url(cy, "bang-diem"))


@login_required
def group_create(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    if closed := _setup_closed(request, cy):
        return closed
    form = CriterionGroupForm(request.POST or None, initial={"position": cy.criterion_groups.count() + 1})
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.criterion_group_save,
            success=_("Đã thêm nhóm tiêu chí."),
            form=form,
            cluster_year=cy,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "bang-diem"))
    return form_page(request, form=form, title=_("Thêm nhóm tiêu chí"), back=year_url(cy), cluster_year=cy)


def _group_or_404(request, group_pk) -> CriterionGroup:
    require(request, "clusters.manage_cluster")
    group = get_object_or_404(CriterionGroup.objects.select_related("cluster_year__cluster"), pk=group_pk)
    cluster_or_404(request, group.cluster_year.cluster_id)
    return group


@login_required
def group_edit(request, group_pk):
    group = _group_or_404(request, group_pk)
    cy = group.cluster_year
    if closed := _setup_closed(request, cy):
        return closed
    form = CriterionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.criterion_group_save,
            success=_("Đã lưu nhóm tiêu chí."),
            form=form,
            cluster_year=cy,
            group=group,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "bang-diem"))
    return form_page(request, form=form, title=_("Sửa nhóm tiêu chí"), back=year_url(cy), cluster_year=cy)


def _room(cluster_year, criterion):
    """What the rest of the table leaves for this criterion under the year's declared maximum."""
    left = cluster_year.table_max - table_total(cluster_year, without=criterion)
    return (
        left,
        _("số điểm còn lại của bảng (tổng tối đa %(max)s, các tiêu chí khác %(used)s)")
        % {"max": points_text(cluster_year.table_max), "used": points_text(cluster_year.table_max - left)},
    )


def _setup_closed(request, cluster_year):
    """Setup pages of a published year are not shown: back to the year, saying why."""
    if cluster_year.is_published:
        messages.info(
            request,
            _("Xếp hạng năm %(year)s đã công bố: bảng chấm điểm chỉ còn để xem.") % {"year": cluster_year.year},
        )
        return redirect(year_url(cluster_year, "bang-diem"))
    return None


@login_required
def criterion_create(request, group_pk):
    group = _group_or_404(request, group_pk)
    cy = group.cluster_year
    if closed := _setup_closed(request, cy):
        return closed
    form = CriterionForm(request.POST or None, initial={"position": group.criteria.count() + 1}, room=_room(cy, None))
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.criterion_save,
            success=_("Đã thêm tiêu chí."),
            form=form,
            group=group,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "bang-diem"))
    return form_page(
        request, form=form, title=_("Thêm tiêu chí vào “%(g)s”") % {"g": group}, back=year_url(cy), cluster_year=cy
    )


def _criterion_or_404(request, criterion_pk) -> Criterion:
    require(request, "clusters.manage_cluster")
    criterion = get_object_or_404(Criterion.objects.select_related("group__cluster_year__cluster"), pk=criterion_pk)
    cluster_or_404(request, criterion.group.cluster_year.cluster_id)
    return criterion


@login_required
def criterion_edit(request, criterion_pk):
    criterion = _criterion_or_404(request, criterion_pk)
    cy = criterion.group.cluster_year
    if closed := _setup_closed(request, cy):
        return closed
    form = CriterionForm(request.POST or None, instance=criterion, room=_room(cy, criterion))
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.criterion_save,
            success=_("Đã lưu tiêu chí."),
            form=form,
            group=criterion.group,
            criterion=criterion,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect(year_url(cy, "bang-diem"))
    return form_page(request, form=form, title=_("Sửa tiêu chí"), back=year_url(cy), cluster_year=cy)


@login_required
@require_POST
def criterion_delete(request, criterion_pk):
    criterion = _criterion_or_404(request, criterion_pk)
    cy = criterion.group.cluster_year
    run_service(request, services.criterion_delete, success=_("Đã xóa tiêu chí."), criterion=criterion, by=request.user)
    return redirect(year_url(cy, "bang-diem"))


@login_required
def score_sheet_view(request, member_pk):
    """A member's sheet. Its own officer enters self-scores here; the head and staff read and adjust."""
    membership = membership_or_404(request, member_pk)
    cy = membership.cluster_year
    sheet = score_sheet(membership)
    can_edit = (
        request.user.has_perm("clusters.self_score", membership) and not membership.submitted_at and not cy.is_published
    )
    form = None
    if can_edit:
        form = ScoreSheetForm(request.POST or None, request.FILES or None, sheet=sheet)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            ok = run_service(
                request,
                services.score_sheet_save,
                success=_("Đã lưu điểm tự chấm."),
                form=form,
                membership=membership,
                entries=form.entries(),
                by=request.user,
            )[0]
            if ok:
                return redirect("clusters:score_sheet", member_pk=membership.pk)
    deductions = list(membership.deductions.select_related("entered_by"))
    totals = next((r for r in ranking_compute(cy) if r.membership.pk == membership.pk), None)
    return render(
        request,
        "clusters/score_sheet.html",
        {
            "membership": membership,
            "cy": cy,
            "cluster": cy.cluster,
            "sheet": sheet,
            "form": form,
            "deductions": deductions,
            "totals": totals,
            "adjusted": [
                (c, score)
                for _group, items in sheet
                for c, score in items
                if score and score.adjusted_points is not None
            ],
            "can_adjust": request.user.has_perm("clusters.cross_check", membership) and not cy.is_published,
            "can_submit": can_edit,
            "can_return": request.user.has_perm("clusters.return_sheet", membership)
            and membership.submitted_at
            and not cy.is_published,
            "can_manage": request.user.has_perm("clusters.manage_cluster") and not cy.is_published,
        },
    )


@login_required
@require_POST
def score_submit(request, member_pk):
    membership = membership_or_404(request, member_pk, perm="clusters.self_score")
    run_service(
        request, services.score_sheet_submit, success=_("Đã nộp bảng tự chấm."), membership=membership, by=request.user
    )
    return redirect("clusters:score_sheet", member_pk=membership.pk)


@login_required
@require_POST
def score_return(request, member_pk):
    membership = membership_or_404(request, member_pk, perm="clusters.return_sheet")
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.score_sheet_return,
            success=_("Đã trả lại bảng tự chấm."),
            membership=membership,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    else:
        messages.error(request, _("Cần ghi lý do trả lại."))
    return redirect("clusters:score_sheet", member_pk=membership.pk)


def _score_or_404(request, score_pk) -> Score:
    score = get_object_or_404(
        Score.objects.select_related("membership__cluster_year__cluster", "membership__unit", "criterion"), pk=score_pk
    )
    cluster_or_404(request, score.membership.cluster_year.cluster_id)
    require(request, "clusters.read_sheet", score.membership)
    return score


@login_required
def score_adjust(request, score_pk):
    score = _score_or_404(request, score_pk)
    cy = score.membership.cluster_year
    require(request, "clusters.cross_check", score.membership)
    form = ScoreAdjustForm(
        request.POST or None,
        max_points=score.criterion.max_points,
        initial={"points": score.points, "reason": score.adjust_reason},
    )
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.score_adjust,
            success=_("Đã điều chỉnh điểm."),
            form=form,
            score=score,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )[0]
        if ok:
            return redirect("clusters:score_sheet", member_pk=score.membership_id)
    return form_page(
        request,
        form=form,
        title=_("Thẩm định điểm: %(unit)s") % {"unit": score.membership.unit},
        back=reverse("clusters:score_sheet", args=[score.membership_id]),
        cluster_year=cy,
        intro=_("Tiêu chí “%(t)s” (tối đa %(m)s); đơn vị tự chấm %(s)s.")
        % {
            "t": score.criterion.title,
            "m": points_text(score.criterion.max_points),
            "s": points_text(score.self_points),
        },
    )


@login_required
def evidence_download(request, score_pk):
    score = _score_or_404(request, score_pk)
    return file_response(score)


def _deduction_room(membership):
    """The most a member may still lose (the form's bound; the service checks it again)."""
    cy = membership.cluster_year
    taken = sum((d.points for d in membership.deductions.all()), Decimal("0"))
    if membership.submitted_at:
        top, label = scored_total(membership), _("điểm sau thẩm định của đơn vị")
    else:
        top, label = cy.table_max, _("tổng điểm tối đa của bảng chấm điểm")
    left = max(top - taken, Decimal("0"))
    return left, _("số điểm còn có thể trừ (%(label)s %(top)s, đã trừ %(taken)s)") % {
        "label": label,
        "top": points_text(top),
        "taken": points_text(taken),
    }


@login_required
def deduction_create(request, member_pk):
    require(request, "clusters.manage_cluster")
    membership = membership_or_404(request, member_pk)
    form = DeductionForm(request.POST or None, high=_deduction_room(membership))
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.deduction_add,
            success=_("Đã nhập điểm trừ."),
            form=form,
            membership=membership,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect("clusters:score_sheet", member_pk=membership.pk)
    return form_page(
        request,
        form=form,
        title=_("Điểm trừ của %(unit)s") % {"unit": membership.unit},
        back=reverse("clusters:score_sheet", args=[membership.pk]),
        cluster_year=membership.cluster_year,
        intro=_("Theo đề nghị của cơ quan khác (công an, thuế…); ghi rõ lý do và văn bản."),
    )


@login_required
@require_POST
def deduction_delete(request, deduction_pk):
    require(request, "clusters.manage_cluster")
    deduction = get_object_or_404(Deduction.objects.select_related("membership__cluster_year"), pk=deduction_pk)
    cluster_or_404(request, deduction.membership.cluster_year.cluster_id)
    member_pk = deduction.membership_id
    run_service(request, services.deduction_delete, success=_("Đã xóa điểm trừ."), deduction=deduction, by=request.user)
    return redirect("clusters:score_sheet", member_pk=member_pk)
