"""Property tests of the Arabic layer: whatever the input, offsets land inside the stored text
and cover the same letters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import hostile_text
from workbench.arabic.normalize import normalize
from workbench.arabic.segments import segments
from workbench.arabic.sentences import sentences
from workbench.arabic.stored import canonical_text, decode
from workbench.arabic.tokens import tokens

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u202b\u202c\u2067\u2069\ufeff"
OTHER = "ـ٠١٢٣٤٥٦٧٨٩0123456789.,،؛؟!:«»“”\"'()/ \n\t\r" + "\ufefb\ufef7"
EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇸🇦", "❤️"]

arabic_text = st.lists(
    st.one_of(
        st.sampled_from(list(LETTERS)),
        st.sampled_from(list(MARKS)),
        st.sampled_from(list(INVISIBLE)),
        st.sampled_from(list(OTHER)),
        st.sampled_from(EMOJI),
        st.sampled_from(["Ab", "x", "İ", "ß"]),
    ),
    max_size=80,
).map("".join)
any_text = st.one_of(st.text(max_size=80), arabic_text, hostile_text)


@given(any_text)
def test_canonical_text_is_idempotent(text: str) -> None:
    once = canonical_text(text)
    assert canonical_text(once) == once
    assert "\r" not in once and not once.startswith("\ufeff")


@given(any_text)
def test_decode_matches_canonical_text(text: str) -> None:
    assert decode(text.encode("utf-8")) == canonical_text(text)


@given(any_text)
def test_view_index_is_a_monotone_map_into_the_stored_text(text: str) -> None:
    view = normalize(text)
    assert len(view.index) == len(view.text) + 1
    assert view.index[-1] == len(text)
    assert all(0 <= a <= b < len(text) for a, b in zip(view.index, view.index[1:-1], strict=False))
    assert not set(view.index[:-1]) & view.dropped


def _on_char_boundary(view, pos: int) -> bool:  # type: ignore[no-untyped-def]
    """``pos`` does not fall inside the expansion of one stored character (a ligature)."""
    return pos in (0, len(view.text)) or view.index[pos - 1] != view.index[pos]


@settings(max_examples=300)
@given(any_text, st.data())
def test_mapped_ranges_land_inside_and_cover_the_same_letters(text: str, data) -> None:  # type: ignore[no-untyped-def]
    view = normalize(text)
    vs = data.draw(st.integers(0, len(view.text)))
    ve = data.draw(st.integers(vs, len(view.text)))
    s, e = view.to_stored(vs, ve)
    assert 0 <= s <= e <= len(text)
    if _on_char_boundary(view, vs) and _on_char_boundary(view, ve):
        assert normalize(text[s:e]).text == view.text[vs:ve]


@given(any_text)
def test_tokens_slice_the_text_and_map_to_their_folded_form(text: str) -> None:
    view = normalize(text)
    last = 0
    for tok in tokens(text):
        assert text[tok.start : tok.end] == tok.text
        assert last <= tok.start < tok.end
        last = tok.end
        vs, ve = view.to_view(tok.start, tok.end)
        assert view.text[vs:ve] == normalize(tok.text).text
        s, e = view.to_stored(vs, ve)
        assert normalize(text[s:e]).text == view.text[vs:ve]
        assert tok.start <= s


@given(any_text)
def test_sentences_slice_the_text_and_cover_every_visible_character(text: str) -> None:
    covered = [False] * len(text)
    last = 0
    for sent in sentences(text):
        piece = text[sent.start : sent.end]
        assert piece and piece == piece.strip() and "\n" not in piece
        assert last <= sent.start
        last = sent.end
        covered[sent.start : sent.end] = [True] * (sent.end - sent.start)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


@given(any_text)
def test_segments_are_the_trimmed_non_blank_lines(text: str) -> None:
    got = [text[s.start : s.end] for s in segments(text)]
    assert got == [line.strip() for line in text.split("\n") if line.strip()]
    assert [s.idx for s in segments(text)] == list(range(len(got)))


@settings(max_examples=300)
@given(any_text)
def test_fast_normalize_agrees_with_the_character_by_character_reference(text: str) -> None:
    from workbench.arabic.normalize import _normalize_slow, fold

    assert normalize(text) == _normalize_slow(text)
    assert fold(text) == normalize(text).text


@given(any_text)
def test_article_words_are_the_folded_tokens(text: str) -> None:
    from workbench.checks.base import ArticleInput

    article = ArticleInput(text)
    assert article.words == [normalize(t.text).text for t in article.tokens]
