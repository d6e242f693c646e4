"""Registry of background job kinds.

Each app declares its kinds in its own ``jobs.py`` with ``@job_kind`` (the
foundation's own, which read its models, in ``thiduakt/exports.py``: this module
is imported by the models and imports none); the foundation runs them
(``thiduakt.services.job_run``). A handler receives the Job and a ``JobContext``
to report progress and attach its result file.

Every kind runs under a soft and a hard time limit: the soft one raises inside
the handler (the job fails with a message saying so), the hard one kills the
worker process that is running it. A kind may set its own soft limit; the
grace before the hard limit is the settings' (``CELERY_TASK_TIME_LIMIT`` minus
``CELERY_TASK_SOFT_TIME_LIMIT``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class JobError(Exception):
    """A failure the user should read (in Vietnamese); the job is not retried."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    handler: Callable
    time_limit: int | None = None  # seconds; None: CELERY_TASK_SOFT_TIME_LIMIT

    @property
    def soft_time_limit(self) -> int:
        return self.time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT

    @property
    def hard_time_limit(self) -> int:
        grace = max(settings.CELERY_TASK_TIME_LIMIT - settings.CELERY_TASK_SOFT_TIME_LIMIT, 1)
        return self.soft_time_limit + grace


_KINDS: dict[str, JobKind] = {}


def job_kind(name: str, label: str, *, time_limit: int | None = None):
    """Register the decorated function as the handler of job kind ``name``.

    ``time_limit`` (seconds) is the soft limit of one run of this kind, when the
    default (``CELERY_TASK_SOFT_TIME_LIMIT``) does not fit it.
    """
    if time_limit is not None and time_limit < 1:
        raise ValueError(f"time_limit of job kind {name} must be at least 1 second")

    def register(func):
        _KINDS[name] = JobKind(name=name, label=label, handler=func, time_limit=time_limit)
        return func

    return register


def get_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def handler_label(name: str) -> str:
    kind = _KINDS.get(name)
    return str(kind.label) if kind else str(_("Công việc %(name)s") % {"name": name})
