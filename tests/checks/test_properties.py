"""Whatever the text, no registered check crashes, and every offset a check reports, in the
finding and in its evidence, slices the stored text."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import hostile_text
from workbench.arabic.stored import canonical_text
from workbench.checks.base import ArticleInput
from workbench.checks.registry import REGISTRY
from workbench.checks.runner import run_checks

#: Words that make the repeat checks fire (doubled words, clitics, marks, tatweel, emoji, RTL).
REPEAT_WORDS = [
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
#: Letters, digits of both scripts and the words the date and figure checks look for.
ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ ٠١٢٣٤٥٦٧٨٩0123456789،.:/()\n\u064e\u0651\u0640"
DATE_AND_FIGURE_WORDS = [
    "بينهم",
    "آلاف",
    "عدد",
    "الخميس",
    "يناير",
    "كانون الثاني",
    "ليلة",
    "الماضي",
    "2015",
]

repeats = st.lists(
    st.one_of(st.sampled_from(REPEAT_WORDS), st.sampled_from([" ", " ", "\n", "، ", ". ", "؟ "])),
    max_size=120,
).map("".join)
figures = st.lists(
    st.one_of(st.text(ALPHABET, max_size=12), st.sampled_from(DATE_AND_FIGURE_WORDS)),
    max_size=40,
).map(" ".join)


def _ranges(value: Any) -> list[dict[str, Any]]:
    """Every {start, end, text} dict nested in ``value``."""
    if isinstance(value, dict):
        own = [value] if {"start", "end", "text"} <= set(value) else []
        return own + [r for v in value.values() for r in _ranges(v)]
    if isinstance(value, list):
        return [r for v in value for r in _ranges(v)]
    return []


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        repeats,
        repeats.map(lambda t: f"{t}\n{t}\n{t[: len(t) // 2]}"),
        figures,
        hostile_text.map(canonical_text),
    ),
    st.sampled_from([None, date(2019, 1, 25)]),
)
def test_no_check_crashes_and_offsets_slice_the_text(text: str, published: date | None) -> None:
    findings = run_checks(ArticleInput(text, published))
    for f in findings:
        assert f.severity != "error", f.message
        assert text[f.start : f.end] == f.text
        for r in [*(vars(x) for x in f.related), *_ranges(dict(f.evidence))]:
            assert text[r["start"] : r["end"]] == r["text"]


def test_every_registered_check_is_exercised() -> None:
    assert set(REGISTRY.names()) == {
        "repeated_passage",
        "spelling_variant",
        "weekday_date_mismatch",
        "numeric_conflict",
        "repeated_word",
    }
