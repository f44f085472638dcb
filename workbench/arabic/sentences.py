"""Sentences with offsets: split on sentence-final punctuation and line ends."""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at . ! ? ؟ … or a line end; closing quotes and brackets after the mark stay
# with the sentence. Only a full stop between two digits (12.5) does not end a sentence: a year
# or a figure at the end of a sentence ("في 2016. وقال") still ends it.
# Each alternative begins with its mark (a dot not between two digits is written as a dot
# then the test), so the regex engine skips ahead to the next candidate mark.
_END_RE = re.compile(r"(?:(?:\.(?!(?<=\d\.)\d))+|[!?؟…]+)[\"'”»)\]]*|\n")


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
