"""Load: gunicorn with the production settings, page kinds one at a time, then mixed users with Redis stopped.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--connections 16] [--phase-seconds 20]
                                                              [--users 50] [--seconds 60] [--workers 4]

Starts a private redis-server and ``gunicorn thiduakt.wsgi`` (``DJANGO_DEBUG=false``, behind-proxy mode: the
requests carry ``X-Forwarded-Proto: https`` and ``X-Forwarded-For`` as nginx would; ``bench/settings.py`` adds a
trivial view). Two parts:

1. **Page kinds**, each for ``--phase-seconds`` with ``--connections`` concurrent connections, each kind right
   after its floor: the trivial view asked anonymously, then the public lookup (anonymous visitors, each from its
   own address — the proxy's ``X-Forwarded-For``, which the lookup's throttle reads — making a few lookups of
   varied names, as on the day a decision is announced); the trivial view asked signed in, then the dossier list
   (staff, with and without a search). For each: successes per second, p50/p95 of the successes, and apart the
   429s (throttled), the time-outs (no answer within ``--timeout`` s) and the errors (status ≥ 500, connection
   failures). Targets: lookup ≥ 0.1× the anonymous trivial view's requests/s with p95 ≤ 10× its p95, no time-out;
   dossier list ≥ 0.25× the signed-in trivial view's requests/s.
2. **Mixed users** (``--users``, ``--seconds``; 0 skips it): each signs in (staff, donvi, donvi2, hoidong; a fifth
   are anonymous visitors of the public lookup, from distinct addresses) and walks its pages in a loop; one in
   twenty steps of staff requests a report (a background job). Redis is stopped from 40 % to 70 % of the run.
   Target: no errors, p95 ≤ 10× the trivial view's under the same load.

The client is Python threads on the same two cores as the server: the trivial view's figure is bounded by the
client as much as by the server, so the ratios are conservative for the pages.
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
# What visitors type into the public lookup: common and rare names, a family name alone, one letter, nobody.
LOOKUPS = [
    "nguyen", "nguyen van", "tran thi", "le thi hong", "pham minh", "huynh thi diem", "vo van tai", "ngo",
    "dang thi thu", "a", "bui quoc", "truong ngoc", "ly thanh", "chau", "mai van khoa", "khong co ai ten nay",
]  # fmt: skip
DOSSIER_PAGES = ["/khen-thuong/", "/khen-thuong/?q=nguyen", "/khen-thuong/?q=ubnd+xa", "/khen-thuong/?status=submitted"]
LOOKUPS_PER_VISITOR = 5  # then the visitor leaves; the next one comes from another address


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One simulated user: its own cookies (kept by hand: they are Secure, the wire here is plain HTTP)."""

    def __init__(self, port: int, timeout: float = 60, address: str = "127.0.0.1"):
        self.port = port
        self.timeout = timeout
        self.address = address  # the visitor's address, as the proxy appends it to X-Forwarded-For
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        head = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if body:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body or None, headers=head)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content.decode(errors="replace"), elapsed

    def login(self, username: str) -> None:
        _status, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = f"csrfmiddlewaretoken={token}&username={username}&password=thiduakt-demo"
        status, _, _ = self.request("POST", "/accounts/login/", body, {"Referer": "https://127.0.0.1/accounts/login/"})
        assert status == 302, f"login of {username} failed: {status}"


def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values, default=0)


def address_of(number: int) -> str:
    """Distinct addresses in 10.0.0.0/8, one per visitor."""
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


class Phase:
    """One page kind under ``connections`` concurrent connections for ``seconds``; outcomes counted apart."""

    def __init__(self, name: str, seconds: float):
        self.name, self.seconds = name, seconds
        self.times: list[float] = []
        self.throttled = self.timeouts = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def record(self, path: str, outcome) -> None:
        with self.lock:
            if isinstance(outcome, TimeoutError):
                self.timeouts += 1
            elif isinstance(outcome, Exception):
                self.errors.append(f"{path}: {outcome!r}")
            elif outcome[0] == 429:
                self.throttled += 1
            elif outcome[0] >= 400:
                self.errors.append(f"{path}: {outcome[0]}")
            else:
                self.times.append(outcome[2])

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds

    def line(self) -> str:
        p50 = statistics.median(self.times) if self.times else 0
        return (
            f"{self.name:28} {self.rate:8.1f} req/s  p50 {p50 * 1000:7.1f} ms  p95 {p95(self.times) * 1000:7.1f} ms  "
            f"ok {len(self.times)}  429 {self.throttled}  time-outs {self.timeouts}  errors {len(self.errors)}"
        )


