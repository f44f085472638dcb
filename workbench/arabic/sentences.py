"""Sentences with offsets: split on sentence-final punctuation and line ends."""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at . ! ? ؟ … or a line end; closing quotes and brackets after the mark stay
# with the sentence. Only a full stop between two digits (12.5) does not end a sentence: a year
# or a figure at the end of a sentence ("في 2016. وقال") still ends it.
# Every alternative begins with a literal mark, so the regex engine skips from mark to mark
# without trying the pattern in between. A full stop ends a sentence unless it stands
# between two digits.
_CLOSE = r"[\"'”»)\]]*"
_STOP = r"\.(?!(?<=\d\.)\d)"
_END_RE = re.compile(
    rf"{_STOP}(?:{_STOP})*{_CLOSE}|![!?؟…]*{_CLOSE}|\?[!?؟…]*{_CLOSE}"
    rf"|؟[!?؟…]*{_CLOSE}|…[!?؟…]*{_CLOSE}|\n"
)


class Sentence(NamedTuple):
    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` as stored-text offsets, trimmed of white space."""
    stop = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    for m in _END_RE.finditer(text, start, stop):
        _append(text, pos, m.end(), out)
        pos = m.end()
    _append(text, pos, stop, out)
    return out


def _append(text: str, s: int, e: int, out: list[Sentence]) -> None:
    piece = text[s:e]
    body = piece.strip()
    if body:
        start = s + (len(piece) - len(piece.lstrip()))
        out.append(Sentence(start, start + len(body)))
