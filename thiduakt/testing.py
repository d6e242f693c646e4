"""Test helpers every app uses: the demo world, access-matrix rows, a real worker, the browser.

Kept out of ``tests/`` so that any app's tests can import it.
"""

import html
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.test.utils import override_settings
from kombu import pools

from thiduakt import demo
from thiduakt.celery import app
from thiduakt.models import OrgUnit, User
from thiduakt.reference import seed_all

ROLES = ["anon", "admin", "staff", "donvi", "donvi2", "hoidong"]


@dataclass
class Row:
    """One URL of the access matrix: the status each role gets.

    ``donvi`` is the officer of the unit that owns the objects in the URL
    (Châu Thành); ``donvi2`` is the officer of another unit (Ngã Bảy).
    """

    name: str
    url: str
    expect: dict[str, int]
    method: str = "get"
    data: dict = field(default_factory=dict)


def row(name, url, *, anon, admin, staff, donvi, donvi2, hoidong, method="get", data=None) -> Row:
    return Row(
        name=name,
        url=url,
        method=method,
        data=data or {},
        expect={"anon": anon, "admin": admin, "staff": staff, "donvi": donvi, "donvi2": donvi2, "hoidong": hoidong},
    )


def world_seed() -> None:
    """Write the reference data and the demo province with its users (idempotent).

    The root conftest calls it once when a test process has created its test
    database, and again after each flush by a transactional test.
    """
    ensure_reference_data()
    demo.seed()


class World:
    """The demo province and its five users, for tests: loaded, not written (see ``world_seed``)."""

    def __init__(self):
        usernames = [r for r in ROLES if r != "anon"]
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if len(self.users) != len(usernames):
            raise AssertionError(f"demo users missing from the test database: {sorted(self.users)}")
        self._units = {u.code: u for u in OrgUnit.objects.all()}

    def unit(self, code: str):
        return self._units[code]

    def user(self, role: str):
        return self.users.get(role)

    @property
    def chau_thanh(self):
        return self._units["HG.CT"]

    @property
    def nga_bay(self):
        return self._units["HG.NB"]


# ---------------------------------------------------------------------------
# A real Celery worker in its own process
# ---------------------------------------------------------------------------


def database_url_for_subprocess() -> str:
    """The URL of the database this test process is using (the test database)."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


@contextmanager
def celery_worker(
    broker_url: str | None = None, extra_env: dict | None = None, pool: str = "solo", include: tuple[str, ...] = ()
):
    """Run ``celery worker`` as a separate process on the test database and the given broker.

    ``pool="prefork"`` (one child) for what only that pool does (time limits, memory per child);
    ``include``: modules the worker imports too (job kinds that only tests declare).
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "THIDUAKT_BROKER_DIR": os.environ.get("THIDUAKT_BROKER_DIR", ""),
        # This process's settings (pytest-django exports them), so the worker hashes and names as the tests do.
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduakt.settings_test"),
        **(extra_env or {}),
    }
    if not env["THIDUAKT_BROKER_DIR"]:
        env.pop("THIDUAKT_BROKER_DIR")
    log = Path(settings.DATA_DIR) / f"worker-{os.getpid()}.log"
    with open(log, "ab") as out:  # appended: every worker of this test process, for a failure read later
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "thiduakt",
                "worker",
                f"--pool={pool}",
                *(["--concurrency=1"] if pool == "prefork" else []),
                *([f"--include={','.join(include)}"] if include else []),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until ``predicate()`` is true; a bound on waiting, not a speed requirement."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def broker_url_override(url: str):
    """Point this process's Celery app at another broker, dropping its pooled connections."""

    def reset():
        # kombu keeps one pool per broker URL in a global registry; closing a
        # pool without clearing that registry would hand the closed pool back
        # the next time this URL is used ("Acquire on closed pool").
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    # Celery reads CELERY_BROKER_URL from the environment before its own setting: read the old URL first
    # (read after the variable is set, it would be the new one, and the filesystem broker of a run with
    # no configuration would never come back).
    old_url, old_options = app.conf.broker_url, app.conf.broker_transport_options
    old_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"socket_connect_timeout": 2, "socket_timeout": 5}
    reset()
    try:
        yield
    finally:
        if old_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = old_env
        app.conf.broker_url, app.conf.broker_transport_options = old_url, old_options
        reset()


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def accepting():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False

        wait_for(accepting, timeout=20)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


# ---------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------

