"""Dependency audit: ``pip-audit`` over the locked dependencies (``uv.lock``, every extra and
group), against PyPI's vulnerability data. Run by ``make audit`` and ``.ci/run``.

- Prints what it found: one line per vulnerable package, or that none was found.
- A vulnerability fails (exit 1) unless its id (or one of its aliases) is listed with a
  reason in ``audit-ignore.txt`` (``ID  reason…`` per line, ``#`` comments).
- The vulnerability service cannot be reached: one clear line, exit 0 (the audit is skipped,
  not passed).
- ``WORKBENCH_AUDIT_TIMEOUT`` (seconds, default 15) and ``WORKBENCH_AUDIT_CACHE_DIR`` are
  passed to pip-audit.
- Anything else going wrong (a lock that cannot be exported, pip-audit missing): exit 2.

``uv audit`` exists too, but asks OSV's service, which this project's machines cannot reach;
pip-audit asks PyPI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IGNORE_FILE = ROOT / "audit-ignore.txt"
#: What a failure to reach the service looks like in pip-audit's output.
NETWORK_SIGNS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "Failed to establish a new connection",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
    "SSLError",
    "ServiceError",
)


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    vuln_id: str
    aliases: tuple[str, ...]
    fix_versions: tuple[str, ...]

    def line(self) -> str:
        fix = f"fixed in {', '.join(self.fix_versions)}" if self.fix_versions else "no fix yet"
        also = f" ({', '.join(self.aliases)})" if self.aliases else ""
        return f"{self.package} {self.version}: {self.vuln_id}{also}; {fix}"


def read_ignores(text: str, origin: str = "audit-ignore.txt") -> dict[str, str]:
    """``{id: reason}`` from the ignore file; a line without a reason is an error."""
    out: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[1].strip():
            raise ValueError(f"{origin}:{n}: {parts[0]} needs a reason after the id")
        out[parts[0]] = parts[1].strip()
    return out


def findings(report: Mapping[str, Any]) -> list[Finding]:
    """Every vulnerability of pip-audit's JSON report."""
    out = []
    for dep in report.get("dependencies", []):
        for v in dep.get("vulns", []) or []:
            out.append(
                Finding(
                    package=str(dep.get("name", "?")),
                    version=str(dep.get("version", "?")),
                    vuln_id=str(v.get("id", "?")),
                    aliases=tuple(str(a) for a in v.get("aliases", []) or []),
                    fix_versions=tuple(str(f) for f in v.get("fix_versions", []) or []),
                )
            )
    return out


def split_ignored(
    found: Iterable[Finding], ignores: Mapping[str, str]
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(failing, ignored with their reasons)."""
    failing, ignored = [], []
    for f in found:
        key = next((k for k in (f.vuln_id, *f.aliases) if k in ignores), None)
        if key is None:
            failing.append(f)
        else:
            ignored.append((f, ignores[key]))
    return failing, ignored


def unreachable(output: str) -> bool:
    return any(sign in output for sign in NETWORK_SIGNS)


def _uv() -> str:
    return shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")


def main() -> int:
    try:
        ignores = (
            read_ignores(IGNORE_FILE.read_text(encoding="utf-8")) if IGNORE_FILE.is_file() else {}
        )
    except ValueError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.txt"
        out = Path(tmp) / "report.json"
        export = subprocess.run(
            [
                _uv(),
                "export",
                "--frozen",
                "--quiet",
                "--format",
                "requirements-txt",
                "--no-hashes",
                "--all-extras",
                "--all-groups",
                "--no-emit-project",
                "--output-file",
                str(req),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if export.returncode != 0:
            print(f"audit: cannot export uv.lock: {export.stderr.strip()[-300:]}", file=sys.stderr)
            return 2
        count = sum(
            1 for ln in req.read_text().splitlines() if ln and not ln.startswith((" ", "#"))
        )
        audit = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--requirement",
                str(req),
                "--no-deps",
                "--disable-pip",
                "--vulnerability-service",
                "pypi",
                "--progress-spinner",
                "off",
                "--timeout",
                os.environ.get("WORKBENCH_AUDIT_TIMEOUT", "15"),
                "--format",
                "json",
                "--output",
                str(out),
                *(
                    ["--cache-dir", os.environ["WORKBENCH_AUDIT_CACHE_DIR"]]
                    if os.environ.get("WORKBENCH_AUDIT_CACHE_DIR")
                    else []
                ),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        said = audit.stdout + audit.stderr
        if not out.is_file() or not out.read_text().strip():
            if unreachable(said):
                print(
                    "audit: skipped: the vulnerability service (PyPI) cannot be reached "
                    f"from this machine; {count} locked packages not checked"
                )
                return 0
            tail = " | ".join(said.strip().splitlines()[-3:])
            print(f"audit: pip-audit failed: {tail}", file=sys.stderr)
            return 2
        report = json.loads(out.read_text())
    failing, ignored = split_ignored(findings(report), ignores)
    for f, reason in ignored:
        print(f"audit: ignored {f.line()} — {reason}")
    if failing:
        for f in failing:
            print(f"audit: VULNERABLE {f.line()}")
        print(
            f"audit: {len(failing)} known vulnerability(ies) in the locked dependencies: "
            "upgrade (uv lock --upgrade-package NAME) or list the id with a reason in "
            "audit-ignore.txt"
        )
        return 1
    print(f"audit: no known vulnerabilities in {count} locked packages (pip-audit, PyPI)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
