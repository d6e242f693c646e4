"""Screens of clusters and blocks: the list, a cluster, opening a year, the flag handovers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import services
from clusters.forms import ClusterForm, HandoverForm, ReasonForm, SuccessorForm, YearCreateForm
from clusters.models import Cluster, ClusterYear, FlagHandover, Membership
from clusters.selectors import (
    cluster_years_for_list,
    clusters_visible_to,
    flag_holders,
    handover_defaults,
    list_members,
    memberships_ordered,
)
from clusters.views.common import cluster_or_404, file_response, form_page, year_url
from thiduakt.access import require, run_service
from thiduakt.kept_pages import kept_page
from thiduakt.models import OrgUnit


@login_required
@kept_page  # a list read again and again between writes (thiduakt.kept_pages)
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
    members = list_members([cy.pk for cy in page])
    rows = [
        {
            "cy": cy,
            "url": reverse("clusters:year_detail", args=[cy.cluster_id, cy.year]),
            "members": ", ".join(members[cy.pk].names),
            "head": members[cy.pk].head,
            "deputy": members[cy.pk].deputy,
            "flag": holders.get(cy.cluster_id),
        }
        for cy in page
    ]
    others = []
    if user.has_perm("clusters.manage_cluster"):
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
            "can_manage": user.has_perm("clusters.manage_cluster"),
        },
    )


@login_required
def cluster_create(request):
    require(request, "clusters.manage_cluster")
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, cluster = run_service(
            request,
            services.cluster_save,
            success=_("Đã tạo cụm, khối."),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("clusters:detail", pk=cluster.pk)
    return form_page(request, form=form, title=_("Thêm cụm, khối thi đua"), back=reverse("clusters:list"))


@login_required
def cluster_edit(request, pk):
    require(request, "clusters.manage_cluster")
    cluster = cluster_or_404(request, pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.cluster_save,
            success=_("Đã lưu."),
            form=form,
            cluster=cluster,
            by=request.user,
            **form.cleaned_data,
        )[0]
        if ok:
            return redirect("clusters:detail", pk=cluster.pk)
    return form_page(
        request, form=form, title=_("Sửa cụm, khối"), back=reverse("clusters:detail", args=[pk]), cluster=cluster
    )


@login_required
def cluster_detail(request, pk):
    """The cluster page: who holds the flag, every year's head and deputy, every handover."""
    cluster = cluster_or_404(request, pk)
    years = list(cluster.years.order_by("-year").prefetch_related("memberships__unit__merged_into"))
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
    handovers = list(
        cluster.handovers.select_related("from_unit", "to_unit", "cancelled_by").order_by("-year", "-handed_on", "-id")
    )
    latest = years[0] if years else None
    members = list(memberships_ordered(latest).select_related("unit__merged_into")) if latest else []
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "history": history,
            "handovers": handovers,
            "flag": next((h for h in handovers if h.status == FlagHandover.Status.RECORDED), None),
            "latest": latest,
            "members": members,
            "can_manage": request.user.has_perm("clusters.manage_cluster"),
        },
    )


def _posted_year(request, default: int) -> int:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
def year_create(request, pk):
    """Open a year. When members of the year before have closed since (a merger), a second step lists each
    with its proposed successors for staff to confirm or change: nothing is carried over silently."""
    require(request, "clusters.manage_cluster")
    cluster = cluster_or_404(request, pk)
    latest = cluster.years.order_by("-year").first()
    default = latest.year + 1 if latest else timezone.localdate().year
    form = YearCreateForm(request.POST or None, initial={"year": default}, year=_posted_year(request, default))
    successor_form = None
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        closed = services.year_closed_members(cluster=cluster, year=year)
        successors = None
        if closed:
            confirming = "confirm" in request.POST
            successor_form = SuccessorForm(request.POST if confirming else None, closed=closed)
            if confirming and successor_form.is_valid():
                successors = successor_form.successors()
        if not closed or successors is not None:
            ok, cy = run_service(
                request,
                services.cluster_year_create,
                success=_("Đã mở năm %(year)s.") % {"year": year},
                form=successor_form or form,
                cluster=cluster,
                year=year,
                units=list(form.cleaned_data["units"]),
                successors=successors,
                by=request.user,
            )
            if ok:
                return redirect(year_url(cy))
    if successor_form is not None:
        return render(
            request,
            "clusters/year_successors.html",
            {"cluster": cluster, "form": form, "successor_form": successor_form, "year": form.cleaned_data["year"]},
        )
    return form_page(
        request, form=form, title=_("Mở năm mới"), back=reverse("clusters:detail", args=[pk]), cluster=cluster
    )


