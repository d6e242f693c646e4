"""Background job kinds of exemplars: the honours list of an honouring event as PDF."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exemplars.models import HonouringEvent
from exemplars.selectors import honours_file_name, honours_rows
from thiduakt.jobs import JobError, job_kind
from thiduakt.pdf import render_document

HONOURS_PDF = "exemplars.honours_pdf"


@job_kind(HONOURS_PDF, _("Xuất danh sách biểu dương, tôn vinh (PDF)"))
def honours_pdf(job, context):
    """The honours list as it stands when the job runs; its requester must still see the events."""
    user = job.requested_by
    event = HonouringEvent.objects.select_related("organiser").filter(pk=job.params.get("event_id")).first()
    if event is None or user is None or not user.has_perm("exemplars.read_events"):
        raise JobError(_("Sự kiện biểu dương không còn tồn tại hoặc bạn không còn quyền xem."))
    context.progress(30, gettext("Đang dàn trang PDF"))
    # Through the one path, one pass: an event honours tens to hundreds, and its footer counts "Trang x/y".
    pdf = render_document(
        "exemplars/pdf/honours.html",
        {
            "event": event,
            "rows": list(honours_rows(event)),
            "report_title": gettext("Danh sách điển hình được biểu dương, tôn vinh"),
            "report_subtitle": event.title,
            "issuer_name": event.organiser.name.upper(),
            "generated_at": timezone.localtime(),
            "generated_by": str(user),
        },
    )
    path = context.new_result_path(".pdf")
    path.write_bytes(pdf)
    context.set_result(path, honours_file_name(event, "pdf"))
