"""Background job kinds of campaigns: the analysis of a large spreadsheet import."""

from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from campaigns.services.imports import ANALYSE_SECONDS, PARSERS, import_analyse
from thiduakt.jobs import JobError, job_kind
from thiduakt.services import DomainError

IMPORT_ANALYSE = "campaigns.import_analyse"


@job_kind(IMPORT_ANALYSE, _("Phân tích tệp Excel nhập phong trào"), time_limit=ANALYSE_SECONDS)
def import_analyse_job(job, context):
    """Read and check the stored upload ``params.token`` as ``params.kind`` (of ``params.campaign_id``)."""
    kind = job.params.get("kind")
    if kind not in PARSERS:
        raise JobError(_("Loại tệp nhập không hợp lệ."))
    campaign = None
    if job.params.get("campaign_id"):
        campaign = Campaign.objects.filter(pk=job.params["campaign_id"]).first()
        if campaign is None:
            raise JobError(_("Phong trào không còn tồn tại."))
    context.progress(10, str(_("Đang đọc và kiểm tra từng dòng của tệp")))
    try:
        import_analyse(
            kind=kind,
            token=job.params.get("token", ""),
            campaign=campaign,
            lines=job.params.get("lines"),
            saved=job.params.get("saved"),
        )
    except DomainError as exc:
        raise JobError(str(exc)) from exc
