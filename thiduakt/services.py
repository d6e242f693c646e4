"""Writes of the foundation: jobs, notifications, unit mergers.

Every function is keyword-only, atomic and lists its side effects.
"""

import logging
import os
import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from thiduakt.jobs import JobError, get_kind
from thiduakt.models import Job, Notification, OrgUnit, Person, User

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """An action that the rules of the domain do not allow; the message is for the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------


def job_create(*, kind: str, requested_by: User | None, params: dict | None = None, unit: OrgUnit | None = None) -> Job:
    """Create a waiting job and send its id to the broker once the transaction commits.

    Side effects: one Job row; after commit, one broker message (or none when
    the broker is down: the job then waits for ``jobs_requeue``).
    """
    if get_kind(kind) is None:
        raise DomainError(_("Loại công việc không tồn tại: %(kind)s") % {"kind": kind})
    job = Job.objects.create(
        kind=kind,
        requested_by=requested_by,
        params=params or {},
        unit=unit,
        max_attempts=settings.JOB_MAX_ATTEMPTS,
    )
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


@transaction.atomic
def job_request(*, kind: str, requested_by: User, params: dict | None = None) -> tuple[Job, bool]:
    """The user's waiting or running job of this kind and these parameters, or a new one: ``(job, created)``.

    A second click on "export" follows the job already under way instead of
    rendering the same document twice. The user's row is locked so that two
    simultaneous requests cannot both create one.
    Side effects: at most one Job row and its broker message (see ``job_create``).
    """
    User.objects.select_for_update().filter(pk=requested_by.pk).first()
    params = params or {}
    pending = (
        Job.objects.filter(
            kind=kind,
            requested_by=requested_by,
            params=params,
            status__in=[Job.Status.WAITING, Job.Status.RUNNING],
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if pending is not None:
        return pending, False
    return job_create(kind=kind, requested_by=requested_by, params=params), True


def job_enqueue(*, job_id: int) -> bool:
    """Send the job id to the broker; never raise and never hang on a broker that is down.

    Side effects: sets ``enqueued_at`` when the broker took the message.
    """
    from thiduakt.tasks import job_execute

    try:
        job_execute.apply_async(args=[job_id], retry=False)
    except Exception:  # the broker is down or unreachable: the job waits
        logger.warning("broker unavailable, job %s stays waiting", job_id, exc_info=True)
        return False
    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    return True


def job_claim(*, job_id: int) -> Job | None:
    """Claim a job for this worker with a conditional update, so that no two workers run it.

    A waiting job is claimed; so is a running one whose worker stopped
    reporting (killed), while attempts remain. Side effects: status running,
    attempts + 1, started/heartbeat time.
    """
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=settings.JOB_STALE_SECONDS)
    claimable = Q(status=Job.Status.WAITING) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
    claimed = Job.objects.filter(claimable, pk=job_id, attempts__lt=F("max_attempts")).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, progress=0
    )
    if not claimed:
        return None
    return Job.objects.get(pk=job_id)


class JobContext:
    """What a handler uses to report progress and leave its result."""

    def __init__(self, job: Job):
        self.job = job
        self._result: tuple[Path, str] | None = None
        self._tmpdir = Path(settings.MEDIA_ROOT) / "tmp" / "jobs"

    def progress(self, percent: int, message: str = "") -> None:
        """Record progress (0–100) and a heartbeat; cheap enough to call often."""
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(
            progress=percent, message=message[:500], heartbeat_at=timezone.now()
        )
        self.job.progress = percent

    def new_result_path(self, suffix: str) -> Path:
        """A temporary path inside the private storage, on the same file system as the result."""
        self._tmpdir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._tmpdir, suffix=suffix)
        os.close(fd)
        return Path(name)

    def set_result(self, path: Path, filename: str) -> None:
        self._result = (path, filename)


def job_run(*, job_id: int) -> Job | None:
    """Run one job: claim it, call its handler, store its file atomically, record the outcome.

    Idempotent: a job that is gone, finished or claimed by another worker is
    left alone. A handler's ``JobError`` fails the job with its message; any
    other error fails it with a generic message (logged), and it may be retried.
    Side effects: the job row; the result file under private storage.
    """
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    kind = get_kind(job.kind)
    context = JobContext(job)
    try:
        if kind is None:
            raise JobError(_("Loại công việc không còn được hỗ trợ."))
        kind.handler(job, context)
        if context._result:
            tmp_path, filename = context._result
            relative = job.result_file.field.generate_filename(job, filename)
            final = Path(settings.MEDIA_ROOT) / relative
            final.parent.mkdir(parents=True, exist_ok=True)
            # An atomic rename: a worker killed before this leaves no file behind the job.
            os.replace(tmp_path, final)
            job.result_file.name = relative
            job.result_name = filename
            job.result_size = final.stat().st_size
        done = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.DONE,
            progress=100,
            message=_("Đã hoàn thành."),
            result_file=job.result_file.name or "",
            result_name=job.result_name,
            result_size=job.result_size,
            finished_at=timezone.now(),
        )
        if not done:
            logger.warning("job %s finished but was no longer running", job.pk)
    except JobError as exc:
        _job_fail(job, str(exc))
    except Exception:
        logger.exception("job %s failed", job.pk)
        _job_fail(job, _("Lỗi hệ thống khi thực hiện công việc. Vui lòng thử lại hoặc báo quản trị viên."))
    finally:
        if context._result and context._result[0].exists():
            context._result[0].unlink()
    job.refresh_from_db()
    return job


def _job_fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=message[:500], finished_at=timezone.now())


def job_retry(*, job: Job, by: User) -> Job:
    """Put a failed job back in the queue with a fresh set of attempts.

    Side effects: status waiting, attempts 0; broker message after commit.
    """
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.WAITING, attempts=0, progress=0, message="", finished_at=None, enqueued_at=None
        )
        if not updated:
            raise DomainError(_("Chỉ có thể chạy lại công việc đã thất bại."))
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def jobs_requeue() -> int:
    """Send again every job the broker may not have: waiting ones, and running ones whose worker died.

    A running job whose attempts are used up fails with a clear message.
    Returns the number of jobs sent. Safe to run at any time, on any node.
    """
    stale = timezone.now() - timezone.timedelta(seconds=settings.JOB_STALE_SECONDS)
    Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale, attempts__gte=F("max_attempts")).update(
        status=Job.Status.FAILED,
        message=_("Công việc bị gián đoạn quá số lần cho phép."),
        finished_at=timezone.now(),
    )
    recent = timezone.now() - timezone.timedelta(seconds=30)
    ids = list(
        Job.objects.filter(
            Q(status=Job.Status.WAITING, enqueued_at__isnull=True)
            | Q(status=Job.Status.WAITING, enqueued_at__lt=recent)
            | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
        ).values_list("pk", flat=True)[:500]
    )
    return sum(1 for job_id in ids if job_enqueue(job_id=job_id))


# ---------------------------------------------------------------------------
# Notifications
# ---------------------------------------------------------------------------


def notification_send(
    *, recipients, title: str, body: str = "", link: str = "", email: bool = True
) -> list[Notification]:
    """Tell each recipient in the app and, when they have an address, by e-mail.

    Side effects: one Notification per recipient (recording the address
    written to); one e-mail per recipient with an address, sent after commit.
    """
    created = []
    for user in recipients:
        address = user.email if email and user.email else ""
        created.append(
            Notification.objects.create(recipient=user, title=title, body=body, link=link, emailed_to=address)
        )
        if address:
            transaction.on_commit(
                lambda a=address: send_mail(title, f"{body}\n\n{link}".strip(), None, [a], fail_silently=True)
            )
    return created


def notification_mark_read(*, user: User) -> int:
    """Mark all of a user's notifications read. Side effects: ``read_at`` on each."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------