def run_phase(name: str, port: int, options, make_path, *, login: str | None = None, anonymous: bool = False):
    """``options.connections`` threads asking ``make_path(rng, state)`` until the phase's end."""
    phase = Phase(name, options.phase_seconds)
    visitors = iter(range(1, 10**7))
    visitors_lock = threading.Lock()

    def worker(index: int) -> None:
        rng = random.Random(f"{name}-{index}")
        browser = Browser(port, timeout=options.timeout)
        if login:
            browser.login(login)
        asked = 0
        while time.monotonic() < stop_at:
            if anonymous and asked % LOOKUPS_PER_VISITOR == 0:  # a new visitor: a new address, no cookies
                with visitors_lock:
                    browser = Browser(port, timeout=options.timeout, address=address_of(next(visitors)))
            path = make_path(rng)
            try:
                outcome = browser.request("GET", path)
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                outcome = exc if not isinstance(exc, socket.timeout) else TimeoutError()
            asked += 1
            if time.monotonic() <= stop_at:
                phase.record(path, outcome)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(options.connections)]
    stop_at = time.monotonic() + options.phase_seconds + 2  # logins first; the phase is counted from below
    for t in threads:
        t.start()
    time.sleep(2)
    phase.times.clear()
    phase.throttled = phase.timeouts = 0
    phase.errors.clear()
    for t in threads:
        t.join()
    print(phase.line(), flush=True)
    for line in phase.errors[:5]:
        print(f"    error: {line}")
    return phase


def page_kinds(port: int, options) -> None:
    print(f"page kinds: {options.connections} connections, {options.phase_seconds} s each")

    def lookup(rng):
        return "/khen-thuong/tra-cuu/?q=" + rng.choice(LOOKUPS).replace(" ", "+")

    trivial_anon = run_phase("trivial view (anonymous)", port, options, lambda rng: "/bench/trivial/", anonymous=True)
    lookups = run_phase("public lookup (anonymous)", port, options, lookup, anonymous=True)
    trivial_staff = run_phase("trivial view (staff)", port, options, lambda rng: "/bench/trivial/", login="staff")
    dossiers = run_phase("dossier list (staff)", port, options, lambda rng: rng.choice(DOSSIER_PAGES), login="staff")

    def ratio(a, b):
        return a / b if b else float("nan")

    rate, tail = ratio(lookups.rate, trivial_anon.rate), ratio(p95(lookups.times), p95(trivial_anon.times))
    print(
        f"lookup: {rate:.2f}× the trivial view's requests/s (target ≥ 0.1), p95 {tail:.1f}× (target ≤ 10), "
        f"{lookups.timeouts} time-outs (target 0), {lookups.throttled} answered 429"
    )
    print(
        f"dossier list: {ratio(dossiers.rate, trivial_staff.rate):.2f}× the signed-in trivial view's requests/s "
        f"(target ≥ 0.25), {ratio(dossiers.rate, trivial_anon.rate):.2f}× the anonymous one's; "
        f"p95 {ratio(p95(dossiers.times), p95(trivial_staff.times)):.1f}×"
    )
    print(
        f"signed-in trivial view: {ratio(trivial_staff.rate, trivial_anon.rate):.2f}× the anonymous one's "
        "requests/s (target ≥ 0.8; it reads the session and the user, as every signed-in page does)"
    )


def mixed_users(web_port: int, options, redis_cmd, work: Path, redis) -> subprocess.Popen:
    roles = ["staff", "donvi", "donvi2", "hoidong", None]
    page_times, trivial_times, errors = [], [], []
    throttled = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + options.seconds

    def user(index: int) -> None:
        rng = random.Random(index)
        role = roles[index % len(roles)]
        browser = Browser(web_port, address=address_of(100_000 + index))
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
                if status == 429:
                    throttled[0] += 1
                elif status >= 500:
                    errors.append(f"{path}: {status}")
                else:
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
    print(
        f"mixed users: {len(page_times)} pages, {len(trivial_times)} trivial, {throttled[0]} answered 429; "
        f"errors: {len(errors)}"
    )
    for line in errors[:10]:
        print(f"  error: {line}")
    ours, floor = p95(page_times), p95(trivial_times)
    ratio = ours / floor if floor else float("nan")
    print(f"p95 pages: {ours * 1000:.0f} ms   p95 trivial: {floor * 1000:.0f} ms   RATIO {ratio:.1f}× (target <= 10)")
    return redis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--phase-seconds", type=int, default=20, help="each page kind; 0 skips them")
    parser.add_argument("--timeout", type=float, default=30, help="a request without answer by then is a time-out")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="mixed users with Redis stopped; 0 skips it")
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
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",  # as in production (README): shared by the workers
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
    print(f"load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    try:
        if options.phase_seconds:
            page_kinds(web_port, options)
        if options.seconds:
            redis = mixed_users(web_port, options, redis_cmd, work, redis)
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        redis.terminate()
        redis.wait()
    print(f"load average at end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    log = (work / "gunicorn.log").read_text(errors="replace").splitlines()
    print(f"gunicorn worker time-outs: {sum('WORKER TIMEOUT' in line for line in log)}")
    print("gunicorn log (last lines):", *log[-5:], sep="\n  ")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
