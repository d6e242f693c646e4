"""Load: simulated users of mixed roles against gunicorn with the production settings, Redis stopped midway.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4]

Starts a private redis-server and ``gunicorn thiduakt.wsgi`` (``DJANGO_DEBUG=false``, behind-proxy mode: the
requests carry ``X-Forwarded-Proto: https`` as nginx would; ``bench/settings.py`` adds a trivial view). Each
simulated user signs in (staff, donvi, donvi2, hoidong; a fifth are anonymous visitors of the public lookup)
and walks its pages in a loop; one in twenty steps of staff requests a report (a background job). Redis is
stopped from 40 % to 70 % of the run. Prints errors (any status ≥ 500 or connection failure: target none), the
p95 of the pages and of the trivial view under the same load (target ≤ 10×).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "staff": ["/", "/bao-cao/", "/khen-thuong/", "/khen-thuong/tiep-nhan/", "/phong-trao/", "/cum-khoi/"],
    "donvi": ["/", "/bao-cao/", "/khen-thuong/", "/phong-trao/"],
    "donvi2": ["/", "/khen-thuong/", "/phong-trao/"],
    "hoidong": ["/", "/cong-viec/"],
    None: ["/khen-thuong/tra-cuu/?q=nguyen", "/khen-thuong/tra-cuu/?q=tran+thi", "/healthz"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One simulated user: its own cookies (kept by hand: they are Secure, the wire here is plain HTTP)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        head = {
            "X-Forwarded-Proto": "https",
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if body:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn.request(method, path, body=body or None, headers=head)
        response = conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, content.decode(errors="replace"), elapsed

    def login(self, username: str) -> None:
        _status, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = f"csrfmiddlewaretoken={token}&username={username}&password=thiduakt-demo"
        status, _, _ = self.request("POST", "/accounts/login/", body, {"Referer": "https://127.0.0.1/accounts/login/"})
        assert status == 302, f"login of {username} failed: {status}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    redis_port, web_port = free_port(), free_port()
    redis_cmd = ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(redis_cmd, cwd=work, stdout=subprocess.DEVNULL)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "AXES_FAILURE_LIMIT": "1000",
    }
    py = sys.executable
    subprocess.run([py, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    gunicorn = subprocess.Popen(
        [py, "-m", "gunicorn", "thiduakt.wsgi", "-w", str(options.workers), "-b", f"127.0.0.1:{web_port}", "-t", "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", web_port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)

    roles = ["staff", "donvi", "donvi2", "hoidong", None]
    page_times, trivial_times, errors = [], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + options.seconds

    def user(index: int) -> None:
        rng = random.Random(index)
        role = roles[index % len(roles)]
        browser = Browser(web_port)
        try:
            if role:
                browser.login(role)
        except Exception as exc:
            with lock:
                errors.append(f"login {role}: {exc}")
            return
        while time.monotonic() < stop_at:
            trivial = rng.random() < 0.2
            path = "/bench/trivial/" if trivial else rng.choice(PAGES[role])
            try:
                if role == "staff" and rng.random() < 0.05:
                    _s, page, _ = browser.request("GET", "/bao-cao/lap/workload/")
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                    status, _, elapsed = browser.request(
                        "POST",
                        "/bao-cao/lap/workload/",
                        f"csrfmiddlewaretoken={token}&year=2024",
                        {"Referer": "https://127.0.0.1/bao-cao/"},
                    )
                else:
                    status, _, elapsed = browser.request("GET", path)
            except Exception as exc:
                with lock:
                    errors.append(f"{path}: {exc}")
                continue
            with lock:
                if status >= 500:
                    errors.append(f"{path}: {status}")
                (trivial_times if trivial else page_times).append(elapsed)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(options.users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(options.seconds * 0.4)
    redis.terminate()
    redis.wait()
    print(f"redis stopped at {time.monotonic() - started:.0f} s")
    time.sleep(options.seconds * 0.3)
    redis = subprocess.Popen(redis_cmd, cwd=work, stdout=subprocess.DEVNULL)
    print(f"redis started again at {time.monotonic() - started:.0f} s")
    for t in threads:
        t.join()
    gunicorn.terminate()
    gunicorn.wait()
    redis.terminate()
    redis.wait()

    def p95(values):
        return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values, default=0)

    print(f"requests: {len(page_times)} pages, {len(trivial_times)} trivial; errors: {len(errors)}")
    for line in errors[:10]:
        print(f"  error: {line}")
    ours, floor = p95(page_times), p95(trivial_times)
    ratio = ours / floor if floor else float("nan")
    print(f"p95 pages: {ours * 1000:.0f} ms   p95 trivial: {floor * 1000:.0f} ms   RATIO {ratio:.1f}× (target <= 10)")
    log = (work / "gunicorn.log").read_text(errors="replace").splitlines()
    print("gunicorn log (last lines):", *log[-5:], sep="\n  ")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
