"""Writes of the foundation: jobs, notifications, unit mergers.

Every function is keyword-only, atomic and lists its side effects.
"""

import logging
import os
import tempfile
import threading
from datetime import date
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from thiduakt.celery import app as celery_app
from thiduakt.jobs import JobError, get_kind
from thiduakt.models import DailyDigest, Job, Notification, OrgUnit, Person, Succession, User
from thiduakt.text import fold, nfc

logger = logging.getLogger(__name__)

JOB_EXECUTE_TASK = "thiduakt.tasks.job_execute"


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


def job_request(
    *, kind: str, requested_by: User | None, params: dict | None = None, unit: OrgUnit | None = None
) -> tuple[Job, bool]:
    """The requester's waiting or running job of this kind, parameters and unit, or a new one: ``(job, created)``.

    A second click (or thirty) follows the job already under way instead of
    doing the same work again. Two simultaneous requests cannot both create
    one: the partial unique constraint ``job_one_active_per_request`` refuses
    the second insert, which then answers with the first one's job. Jobs with
    no requester (scheduled work) are never joined.
    Side effects: at most one Job row; after commit, one broker message (or
    none when the broker is down: the job then waits for ``jobs_requeue``).
    """
    job_kind = get_kind(kind)
    if job_kind is None:
        raise DomainError(_("Loại công việc không tồn tại: %(kind)s") % {"kind": kind})
    params = params or {}
    digest = Job.params_digest_of(params, unit.pk if unit else None)
    if requested_by is not None and (pending := _job_active(requested_by, kind, digest)) is not None:
        return pending, False
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a refused insert
            job = Job.objects.create(
                kind=kind,
                requested_by=requested_by,
                params=params,
                unit=unit,
                max_attempts=settings.JOB_MAX_ATTEMPTS,
            )
    except IntegrityError:
        # Another request committed the same job between our look and our insert (it waited for that
        # commit on the unique index): answer with it. Read again in case it has finished meanwhile.
        pending = _job_active(requested_by, kind, digest) if requested_by is not None else None
        if pending is None:
            raise
        return pending, False
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk, kind=kind))
    return job, True


def job_create(*, kind: str, requested_by: User | None, params: dict | None = None, unit: OrgUnit | None = None) -> Job:
    """The job for this request: the requester's identical one under way, or a new one (see ``job_request``)."""
    return job_request(kind=kind, requested_by=requested_by, params=params, unit=unit)[0]


def _job_active(requested_by: User, kind: str, digest: str) -> Job | None:
    return Job.objects.filter(requested_by=requested_by, kind=kind, params_digest=digest, status__in=Job.ACTIVE).first()


def job_enqueue(*, job_id: int, kind: str | None = None) -> bool:
    """Send the job id to the broker with its kind's time limits; never raise, never hang on a broker that is down.

    Side effects: sets ``enqueued_at`` when the broker took the message.
    """
    if kind is None:
        kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first() or ""
    limits = {}
    if job_kind := get_kind(kind):
        limits = {"soft_time_limit": job_kind.soft_time_limit, "time_limit": job_kind.hard_time_limit}
    try:
        # By name: the task module calls these services, so this one does not import it.
        celery_app.send_task(JOB_EXECUTE_TASK, args=[job_id], retry=False, **limits)
    except Exception:  # the broker is down or unreachable: the job waits
        logger.warning("broker unavailable, job %s stays waiting", job_id, exc_info=True)
        return False
    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    return True