def _handover_form(request, cluster, **kwargs) -> HandoverForm:
    units = OrgUnit.objects.filter(cluster_memberships__cluster_year__cluster=cluster).distinct().order_by("name")
    heads = dict(
        Membership.objects.filter(cluster_year__cluster=cluster, role=Membership.Role.HEAD).values_list(
            "cluster_year__year", "unit_id"
        )
    )
    return HandoverForm(request.POST or None, request.FILES or None, units=units, heads=heads, **kwargs)


@login_required
def handover_create(request, pk):
    """Record the flag passing on; the form starts from the next year due, the holder and that year's head."""
    require(request, "clusters.manage_cluster")
    cluster = cluster_or_404(request, pk)
    form = _handover_form(request, cluster, initial=handover_defaults(cluster))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_service(
            request,
            services.handover_record,
            success=_("Đã ghi nhận việc trao Cờ Cụm trưởng."),
            form=form,
            cluster=cluster,
            year=data["year"],
            from_unit=data["from_unit"],
            to_unit=data["to_unit"],
            handed_on=data["handed_on"],
            place=data["place"],
            note=data["note"],
            upload=data["upload"],
            by=request.user,
        )[0]
        if ok:
            return redirect("clusters:detail", pk=cluster.pk)
    return form_page(
        request,
        form=form,
        title=_("Ghi nhận trao Cờ Cụm trưởng"),
        back=reverse("clusters:detail", args=[pk]),
        cluster=cluster,
        multipart=True,
    )


def _handover_or_404(request, handover_pk) -> FlagHandover:
    require(request, "clusters.manage_cluster")
    handover = get_object_or_404(FlagHandover.objects.select_related("cluster", "from_unit", "to_unit"), pk=handover_pk)
    cluster_or_404(request, handover.cluster_id)
    return handover


@login_required
def handover_edit(request, handover_pk):
    """Correct a handover recorded with a wrong unit or day, with a reason (kept in its history)."""
    handover = _handover_or_404(request, handover_pk)
    cluster = handover.cluster
    back = reverse("clusters:detail", args=[cluster.pk])
    if handover.status != FlagHandover.Status.RECORDED:
        messages.error(request, _("Bản ghi trao cờ này đã hủy; không sửa được."))
        return redirect(back)
    initial = {
        "year": handover.year,
        "from_unit": handover.from_unit_id,
        "to_unit": handover.to_unit_id,
        "handed_on": handover.handed_on,
        "place": handover.place,
        "note": handover.note,
    }
    form = _handover_form(request, cluster, initial=initial, correcting=handover)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_service(
            request,
            services.handover_correct,
            success=_("Đã sửa bản ghi trao Cờ Cụm trưởng."),
            form=form,
            handover=handover,
            from_unit=data["from_unit"],
            to_unit=data["to_unit"],
            handed_on=data["handed_on"],
            place=data["place"],
            note=data["note"],
            upload=data["upload"],
            reason=data["reason"],
            by=request.user,
        )[0]
        if ok:
            return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("Sửa bản ghi trao Cờ Cụm trưởng năm %(year)s") % {"year": handover.year},
        back=back,
        cluster=cluster,
        multipart=True,
        intro=_("Năm nhận cờ không sửa được: nếu ghi nhầm năm, hãy hủy bản ghi này và ghi nhận lại."),
    )


@login_required
def handover_cancel(request, handover_pk):
    """Cancel a handover recorded by mistake: a page that asks why, then the right one can be recorded."""
    handover = _handover_or_404(request, handover_pk)
    cluster = handover.cluster
    back = reverse("clusters:detail", args=[cluster.pk])
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("Lý do hủy")
    if request.method == "POST" and form.is_valid():
        ok = run_service(
            request,
            services.handover_cancel,
            success=_("Đã hủy bản ghi trao cờ; có thể ghi nhận lại việc trao cờ đúng."),
            form=form,
            handover=handover,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )[0]
        if ok:
            return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("Hủy bản ghi trao Cờ Cụm trưởng năm %(year)s") % {"year": handover.year},
        back=back,
        cluster=cluster,
        intro=_("%(a)s → %(b)s ngày %(d)s. Bản ghi được giữ trong lịch sử, đánh dấu đã hủy.")
        % {"a": handover.from_unit or "—", "b": handover.to_unit, "d": handover.handed_on.strftime("%d/%m/%Y")},
        submit=_("Hủy bản ghi"),
    )


@login_required
def handover_file(request, handover_pk):
    handover = get_object_or_404(FlagHandover, pk=handover_pk)
    cluster_or_404(request, handover.cluster_id)
    return file_response(handover)
