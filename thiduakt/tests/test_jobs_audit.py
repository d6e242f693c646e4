"""The offline dependency audit that CI runs before the tests (.ci/audit.py against .ci/advisories.json)."""

import importlib.util
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from packaging.version import Version

AUDIT_PY = Path(settings.BASE_DIR) / ".ci" / "audit.py"

spec = importlib.util.spec_from_file_location("thiduakt_audit", AUDIT_PY)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

FAKE = {
    "id": "TEST-2026-0001",
    "aliases": ["CVE-2026-99999"],
    "summary": "Lỗ hổng giả để thử bộ kiểm tra",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Django"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.2.30"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "5.2"}, {"fixed": "5.2.20"}]},
            ],
            "versions": ["6.0rc1"],
        },
        {
            "package": {"ecosystem": "npm", "name": "django"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
        },
    ],
}


def run_audit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(AUDIT_PY), *args], capture_output=True, text=True, timeout=60)


def snapshot_file(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "advisories.json"
    path.write_text(json.dumps({"taken": "2026-12-01", "advisories": list(records)}), encoding="utf-8")
    return path


def test_the_pins_of_the_repository_have_no_known_advisory():
    result = run_audit()
    assert result.returncode == 0, result.stderr
    pins = len(audit.read_pins(Path(settings.BASE_DIR) / "requirements.txt"))
    snapshot = json.loads((AUDIT_PY.parent / "advisories.json").read_text(encoding="utf-8"))
    assert result.stdout == (
        f"audit: no known vulnerability in {pins} pins against {len(snapshot['advisories'])} advisories "
        f"(snapshot of {snapshot['taken']})\n"
    )


def test_a_known_vulnerable_pin_fails_the_audit(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\nDjango==5.2.19\npsycopg[binary]==3.3.9  # extras\n", encoding="utf-8")
    result = run_audit("--requirements", str(requirements), "--advisories", str(snapshot_file(tmp_path, FAKE)))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "audit: 1 known vulnerabilities in 2 pins against 1 advisories (snapshot of 2026-12-01):\n"
        "  django==5.2.19: TEST-2026-0001 (CVE-2026-99999), fixed in 4.2.30, 5.2.20: "
        "Lỗ hổng giả để thử bộ kiểm tra\n"
    )
    requirements.write_text("Django==5.2.20\n", encoding="utf-8")
    fixed = run_audit("--requirements", str(requirements), "--advisories", str(snapshot_file(tmp_path, FAKE)))
    assert fixed.returncode == 0, fixed.stderr


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("1.11", True),
        ("4.2.29", True),
        ("4.2.30", False),
        ("5.0.1", False),
        ("5.1.9", False),
        ("5.2", True),
        ("5.2.19", True),
        ("5.2.20", False),
        ("6.0rc1", True),  # listed by version
        ("6.0", False),
    ],
)
def test_ranges_are_read_as_osv_defines_them(version, affected):
    assert audit.affects(FAKE, "django", Version(version)) is affected


def test_last_affected_and_withdrawn_advisories():
    record = {
        "id": "TEST-2",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "celery"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "5.0"}, {"last_affected": "5.3.1"}]}],
            }
        ],
    }
    assert [audit.affects(record, "celery", Version(v)) for v in ("4.4", "5.0", "5.3.1", "5.3.2")] == [
        False,
        True,
        True,
        False,
    ]
    assert audit.affects({**record, "withdrawn": "2026-01-01T00:00:00Z"}, "celery", Version("5.1")) is False


def test_an_unpinned_requirement_is_an_error(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\ncelery>=5\n", encoding="utf-8")
    result = run_audit("--requirements", str(requirements), "--advisories", str(snapshot_file(tmp_path)))
    assert (result.returncode, result.stderr) == (
        2,
        "audit: requirements.txt:2: not pinned with ==, so it cannot be audited: celery>=5\n",
    )


def test_refresh_stores_every_osv_record_of_each_pinned_package(tmp_path):
    """Against a stand-in for the OSV API on this machine: what --refresh asks, and what it keeps."""
    asked = []
    pages = {
        ("django", None): {"vulns": [{**FAKE, "details": "long text", "modified": "2026-11-30T00:00:00Z"}],
                           "next_page_token": "p2"},
        ("django", "p2"): {"vulns": [{"id": "TEST-3", "summary": "hai", "affected": []}]},
        ("celery", None): {},
    }  # fmt: skip

    class OSV(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append(query)
            body = json.dumps(pages[(query["package"]["name"], query.get("page_token"))]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OSV)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\ncelery[redis]==5.7.0\n", encoding="utf-8")
    target = tmp_path / "advisories.json"
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1/query"
        result = run_audit(
            "--refresh", "--osv-url", url, "--requirements", str(requirements), "--advisories", str(target)
        )
    finally:
        server.shutdown()
        server.server_close()
    assert (result.returncode, result.stdout) == (0, f"audit: 2 advisories written to {target}\n"), result.stderr
    assert asked == [
        {"package": {"name": "celery", "ecosystem": "PyPI"}},
        {"package": {"name": "django", "ecosystem": "PyPI"}},
        {"package": {"name": "django", "ecosystem": "PyPI"}, "page_token": "p2"},
    ]
    snapshot = json.loads(target.read_text(encoding="utf-8"))
    assert [r["id"] for r in snapshot["advisories"]] == ["TEST-2026-0001", "TEST-3"]
    first = snapshot["advisories"][0]
    assert "details" not in first and first["modified"] == "2026-11-30T00:00:00Z"
    assert first["affected"] == [FAKE["affected"][0]]  # the npm entry is not ours
    assert run_audit("--requirements", str(requirements), "--advisories", str(target)).returncode == 1
