"""Word tokens with offsets into the stored text, and Arabic clitic splitting."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple, overload

from workbench.arabic.chars import DIACRITICS, TATWEEL

# A word: letters or digits, with the marks, tatweel and joiners that live inside words. A
# decimal or thousands separator stays inside a number only between two digits (12.5, 1,168,
# ١٢٫٥); between letters it separates words ("الماضي.وقال" is two words).
_WORD_CHARS = r"[^\W_]"
_INNER = "".join(sorted(DIACRITICS)) + TATWEEL + "\u200c\u200d"
# Runs of word characters and runs of inner marks are taken whole (the same matches as one
# character at a time, with far fewer steps of the regex engine). Every quantifier is
# possessive: a word is the longest run the pattern allows and nothing follows it in the
# pattern, so the engine keeps no backtracking points (the same matches, found faster).
WORD_RE = re.compile(
    rf"{_WORD_CHARS}++(?:(?:[{re.escape(_INNER)}]++|(?<=\d)[.,٫٬](?=\d)){_WORD_CHARS}*+)*+"
)
#: The same words, captured, so ``split`` returns gap, word, gap, word, …, gap.
_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")

#: Proclitics that attach in front of a word, longest first when combined.
PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


class Token(NamedTuple):
    """A word or number: ``text == stored[start:end]`` (a named tuple: cheap to make)."""

    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """Words and numbers of ``text`` (punctuation and spaces between them are not tokens).

    Decimal and thousands separators inside numbers stay in the number (``12.5``, ``1,168``).
    """
    return list(map(Token, *token_arrays(text)))


def token_arrays(text: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens of :func:`tokens` as three parallel lists (starts, ends, texts), from one
    scan of the text and no object per token: what the checks read in bulk."""
    parts = _SPLIT_RE.split(text)
    # Running lengths of gap, word, gap, word, …: every odd one ends a word, every even one
    # (but the last) starts the next.
    bounds = list(accumulate(map(len, parts)))
    return bounds[0:-1:2], bounds[1::2], parts[1::2]


class TokenSlice(Sequence[Token]):
    """Tokens ``[lo, hi)`` of parallel arrays, made into :class:`Token` only when read."""

    __slots__ = ("_starts", "_ends", "_texts", "_lo", "_hi")

    def __init__(
        self, starts: list[int], ends: list[int], texts: list[str], lo: int = 0, hi: int = -1
    ) -> None:
        self._starts, self._ends, self._texts = starts, ends, texts
        self._lo, self._hi = lo, len(starts) if hi < 0 else hi

    def __len__(self) -> int:
        return self._hi - self._lo

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> TokenSlice: ...

    def __getitem__(self, i: int | slice) -> Token | TokenSlice:
        if isinstance(i, slice):
            lo, hi, step = i.indices(len(self))
            if step != 1:
                raise ValueError("a token slice takes no step")
            return TokenSlice(
                self._starts, self._ends, self._texts, self._lo + lo, self._lo + max(lo, hi)
            )
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("token index out of range")
        k = self._lo + i
        return Token(self._starts[k], self._ends[k], self._texts[k])

    def __iter__(self) -> Iterator[Token]:
        lo, hi = self._lo, self._hi
        return map(Token, self._starts[lo:hi], self._ends[lo:hi], self._texts[lo:hi])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenSlice({list(self)!r})"


def split_proclitic(word: str, *, min_stem: int = 2) -> tuple[str, str]:
    """Split a (normalised) word into (proclitic, stem): ``والبلدة`` → ``("وال", "بلدة")``.

    The stem keeps at least ``min_stem`` letters; a word that cannot lose a clitic is
    returned as ``("", word)``.
    """
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= min_stem:
            return clitic, word[len(clitic) :]
    return "", word


def strip_article(word: str) -> str:
    """``word`` without a leading definite article (and conjunction/preposition before it)."""
    clitic, stem = split_proclitic(word)
    return stem if clitic.endswith("ال") or clitic == "لل" else word
