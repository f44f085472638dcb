"""Tokens for CoNLL and spaCy, and how spans map onto them. Pure.

The tokens are the words and numbers of :func:`workbench.arabic.tokens.tokens` plus every
other non-space character (punctuation, quotes, symbols) as a token of its own, so the tokens
cover all of the text but its white space.

A span maps to the tokens it touches; when its ends fall inside a token or on white space it
is *widened* to those tokens' edges. Overlapping spans cannot all be tags: the **longest**
span (in tokens) wins, then the one that **starts first**, then the label in alphabetical
order; a span sharing a token with a span already kept is dropped. spaCy's ``doc.ents`` use
the same rule.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from workbench.arabic.chars import DIACRITICS, TATWEEL
from workbench.arabic.sentences import sentences
from workbench.arabic.tokens import WORD_RE
from workbench.exporters.model import ExportArticle

#: A word of :data:`workbench.arabic.tokens.WORD_RE`, else any one non-space character. Scanning
#: left to right, this finds exactly the tokenizer's words plus the characters between them.
TOKEN_RE = re.compile(rf"{WORD_RE.pattern}|\S")


def conll_tokens(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token of ``text``, in order."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


# -- the same tokens from arrays ------------------------------------------------------------
# Every character falls in one class; the tokens follow from the classes of each character
# and its neighbours (see ``token_bounds``).
_SPACE, _LETTER, _DIGIT, _INNER_MARK, _SEPARATOR, _OTHER = range(6)
#: What WORD_RE lets stand inside a word: a run of marks, or a separator between two digits.
_INNER = "".join(sorted(DIACRITICS)) + TATWEEL + "\u200c\u200d"
_SEPARATORS = ".,\u066b\u066c"
_TABLE: list[np.ndarray] = []


def _char_class(ch: str) -> int:
    """As the regex engine sees ``ch``: ``[^\\W_]`` is ``isalnum``, ``\\d`` is ``isdecimal``
    and ``\\s`` is ``isspace`` (checked in the pattern's order: a word character first)."""
    if ch.isalnum():
        return _DIGIT if ch.isdecimal() else _LETTER
    if ch in _INNER:
        return _INNER_MARK
    if ch in _SEPARATORS:
        return _SEPARATOR
    return _SPACE if ch.isspace() else _OTHER


def _classes(text: str) -> np.ndarray:
    """The class of every character of ``text`` (a table for the Basic Multilingual Plane,
    made on first use; the rare characters beyond it one by one)."""
    if not _TABLE:
        _TABLE.append(np.array([_char_class(chr(c)) for c in range(0x10000)], dtype=np.int8))
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = points > 0xFFFF
    cls = _TABLE[0][np.where(high, 0, points)]
    for i in np.flatnonzero(high).tolist():
        cls[i] = _char_class(text[i])
    return cls


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The starts and ends of :func:`conll_tokens`, as two int32 arrays, found with arrays.

    A word of WORD_RE is a run of *joining* characters (letters and digits, inner marks, a
    separator between two digits) from its first letter or digit to the run's end; marks
    before that first letter and every other non-space character are tokens of their own."""
    n = len(text)
    cls = _classes(text)
    word = (cls == _LETTER) | (cls == _DIGIT)
    digit = cls == _DIGIT
    joining = word | (cls == _INNER_MARK)
    if n > 2:
        joining[1:-1] |= (cls[1:-1] == _SEPARATOR) & digit[:-2] & digit[2:]
    index = np.arange(n, dtype=np.int32)
    # the last letter or digit, and the last character that breaks a run, before each one
    last_word = np.maximum.accumulate(np.where(word, index, -1))
    last_break = np.maximum.accumulate(np.where(joining, -1, index))
    after_word = np.empty(n, dtype=bool)
    if n:
        after_word[0] = False
        after_word[1:] = last_word[:-1] > last_break[:-1]
    # the first character after each one's run (a non-joining character is its own run)
    run_end = np.minimum.accumulate(np.where(joining, n, index)[::-1])[::-1]
    starts = np.flatnonzero((cls != _SPACE) & ~(joining & after_word)).astype(np.int32)
    ends = np.where(word[starts], run_end[starts], starts + 1).astype(np.int32)
    return starts, ends


def sentence_groups(text: str, toks: Sequence[tuple[int, int]]) -> list[range]:
    """Token index ranges, one per sentence (a token belongs to the sentence it starts in)."""
    starts = [t[0] for t in toks]
    groups: list[range] = []
    done = 0
    for s in sentences(text):
        hi = bisect_left(starts, s.end)
        if hi > done:
            groups.append(range(done, hi))
            done = hi
    if done < len(toks):
        groups.append(range(done, len(toks)))
    return groups


class Layout:
    """An article's tokens and sentences, computed once and shared by every document and
    format made of the article. Compact: offsets in integer arrays (about 4 bytes a
    character), so an export can keep the layouts of all its articles (``layout``)."""

    __slots__ = ("starts", "ends", "breaks")

    def __init__(self, text: str) -> None:
        starts, ends = token_bounds(text)
        self.starts = array("i", starts.tobytes())
        self.ends = array("i", ends.tobytes())
        # a token belongs to the sentence it starts in (as ``sentence_groups``): a sentence
        # after the first starts at the first token starting at or after the previous end
        firsts = np.searchsorted(starts, [s.end for s in sentences(text)])
        inner = np.unique(firsts[(firsts > 0) & (firsts < len(starts))])
        #: index of the first token of every sentence after the first
        self.breaks = array("i", inner.astype(np.int32).tobytes())

    @property
    def toks(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    def __len__(self) -> int:
        return len(self.starts)

    def groups(self) -> list[range]:
        """Token index ranges, one per sentence (as :func:`sentence_groups`)."""
        edges = [0, *self.breaks, len(self.starts)] if len(self.starts) else []
        return [range(a, b) for a, b in zip(edges, edges[1:], strict=False)]


def layout(article: ExportArticle) -> Layout:
    """The article's :class:`Layout`, computed on first use and kept in ``article.memo``,
    which the export shares between the gold and the annotators article of one source: so
    every format of both scopes is written from one tokenisation per article."""
    memo = article.memo
    if not isinstance(memo.value, Layout):
        memo.value = Layout(article.text)
    return memo.value


class Placed(NamedTuple):
    first: int  # first token index
    last: int  # last token index (inclusive)
    label: str
    index: int  # the span's index in the input
    widened: bool


@dataclass
class Placement:
    kept: list[Placed]
    widened: int = 0
    dropped: int = 0  # overlaps lost to the rule
    untokened: int = 0  # spans on white space only
    dropped_by_label: dict[str, int] | None = None


def place(
    spans: Sequence[tuple[int, int, str]], toks: Sequence[tuple[int, int]] | Layout
) -> Placement:
    """Map ``(start, end, label)`` spans onto ``toks`` (or a :class:`Layout`'s tokens) and
    resolve overlaps (see the module)."""
    if isinstance(toks, Layout):
        starts: Sequence[int] = toks.starts
        ends: Sequence[int] = toks.ends
    else:
        starts = [t[0] for t in toks]
        ends = [t[1] for t in toks]
    # (first - last, first, label, index, last, widened): sorted, the rule's order
    placed: list[tuple[int, int, str, int, int, bool]] = []
    result = Placement(kept=[], dropped_by_label={})
    widened_n = 0
    for i, (start, end, label) in enumerate(spans):
        first = bisect_right(ends, start)  # first token ending after start
        last = bisect_left(starts, end) - 1  # last token starting before end
        if first > last:
            result.untokened += 1
            continue
        widened = starts[first] != start or ends[last] != end
        widened_n += widened
        placed.append((first - last, first, label, i, last, widened))
    result.widened = widened_n
    placed.sort()
    taken: set[int] = set()
    kept = result.kept
    dropped = result.dropped_by_label
    assert dropped is not None
    for neg, first, label, i, last, widened in placed:
        if neg == 0:  # one token, the common case
            if first in taken:
                result.dropped += 1
                dropped[label] = dropped.get(label, 0) + 1
                continue
            taken.add(first)
        else:
            cover = range(first, last + 1)
            if not taken.isdisjoint(cover):
                result.dropped += 1
                dropped[label] = dropped.get(label, 0) + 1
                continue
            taken.update(cover)
        kept.append(Placed(first, last, label, i, widened))
    kept.sort()
    return result


def bio_tags(n_tokens: int, kept: Sequence[Placed]) -> list[str]:
    tags = ["O"] * n_tokens
    for p in kept:
        tags[p.first] = f"B-{p.label}"
        for t in range(p.first + 1, p.last + 1):
            tags[t] = f"I-{p.label}"
    return tags


def spans_from_tags(
    tags: Sequence[str], toks: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """The character spans that BIO ``tags`` over ``toks`` describe (the inverse of
    :func:`bio_tags`)."""
    out: list[tuple[int, int, str]] = []
    cur: list[object] | None = None
    for (s, e), tag in zip(toks, tags, strict=True):
        if tag.startswith("I-") and cur is not None and cur[2] == tag[2:]:
            cur[1] = e
            continue
        if cur is not None:
            out.append((int(cur[0]), int(cur[1]), str(cur[2])))  # type: ignore[call-overload]
            cur = None
        if tag != "O":
            cur = [s, e, tag[2:]]
    if cur is not None:
        out.append((int(cur[0]), int(cur[1]), str(cur[2])))  # type: ignore[call-overload]
    return out