@transaction.atomic
def unit_merge(*, units: list[OrgUnit], into: OrgUnit, on: date, by: User | None, reason: str) -> OrgUnit:
    """Record that ``units`` were merged into ``into`` on day ``on`` (e.g. the 2025 reorganisation).

    The old units stay, closed on the day before with ``merged_into`` set, so
    their history remains theirs; people and officers now belong to ``into``.
    Side effects: the old units, their people and users (each change in history with ``reason``).
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do sáp nhập."))
    for unit in OrgUnit.objects.select_for_update().filter(pk__in=[u.pk for u in units]):
        if unit.pk == into.pk:
            raise DomainError(_("Không thể sáp nhập một đơn vị vào chính nó."))
        if unit.merged_into_id:
            raise DomainError(_("Đơn vị %(name)s đã được sáp nhập trước đó.") % {"name": unit.name})
        unit.valid_to = on - timezone.timedelta(days=1)
        unit.merged_into = into
        unit._change_reason = reason
        unit.save()
        for person in Person.objects.filter(unit=unit):
            person.unit = into
            person._change_reason = reason
            person.save()
        for user in User.objects.filter(unit=unit):
            user.unit = into
            user.save()
            update_change_reason(user, reason)
        for child in OrgUnit.objects.filter(parent=unit):
            child.parent = into
            child._change_reason = reason
            child.save()
    return into
