import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Give this test run its own queue (and broker folder), so no other worker takes its jobs."""
    from django.conf import settings

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
    from thiduakt.celery import app

    app.conf.update(overrides)


def pytest_unconfigure(config):
    for name in ("THIDUAKT_BROKER_DIR", "THIDUAKT_PRIVATE_ROOT"):
        path = os.environ.get(name)
        if path and path.startswith(tempfile.gettempdir()):
            shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush tables between tests, data migrations included: put the reference data back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from thiduakt.testing import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def world(db):
    from thiduakt.testing import World

    return World()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from thiduakt.testing import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; browser tests must run in CI")
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