CHROMIUM = os.environ.get("THIDUAKT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class PageProblems:
    """Console errors, uncaught exceptions and CSP violations seen by a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(f"console {message.type}: {message.text}")


DEMO_PASSWORD = "thiduakt-demo"  # noqa: S105 - the documented demo password


def browser_login(page, base_url: str, username: str, password: str = DEMO_PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


_MARK_PAGE = """() => {
    window.__thiduaktStale = true;
    document.body.addEventListener("htmx:afterSettle", () => { window.__thiduaktSettled = true; }, {once: true});
}"""
_PAGE_SETTLED = "() => window.__thiduaktStale === undefined || window.__thiduaktSettled === true"


def settle(page, action, timeout: float = 30.0):
    """Run ``action`` (a click that submits), then wait until its result is on screen.

    The result is either a new document (a form post and its redirect) or an
    htmx swap; waiting for "network idle" alone can return before the request
    has even started, and the old page would then be read as the new one.
    """
    from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415 -- only browser tests need Playwright

    page.evaluate(_MARK_PAGE)
    action()
    deadline = time.monotonic() + timeout
    while True:
        try:
            settled = page.evaluate(_PAGE_SETTLED)
        except PlaywrightError:  # the old document went away mid-evaluation; ask the new one
            settled = False
        if settled:
            break
        if time.monotonic() > deadline:
            raise AssertionError("the page did not change after the action")
        time.sleep(0.05)
    page.wait_for_load_state("load")


def ensure_reference_data() -> None:
    """Write the reference data again (each app's ``reference.seed`` inserts only what is missing).

    A transactional test flushes every table when it ends; ``world_seed`` calls this so that
    every test starts from what ``migrate`` leaves in a real database.
    """
    seed_all()


# ---------------------------------------------------------------------------
# The same request twice at the same moment, over real HTTP (a double click, two tabs)
# ---------------------------------------------------------------------------

CSRF_SECRET = "DoubleClickTwoTabsSameMomentTest"  # noqa: S105 -- 32 letters: Django accepts the bare secret as the form token


@contextmanager
def live_http_server():
    """A threaded HTTP server of this project on a free port, on the test database; yields its base URL.

    Unlike pytest-django's ``live_server`` it does not make the test transactional, so a module can
    build its data once (committed, see ``thiduakt/tests/test_double_submit.py``) and send many races.
    """

    with override_settings(ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"]):
        thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            thread.join()


def login_cookie(user) -> str:
    """A ``Cookie`` header of a fresh session of ``user``, with a known CSRF secret (see ``CSRF_SECRET``)."""

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; " + (
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    )


@dataclass
class Answer:
    """What one HTTP request got back: the status, where it redirects, the messages it carries, the page."""

    status: int
    location: str = ""
    messages: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def said(self) -> str:
        return " ".join(self.messages)


def _answer(status: int, headers, body: bytes) -> Answer:

    said = []
    for header in headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        if CookieStorage.cookie_name in jar and jar[CookieStorage.cookie_name].value:
            said += [str(m) for m in CookieStorage(HttpRequest())._decode(jar[CookieStorage.cookie_name].value) or []]
    text = body.decode("utf-8", "replace")
    for alert in re.findall(r'<div class="alert alert-[^"]*" role="alert"[^>]*>(.*?)<button', text, re.S):
        said.append(html.unescape(re.sub(r"<[^>]+>", " ", alert)).strip())
    return Answer(status=status, location=headers.get("Location", ""), messages=said, body=text)


def http_post(url: str, cookie: str, data: dict | None = None, files: dict | None = None) -> Answer:
    """POST a form (``files``: name → (filename, bytes)) without following a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    fields = {"csrfmiddlewaretoken": CSRF_SECRET, **(data or {})}
    headers = {"Cookie": cookie, "Referer": url}
    if files:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            for one in value if isinstance(value, list | tuple) else [value]:
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode())
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        payload = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        payload = urllib.parse.urlencode(fields, doseq=True).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=payload, headers=headers)  # noqa: S310 -- the test's own server
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=300) as response:
            return _answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as exc:  # a redirect (not followed) or an error page
        return _answer(exc.code, exc.headers, exc.read())


def post_twice(url: str, cookie: str, data: dict | None = None, files: dict | None = None) -> list[Answer]:
    """The same POST sent twice at the same moment from two threads (one session: a double click)."""

    barrier = threading.Barrier(2)
    answers: list[Answer] = []

    def send():
        barrier.wait()
        try:
            answers.append(http_post(url, cookie, data, files))
        except Exception as exc:  # a dropped connection is an answer the test reports
            answers.append(Answer(status=0, body=repr(exc)))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def pick(page, field_id: str, typed: str, choice: str, scope: str = "", exact: bool = False) -> None:
    """Choose in a search picker (static/js/pickers.js) as a user does: type ``typed`` into the box of the
    field whose id is ``field_id``, wait for the answer, and click the option whose label holds ``choice``
    (is ``choice``, when ``exact``)."""
    box = page.locator(f"{scope} #{field_id}".strip())
    box.click()
    box.fill(typed)
    text = re.compile(f"^{re.escape(choice)}$") if exact else choice
    label = page.locator(".picker-label", has_text=text)
    option = page.locator(f"{scope} #{field_id}-list [role=option]".strip()).filter(has=label).first
    option.wait_for(state="visible")
    option.click()
