"""A word written twice by mistake: ``في في``, or with the article on the second copy only
(``بلدة البلدة``). Numbers and Latin words are not words here. Legitimate reduplication
(``رويدا رويدا``, ``ولي ولي العهد``, ``العلاقات العربية العربية``, a word said three times for
emphasis) is described in :mod:`workbench.arabic.reduplication`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from operator import eq
from typing import Any

from workbench.arabic import reduplication as data
from workbench.arabic.chars import DIACRITICS
from workbench.arabic.tokens import Token, split_proclitic
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import register_check

NAME = "repeated_word"
VERSION = "1"
DEFAULTS: dict[str, Any] = {
    #: Shortest word (letters of the matching view) reported when doubled exactly.
    "min_letters": 2,
    #: Clitics that may sit on the second copy only (``بلدة البلدة``); [] for exact doubles.
    "clitics": list(data.DOUBLING_CLITICS),
    #: Extra words (matching view) that may be doubled on purpose.
    "allow": [],
    #: A double inside a run of at least this many characters without punctuation is in
    #: verse (poems are printed without punctuation, and repeat words for metre): info only.
    "verse_chars": 300,
}

#: Marks that end a stretch of prose; verse printed in news carries none of them.
_PUNCTUATION = frozenset('.,،؛;:!?؟()«»"“”-–')

_TANWEEN_FATH = "\u064b"


def is_arabic_word(word: str) -> bool:
    """Arabic letters only: numbers, Latin and mixed tokens are not words for this check."""
    return bool(word) and all(
        "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3" for ch in word
    )


def _words(article: ArticleInput) -> list[tuple[Token, str]]:
    """Tokens with their matching form, the tail of tag lists left out."""
    out: list[tuple[Token, str]] = []
    skip_to = -1
    for tok, word in zip(article.tokens, article.words, strict=True):
        if tok.start < skip_to:
            continue
        if word in data.TAG_LIST_MARKERS:
            line_end = article.text.find("\n", tok.end)
            line_end = len(article.text) if line_end < 0 else line_end
            if not any(ch in ".،؟!:" for ch in article.text[tok.end : line_end]):
                skip_to = line_end
                continue
        out.append((tok, word))
    return out


def _any_double(words: list[str], clitics: tuple[str, ...]) -> bool:
    """Some word is followed by itself, or by itself with one of ``clitics`` in front.

    Compared pairwise in bulk; only an article where this holds is read word by word (a
    pair of :func:`_words` is always next to each other in the text or cut by a skipped tag
    list, which the gap test refuses, so nothing is missed)."""
    following = words[1:]
    if any(map(eq, words, following)):
        return True
    return any(any(map(eq, map(c.__add__, words), following)) for c in clitics)


def _intended(stored: str, word: str, allow: frozenset[str]) -> bool:
    """A doubled word that Arabic doubles on purpose."""
    if word in allow or word in data.LETTER_NAMES or word in data.INTRA_GROUP:
        return True
    if word in data.HOMOGRAPH_FUNCTION_WORDS:
        return True
    # An indefinite accusative doubled is distributive: بندًا بندًا، فصلًا فصلًا.
    accusative = stored.rstrip("\u0627").endswith(_TANWEEN_FATH) or (
        word.endswith("ا") and len(word) >= 4 and word not in data.ALEF_FINAL_FUNCTION_WORDS
    )
    return accusative and not word.startswith("ال")


def _in_context_on_purpose(word: str, before: str, after: str) -> bool:
    """Doubles that their neighbours show to be written on purpose."""
    stem = split_proclitic(word)[1]
    # Three in a row is emphasis: سعودية سعودية سعودية، بالشراء والشراء والشراء.
    if stem in (split_proclitic(before)[1], split_proclitic(after)[1]):
        return True
    # وX وX: coordination of a word with a qualified copy (والتعليم والتعليم العالي).
    if word.startswith("و") and len(word) > 3:
        return True
    # إن انعدم انعدم (a condition and its answer); دع ما للتعليم للتعليم (an idiom).
    return before in data.CONDITIONALS or (before == "ما" and word.startswith("ل"))


def _marked_apart(first: str, second: str) -> bool:
    """Both copies carry vowel marks and the marks differ (السلامَ السلامُ): two words."""
    marks_a = [ch for ch in first if ch in DIACRITICS]
    marks_b = [ch for ch in second if ch in DIACRITICS]
    return bool(marks_a) and bool(marks_b) and marks_a != marks_b


def unpunctuated_run(text: str, start: int, end: int) -> int:
    """Length of the stretch of one line around ``[start, end)`` that holds no punctuation."""
    left = start
    while left > 0 and text[left - 1] != "\n" and text[left - 1] not in _PUNCTUATION:
        left -= 1
    right = end
    while right < len(text) and text[right] != "\n" and text[right] not in _PUNCTUATION:
        right += 1
    return right - left


def _classify(a: str, b: str, left: Token, clitics: tuple[str, ...]) -> str | None:
    """``""`` for an exact double, the clitic for ``X الX``, None when not a double."""
    if a == b:
        return ""
    for clitic in clitics:
        if b == clitic + a and a.endswith("ة") and a not in data.FEMININE_NAMES:
            return clitic
    return None


@register_check(
    NAME,
    VERSION,
    description="A word doubled by mistake, also with the article on the second copy "
    "(بلدة البلدة); intended reduplication (رويدا رويدا، ولي ولي العهد) is allowed.",
    defaults=DEFAULTS,
)
def repeated_word(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
    allow = data.DOUBLED_ON_PURPOSE | frozenset(config.get("allow", ()))
    clitics = tuple(config.get("clitics", ()))
    min_letters = int(config["min_letters"])
    verse_chars = int(config.get("verse_chars", DEFAULTS["verse_chars"]))
    if not _any_double(article.words, clitics):
        return  # most articles: no word followed by itself, with or without a clitic
    text = article.text
    words = _words(article)
    for i in range(len(words) - 1):
        (left, a), (right, b) = words[i], words[i + 1]
        if a != b and not (b.endswith(a) and b[: len(b) - len(a)] in clitics):
            continue  # the common case, decided first: not the same word
        gap = text[left.end : right.start]
        if gap.strip() or len(gap) > 2 or "\n" in gap:
            continue
        if not (is_arabic_word(a) and is_arabic_word(b)) or _marked_apart(left.text, right.text):
            continue
        if left.start and text[left.start - 1] in ".-_/":
            continue  # the end of an acronym or a code: أو.إم.في في
        before = words[i - 1][1] if i > 0 else ""
        after = words[i + 2][1] if i + 2 < len(words) else ""
        if _in_context_on_purpose(a, before, after):
            continue
        clitic = _classify(a, b, left, clitics)
        if clitic is None or len(a) < min_letters or _intended(left.text, a, allow):
            continue
        verse = unpunctuated_run(text, left.start, right.end) >= verse_chars
        yield Hit(
            start=left.start,
            end=right.end,
            severity="info" if verse else "warning",
            message=(
                f"The word «{left.text}» is written twice in a row"
                + (f", the second time with «{clitic}»." if clitic else ".")
                + (
                    " It stands in unpunctuated verse, where words repeat for metre."
                    if verse
                    else ""
                )
            ),
            related=((left.start, left.end),),
            evidence={
                "kind": "clitic" if clitic else "exact",
                "first": {"start": left.start, "end": left.end, "text": left.text},
                "second": {"start": right.start, "end": right.end, "text": right.text},
                "clitic": clitic,
                **({"verse": True} if verse else {}),
            },
        )
