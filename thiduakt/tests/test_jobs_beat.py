"""``python3 .dev/do.py run`` starts the Celery worker and beat as two processes of its own and stops both:
killing the worker leaves no orphan, and beat alone sends again what the broker never got."""

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from thiduakt import services
from thiduakt.models import Job
from thiduakt.testing import World, database_url_for_subprocess, wait_for

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; the parent-death signal is Linux's")

DO_PY = Path(settings.BASE_DIR) / ".dev" / "do.py"


def _do():
    spec = importlib.util.spec_from_file_location("thiduakt_do", DO_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[1] == pid and stat[0] != "Z":
            found.add(int(entry.name))
    return found


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_run_starts_worker_and_beat_apart_and_killing_the_worker_leaves_no_orphan(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduakt.settings_test"),
        "THIDUAKT_DATA_DIR": str(tmp_path),  # beat's schedule file, apart from any other run's
        "THIDUAKT_JOB_REQUEUE_SECONDS": "1",
    }
    staff = World().user("staff")
    do = _do()
    worker, beat = do.start_background(env)
    try:
        assert "-B" not in worker.args and "--pool=prefork" in worker.args
        assert beat.args[-3:] == ["beat", "-l", "warning"]
        first = services.job_create(kind="thiduakt.units_export", requested_by=staff)
        wait_for(lambda: Job.objects.get(pk=first.pk).status == "done", timeout=180)
        # A job whose message never reached the broker: only beat's jobs-requeue can send it now.
        lost = Job.objects.create(kind="thiduakt.units_export", requested_by=staff, params={"lost": True})
        wait_for(lambda: Job.objects.get(pk=lost.pk).status == "done", timeout=60)
        assert _stat(beat.pid)[1] == os.getpid()  # beat is this process's child, not the worker's
        pool = _children(worker.pid)
        assert len(pool) >= 1 and beat.pid not in pool
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        wait_for(lambda: not any(_alive(pid) for pid in pool), timeout=15)  # its pool went with it
        assert beat.poll() is None
    finally:
        do.stop_background([worker, beat], timeout=20)
    assert worker.returncode == -signal.SIGKILL
    assert beat.returncode is not None and not _alive(beat.pid)


def test_stop_background_kills_what_does_not_stop_when_asked():
    do = _do()
    ignores_term = subprocess.Popen(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
         "print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert ignores_term.stdout.readline() == b"ready\n"
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    do.stop_background([ignores_term, polite], timeout=1)
    assert (polite.returncode, ignores_term.returncode) == (-signal.SIGTERM, -signal.SIGKILL)
    ignores_term.stdout.close()


def test_background_processes_stop_when_run_itself_is_killed():
    """Even ``kill -9`` of ``do.py run`` leaves no worker or beat behind: they get SIGTERM from the kernel."""
    script = textwrap.dedent(
        f"""
        import importlib.util, subprocess, sys, time
        spec = importlib.util.spec_from_file_location("thiduakt_do", {str(DO_PY)!r})
        do = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(do)
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], preexec_fn=do._stop_with_parent)
        print(child.pid, flush=True)
        time.sleep(60)
        """
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    child = int(run.stdout.readline())
    assert _alive(child)
    run.kill()
    run.wait()
    run.stdout.close()
    wait_for(lambda: not _alive(child), timeout=10)
