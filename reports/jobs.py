"""Background job kinds of the reports app: render one report to PDF or to xlsx."""

from django.utils.translation import gettext_lazy as _

from reports.kinds import file_stem, get_kind, render_pdf_bytes, render_xlsx_bytes
from reports.models import Report
from thiduakt.jobs import JobError, job_kind


def _load(job):
    report = Report.objects.select_related("unit", "requested_by").filter(pk=job.params.get("report_id")).first()
    if report is None:
        raise JobError(_("Báo cáo không còn tồn tại."))
    kind = get_kind(report.kind)
    if kind is None:
        raise JobError(_("Loại báo cáo này không còn được hỗ trợ."))
    return report, kind


def _build(report, kind, context, share: int):
    """Build the figures, mapping the builder's 0–100 % onto the first ``share`` % of the job."""
    try:
        return kind.build(report.params, report.unit, lambda pct, msg="": context.progress(pct * share // 100, msg))
    except (KeyError, ValueError, TypeError) as exc:
        raise JobError(_("Tham số báo cáo không hợp lệ: %(error)s") % {"error": exc})


@job_kind("reports.pdf", _("Lập báo cáo (PDF)"))
def report_pdf(job, context):
    report, kind = _load(job)
    data = _build(report, kind, context, 40)
    context.progress(40, str(_("Đang dàn trang PDF")))
    pdf = render_pdf_bytes(data, requested_by=str(report.requested_by or _("Lập tự động theo lịch")))
    context.progress(95, str(_("Đang lưu tệp")))
    path = context.new_result_path(".pdf")
    path.write_bytes(pdf)
    context.set_result(path, f"{file_stem(report)}.pdf")


@job_kind("reports.xlsx", _("Lập báo cáo (Excel)"))
def report_xlsx(job, context):
    report, kind = _load(job)
    data = _build(report, kind, context, 70)
    context.progress(70, str(_("Đang ghi bảng tính")))
    content = render_xlsx_bytes(data)
    path = context.new_result_path(".xlsx")
    path.write_bytes(content)
    context.set_result(path, f"{file_stem(report)}.xlsx")
