"""Background job kinds of awards: analysing and writing big award-history files."""

from django.utils.translation import gettext_lazy as _

from thiduakt.jobs import JobError, job_kind


def _load(job):
    from awards.models import HistoryImport

    history_import = HistoryImport.objects.filter(pk=job.params.get("import_id")).first()
    if history_import is None:
        raise JobError(_("Lượt nhập không còn tồn tại."))
    return history_import


@job_kind("awards.history_analyse", _("Phân tích tệp lịch sử khen thưởng"))
def history_analyse(job, context):
    from awards.models import HistoryImport
    from awards.services import history_import_analyse

    history_import = _load(job)
    if history_import.status != HistoryImport.Status.ANALYSING:
        return  # already done by an earlier run
    history_import_analyse(history_import=history_import, progress=context.progress)


@job_kind("awards.history_apply", _("Ghi lịch sử khen thưởng từ tệp"))
def history_apply(job, context):
    from awards.models import HistoryImport
    from awards.services import history_import_apply
    from thiduakt.services import DomainError

    history_import = _load(job)
    if history_import.status == HistoryImport.Status.APPLIED:
        return
    try:
        history_import_apply(history_import=history_import, by=job.requested_by, progress=context.progress)
    except DomainError as exc:
        HistoryImport.objects.filter(pk=history_import.pk).update(status=HistoryImport.Status.FAILED, message=str(exc))
        raise JobError(str(exc)) from exc


from awards import council_jobs  # noqa: E402,F401  (issue 5: council and decision documents)
