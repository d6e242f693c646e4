import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thiduakt.testing import broker_url_override, free_port

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["admin", "staff", "donvi", "donvi2", "hoidong"])
def test_demo_users_log_in(world, username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "thiduakt-demo"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_admin_site_is_for_admin_only(world):
    for username, expected in [("admin", 200), ("staff", 302), ("donvi", 302), ("hoidong", 302)]:
        client = Client()
        client.force_login(world.user(username))
        assert client.get("/admin/").status_code == expected, username


def test_twelve_wrong_passwords_lock_that_username_only(world):
    client = Client(REMOTE_ADDR="10.1.1.1")  # one commune office, one address
    for _ in range(12):
        client.post(reverse("login"), {"username": "donvi", "password": "sai-mat-khau"})
    locked = client.post(reverse("login"), {"username": "donvi", "password": "thiduakt-demo"})
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()
    other = client.post(reverse("login"), {"username": "donvi2", "password": "thiduakt-demo"})
    assert other.status_code == 302 and other.url == "/"


def test_wrong_password_message_is_vietnamese(world):
    response = Client().post(reverse("login"), {"username": "donvi", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_strict_content_security_policy_header(world):
    client = Client()
    client.force_login(world.user("staff"))
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_scripts_or_styles(world):
    client = Client()
    client.force_login(world.user("staff"))
    html = client.get("/").content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_session_expires_when_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    # Idle expiry without a write on every request: thiduakt/tests/test_sessions.py.
    assert not settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_TOUCH_SECONDS == 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_vietnamese_404_page(world):
    client = Client()
    client.force_login(world.user("staff"))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q#" * 10,
        "DJANGO_ALLOWED_HOSTS": "thiduakt.example.vn",
        "THIDUAKT_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_healthz_reports_broker_down(client, db):
    with broker_url_override(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unavailable"}
