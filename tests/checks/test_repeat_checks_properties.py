"""Whatever the text, the two repeat checks do not crash and every offset they report, in
the finding and in its evidence, slices the stored text."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.checks.base import ArticleInput
from workbench.checks.runner import run_checks

WORDS = [
    "بلدة",
    "البلدة",
    "في",
    "تنظيم",
    "داعش",
    "قوات",
    "وقوات",
    "١٢",
    "12",
    "كـــلمة",
    "مُشَكَّلة",
    "\u200f",
    "😀",
    "abc",
    "سوريا",
]
texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", " ", "\n", "، ", ". ", "؟ "])),
    max_size=120,
).map("".join)


def _ranges(value: Any) -> list[dict[str, Any]]:
    """Every {start, end, text} dict nested in ``value``."""
    if isinstance(value, dict):
        own = [value] if {"start", "end", "text"} <= set(value) else []
        return own + [r for v in value.values() for r in _ranges(v)]
    if isinstance(value, list):
        return [r for v in value for r in _ranges(v)]
    return []


@settings(max_examples=150, deadline=None)
@given(st.one_of(texts, texts.map(lambda t: f"{t}\n{t}\n{t[: len(t) // 2]}")))
def test_offsets_slice_the_text(text: str) -> None:
    for f in run_checks(ArticleInput(text), only=["repeated_passage", "repeated_word"]):
        assert f.severity != "error", f.message
        assert text[f.start : f.end] == f.text
        for r in _ranges(f.evidence):
            assert text[r["start"] : r["end"]] == r["text"]
