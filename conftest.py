import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from thiduakt.celery import app
from thiduakt.testing import CHROMIUM, CHROMIUM_ARGS, PageProblems, World, world_seed

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Give this test run its own queue (and broker folder), so no other worker takes its jobs."""

    queue = f"thiduakt-test-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_QUEUE"] = queue
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    overrides = {"task_default_queue": queue}
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        broker_dir = Path(tempfile.mkdtemp(prefix="thiduakt-broker-"))
        os.environ["THIDUAKT_BROKER_DIR"] = str(broker_dir)
        options = {
            "data_folder_in": str(broker_dir / "queue"),
            "data_folder_out": str(broker_dir / "queue"),
            "processed_folder": str(broker_dir / "processed"),
            "control_folder": str(broker_dir / "control"),
            "store_processed": False,
        }
        (broker_dir / "queue").mkdir(parents=True)
        (broker_dir / "processed").mkdir(parents=True)
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
        overrides["broker_transport_options"] = options
    media = Path(tempfile.mkdtemp(prefix="thiduakt-media-"))
    os.environ["THIDUAKT_PRIVATE_ROOT"] = str(media)  # the worker process writes there too
    settings.MEDIA_ROOT = media

    app.conf.update(overrides)
    db = settings.DATABASES["default"]
    if config.getvalue("reuse_db") and db["ENGINE"].endswith("sqlite3"):
        # --reuse-db keeps the test database for the next run: a name that the next run finds
        # (settings_test names it after the process otherwise).
        db["TEST"]["NAME"] = str(Path(settings.DATA_DIR) / "test-reused.sqlite3")


def pytest_unconfigure(config):
    for name in ("THIDUAKT_BROKER_DIR", "THIDUAKT_PRIVATE_ROOT"):
        path = os.environ.get(name)
        if path and path.startswith(tempfile.gettempdir()):
            shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------
# The database: one test database per process, the demo world seeded once
# ---------------------------------------------------------------------------

# The demo world (reference data, demo units, people and users) is written once when this process
# creates its test database; every ``db`` test then runs inside a transaction rolled back at its
# end. A transactional test (``transaction=True``, ``live_server``) commits for real and flushes
# every table when it ends: the world is written again before the next test starts.
_WORLD = {"blocker": None, "flushed": False}


def _sqlite_sidecars(name: str) -> list[Path]:
    return [Path(f"{name}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """Remove what a killed run left beside the SQLite test file that Django is about to recreate.

    A stale write-ahead log beside a new database file would be replayed into it.
    """

    db = settings.DATABASES["default"]
    recreated = db["ENGINE"].endswith("sqlite3") and not request.config.getvalue("reuse_db")
    leftovers = _sqlite_sidecars(db["TEST"]["NAME"]) if recreated else []
    for path in leftovers:
        path.unlink(missing_ok=True)
    yield
    for path in leftovers:  # runs after the test database is destroyed
        path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        world_seed()
    _WORLD["blocker"] = django_db_blocker


@pytest.fixture(autouse=True)
def _world_after_flush(request):
    """Note that this transactional test will flush every table when it ends."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        _WORLD["flushed"] = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any test that follows a flush (whatever test it is, and whatever file), write the world again."""
    if _WORLD["flushed"]:
        with _WORLD["blocker"].unblock():
            world_seed()
        _WORLD["flushed"] = False


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- slow import, only browser tests need Playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; browser tests must run in CI")
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _watched(context):
    """A page of ``context`` whose console errors and CSP violations fail the test that used it (at teardown),
    whether or not the test looked at them: no browser test may pass over one."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = PageProblems(page)
    yield page
    context.close()
    assert problems.errors == [], "console errors or CSP violations in the browser"


@pytest.fixture
def page(browser):
    yield from _watched(browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}))


@pytest.fixture
def phone_page(browser):
    yield from _watched(
        browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the lookup's cached pages, the rate limits' counters): the database
    is rolled back between tests, a process-local cache is not."""
    from django.core.cache import cache  # noqa: PLC0415 -- Django's settings are loaded once pytest-django starts

    cache.clear()
