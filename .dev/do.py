#!/usr/bin/env python3
"""The two entry points of thiduakt, needing nothing but Python 3.11+.

    python3 .dev/do.py run    # set up, load demo data, start a worker and the app at http://127.0.0.1:8000
    python3 .dev/do.py test   # set up (system packages included) and run every check and test

Setting up means: a virtualenv in .venv with the pinned requirements, and on
Debian as root the system packages PDF rendering and the tests need.
"""

import ctypes.util
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"

# Debian packages: what WeasyPrint links against (run), and what the tests drive (test).
RUN_PACKAGES = {
    "libpango-1.0-0": lambda: ctypes.util.find_library("pango-1.0"),
    "libpangoft2-1.0-0": lambda: ctypes.util.find_library("pangoft2-1.0"),
}
TEST_PACKAGES = {
    "chromium": lambda: Path("/usr/bin/chromium").exists(),
    "poppler-utils": lambda: shutil.which("pdftotext"),
    "redis-server": lambda: shutil.which("redis-server"),
}


def say(text: str) -> None:
    print(f"\033[1m==> {text}\033[0m", flush=True)


def ensure_system_packages(packages: dict) -> None:
    missing = [name for name, present in packages.items() if not present()]
    if not missing:
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say(f"Cài gói hệ thống: {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    else:
        say(f"Thiếu gói hệ thống (cần cài bằng quyền quản trị): {' '.join(missing)}")


def ensure_venv() -> None:
    if not PY.exists():
        say("Tạo môi trường ảo .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    requirements = (ROOT / "requirements.txt").read_bytes()
    digest = hashlib.sha256(requirements).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    say("Cài thư viện Python (requirements.txt)")
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "-r", ROOT / "requirements.txt"], check=True)
    STAMP.write_text(digest)


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], check=True, cwd=ROOT)


def _stop_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the parent dies, even by kill -9."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_background(env: dict | None = None) -> list[subprocess.Popen]:
    """Start the Celery worker and beat as two processes of their own.

    Beat is never embedded in the worker (``worker -B``): killed, such a
    worker leaves its beat running as an orphan. The worker uses the prefork
    pool, the only one that enforces the tasks' time limits and the memory
    ceiling per child (settings, "Background jobs").
    """
    celery = [PY, "-m", "celery", "-A", "thiduakt"]
    options = {"cwd": ROOT, "env": env, "preexec_fn": _stop_with_parent if sys.platform == "linux" else None}
    worker = subprocess.Popen([*celery, "worker", "--pool=prefork", "-l", "warning"], **options)
    beat = subprocess.Popen([*celery, "beat", "-l", "warning"], **options)
    return [worker, beat]


def stop_background(processes: list[subprocess.Popen], timeout: float = 20) -> None:
    """Ask each process to stop (SIGTERM), wait up to ``timeout`` seconds in all, then kill what is left."""
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for proc in processes:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run() -> int:
    ensure_system_packages(RUN_PACKAGES)
    ensure_venv()
    say("Cập nhật cơ sở dữ liệu và nạp dữ liệu minh họa")
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    say("Khởi động tiến trình nền (Celery worker và Celery beat, hai tiến trình riêng)")
    background = start_background()
    say(
        "Ứng dụng chạy tại http://127.0.0.1:8000 (tài khoản: admin, staff, donvi, donvi2, hoidong; "
        "mật khẩu thiduakt-demo)"
    )
    try:
        return subprocess.call([PY, "manage.py", "runserver", "127.0.0.1:8000"], cwd=ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_background(background)


def test(extra: list[str]) -> int:
    ensure_system_packages({**RUN_PACKAGES, **TEST_PACKAGES})
    ensure_venv()
    say("ruff (lint + format)")
    subprocess.run([PY, "-m", "ruff", "check", "."], check=True, cwd=ROOT)
    subprocess.run([PY, "-m", "ruff", "format", "--check", "."], check=True, cwd=ROOT)
    say("Kiểm tra migration đã đủ")
    manage("makemigrations", "--check", "--dry-run")
    say("pytest")
    # One test process per core, each with its own test database, broker folder and queue, given
    # tests one by one (a few take minutes: whole files would leave a core idle at the end).
    # Arguments given after "test" come last and so win, e.g. -n 0.
    code = subprocess.call([PY, "-m", "pytest", "-n", "auto", "--dist", "load", *extra], cwd=ROOT)
    if code == 5:
        print("Không có test nào được chạy.", file=sys.stderr)
        return 1
    return code


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    os.chdir(ROOT)
    return run() if argv[1] == "run" else test(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
