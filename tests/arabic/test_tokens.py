"""Tokens, clitics, sentences and the matching view on small pinned cases."""

from __future__ import annotations

import pytest

from workbench.arabic.normalize import normalize
from workbench.arabic.sentences import sentences
from workbench.arabic.tokens import split_proclitic, strip_article, tokens


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والبلدة", ("وال", "بلدة")),
        ("فالبلدة", ("فال", "بلدة")),
        ("بالبلدة", ("بال", "بلدة")),
        ("وبالبلدة", ("وبال", "بلدة")),
        ("للبلدة", ("لل", "بلدة")),
        ("البلدة", ("ال", "بلدة")),
        ("وبلدة", ("و", "بلدة")),
        ("فبلدة", ("ف", "بلدة")),
        ("ببلدة", ("ب", "بلدة")),
        ("لبلدة", ("ل", "بلدة")),
        ("كبلدة", ("ك", "بلدة")),
        ("بلدة", ("ب", "لدة")),  # the splitter is greedy; callers check the stem exists
        ("ول", ("", "ول")),  # too short to lose a clitic
        ("وال", ("و", "ال")),
        ("", ("", "")),
    ],
)
def test_split_proclitic(word: str, expected: tuple[str, str]) -> None:
    assert split_proclitic(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("البلدة", "بلدة"),
        ("والبلدة", "بلدة"),
        ("للبلدة", "بلدة"),
        ("وبلدة", "وبلدة"),
        ("بلدة", "بلدة"),
        ("ال", "ال"),
    ],
)
def test_strip_article(word: str, expected: str) -> None:
    assert strip_article(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بلدة البلدة", ["بلدة", "البلدة"]),
        ("كـــلمة مُشَكَّلة", ["كـــلمة", "مُشَكَّلة"]),
        ("1,168 و12.5 ١٢٫٥", ["1,168", "و12.5", "١٢٫٥"]),
        ("الماضي.وقال", ["الماضي", "وقال"]),  # regression: a missing space is not one word
        ("قال: «نعم»، ثم", ["قال", "نعم", "ثم"]),
        ("كلمة\u200fأخرى 😀", ["كلمة", "أخرى"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokens(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في 2016. وقال 12.5 مرة.", ["في 2016.", "وقال 12.5 مرة."]),  # regression: a year ends it
        ("هل انتهى؟ لا! ربما…", ["هل انتهى؟", "لا!", "ربما…"]),
        ("قال «انتهى.» ثم\nسطر", ["قال «انتهى.»", "ثم", "سطر"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in sentences(text)] == expected


def test_view_folds_and_maps_back_with_marks() -> None:
    text = "إلى الـــقُرى ٢٠١٩"
    view = normalize(text)
    assert view.text == "الى القرى 2019"
    vs = view.text.index("القرى")
    s, e = view.to_stored(vs, vs + len("القرى"))
    assert text[s:e] == "الـــقُرى"
    assert view.to_view(s, e) == (vs, vs + len("القرى"))


def test_alef_maqsura_is_not_folded_to_alef() -> None:
    assert normalize("على").text == "على"
    assert normalize("آخر").text == "اخر"
