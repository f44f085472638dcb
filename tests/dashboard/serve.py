"""A real ``workbench dashboard`` for the browser tests: started on a free loopback port,
waited for until Streamlit's health check answers, stopped afterwards."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.browser import ROOT
from tests.conftest_labelstudio import free_port


@contextmanager
def running_dashboard(
    db: Path, env: Mapping[str, str], log: Path, *, timeout: float = 120
) -> Iterator[str]:
    """The base URL of a dashboard over the SQLite file ``db``; its output goes to ``log``
    (a file: a full pipe would block the app), whose tail is shown if it dies at start."""
    port = free_port()
    cli = Path(sys.executable).with_name("workbench")
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(cli), "--db", f"sqlite:///{db}", "dashboard", "--port", str(port)],
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout  # a busy machine starts it slowly
            while not _healthy(base):
                assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False
