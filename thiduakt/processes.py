"""Processes that end with the process that started them (Linux), even when it is killed with -9.

A job's helpers (a Celery pool process, a PDF part process) must never outlive the process
responsible for them: an orphan would go on holding the job's heartbeat, memory and CPU, and
the job would be neither finished nor taken over by another worker.
"""

import ctypes
import ctypes.util
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (no-op outside Linux)."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
