"""Untrusted text in Streamlit Markdown, and where the export page may write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.hostile import payloads
from workbench.dashboard.paths import confined_export_dir
from workbench.dashboard.text import md
from workbench.errors import InputError


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain words", "plain words"),
        ("**bold** _em_ `code`", "\\*\\*bold\\*\\* \\_em\\_ \\`code\\`"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript\\:alert(1))"),
        ("$x^2$ :red[hi] :smile:", "\\$x^2\\$ \\:red\\[hi\\] \\:smile\\:"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("a\nb\r\nc", "a b  c"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("# title", "\\# title"),
        ("&lt;b&gt;", "\\&lt;b\\&gt;"),
        ("no item 'f-12' (see review)", "no item 'f-12' (see review)"),
        ("قال «المصدر» 12 قتيلاً", "قال «المصدر» 12 قتيلاً"),
    ],
)
def test_markdown_escaping(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


def test_every_payload_loses_every_markdown_trigger() -> None:
    for p in payloads():
        out = md(p)
        # each special character is preceded by a backslash (an escaped backslash counts)
        i = 0
        while i < len(out):
            if out[i] == "\\":
                i += 2
                continue
            assert out[i] not in "`*_{}[]<>#!|$:~&\n", (p, out, i)
            i += 1


def test_export_folder_is_confined_to_exports(tmp_path: Path) -> None:
    base = tmp_path / "exports"
    assert confined_export_dir("", "gold-majority", base) == base / "gold-majority"
    assert confined_export_dir("mine/run1", "x", base) == base / "mine/run1"
    assert confined_export_dir("exports/run2", "x", base) == base / "run2"
    for bad in ("/etc", "../outside", "mine/../../outside", ".", "exports"):
        with pytest.raises(InputError, match="must be inside"):
            confined_export_dir(bad, "x", base)
