"""The matching view of a stored text, with a map back to stored offsets.

``view.text`` is for matching only. Any ``[start, end)`` range found in it is turned back
into stored-text offsets with :meth:`NormalizedText.to_stored`, so evidence is always
``stored[start:end]``.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from workbench.arabic.chars import DIACRITICS, DIGITS, INVISIBLE, LETTER_FOLDS, TATWEEL

_DROP = DIACRITICS | INVISIBLE | {TATWEEL}


@dataclass(frozen=True)
class NormalizedText:
    """``text`` is the folded view; ``index[i]`` is the stored offset of ``text[i]``.

    ``index`` has one extra entry, the stored length, so ``index[len(text)]`` is defined;
    ``dropped`` holds the stored offsets of characters left out of the view.
    """

    text: str
    index: tuple[int, ...]
    stored_length: int
    dropped: frozenset[int] = frozenset()

    def to_stored(self, start: int, end: int) -> tuple[int, int]:
        """Stored ``[start, end)`` covering view ``[start, end)``.

        The end extends over characters dropped from the view (diacritics, tatweel) that
        follow the last kept character, so a word keeps its marks.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range [{start}, {end}) outside the view of length {len(self.text)}")
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


def normalize(stored: str) -> NormalizedText:
    """Fold ``stored`` for matching: drop diacritics, tatweel and invisible marks; fold
    hamza carriers and madda onto their base letters; Arabic-Indic and Persian digits to
    ASCII; typographic quotes to plain ones. Case-folds Latin letters."""
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
