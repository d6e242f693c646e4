"""Screens of clusters and blocks. Each view: permission → form → service → redirect with a message."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.forms import (
    AgreementForm,
    ClusterForm,
    CommitmentForm,
    CriterionForm,
    CriterionGroupForm,
    DeductionForm,
    DocumentForm,
    HandoverForm,
    MemberAddForm,
    MemberRoleForm,
    ProposalForm,
    ReasonForm,
    RotationRecordForm,
    ScoreAdjustForm,
    ScoreSheetForm,
    YearConfigureForm,
    YearCreateForm,
)
from clusters.jobs import RANKING_PDF
from clusters.models import (
    AwardProposal,
    Cluster,
    ClusterDocument,
    ClusterYear,
    Criterion,
    CriterionGroup,
    Deduction,
    FlagHandover,
    Membership,
    RotationProposal,
    Score,
)
from clusters.selectors import (
    cluster_years_for_list,
    clusters_visible_to,
    flag_holders,
    memberships_ordered,
    ranking_compute,
    ranking_for,
    ranking_readable,
    score_sheet,
)
from thiduakt.downloads import bytes_response, private_file_response
from thiduakt.models import OrgUnit
from thiduakt.services import DomainError, job_request

# ---------------------------------------------------------------------------
# Access helpers: what a user may not see is a 404
# ---------------------------------------------------------------------------


def _cluster_or_404(request, pk) -> Cluster:
    return get_object_or_404(clusters_visible_to(request.user), pk=pk)


def _year_or_404(request, pk, year) -> ClusterYear:
    cluster = _cluster_or_404(request, pk)
    cluster_year = get_object_or_404(ClusterYear, cluster=cluster, year=year)
    cluster_year.cluster = cluster
    return cluster_year


def _membership_or_404(request, member_pk, perm="clusters.view_sheet") -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("cluster_year__cluster", "unit"), pk=member_pk)
    _cluster_or_404(request, membership.cluster_year.cluster_id)
    _require(request, perm, membership)
    return membership


def _can(user, perm, obj=None) -> bool:
    # The rules only: Django's superuser shortcut would let administrators act as staff here.
    return rules.has_perm(perm, user, obj)


def _require(request, perm, obj=None) -> None:
    if not _can(request.user, perm, obj):
        raise Http404


def _staff(request) -> None:
    _require(request, "clusters.manage")


def _year_url(cluster_year: ClusterYear, anchor: str = "") -> str:
    url = reverse("clusters:year_detail", args=[cluster_year.cluster_id, cluster_year.year])
    return f"{url}#{anchor}" if anchor else url


def _run(request, action, success: str) -> bool:
    """Call a service; a domain error becomes a message."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def _file_response(obj):
    """The private file of an upload row (UploadMixin), served as the type its checked content had."""
    return private_file_response(
        obj.file, filename=obj.file_name or obj.file.name.rsplit("/", 1)[-1], content_type=obj.file_content_type
    )


def _form_page(request, *, form, title, back, cluster_year=None, cluster=None, intro="", multipart=False):
    return render(
        request,
        "clusters/cluster_form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "cluster_year": cluster_year,
            "cluster": cluster or (cluster_year.cluster if cluster_year else None),
            "intro": intro,
            "multipart": multipart,
        },
    )


# ---------------------------------------------------------------------------
# Clusters
# ---------------------------------------------------------------------------


@login_required
def cluster_list(request):
    user = request.user
    visible_years = ClusterYear.objects.filter(cluster__in=clusters_visible_to(user))
    years = sorted(set(visible_years.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("nam") or 0) or (years[0] if years else timezone.localdate().year)
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    kind = request.GET.get("loai", "")
    if kind not in Cluster.Kind.values:
        kind = ""
    query = request.GET.get("q", "").strip()
    page = Paginator(cluster_years_for_list(user=user, year=year, kind=kind, query=query), 25).get_page(
        request.GET.get("page")
    )
    holders = flag_holders([cy.cluster_id for cy in page])
    rows = []
    for cy in page:
        members = list(cy.memberships.all())
        rows.append(
            {
                "cy": cy,
                "members": members,
                "head": next((m.unit for m in members if m.role == Membership.Role.HEAD), None),
                "deputy": next((m.unit for m in members if m.role == Membership.Role.DEPUTY), None),
                "flag": holders.get(cy.cluster_id),
            }
        )
    others = []
    if user.is_department_staff:
        others = Cluster.objects.exclude(years__year=year).order_by("kind", "name")[:50]
    query_string = "&".join(f"{k}={v}" for k, v in (("nam", year), ("loai", kind), ("q", query)) if v)
    template = "clusters/cluster_list.html#results" if request.htmx else "clusters/cluster_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "rows": rows,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": Cluster.Kind.choices,
            "query": query,
            "query_string": query_string,
            "others": others,
            "can_manage": _can(user, "clusters.manage"),
        },
    )


