"""Job kinds that only tests declare. A test's worker imports this module too: ``celery_worker(include=INCLUDE)``."""

import os
import time

from celery.exceptions import SoftTimeLimitExceeded

from thiduakt.jobs import job_kind

INCLUDE = ("thiduakt.tests.job_kinds",)


def _work(job, context, *, ignore_soft_limit: bool = False) -> None:
    """Write half a file, then work for ``params["seconds"]`` without reporting progress, then finish the file."""
    path = context.new_result_path(".txt")
    path.write_text("một nửa", encoding="utf-8")
    deadline = time.monotonic() + job.params["seconds"]
    while time.monotonic() < deadline:
        try:
            time.sleep(0.05)
        except SoftTimeLimitExceeded:
            if not ignore_soft_limit:
                raise
    path.write_text(f"xong ở lần chạy {job.attempts}", encoding="utf-8")
    context.set_result(path, "ket-qua.txt")


@job_kind("tests.works", "Công việc thử chạy lâu")
def works(job, context):
    _work(job, context)


@job_kind("tests.limited", "Công việc thử có giới hạn 2 giây", time_limit=2)
def limited(job, context):
    _work(job, context)


@job_kind("tests.stubborn", "Công việc thử bỏ qua giới hạn mềm", time_limit=1)
def stubborn(job, context):
    """Swallows the soft limit, as a library busy in C code would never see it: only the hard limit stops it."""
    _work(job, context, ignore_soft_limit=True)


@job_kind("tests.pid", "Công việc thử ghi số tiến trình")
def pid(job, context):
    """Its file holds the id of the process that ran it."""
    path = context.new_result_path(".txt")
    path.write_text(str(os.getpid()), encoding="utf-8")
    context.set_result(path, "pid.txt")
