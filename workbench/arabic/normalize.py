"""The matching view of a stored text, with a map back to stored offsets.

``view.text`` is for matching only. Any ``[start, end)`` range found in it is turned back
into stored-text offsets with :meth:`NormalizedText.to_stored`, so evidence is always
``stored[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import chain

from workbench.arabic.chars import DIACRITICS, DIGITS, INVISIBLE, LETTER_FOLDS, TATWEEL

_DROP = DIACRITICS | INVISIBLE | {TATWEEL}


class NormalizedText:
    """``text`` is the folded view; ``index[i]`` is the stored offset of ``text[i]``.

    ``index`` has one extra entry, the stored length, so ``index[len(text)]`` is defined;
    ``dropped`` holds the stored offsets of characters left out of the view.

    The usual view (every kept character folds to one character) is held as the sorted
    offsets of the dropped characters only; ``index`` and ``dropped`` are built on first
    use, and :meth:`to_stored` / :meth:`to_view` answer by bisection on the dropped offsets.
    """

    __slots__ = ("text", "stored_length", "_marks", "_index", "_dropped", "_shift")

    def __init__(
        self,
        text: str,
        index: tuple[int, ...] | None = None,
        stored_length: int = 0,
        dropped: frozenset[int] | None = None,
        *,
        marks: list[int] | None = None,
    ) -> None:
        self.text = text
        self.stored_length = stored_length
        #: Sorted stored offsets of the dropped characters (the one-to-one view), else None.
        self._marks = marks
        self._index = index
        self._dropped = dropped
        self._shift: list[int] | None = None

    @property
    def index(self) -> tuple[int, ...]:
        if self._index is None:
            kept: list[int] = []
            prev = 0
            for pos in self._marks or ():
                kept.extend(range(prev, pos))
                prev = pos + 1
            kept.extend(range(prev, self.stored_length + 1))
            self._index = tuple(kept)
        return self._index

    @property
    def dropped(self) -> frozenset[int]:
        if self._dropped is None:
            self._dropped = frozenset(self._marks or ())
        return self._dropped

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalizedText):
            return NotImplemented
        return (self.text, self.stored_length, self.index, self.dropped) == (
            other.text,
            other.stored_length,
            other.index,
            other.dropped,
        )

    def __hash__(self) -> int:
        return hash((self.text, self.stored_length))

    def __repr__(self) -> str:
        return f"NormalizedText(text={self.text!r}, stored_length={self.stored_length})"

    def _stored_at(self, pos: int) -> int:
        """``index[pos]`` of the one-to-one view: ``pos`` plus the marks dropped before it."""
        if self._shift is None:
            # The view position before which each dropped character sat.
            self._shift = [m - i for i, m in enumerate(self._marks or ())]
        return pos + bisect_right(self._shift, pos)

    def to_stored(self, start: int, end: int) -> tuple[int, int]:
        """Stored ``[start, end)`` covering view ``[start, end)``.

        The end extends over characters dropped from the view (diacritics, tatweel) that
        follow the last kept character, so a word keeps its marks.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range [{start}, {end}) outside the view of length {len(self.text)}")
        if self._marks is not None:
            if not self._marks:
                return start, end
            # Every stored character between two kept ones is a dropped one: the end runs
            # on to the next kept character.
            return self._stored_at(start), self._stored_at(end)
        if start == end:
            pos = self.index[start]
            return pos, pos
        s = self.index[start]
        e = self.index[end - 1] + 1
        nxt = self.index[end]
        # Swallow the dropped marks that belong to the last character, not the gap after it.
        while e < nxt and e in self.dropped:
            e += 1
        return s, e

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        """View ``[start, end)`` of the characters kept from stored ``[start, end)``.

        The inverse of :meth:`to_stored` on word boundaries: for a token ``(s, e)``,
        ``view.text[vs:ve]`` is the token's folded form.
        """
        if not 0 <= start <= end <= self.stored_length:
            raise ValueError(
                f"range [{start}, {end}) outside the stored text of length {self.stored_length}"
            )
        if self._marks is not None:
            marks = self._marks
            return start - bisect_left(marks, start), end - bisect_left(marks, end)
        n = len(self.text)
        return bisect_left(self.index, start, 0, n), bisect_left(self.index, end, 0, n)


