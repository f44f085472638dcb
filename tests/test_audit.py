"""The dependency audit (scripts/audit.py): what fails CI, what is ignored with a reason, and
a vulnerability service out of reach reported in one line without failing."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "audit.py"

_spec = importlib.util.spec_from_file_location("workbench_audit", SCRIPT)
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit  # dataclasses look their module up
_spec.loader.exec_module(audit)

REPORT = {
    "dependencies": [
        {"name": "streamlit", "version": "1.67.0", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.4",
            "vulns": [
                {
                    "id": "GHSA-q2x7-8rv6-6q7h",
                    "fix_versions": ["3.1.5"],
                    "aliases": ["CVE-2024-56201"],
                    "description": "…",
                },
                {"id": "PYSEC-0000-1", "fix_versions": [], "aliases": []},
            ],
        },
    ],
    "fixes": [],
}


def test_findings_and_ignores_with_reasons() -> None:
    found = audit.findings(REPORT)
    assert [(f.package, f.vuln_id) for f in found] == [
        ("jinja2", "GHSA-q2x7-8rv6-6q7h"),
        ("jinja2", "PYSEC-0000-1"),
    ]
    assert found[0].line() == ("jinja2 3.1.4: GHSA-q2x7-8rv6-6q7h (CVE-2024-56201); fixed in 3.1.5")
    ignores = audit.read_ignores(
        "# comment\n\nCVE-2024-56201  templates come only from this package, never from users\n"
    )
    failing, ignored = audit.split_ignored(found, ignores)  # an alias matches too
    assert [f.vuln_id for f in failing] == ["PYSEC-0000-1"]
    assert ignored[0][1].startswith("templates come only")
    with pytest.raises(ValueError, match="needs a reason"):
        audit.read_ignores("GHSA-xxxx\n")


def test_the_checked_in_ignore_file_gives_a_reason_for_each_id() -> None:
    audit.read_ignores((ROOT / "audit-ignore.txt").read_text(encoding="utf-8"))


def test_an_unreachable_service_is_one_line_and_no_failure(tmp_path: Path) -> None:
    env = {
        **os.environ,
        # a proxy on a closed loopback port: every request to PyPI fails to connect
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "NO_PROXY": "",
        "no_proxy": "",
        "WORKBENCH_AUDIT_TIMEOUT": "3",
        "WORKBENCH_AUDIT_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines() == [
        done.stdout.strip().splitlines()[0]
    ] and done.stdout.startswith(
        "audit: skipped: the vulnerability service (PyPI) cannot be reached"
    )