@login_required
def cluster_create(request):
    _staff(request)
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_save(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo cụm, khối."))
            return redirect("clusters:detail", pk=cluster.pk)
    return _form_page(request, form=form, title=_("Thêm cụm, khối thi đua"), back=reverse("clusters:list"))


@login_required
def cluster_edit(request, pk):
    _staff(request)
    cluster = _cluster_or_404(request, pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_save(cluster=cluster, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("clusters:detail", pk=cluster.pk)
    return _form_page(
        request, form=form, title=_("Sửa cụm, khối"), back=reverse("clusters:detail", args=[pk]), cluster=cluster
    )


@login_required
def cluster_detail(request, pk):
    """The cluster page: who holds the flag, every year's head and deputy, every handover."""
    cluster = _cluster_or_404(request, pk)
    years = list(cluster.years.order_by("-year").prefetch_related("memberships__unit"))
    history = []
    for cy in years:
        members = list(cy.memberships.all())
        history.append(
            {
                "cy": cy,
                "member_count": len(members),
                "head": next((m.unit for m in members if m.role == Membership.Role.HEAD), None),
                "deputy": next((m.unit for m in members if m.role == Membership.Role.DEPUTY), None),
            }
        )
    handovers = list(cluster.handovers.select_related("from_unit", "to_unit").order_by("-year", "-handed_on"))
    latest = years[0] if years else None
    members = list(memberships_ordered(latest)) if latest else []
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "history": history,
            "handovers": handovers,
            "flag": handovers[0] if handovers else None,
            "latest": latest,
            "members": members,
            "year_form": YearCreateForm(initial={"year": (latest.year + 1) if latest else timezone.localdate().year}),
            "can_manage": _can(request.user, "clusters.manage"),
        },
    )


@login_required
def year_create(request, pk):
    _staff(request)
    cluster = _cluster_or_404(request, pk)
    form = YearCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cy = services.cluster_year_create(
                cluster=cluster, year=form.cleaned_data["year"], units=list(form.cleaned_data["units"]), by=request.user
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở năm %(year)s.") % {"year": cy.year})
            return redirect(_year_url(cy))
    return _form_page(
        request, form=form, title=_("Mở năm mới"), back=reverse("clusters:detail", args=[pk]), cluster=cluster
    )


@login_required
def handover_create(request, pk):
    _staff(request)
    cluster = _cluster_or_404(request, pk)
    units = OrgUnit.objects.filter(cluster_memberships__cluster_year__cluster=cluster).distinct().order_by("name")
    form = HandoverForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.handover_record(
                cluster=cluster,
                year=data["year"],
                from_unit=data["from_unit"],
                to_unit=data["to_unit"],
                handed_on=data["handed_on"],
                place=data["place"],
                note=data["note"],
                upload=data["upload"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận việc trao Cờ Cụm trưởng."))
            return redirect("clusters:detail", pk=cluster.pk)
    return _form_page(
        request,
        form=form,
        title=_("Ghi nhận trao Cờ Cụm trưởng"),
        back=reverse("clusters:detail", args=[pk]),
        cluster=cluster,
        multipart=True,
    )


@login_required
def handover_file(request, handover_pk):
    handover = get_object_or_404(FlagHandover, pk=handover_pk)
    _cluster_or_404(request, handover.cluster_id)
    return _file_response(handover)


# ---------------------------------------------------------------------------
# A cluster year
# ---------------------------------------------------------------------------


@login_required
def year_detail(request, pk, year):
    cluster_year = _year_or_404(request, pk, year)
    user = request.user
    sees_drafts = _can(user, "clusters.view_drafts", cluster_year)
    members = list(memberships_ordered(cluster_year).select_related("commitment"))
    own = next((m for m in members if user.is_unit_officer and m.unit_id == user.unit_id), None)
    groups = list(cluster_year.criterion_groups.prefetch_related("criteria").order_by("position", "id"))
    rows = []
    if sees_drafts:
        rows = ranking_compute(cluster_year)
    elif own is not None:
        rows = [r for r in ranking_compute(cluster_year) if r.membership.pk == own.pk]
    published = []
    if cluster_year.is_published:
        published = list(cluster_year.ranking_entries.select_related("membership__unit").order_by("position"))
    proposal = AwardProposal.objects.filter(cluster_year=cluster_year).select_related("dossier").first()
    return render(
        request,
        "clusters/clusteryear_detail.html",
        {
            "cy": cluster_year,
            "cluster": cluster_year.cluster,
            "members": members,
            "own": own,
            "agreement": getattr(cluster_year, "agreement", None),
            "documents": list(cluster_year.documents.select_related("uploaded_by")),
            "groups": groups,
            "rows": rows,
            "published": published,
            "sees_drafts": sees_drafts,
            "can_manage": _can(user, "clusters.manage"),
            "can_prepare": _can(user, "clusters.prepare_proposal", cluster_year),
            "rotations": list(cluster_year.rotation_proposals.select_related("head", "deputy", "confirmed_by")),
            "proposal": proposal,
            "proposal_items": list(proposal.items.select_related("membership__unit")) if proposal else [],
            "events": list(cluster_year.events.select_related("by")[:50]),
            "document_form": DocumentForm(),
            "member_form": MemberAddForm(),
            "role_form": MemberRoleForm(),
            "next_year": cluster_year.year + 1,
        },
    )


@login_required
def year_configure(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    rules = [*cy.tie_break_rules, "", "", ""]
    initial = {
        "flag_count": cy.flag_count,
        "commendation_count": cy.commendation_count,
        **{f"tie_break_{i}": rules[i - 1] for i in (1, 2, 3)},
    }
    form = YearConfigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cluster_year_configure(
                cluster_year=cy,
                flag_count=data["flag_count"],
                commendation_count=data["commendation_count"],
                tie_break=data["tie_break"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu cấu hình."))
            return redirect(_year_url(cy))
    return _form_page(
        request,
        form=form,
        title=_("Cấu hình năm %(year)s") % {"year": cy.year},
        back=_year_url(cy),
        cluster_year=cy,
        intro=_("Số đơn vị đề nghị theo quy định của tỉnh; quy tắc phân định áp dụng khi tổng điểm bằng nhau."),
    )


@login_required
@require_POST
def member_add(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.membership_add(cluster_year=cy, unit=form.cleaned_data["unit"], by=request.user),
            _("Đã thêm thành viên."),
        )
    else:
        messages.error(request, _("Chọn một đơn vị đang hoạt động."))
    return redirect(_year_url(cy, "thanh-vien"))


@login_required
@require_POST
def member_role(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.membership_set_role(
                cluster_year=cy, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"], by=request.user
            ),
            _("Đã phân công vai trò."),
        )
    else:
        messages.error(request, _("Chọn đơn vị và vai trò."))
    return redirect(_year_url(cy, "thanh-vien"))


@login_required
@require_POST
def document_upload(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        _run(
            request,
            lambda: services.document_add(
                cluster_year=cy,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
                by=request.user,
            ),
            _("Đã tải lên văn bản."),
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_year_url(cy, "van-ban"))


@login_required
def document_download(request, document_pk):
    document = get_object_or_404(ClusterDocument.objects.select_related("cluster_year"), pk=document_pk)
    _cluster_or_404(request, document.cluster_year.cluster_id)
    return _file_response(document)


@login_required
def agreement_edit(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    agreement = getattr(cy, "agreement", None)
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_save(
                cluster_year=cy,
                title=data["title"],
                targets=data["targets"],
                signed_on=data["signed_on"],
                signed_at_place=data["signed_at_place"],
                upload=data["upload"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu giao ước thi đua."))
            return redirect(_year_url(cy, "giao-uoc"))
    return _form_page(
        request,
        form=form,
        title=_("Giao ước thi đua năm %(year)s") % {"year": cy.year},
        back=_year_url(cy),
        cluster_year=cy,
        multipart=True,
    )


@login_required
def agreement_file(request, pk, year):
    cy = _year_or_404(request, pk, year)
    agreement = getattr(cy, "agreement", None)
    if agreement is None:
        raise Http404
    return _file_response(agreement)


@login_required
def commitment_edit(request, member_pk):
    membership = _membership_or_404(request, member_pk, perm="clusters.edit_commitment")
    cy = membership.cluster_year
    current = getattr(membership, "commitment", None)
    form = CommitmentForm(request.POST or None, initial={"content": current.content if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(membership=membership, content=form.cleaned_data["content"], by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu cam kết."))
            return redirect(_year_url(cy, "giao-uoc"))
    return _form_page(
        request,
        form=form,
        title=_("Cam kết của %(unit)s năm %(year)s") % {"unit": membership.unit, "year": cy.year},
        back=_year_url(cy),
        cluster_year=cy,
    )


# ---------------------------------------------------------------------------
# Scoring table
# ---------------------------------------------------------------------------


@login_required
@require_POST
def table_copy(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    _run(request, lambda: services.scoring_table_copy(cluster_year=cy, by=request.user), _("Đã sao chép bảng điểm."))
    return redirect(_year_url(cy, "bang-diem"))


@login_required
def group_create(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    form = CriterionGroupForm(request.POST or None, initial={"position": cy.criterion_groups.count() + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_group_save(cluster_year=cy, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã thêm nhóm tiêu chí."))
            return redirect(_year_url(cy, "bang-diem"))
    return _form_page(request, form=form, title=_("Thêm nhóm tiêu chí"), back=_year_url(cy), cluster_year=cy)


def _group_or_404(request, group_pk) -> CriterionGroup:
    _staff(request)
    group = get_object_or_404(CriterionGroup.objects.select_related("cluster_year__cluster"), pk=group_pk)
    _cluster_or_404(request, group.cluster_year.cluster_id)
    return group


@login_required
def group_edit(request, group_pk):
    group = _group_or_404(request, group_pk)
    cy = group.cluster_year
    form = CriterionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_group_save(cluster_year=cy, group=group, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu nhóm tiêu chí."))
            return redirect(_year_url(cy, "bang-diem"))
    return _form_page(request, form=form, title=_("Sửa nhóm tiêu chí"), back=_year_url(cy), cluster_year=cy)


@login_required
def criterion_create(request, group_pk):
    group = _group_or_404(request, group_pk)
    cy = group.cluster_year
    form = CriterionForm(request.POST or None, initial={"position": group.criteria.count() + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(group=group, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã thêm tiêu chí."))
            return redirect(_year_url(cy, "bang-diem"))
    return _form_page(
        request, form=form, title=_("Thêm tiêu chí vào “%(g)s”") % {"g": group}, back=_year_url(cy), cluster_year=cy
    )


def _criterion_or_404(request, criterion_pk) -> Criterion:
    _staff(request)
    criterion = get_object_or_404(Criterion.objects.select_related("group__cluster_year__cluster"), pk=criterion_pk)
    _cluster_or_404(request, criterion.group.cluster_year.cluster_id)
    return criterion


@login_required
def criterion_edit(request, criterion_pk):
    criterion = _criterion_or_404(request, criterion_pk)
    cy = criterion.group.cluster_year
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(group=criterion.group, criterion=criterion, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu tiêu chí."))
            return redirect(_year_url(cy, "bang-diem"))
    return _form_page(request, form=form, title=_("Sửa tiêu chí"), back=_year_url(cy), cluster_year=cy)


@login_required
@require_POST
def criterion_delete(request, criterion_pk):
    criterion = _criterion_or_404(request, criterion_pk)
    cy = criterion.group.cluster_year
    _run(request, lambda: services.criterion_delete(criterion=criterion, by=request.user), _("Đã xóa tiêu chí."))
    return redirect(_year_url(cy, "bang-diem"))


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


@login_required
def score_sheet_view(request, member_pk):
    """A member's sheet. Its own officer enters self-scores here; the head and staff read and adjust."""
    membership = _membership_or_404(request, member_pk)
    cy = membership.cluster_year
    sheet = score_sheet(membership)
    can_edit = (
        _can(request.user, "clusters.self_score", membership) and not membership.submitted_at and not cy.is_published
    )
    form = None
    if can_edit:
        form = ScoreSheetForm(request.POST or None, request.FILES or None, sheet=sheet)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.score_sheet_save(membership=membership, entries=form.entries(), by=request.user)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã lưu điểm tự chấm."))
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
            "can_adjust": _can(request.user, "clusters.adjust_score", cy) and not cy.is_published,
            "can_submit": can_edit,
            "can_return": _can(request.user, "clusters.return_sheet", membership)
            and membership.submitted_at
            and not cy.is_published,
            "can_manage": _can(request.user, "clusters.manage") and not cy.is_published,
        },
    )


@login_required
@require_POST
def score_submit(request, member_pk):
    membership = _membership_or_404(request, member_pk, perm="clusters.self_score")
    _run(
        request,
        lambda: services.score_sheet_submit(membership=membership, by=request.user),
        _("Đã nộp bảng tự chấm."),
    )
    return redirect("clusters:score_sheet", member_pk=membership.pk)


@login_required
@require_POST
def score_return(request, member_pk):
    membership = _membership_or_404(request, member_pk, perm="clusters.return_sheet")
    form = ReasonForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.score_sheet_return(
                membership=membership, reason=form.cleaned_data["reason"], by=request.user
            ),
            _("Đã trả lại bảng tự chấm."),
        )
    else:
        messages.error(request, _("Cần ghi lý do trả lại."))
    return redirect("clusters:score_sheet", member_pk=membership.pk)


def _score_or_404(request, score_pk) -> Score:
    score = get_object_or_404(
        Score.objects.select_related("membership__cluster_year__cluster", "membership__unit", "criterion"), pk=score_pk
    )
    _cluster_or_404(request, score.membership.cluster_year.cluster_id)
    _require(request, "clusters.view_sheet", score.membership)
    return score


@login_required
def score_adjust(request, score_pk):
    score = _score_or_404(request, score_pk)
    cy = score.membership.cluster_year
    _require(request, "clusters.adjust_score", cy)
    form = ScoreAdjustForm(
        request.POST or None,
        max_points=score.criterion.max_points,
        initial={"points": score.points, "reason": score.adjust_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_adjust(
                score=score, points=form.cleaned_data["points"], reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã điều chỉnh điểm."))
            return redirect("clusters:score_sheet", member_pk=score.membership_id)
    return _form_page(
        request,
        form=form,
        title=_("Thẩm định điểm: %(unit)s") % {"unit": score.membership.unit},
        back=reverse("clusters:score_sheet", args=[score.membership_id]),
        cluster_year=cy,
        intro=_("Tiêu chí “%(t)s” (tối đa %(m)s); đơn vị tự chấm %(s)s.")
        % {"t": score.criterion.title, "m": score.criterion.max_points, "s": score.self_points},
    )


@login_required
def evidence_download(request, score_pk):
    score = _score_or_404(request, score_pk)
    return _file_response(score)


@login_required
def deduction_create(request, member_pk):
    _staff(request)
    membership = _membership_or_404(request, member_pk)
    form = DeductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deduction_add(membership=membership, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã nhập điểm trừ."))
            return redirect("clusters:score_sheet", member_pk=membership.pk)
    return _form_page(
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
    _staff(request)
    deduction = get_object_or_404(Deduction.objects.select_related("membership__cluster_year"), pk=deduction_pk)
    _cluster_or_404(request, deduction.membership.cluster_year.cluster_id)
    member_pk = deduction.membership_id
    _run(request, lambda: services.deduction_delete(deduction=deduction, by=request.user), _("Đã xóa điểm trừ."))
    return redirect("clusters:score_sheet", member_pk=member_pk)


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------


@login_required
def ranking(request, pk, year):
    cy = _year_or_404(request, pk, year)
    rows, final = ranking_for(cluster_year=cy, user=request.user)
    return render(
        request,
        "clusters/ranking.html",
        {
            "cy": cy,
            "cluster": cy.cluster,
            "rows": rows,
            "final": final,
            "can_publish": _can(request.user, "clusters.manage") and not cy.is_published,
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
    from thiduakt.spreadsheets import write_xlsx

    cy = _year_or_404(request, pk, year)
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
    cy = _year_or_404(request, pk, year)
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
    _staff(request)
    cy = _year_or_404(request, pk, year)
    _run(request, lambda: services.ranking_publish(cluster_year=cy, by=request.user), _("Đã công bố xếp hạng."))
    return redirect("clusters:ranking", pk=pk, year=year)


# ---------------------------------------------------------------------------
# Rotation of head and deputy
# ---------------------------------------------------------------------------


@login_required
@require_POST
def rotation_propose(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    _run(
        request,
        lambda: services.rotation_propose(cluster_year=cy, by=request.user),
        _("Đã lập đề xuất cụm trưởng, cụm phó năm sau."),
    )
    return redirect(_year_url(cy, "luan-phien"))


@login_required
def rotation_record(request, pk, year):
    _staff(request)
    cy = _year_or_404(request, pk, year)
    units = OrgUnit.objects.filter(cluster_memberships__cluster_year=cy).order_by("name")
    form = RotationRecordForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_record(cluster_year=cy, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận kết quả bầu."))
            return redirect(_year_url(cy, "luan-phien"))
    return _form_page(
        request,
        form=form,
        title=_("Kết quả bầu cụm trưởng, cụm phó năm %(year)s") % {"year": cy.year + 1},
        back=_year_url(cy),
        cluster_year=cy,
    )


def _rotation_or_404(request, proposal_pk) -> RotationProposal:
    _staff(request)
    proposal = get_object_or_404(RotationProposal.objects.select_related("cluster_year"), pk=proposal_pk)
    _cluster_or_404(request, proposal.cluster_year.cluster_id)
    return proposal


@login_required
@require_POST
def rotation_confirm(request, proposal_pk):
    proposal = _rotation_or_404(request, proposal_pk)
    _run(
        request,
        lambda: services.rotation_confirm(proposal=proposal, by=request.user),
        _("Đã xác nhận cụm trưởng, cụm phó năm sau."),
    )
    return redirect(_year_url(proposal.cluster_year, "luan-phien"))


@login_required
@require_POST
def rotation_withdraw(request, proposal_pk):
    proposal = _rotation_or_404(request, proposal_pk)
    reason = request.POST.get("reason", "")
    _run(
        request,
        lambda: services.rotation_withdraw(proposal=proposal, reason=reason, by=request.user),
        _("Đã hủy đề xuất."),
    )
    return redirect(_year_url(proposal.cluster_year, "luan-phien"))


# ---------------------------------------------------------------------------
# Award proposal
# ---------------------------------------------------------------------------


def _prepare_year_or_404(request, pk, year) -> ClusterYear:
    cy = _year_or_404(request, pk, year)
    _require(request, "clusters.prepare_proposal", cy)
    return cy


@login_required
@require_POST
def proposal_create(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    _run(
        request,
        lambda: services.award_proposal_create(cluster_year=cy, by=request.user),
        _("Đã lập đề nghị khen thưởng từ kết quả xếp hạng."),
    )
    return redirect(_year_url(cy, "de-nghi"))


@login_required
def proposal_edit(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "meeting_on": proposal.meeting_on,
            "meeting_place": proposal.meeting_place,
            "votes_for": proposal.votes_for,
            "votes_total": proposal.votes_total or cy.memberships.count(),
            "vote_note": proposal.vote_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.award_proposal_update(proposal=proposal, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu biên bản họp và kết quả biểu quyết."))
            return redirect(_year_url(cy, "de-nghi"))
    return _form_page(
        request,
        form=form,
        title=_("Biên bản họp cụm và biểu quyết"),
        back=_year_url(cy),
        cluster_year=cy,
        multipart=True,
    )


@login_required
@require_POST
def proposal_send(request, pk, year):
    cy = _prepare_year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    _run(
        request,
        lambda: services.award_proposal_send(proposal=proposal, by=request.user),
        _("Đã chuyển đề nghị thành hồ sơ đề nghị khen thưởng (dự thảo) của đơn vị cụm trưởng."),
    )
    return redirect(_year_url(cy, "de-nghi"))


@login_required
def proposal_minutes(request, pk, year):
    cy = _year_or_404(request, pk, year)
    proposal = get_object_or_404(AwardProposal, cluster_year=cy)
    return _file_response(proposal)