def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in DIGITS:
        return DIGITS[ch]
    if ch in LETTER_FOLDS:
        return LETTER_FOLDS[ch]
    if unicodedata.combining(ch):
        return ""
    return ch


@cache
def _tables() -> tuple[dict[int, str | None], re.Pattern[str], re.Pattern[str]]:
    """The fold as a ``str.translate`` table, a pattern of dropped characters and a pattern
    of characters that fold to more than one (built once, on first use)."""
    table: dict[int, str | None] = {}
    dropped: list[int] = []
    for cp in chain(range(0xD800), range(0xE000, 0x30000), range(0xE0000, 0xE1000)):
        if cp in _PLAIN_BLOCKS:
            continue
        ch = chr(cp)
        folded = _fold_char(ch)
        folded = folded.lower() if folded.isascii() else folded
        if folded == ch:
            continue
        table[cp] = folded or None
        if not folded:
            dropped.append(cp)
    wide = [k for k, v in table.items() if v and len(v) > 1]
    return table, _char_class(dropped), _char_class(wide)


@cache
def _common_drop_re() -> re.Pattern[str]:
    latin_marks = [cp for cp in range(0x300, 0x370) if not _fold_char(chr(cp))]
    return _char_class([ord(c) for c in _DROP] + latin_marks)


def _char_class(codepoints: list[int]) -> re.Pattern[str]:
    """A pattern matching any of ``codepoints``, written as ranges (re is much faster on a
    few ranges than on a thousand single characters)."""
    parts: list[str] = []
    run_start = prev = None
    for cp in sorted(codepoints) + [-2]:
        if prev is not None and cp == prev + 1:
            prev = cp
            continue
        if run_start is not None and prev is not None:
            a, b = re.escape(chr(run_start)), re.escape(chr(prev))
            parts.append(a if run_start == prev else f"{a}-{b}")
        run_start = prev = cp
    return re.compile("[" + "".join(parts) + "]")


# CJK and Hangul hold no folds or combining marks; skipping them keeps ``_tables`` quick.
# Nothing above U+30000 folds except the tag characters (U+E0000 block).
_PLAIN_BLOCKS = range(0x3400, 0xA000)


@cache
def _bmp_table() -> list[int | str | None]:
    """The fold as a list indexed by code point, for the Basic Multilingual Plane:
    ``str.translate`` looks a list up without the exception a dict miss costs."""
    out: list[int | str | None] = list(range(0x10000))
    for cp, folded in _tables()[0].items():
        if cp < 0x10000:
            out[cp] = folded
    return out


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _translate(text: str) -> str:
    if _ASTRAL_RE.search(text):
        return text.translate(_tables()[0])
    return text.translate(_bmp_table())


def fold(word: str) -> str:
    """The matching form of a piece of text: ``normalize(word).text``, faster."""
    return _translate(word)


def normalize(stored: str) -> NormalizedText:
    """Fold ``stored`` for matching: drop diacritics, tatweel and invisible marks; fold
    hamza carriers and madda onto their base letters; Arabic-Indic and Persian digits to
    ASCII; typographic quotes to plain ones. Case-folds Latin letters."""
    _, drop_re, wide_re = _tables()
    if wide_re.search(stored):
        return _normalize_slow(stored)
    n = len(stored)
    view = _translate(stored)
    # The usual marks (Arabic diacritics, tatweel, bidi controls) are found with a short
    # pattern; any other dropped character (a rare combining mark) takes the long one.
    marks = [m.start() for m in _common_drop_re().finditer(stored)]
    if n - len(marks) != len(view):
        marks = [m.start() for m in drop_re.finditer(stored)]
    return NormalizedText(view, stored_length=n, marks=marks)


def _normalize_slow(stored: str) -> NormalizedText:
    """Character by character: the reference :func:`normalize` must agree with."""
    out: list[str] = []
    index: list[int] = []
    marks: list[int] = []
    for pos, ch in enumerate(stored):
        folded = _fold_char(ch)
        if not folded:
            marks.append(pos)
            continue
        folded = folded.lower() if folded.isascii() else folded
        out.append(folded)
        index.extend([pos] * len(folded))
    index.append(len(stored))
    return NormalizedText("".join(out), tuple(index), len(stored), frozenset(marks))
