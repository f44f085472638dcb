"""repeated_passage preparation: the passages compared and the words that announce a full
text, checked against their plain definitions."""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.arabic.honorifics import FORMULA_OPENINGS, TITLE_SHARE, TITLE_WORDS
from workbench.checks.base import ArticleInput
from workbench.checks.repeated_passage import _ENUMERATED, _FULL_TEXT, _units

#: The announcement pattern as first written, one optional group in front.
PLAIN_FULL_TEXT = re.compile(
    r"(?:في ?)?ما ?يل[يى] نص\w*|نص (?:ال[أا]مر|البيان|القرار|الرسالة|المقال|الكلمة)"
)
PIECES = ["في", "ما", "يلي", "يلى", "نص", "نصه", "الأمر", "البيان", "فيما", "مايلي", " ", "و"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_full_text_pattern_finds_what_the_plain_one_finds(pieces: list[str]) -> None:
    for sep in ("", " "):
        text = sep.join(pieces)
        got = [m.span() for m in _FULL_TEXT.finditer(text)]
        assert got == [m.span() for m in PLAIN_FULL_TEXT.finditer(text)]


def test_full_text_pattern_finds_each_announcement() -> None:
    for text in ("وفيما يلي نصه:", "في ما يلى نصها", "ما يلي نص", "نص الأمر", "نص القرار"):
        assert _FULL_TEXT.search(text), text


def plain_units(article: ArticleInput, min_words: int) -> list[tuple[str, int, int]]:
    """The passages by their definition, word by word."""
    starts = article.token_starts
    ranges = [("paragraph", p.start, p.end) for p in article.paragraphs if p.kind == "paragraph"]
    ranges += [("sentence", s.start, s.end) for s in article.sentences]
    out: list[tuple[str, int, int]] = []
    for kind, start, end in ranges:
        if any((s, e) == (start, end) for _, s, e in out):
            continue
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        words = article.words[lo:hi]
        if len(words) < min_words:
            continue
        if len(words) < 20 and _ENUMERATED.match(article.text, start):
            continue
        if sum(w in TITLE_WORDS for w in words) >= TITLE_SHARE * len(words):
            continue
        if " ".join(words[:4]).startswith(FORMULA_OPENINGS):
            continue
        out.append((kind, start, end))
    return out


def test_passages_are_those_of_the_plain_definition(sample_path: Path) -> None:
    text = (
        sample_path.read_text(encoding="utf-8")
        + "\nوبعد الاطلاع على نظام مجلس الوزراء الصادر بالأمر الملكي رقم أ 13 وتاريخ 3 3 1414هـ.\n"
        + "خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود ولي العهد الأمير محمد بن نايف.\n"
        + "2- شهادة تصنيف من الدرجة الأولى في مجال الأعمال الإنشائية والصيانة للمباني.\n"
    )
    article = ArticleInput(text)
    for min_words in (1, 8, 20):
        units = _units(article, min_words)
        assert [(u.kind, u.start, u.end) for u in units] == plain_units(article, min_words)
        for u in units:
            assert list(u.words) == article.words[u.lo : u.hi]
            assert [t.start for t in u.tokens] == article.token_starts[u.lo : u.hi]
