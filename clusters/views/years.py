"""A cluster year: its page, configuration, members and roles, documents, the agreement and commitments."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters import services
from clusters.forms import AgreementForm, CommitmentForm, DocumentForm, MemberAddForm, MemberRoleForm, YearConfigureForm
from clusters.models import AwardProposal, ClusterDocument, TieBreak
from clusters.selectors import memberships_ordered, points_text, quota_counts, ranking_compute, table_total
from clusters.views.common import cluster_or_404, file_response, form_page, membership_or_404, year_or_404, year_url
from thiduakt import write_cache
from thiduakt.access import require, run_service
from thiduakt.models import Succession


def _year_page(cluster_year) -> dict:
    """What the year's page shows of it, the same for everyone who sees it (kept until a write of what it read).

    The ranking is computed whole; each visitor is shown the rows they may read."""
    # Closed members are marked "(đã sáp nhập vào …)": their successors come in one more query.
    members = list(
        memberships_ordered(cluster_year)
        .select_related("commitment", "unit__merged_into")
        .prefetch_related(Prefetch("unit__successions", queryset=Succession.objects.select_related("successor")))
    )
    groups = list(cluster_year.criterion_groups.prefetch_related("criteria").order_by("position", "id"))
    published = []
    if cluster_year.is_published:
        published = list(cluster_year.ranking_entries.select_related("membership__unit").order_by("position"))
    proposal = AwardProposal.objects.filter(cluster_year=cluster_year).select_related("dossier").first()
    items = list(proposal.items.select_related("membership__unit")) if proposal else []
    if proposal:
        proposal.cluster_year = cluster_year
    return {
        "members": members,
        "groups": groups,
        "ranking": ranking_compute(cluster_year, group_ids=[g.pk for g in groups]),
        "published": published,
        "agreement": getattr(cluster_year, "agreement", None),
        "documents": list(cluster_year.documents.select_related("uploaded_by")),
        "rotations": list(cluster_year.rotation_proposals.select_related("head", "deputy", "confirmed_by")),
        "proposal": proposal,
        "proposal_items": items,
        "quota": quota_counts(proposal, codes=[i.award_code for i in items]) if proposal else [],
        "table_total": sum((c.max_points for g in groups for c in g.criteria.all()), Decimal("0")),
        "events": list(cluster_year.events.select_related("by")[:50]),
    }


@login_required
def year_detail(request, pk, year):
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    sees_drafts = user.has_perm("clusters.read_drafts", cluster_year)
    page = write_cache.until_write(f"cluster-year:{cluster_year.pk}", lambda: _year_page(cluster_year))
    own = next((m for m in page["members"] if user.is_unit_officer and m.unit_id == user.unit_id), None)
    rows = []
    if sees_drafts:
        rows = page["ranking"]
    elif own is not None:
        rows = [r for r in page["ranking"] if r.membership.pk == own.pk]
    return render(
        request,
        "clusters/clusteryear_detail.html",
        {
            **page,
            "cy": cluster_year,
            "cluster": cluster_year.cluster,
            "own": own,
            "rows": rows,
            "sees_drafts": sees_drafts,
            "can_manage": user.has_perm("clusters.manage_cluster"),
            "can_prepare": user.has_perm("clusters.prepare_proposal", cluster_year),
            "can_setup": user.has_perm("clusters.manage_cluster") and not cluster_year.is_published,
            "document_form": DocumentForm(),
            "member_form": MemberAddForm(year=cluster_year.year),
            "role_form": MemberRoleForm(),
            "next_year": cluster_year.year + 1,
        },
    )


@login_required
def year_configure(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    rules = [*cy.tie_break_rules, "", "", ""]
    if cy.is_published:
        labels = dict(TieBreak.choices)
        return form_page(
            request,
            form=None,
            title=_("Cấu hình năm %(year)s") % {"year": cy.year},
            back=year_url(cy),
            cluster_year=cy,
            readonly=[
                (_("Tổng điểm tối đa của bảng chấm điểm"), points_text(cy.table_max)),
                (_("Số đơn vị đề nghị Cờ thi đua của UBND tỉnh"), cy.flag_count),
                (_("Số đơn vị đề nghị Bằng khen của Chủ tịch UBND tỉnh"), cy.commendation_count),
                *[(_("Quy tắc phân định %(i)s") % {"i": i}, labels[r]) for i, r in enumerate(cy.tie_break_rules, 1)],
            ],
        )
    initial = {
        "table_max": cy.table_max,
        "flag_count": cy.flag_count,
        "commendation_count": cy.commendation_count,
        **{f"tie_break_{i}": rules[i - 1] for i in (1, 2, 3)},
    }
    form = YearConfigureForm(request.POST or None, initial=initial, table_min=table_total(cy))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_service(
            request,
            services.cluster_year_configure,
            success=_("Đã lưu cấu hình."),
            form=form,
            cluster_year=cy,
            table_max=data["table_max"],
            flag_count=data["flag_count"],
            commendation_count=data["commendation_count"],
            tie_break=data["tie_break"],
            by=request.user,
        )[0]
        if ok:
            return redirect(year_url(cy))
    return form_page(
        request,
        form=form,
        title=_("Cấu hình năm %(year)s") % {"year": cy.year},
        back=year_url(cy),
        cluster_year=cy,
        intro=_("Số đơn vị đề nghị theo quy định của tỉnh; quy tắc phân định áp dụng khi tổng điểm bằng nhau."),
    )


@login_required
@require_POST
def member_add(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    form = MemberAddForm(request.POST, year=cy.year)
    if form.is_valid():
        run_service(
            request,
            services.membership_add,
            success=_("Đã thêm thành viên."),
            cluster_year=cy,
            unit=form.cleaned_data["unit"],
            by=request.user,
        )
    else:
        messages.error(request, _("Chọn một đơn vị hoạt động trong năm %(year)s.") % {"year": cy.year})
    return redirect(year_url(cy, "thanh-vien"))


@login_required
@require_POST
def member_role(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.membership_set_role,
            success=_("Đã phân công vai trò."),
            cluster_year=cy,
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
    else:
        messages.error(request, _("Chọn đơn vị và vai trò."))
    return redirect(year_url(cy, "thanh-vien"))


@login_required
@require_POST
def document_upload(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(
            request,
            services.document_add,
            success=_("Đã tải lên văn bản."),
            cluster_year=cy,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["upload"],
            by=request.user,
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(year_url(cy, "van-ban"))


@login_required
def document_download(request, document_pk):
    document = get_object_or_404(ClusterDocument.objects.select_related("cluster_year"), pk=document_pk)
    cluster_or_404(request, document.cluster_year.cluster_id)
    return file_response(document)


@login_required
def agreement_edit(request, pk, year):
    require(request, "clusters.manage_cluster")
    cy = year_or_404(request, pk, year)
    agreement = getattr(cy, "agreement", None)
    if cy.is_published:
        return form_page(
            request,
            form=None,
            title=_("Giao ước thi đua năm %(year)s") % {"year": cy.year},
            back=year_url(cy, "giao-uoc"),
            cluster_year=cy,
            readonly=[
                (_("Tên giao ước"), agreement.title if agreement else ""),
                (_("Ngày ký"), agreement.signed_on.strftime("%d/%m/%Y") if agreement and agreement.signed_on else ""),
                (_("Nơi ký"), agreement.signed_at_place if agreement else ""),
                (_("Chỉ tiêu, nội dung thi đua"), agreement.targets if agreement else ""),
            ],
        )
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement, year=cy.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_service(
            request,
            services.agreement_save,
            success=_("Đã lưu giao ước thi đua."),
            form=form,
            cluster_year=cy,
            title=data["title"],
            targets=data["targets"],
            signed_on=data["signed_on"],
            signed_at_place=data["signed_at_place"],
            upload=data["upload"],
            by=request.user,
        )[0]
        if ok:
            return redirect(year_url(cy, "giao-uoc"))
    return form_page(
        request,
        form=form,
        title=_("Giao ước thi đua năm %(year)s") % {"year": cy.year},
        back=year_url(cy),
        cluster_year=cy,
        multipart=True,
    )


@login_required
def agreement_file(request, pk, year):
    cy = year_or_404(request, pk, year)
    agreement = getattr(cy, "agreement", None)
    if agreement is None:
        raise Http404
    return file_response(agreement)


@login_required
def commitment_edit(request, member_pk):
    membership = membership_or_404(request, member_pk, perm="clusters.edit_commitment")
    cy = membership.cluster_year
    current = getattr(membership, "commitment", None)
    if cy.is_published:
        return form_page(
            request,
            form=None,
            title=_("Cam kết của %(unit)s năm %(year)s") % {"unit": membership.unit, "year": cy.year},
            back=year_url(cy, "giao-uoc"),
            cluster_year=cy,
            readonly=[(_("Nội dung đăng ký, cam kết"), current.content if current else "")],
        )
    form = CommitmentForm(request.POST or None, initial={"content": current.content if current else ""})
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.commitment_save,
            success=_("Đã lưu cam kết."),
            form=form,
            membership=membership,
            content=form.cleaned_data["content"],
            by=request.user,
        )[0]
        if ok:
            return redirect(year_url(cy, "giao-uoc"))
    return form_page(
        request,
        form=form,
        title=_("Cam kết của %(unit)s năm %(year)s") % {"unit": membership.unit, "year": cy.year},
        back=year_url(cy),
        cluster_year=cy,
    )
