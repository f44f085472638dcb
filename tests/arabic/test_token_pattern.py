"""The word pattern's possessive form finds exactly the words of the plain one (one
character class at a time, backtracking allowed), on hostile text and on words dense in the
marks and separators that the pattern treats specially."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import hostile_text
from workbench.arabic.tokens import _INNER, _WORD_CHARS, WORD_RE, token_arrays

#: The word pattern in its plain form: the reference the fast one must agree with.
PLAIN = re.compile(rf"{_WORD_CHARS}(?:{_WORD_CHARS}|[{re.escape(_INNER)}]|(?<=\d)[.,٫٬](?=\d))*")

dense = st.text("بلد12٣" + _INNER[:4] + "\u0640\u200c\u200d.,٫٬ _-\n\u200f", max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile_text, dense))
def test_possessive_word_pattern_matches_the_plain_one(text: str) -> None:
    expected = [m.span() for m in PLAIN.finditer(text)]
    assert [m.span() for m in WORD_RE.finditer(text)] == expected
    starts, ends, texts = token_arrays(text)
    assert list(zip(starts, ends, strict=True)) == expected
    assert texts == [text[s:e] for s, e in expected]
