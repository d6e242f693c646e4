"""Background job kinds of clusters: the ranking of a cluster year as PDF."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusters.models import ClusterYear
from clusters.selectors import clusters_visible_to, ranking_for
from thiduakt.jobs import JobError, job_kind
from thiduakt.pdf import render_document
from thiduakt.selectors import issuer_as_of

RANKING_PDF = "clusters.ranking_pdf"


def ranking_pdf_name(cluster_year: ClusterYear) -> str:
    return f"xep-hang-cum-{cluster_year.cluster_id}-{cluster_year.year}.pdf"


@job_kind(RANKING_PDF, _("Xuất bảng xếp hạng cụm, khối thi đua (PDF)"))
def ranking_pdf(job, context):
    """The ranking as its requester may read it now: published, or the draft for staff and the head.

    Checked again here, not only when requested: the job may run after the
    user lost access, or after the ranking was published.
    """
    user = job.requested_by
    cluster_year = (
        ClusterYear.objects.select_related("cluster").filter(pk=job.params.get("cluster_year_id")).first()
        if user is not None
        else None
    )
    if cluster_year is None or not clusters_visible_to(user).filter(pk=cluster_year.cluster_id).exists():
        raise JobError(_("Cụm, khối thi đua không còn tồn tại hoặc bạn không còn quyền xem."))
    rows, final = ranking_for(cluster_year=cluster_year, user=user)
    if rows is None:
        raise JobError(_("Kết quả xếp hạng chưa được công bố."))
    context.progress(30, gettext("Đang dàn trang PDF"))
    # Issued by the Sở Nội vụ in force on the day of publication (a draft: today's).
    published = cluster_year.published_at
    issuer = issuer_as_of(timezone.localtime(published).date() if published else None)
    # Through the one path, one pass: a cluster ranks tens of units, and its footer counts "Trang x/y".
    pdf = render_document(
        "clusters/pdf/ranking.html",
        {
            "cy": cluster_year,
            "rows": rows,
            "final": final,
            "report_title": gettext("Bảng xếp hạng thi đua năm %(year)s") % {"year": cluster_year.year},
            "report_subtitle": cluster_year.cluster.name,
            "issuer_name": issuer.interior_department if issuer else gettext("Sở Nội vụ"),
            "generated_at": timezone.localtime(),
            "generated_by": str(user),
        },
    )
    path = context.new_result_path(".pdf")
    path.write_bytes(pdf)
    context.set_result(path, ranking_pdf_name(cluster_year))