def job_claim(*, job_id: int) -> Job | None:
    """Claim a job for this worker with a conditional update, so that no two workers run it.

    A waiting job is claimed; so is a running one whose worker stopped
    beating (killed), while attempts remain. Side effects: status running,
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


def _job_tmp_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp" / "jobs"


def _job_remove_leftovers(job: Job) -> None:
    """Remove the temporary files of a run of this job that was killed (named after it, see ``JobContext``)."""
    for path in _job_tmp_dir().glob(f"{job.public_id.hex}-*"):
        path.unlink(missing_ok=True)


class JobContext:
    """What a handler uses to report progress and leave its result."""

    def __init__(self, job: Job):
        self.job = job
        self._result: tuple[Path, str] | None = None
        self._paths: list[Path] = []
        # Run inside a caller's transaction (a test): the job row is not seen by another connection.
        self._outer_atomic = transaction.get_connection().in_atomic_block

    def progress(self, percent: int, message: str = "") -> None:
        """Record progress (0–100) and a heartbeat; cheap enough to call often.

        Called from inside the handler's own transaction (a signing, an import written all or nothing), the
        figures are written on a connection of their own (PostgreSQL): seen at once by the page that follows
        the job, and the job row is not held locked until the end (the heartbeat would wait on it). SQLite
        has one writer at a time: there they are written in the transaction, and seen when it ends.
        """
        percent = max(0, min(99, int(percent)))
        inside = transaction.get_connection().in_atomic_block and not self._outer_atomic
        if inside and connection.vendor == "postgresql":
            writer = threading.Thread(target=self._record, args=(percent, message, True), daemon=True)
            writer.start()
            writer.join(timeout=10)
        else:
            self._record(percent, message, False)
        self.job.progress = percent

    def _record(self, percent: int, message: str, own_connection: bool) -> None:
        try:
            Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(
                progress=percent, message=message[:500], heartbeat_at=timezone.now()
            )
        except DatabaseError:
            if not own_connection:
                raise
            logger.warning("job %s: progress not recorded", self.job.pk, exc_info=True)
        finally:
            if own_connection:
                connection.close()  # this thread's own connection

    def new_result_path(self, suffix: str) -> Path:
        """A temporary path inside the private storage, on the same file system as the result.

        Named after the job, so that what a killed run left can be found and removed; every path
        given out is removed when the run ends unless it became the result.
        """
        folder = _job_tmp_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=f"{self.job.public_id.hex}-", suffix=suffix)
        os.close(fd)
        self._paths.append(Path(name))
        return self._paths[-1]

    def set_result(self, path: Path, filename: str) -> None:
        self._result = (path, filename)

    def remove_temporary_files(self) -> None:
        for path in [*self._paths, *([self._result[0]] if self._result else [])]:
            path.unlink(missing_ok=True)


class _Heartbeat:
    """While a job runs, a thread of its own records every ``JOB_HEARTBEAT_SECONDS`` that it is alive.

    A handler may spend minutes in one call (a PDF layout) without reporting
    progress; the heartbeat is what tells a live job from one whose worker was
    killed (``jobs_requeue`` re-sends a job whose heartbeat is older than
    ``JOB_STALE_SECONDS``). It stops when the job is no longer this run's.
    Inside an outer transaction (a test, a caller's ``atomic``) the job row is
    not visible to the thread's own connection: no thread is started.
    """

    def __init__(self, job: Job):
        self.job = job
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self):
        if not transaction.get_connection().in_atomic_block:
            self.thread = threading.Thread(target=self._beat, name=f"job-{self.job.pk}-heartbeat", daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=10)  # a beat waits at most for one UPDATE

    def _beat(self) -> None:
        mine = Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING, attempts=self.job.attempts)
        try:
            while not self.stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    if not mine.update(heartbeat_at=timezone.now()):
                        return  # finished, failed, or claimed again by another worker
                except DatabaseError:
                    logger.warning("job %s: heartbeat not recorded", self.job.pk, exc_info=True)
                    connection.close()  # the next beat opens a fresh connection
        finally:
            connection.close()  # this thread's own connection


def job_run(*, job_id: int) -> Job | None:
    """Run one job: claim it, call its handler, store its file atomically, record the outcome.

    Idempotent: a job that is gone, finished or claimed by another worker is
    left alone. A handler's ``JobError`` fails the job with its message; the
    soft time limit fails it with a message saying so; any other error fails
    it with a generic message (logged), and it may be retried. A heartbeat
    thread keeps the job marked alive while the handler runs.
    Side effects: the job row; the result file under private storage; no temporary file left.
    """
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    _job_remove_leftovers(job)  # this run owns the job now: what an earlier, killed run left goes
    kind = get_kind(job.kind)
    context = JobContext(job)
    try:
        if kind is None:
            raise JobError(_("Loại công việc không còn được hỗ trợ."))
        with _Heartbeat(job):
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
    except SoftTimeLimitExceeded:
        logger.warning("job %s stopped at its soft time limit", job.pk)
        _job_fail(job, _time_limit_message(kind.soft_time_limit))
    except Exception:
        logger.exception("job %s failed", job.pk)
        _job_fail(job, _("Lỗi hệ thống khi thực hiện công việc. Vui lòng thử lại hoặc báo quản trị viên."))
    finally:
        context.remove_temporary_files()
    job.refresh_from_db()
    return job


def _time_limit_message(seconds: float) -> str:
    return _(
        "Công việc vượt quá thời gian cho phép (%(seconds)s giây) nên đã bị dừng. "
        "Hãy thu hẹp phạm vi rồi chạy lại, hoặc báo quản trị viên."
    ) % {"seconds": f"{seconds:g}"}


def _job_fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=message[:500], finished_at=timezone.now())


def job_time_limit_exceeded(*, job_id: int, seconds: float) -> bool:
    """Record that the worker process running this job was killed at its hard time limit of ``seconds``.

    Called by the worker's main process (the killed one could not say it).
    Side effects: a running job fails with the time-limit message; the
    temporary files of the job are removed. Returns whether the job was failed.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    failed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, message=_time_limit_message(seconds)[:500], finished_at=timezone.now()
    )
    _job_remove_leftovers(job)
    return bool(failed)


