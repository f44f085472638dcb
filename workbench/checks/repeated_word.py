"""A word written twice by mistake: ``في في``, or with the article on the second copy only
(``بلدة البلدة``). Numbers and Latin words are not words here. Legitimate reduplication
(``رويدا رويدا``, ``ولي ولي العهد``, ``العلاقات العربية العربية``, a word said three times for
emphasis) is described in :mod:`workbench.arabic.reduplication`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import compress, count, islice
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


def _kept(article: ArticleInput) -> list[int] | None:
    """The numbers of the tokens read, the tail of tag lists left out; None when every
    token is read (an article without a tag list)."""
    words = article.words
    if data.TAG_LIST_MARKERS.isdisjoint(words):
        return None
    text = article.text
    starts, ends = article.token_starts, article.token_ends
    out: list[int] = []
    skip_to = -1
    for k, word in enumerate(words):
        if starts[k] < skip_to:
            continue
        if word in data.TAG_LIST_MARKERS:
            line_end = text.find("\n", ends[k])
            line_end = len(text) if line_end < 0 else line_end
            if not any(ch in ".،؟!:" for ch in text[ends[k] : line_end]):
                skip_to = line_end
                continue
        out.append(k)
    return out


def doubled(a: str, b: str, clitics: tuple[str, ...]) -> bool:
    """``b`` is ``a``, or ``a`` with one of ``clitics`` in front."""
    return a == b or (b.endswith(a) and b[: len(b) - len(a)] in clitics)


def candidates(words: list[str], clitics: tuple[str, ...]) -> list[int]:
    """Every ``i`` where ``words[i + 1]`` doubles ``words[i]`` (:func:`doubled`).

    A double always ends with the word it doubles: that is tested pairwise in bulk, and only
    the few pairs where it holds are looked at one by one."""
    ending = compress(count(), map(str.endswith, islice(words, 1, None), words))
    return [i for i in ending if doubled(words[i], words[i + 1], clitics)]


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
    found = candidates(article.words, clitics)
    if not found:
        return  # most articles: no word followed by itself, with or without a clitic
    text = article.text
    kept = _kept(article)
    words = article.words if kept is None else [article.words[k] for k in kept]
    if kept is not None:
        found = candidates(words, clitics)
    starts, ends, texts = article.token_starts, article.token_ends, article.token_texts
    for i in found:
        a, b = words[i], words[i + 1]
        x, y = (i, i + 1) if kept is None else (kept[i], kept[i + 1])
        left = Token(starts[x], ends[x], texts[x])
        right = Token(starts[y], ends[y], texts[y])
        gap = text[left.end : right.start]
        if gap.strip() or len(gap) > 2 or "\n" in gap:
            continue
        if not (is_arabic_word(a) and is_arabic_word(b)) or _marked_apart(left.text, right.text):
            continue
        if left.start and text[left.start - 1] in ".-_/":
            continue  # the end of an acronym or a code: أو.إم.في في
        before = words[i - 1] if i > 0 else ""
        after = words[i + 2] if i + 2 < len(words) else ""
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
