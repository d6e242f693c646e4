"""What the clusters screens share: the objects a user may see (else 404), the form page, file responses."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from clusters.models import Cluster, ClusterYear, Membership
from clusters.selectors import clusters_visible_to
from thiduakt.access import require
from thiduakt.downloads import private_file_response


def cluster_or_404(request, pk) -> Cluster:
    return get_object_or_404(clusters_visible_to(request.user), pk=pk)


def year_or_404(request, pk, year) -> ClusterYear:
    cluster = cluster_or_404(request, pk)
    cluster_year = get_object_or_404(ClusterYear, cluster=cluster, year=year)
    cluster_year.cluster = cluster
    return cluster_year


def membership_or_404(request, member_pk, perm="clusters.read_sheet") -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("cluster_year__cluster", "unit"), pk=member_pk)
    cluster_or_404(request, membership.cluster_year.cluster_id)
    require(request, perm, membership)
    return membership


def year_url(cluster_year: ClusterYear, anchor: str = "") -> str:
    url = reverse("clusters:year_detail", args=[cluster_year.cluster_id, cluster_year.year])
    return f"{url}#{anchor}" if anchor else url


def file_response(obj):
    """The private file of an upload row (UploadMixin), served as the type its checked content had."""
    return private_file_response(
        obj.file, filename=obj.file_name or obj.file.name.rsplit("/", 1)[-1], content_type=obj.file_content_type
    )


def form_page(
    request, *, form, title, back, cluster_year=None, cluster=None, intro="", multipart=False, submit="", readonly=False
):
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
            "submit": submit,
            "readonly": readonly,
        },
    )
