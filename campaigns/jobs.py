"""Background job kinds of campaigns: the analysis of a large spreadsheet import, the export of a big campaign's
participants."""

from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from campaigns.resources import participants_xlsx
from campaigns.services.imports import ANALYSE_SECONDS, PARSERS, import_analyse
from thiduakt.jobs import JobError, job_kind
from thiduakt.services import DomainError

IMPORT_ANALYSE = "campaigns.import_analyse"
EXPORT_JOB = "campaigns.participants_export"

# Up to this many participants the export is the answer of the click itself, beyond it a job makes it (the rule of
# a decision's files, ``awards.jobs.IN_REQUEST_MAX_LINES``). Measured on the 2-core machine: ~57 ms for 801 units
# (~40 ms of it openpyxl writing the cells), so about 25 ms at 300; the job is for a province's biggest campaigns.
IN_REQUEST_MAX_PARTICIPANTS = 300
# Soft time limit of one export: a province has a few thousand units at most, ~0.1 s a thousand; a minute is ample.
EXPORT_SECONDS = 60


def export_filename(campaign: Campaign) -> str:
    return f"phong-trao-{campaign.pk}-don-vi.xlsx"


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


@job_kind(EXPORT_JOB, _("Xuất đơn vị và đăng ký của phong trào (Excel)"), time_limit=EXPORT_SECONDS)
def participants_export_job(job, context):
    """The participants' xlsx of ``params.campaign_id``, as the request makes it; the requester's right to
    manage the campaign is checked again (the job may run after it was lost)."""
    user = job.requested_by
    campaign = Campaign.objects.filter(pk=job.params.get("campaign_id")).first()
    if campaign is None or user is None or not user.has_perm("campaigns.manage_campaign", campaign):
        raise JobError(_("Phong trào không còn tồn tại hoặc bạn không còn quyền quản lý."))
    context.progress(10, str(_("Đang ghi tệp Excel")))
    path = context.new_result_path(".xlsx")
    path.write_bytes(participants_xlsx(campaign))
    context.set_result(path, export_filename(campaign))
