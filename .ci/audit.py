#!/usr/bin/env python3
"""Dependency audit that works offline: the pins of requirements.txt against an advisory snapshot.

    python3 .ci/audit.py              # exit 1 when a pinned version is affected by an advisory
    python3 .ci/audit.py --refresh    # rewrite the snapshot from OSV (needs to reach api.osv.dev)

The snapshot (.ci/advisories.json) holds OSV records (https://ossf.github.io/osv-schema/) of the
packages we pin; this script evaluates their ECOSYSTEM ranges and version lists itself, so no
vulnerability service is needed at check time. Why not pip-audit, and how to refresh the snapshot:
docs/security.md. Needs only Python and ``packaging`` (pip's own copy when it is not installed).
"""

import argparse
import datetime
import json
import re
import sys
import urllib.request
from pathlib import Path

try:
    from packaging.version import InvalidVersion, Version
except ImportError:  # a bare interpreter: pip vendors the same module
    from pip._vendor.packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
OSV_QUERY_URL = "https://api.osv.dev/v1/query"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#]+)")
KEPT_FIELDS = ("id", "aliases", "summary", "published", "modified", "withdrawn")


class AuditError(Exception):
    """The audit cannot say anything (a requirement not pinned, an unreadable snapshot)."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """``{canonical name: version}`` of every requirement; each one must be pinned with ``==``."""
    pins = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if match is None:
            raise AuditError(f"{path.name}:{number}: not pinned with ==, so it cannot be audited: {raw.strip()}")
        pins[canonical(match["name"])] = match["version"]
    return pins


def _event_key(event: dict) -> Version:
    value = next(iter(event.values()))
    return Version("0") if value == "0" else Version(value)


def range_affects(version: Version, events: list[dict]) -> bool:
    """OSV's evaluation of one ECOSYSTEM range: events in version order, the last one that applies wins."""
    affected = False
    for event in sorted((e for e in events if "limit" not in e), key=_event_key):
        if "introduced" in event:
            if event["introduced"] == "0" or version >= Version(event["introduced"]):
                affected = True
        elif "fixed" in event:
            if version >= Version(event["fixed"]):
                affected = False
        elif "last_affected" in event and version > Version(event["last_affected"]):
            affected = False
    return affected


def affects(record: dict, name: str, version: Version) -> bool:
    if record.get("withdrawn"):
        return False
    for affected in record.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonical(package.get("name", "")) != name:
            continue
        for listed in affected.get("versions", []):
            try:
                if Version(listed) == version:
                    return True
            except InvalidVersion:
                continue
        for rng in affected.get("ranges", []):
            if rng.get("type") == "ECOSYSTEM" and range_affects(version, rng.get("events", [])):
                return True
    return False


def fixed_versions(record: dict, name: str) -> list[str]:
    found = set()
    for affected in record.get("affected", []):
        if canonical(affected.get("package", {}).get("name", "")) == name:
            for rng in affected.get("ranges", []):
                found.update(e["fixed"] for e in rng.get("events", []) if "fixed" in e)
    return sorted(found, key=Version)


def load_snapshot(path: Path) -> dict:
    try:
        snapshot = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AuditError(f"cannot read the advisory snapshot {path}: {exc}")
    if not isinstance(snapshot.get("advisories"), list) or "taken" not in snapshot:
        raise AuditError(f"{path}: not an advisory snapshot (needs 'taken' and 'advisories')")
    return snapshot


def audit(pins: dict[str, str], snapshot: dict) -> list[str]:
    """One line per (pinned package, advisory) that affects the pinned version."""
    findings = []
    for name, pinned in sorted(pins.items()):
        version = Version(pinned)
        for record in snapshot["advisories"]:
            if affects(record, name, version):
                fixes = ", ".join(fixed_versions(record, name)) or "none yet"
                aliases = f" ({', '.join(record['aliases'])})" if record.get("aliases") else ""
                findings.append(
                    f"{name}=={pinned}: {record['id']}{aliases}, fixed in {fixes}: {record.get('summary', '')}"
                )
    return findings


def refresh(pins: dict[str, str], osv_url: str, timeout: float = 30) -> dict:
    """Every OSV record of every pinned package (all versions, so that any later pin can be checked)."""
    if not osv_url.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
        raise AuditError(f"the OSV URL must be https (or a test server on this machine): {osv_url}")
    records = {}
    for name in sorted(pins):
        query = {"package": {"name": name, "ecosystem": "PyPI"}}
        while True:
            body = json.dumps(query).encode()
            request = urllib.request.Request(osv_url, data=body, headers={"Content-Type": "application/json"})  # noqa: S310 -- scheme checked above
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- scheme checked above
                answer = json.load(response)
            for vuln in answer.get("vulns", []):
                kept = {key: vuln[key] for key in KEPT_FIELDS if key in vuln}
                kept["affected"] = [
                    {key: a[key] for key in ("package", "ranges", "versions") if key in a}
                    for a in vuln.get("affected", [])
                    if a.get("package", {}).get("ecosystem") == "PyPI"
                    and canonical(a.get("package", {}).get("name", "")) == name
                ]
                records.setdefault(kept["id"], kept)
            if not answer.get("next_page_token"):
                break
            query["page_token"] = answer["next_page_token"]
    return {
        "taken": datetime.date.today().isoformat(),
        "source": f"OSV, ecosystem PyPI ({osv_url}), every advisory of each package pinned in requirements.txt",
        "refresh": "python3 .ci/audit.py --refresh (where the OSV API can be reached); see docs/security.md",
        "advisories": sorted(records.values(), key=lambda r: r["id"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    parser.add_argument("--advisories", type=Path, default=ROOT / ".ci" / "advisories.json")
    parser.add_argument("--refresh", action="store_true", help="rewrite the snapshot from the OSV API")
    parser.add_argument("--osv-url", default=OSV_QUERY_URL)
    args = parser.parse_args(argv)
    try:
        pins = read_pins(args.requirements)
        if args.refresh:
            snapshot = refresh(pins, args.osv_url)
            args.advisories.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"audit: {len(snapshot['advisories'])} advisories written to {args.advisories}")
            return 0
        snapshot = load_snapshot(args.advisories)
    except AuditError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    findings = audit(pins, snapshot)
    about = f"{len(pins)} pins against {len(snapshot['advisories'])} advisories (snapshot of {snapshot['taken']})"
    if findings:
        print(f"audit: {len(findings)} known vulnerabilities in {about}:", file=sys.stderr)
        for line in findings:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"audit: no known vulnerability in {about}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
