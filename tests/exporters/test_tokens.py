"""The export's array tokenizer finds exactly the regex tokenizer's tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import hostile_text
from workbench.exporters.tokens import _INNER, Layout, conll_tokens, sentence_groups, token_bounds

#: Characters where the two could part: inner marks, separators, digits of several scripts
#: (one beyond the Basic Multilingual Plane), letters, underscores and white space.
_TRICKY = st.lists(
    st.sampled_from(
        [*_INNER, *".,\u066b\u066c", *"0189١٢۴", "𝟙", "𝐀", "😀", *"aقلـ_", "\u0301", " ", "\n"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile_text, _TRICKY))
def test_token_bounds_are_the_regex_tokens(text: str) -> None:
    starts, ends = token_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == conll_tokens(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(hostile_text, _TRICKY))
def test_layout_sentences_are_the_sentence_groups(text: str) -> None:
    lay = Layout(text)
    assert lay.toks == conll_tokens(text)
    assert lay.groups() == sentence_groups(text, conll_tokens(text))
