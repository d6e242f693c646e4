"""What the clusters services share: the year's lock and open check, its history, the upload gate."""

from datetime import date

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Event
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.uploads import DOCUMENTS, UploadError, check_upload
from thiduakt.workflow import record_event


def officers(unit_ids):
    return User.objects.filter(is_unit_officer=True, is_active=True, unit_id__in=list(unit_ids))


def year_link(cluster_year: ClusterYear) -> str:
    return reverse("clusters:year_detail", args=[cluster_year.cluster_id, cluster_year.year])


def log(cluster_year: ClusterYear, by: User | None, action: str, reason: str = "") -> Event:
    """One line of the year's history (a change that is not a status move)."""
    return record_event(cluster_year, by=by, action=action, reason=reason)


def attach(obj, upload) -> None:
    """Check an upload by content (documents or photos), then put it on ``obj`` (saved by the caller)."""
    if upload is None:
        return
    try:
        checked = check_upload(upload, allow=DOCUMENTS)
    except UploadError as exc:
        raise DomainError(str(exc)) from exc
    obj.file_name = checked.name
    obj.file_content_type = checked.content_type
    obj.file.save(f"tep{checked.extension}", ContentFile(checked.data), save=False)


def lock_year(cluster_year: ClusterYear) -> ClusterYear:
    return ClusterYear.objects.select_for_update().select_related("cluster").get(pk=cluster_year.pk)


def require_open(cluster_year: ClusterYear) -> None:
    if cluster_year.is_published:
        raise DomainError(_("Xếp hạng năm %(year)s đã công bố; không thể sửa điểm.") % {"year": cluster_year.year})


def require_setup_open(cluster_year: ClusterYear) -> None:
    """The year's setup (members, roles, agreement, table, configuration) is closed once its ranking is published."""
    if cluster_year.is_published:
        raise DomainError(
            _("Xếp hạng năm %(year)s đã công bố; thiết lập của năm không sửa được nữa.") % {"year": cluster_year.year}
        )


def agreement_window(year: int):
    """When the agreement of ``year`` may be signed: from 1 October of the year before (the conference that
    reviews the year before and signs the next agreement) to 31 December of the year, and not after today.
    [assume] docs/clusters.md."""
    return {
        "after": (date(year - 1, 10, 1), _("ngày 01/10/%(y)s (quý IV năm trước)") % {"y": year - 1}),
        "before": (date(year, 12, 31), _("ngày cuối năm %(y)s") % {"y": year}),
        "not_future": True,
    }


def meeting_window(year: int):
    """The cluster meets on its proposal at the year's end or after it: from 1 November of the year on,
    and not after today. [assume] docs/clusters.md."""
    return {"after": (date(year, 11, 1), _("ngày 01/11/%(y)s") % {"y": year}), "not_future": True}