def job_retry(*, job: Job, by: User) -> Job:
    """Put a failed job back in the queue with a fresh set of attempts.

    Side effects: status waiting, attempts 0; broker message after commit.
    """
    with transaction.atomic():
        try:
            updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
                status=Job.Status.WAITING, attempts=0, progress=0, message="", finished_at=None, enqueued_at=None
            )
        except IntegrityError:  # the same request was made again meanwhile and is under way
            raise DomainError(_("Một yêu cầu giống hệt đang chờ hoặc đang chạy; hãy theo dõi công việc đó."))
        if not updated:
            raise DomainError(_("Chỉ có thể chạy lại công việc đã thất bại."))
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk, kind=job.kind))
    job.refresh_from_db()
    return job


def jobs_requeue() -> int:
    """Send again every job the broker may not have: waiting ones, and running ones whose worker died.

    A running job's worker died when its heartbeat is older than
    ``JOB_STALE_SECONDS``; beat runs this every ``JOB_REQUEUE_SECONDS``, so
    such a job runs again within about a minute. A running job whose attempts
    are used up fails with a clear message instead.
    Returns the number of jobs sent. Safe to run at any time, on any node.
    """
    stale = timezone.now() - timezone.timedelta(seconds=settings.JOB_STALE_SECONDS)
    Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale, attempts__gte=F("max_attempts")).update(
        status=Job.Status.FAILED,
        message=_("Công việc bị gián đoạn quá số lần cho phép."),
        finished_at=timezone.now(),
    )
    recent = timezone.now() - timezone.timedelta(seconds=30)
    jobs = list(
        Job.objects.filter(
            Q(status=Job.Status.WAITING, enqueued_at__isnull=True)
            | Q(status=Job.Status.WAITING, enqueued_at__lt=recent)
            | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
        ).values_list("pk", "kind")[:500]
    )
    return sum(1 for job_id, kind in jobs if job_enqueue(job_id=job_id, kind=kind))


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
    return notifications_send(notices=[(user, title, body, link) for user in recipients], email=email)


def notifications_send(*, notices, email: bool = True) -> list[Notification]:
    """Send many notices at once: ``notices`` are ``(recipient, title, body, link)``.

    One insert whatever their number (a bulk action tells many units at once). Side effects: one
    Notification per notice; one e-mail per notice whose recipient has an address, all sent after
    commit through the configured backend (``EMAIL_URL``) over one connection.
    """
    rows = [
        Notification(
            recipient=user,
            title=title[:200],
            body=body,
            link=link,
            emailed_to=user.email if email and user.email else "",
        )
        for user, title, body, link in notices
    ]
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    messages = [(n.title, f"{n.body}\n\n{n.link}".strip(), None, [n.emailed_to]) for n in created if n.emailed_to]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return created


def digest_claim(*, unit_id: int, day: date) -> DailyDigest | None:
    """Claim the unit's digest of ``day``; ``None`` when it was already sent (or is being sent).

    Called inside the caller's transaction, before anyone is told: of two workers at once, the second
    waits on the unique index until the first commits, then gets ``None``. Side effects: the DailyDigest row.
    """
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a refused insert
            return DailyDigest.objects.create(unit_id=unit_id, day=day)
    except IntegrityError:
        return None


