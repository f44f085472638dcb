"""What the browser tests share: Debian's Chromium, driven by Playwright and launched with the
flags that work offline and as root (see the field notes)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def playwright_api() -> ModuleType:
    """``playwright.sync_api``; the calling test module is skipped, with the reason, when
    Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} not found: apt-get install -y chromium (scripts/system-deps.sh)",
            allow_module_level=True,
        )
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