def notification_mark_read(*, user: User) -> int:
    """Mark all of a user's notifications read. Side effects: ``read_at`` on each."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

BIRTH_YEAR_MIN = 1900  # the oldest person still proposed; children may be honoured, so no age floor
REPEAT_SECONDS = 120  # the same person added again by the same user this soon is a second click


def person_create(
    *,
    full_name: str,
    gender: str,
    birth_year: int | None,
    position: str,
    unit: OrgUnit,
    by: User | None,
    reason: str,
) -> tuple[Person, bool]:
    """A new person in the people registry; ``(person, created)``.

    The same name, birth year and unit added by the same user within ``REPEAT_SECONDS`` is the same
    person (a double click, a second tab): that person is returned, with ``created`` false. Adds to one
    unit are serialised on its row, so two requests at once cannot both pass that check.
    Side effects: one Person (history with who and why).
    """
    from thiduakt.bounds import current_year, ensure_year  # noqa: PLC0415 -- bounds imports this module (DomainError)

    full_name = nfc(full_name)
    if not full_name:
        raise DomainError(_("Cần ghi họ và tên."), field="full_name")
    if gender not in Person.Gender.values:
        raise DomainError(_("Cần chọn giới tính."), field="gender")
    ensure_year(birth_year, low=BIRTH_YEAR_MIN, high=current_year())
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()
        recent = Person.history.filter(
            history_type="+",
            history_user=by,
            search_text=fold(full_name),
            birth_year=birth_year,
            unit_id=unit.pk,
            history_date__gte=timezone.now() - timezone.timedelta(seconds=REPEAT_SECONDS),
        ).values_list("id", flat=True)
        again = Person.objects.filter(pk__in=list(recent)).first()
        if again:
            return again, False
        person = Person(full_name=full_name, gender=gender, birth_year=birth_year, position=nfc(position), unit=unit)
        person._change_reason = reason
        person._history_user = by
        person.save()
    return person, True


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


@transaction.atomic
def unit_reorganise(
    *,
    unit: OrgUnit,
    successors: list[dict],
    on: date,
    legal_basis: str,
    by: User | None,
    reason: str,
    seat: OrgUnit | None = None,
) -> OrgUnit:
    """Record that ``unit`` ended on the day before ``on`` and who carries it on (a 2025-style arrangement).

    ``successors`` are ``{"unit": OrgUnit, "share": "whole" | "part", "clause": "Điều 1 khoản 55"}``; the
    ``seat`` (default: the first) becomes ``merged_into``. Unlike ``unit_merge`` nothing is moved: people,
    officers, sub-units, records and dossiers stay attached to the old unit, which the screens mark closed.
    A unit with no successor is simply closed. Side effects: the unit (history with ``reason``), one
    Succession row per successor (history).
    """
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do sắp xếp đơn vị."))
    if not legal_basis.strip():
        raise DomainError(_("Cần ghi căn cứ (nghị quyết, quyết định) của việc sắp xếp."))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_to is not None:
        raise DomainError(
            _("Đơn vị %(name)s đã ngừng hoạt động từ sau ngày %(day)s.")
            % {"name": unit.name, "day": unit.valid_to.strftime("%d/%m/%Y")}
        )
    end = on - timezone.timedelta(days=1)
    if unit.valid_from and end < unit.valid_from:
        raise DomainError(_("Ngày sắp xếp phải sau ngày đơn vị %(name)s bắt đầu hoạt động.") % {"name": unit.name})
    targets = [entry["unit"] for entry in successors]
    if seat is not None and seat.pk not in {t.pk for t in targets}:
        raise DomainError(_("Đơn vị nhận trụ sở phải là một trong các đơn vị kế thừa."))
    for target in targets:
        if target.pk == unit.pk:
            raise DomainError(_("Một đơn vị không thể kế thừa chính nó."))
        if not target.is_active_on(on):
            raise DomainError(
                _("Đơn vị kế thừa %(name)s không hoạt động vào ngày %(day)s.")
                % {"name": target.name, "day": on.strftime("%d/%m/%Y")}
            )
    unit.valid_to = end
    unit.merged_into = seat or (targets[0] if targets else None)
    unit._change_reason = reason
    unit._history_user = by
    unit.save()
    for entry in successors:
        row = Succession(
            predecessor=unit,
            successor=entry["unit"],
            effective_on=on,
            share=entry.get("share", Succession.Share.WHOLE),
            legal_basis=legal_basis,
            clause=entry.get("clause", ""),
            note=entry.get("note", ""),
        )
        row._change_reason = reason
        row._history_user = by
        row.save()
    return unit
