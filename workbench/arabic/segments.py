"""Paragraphs: each non-empty line of the stored text is a segment, a heading or a paragraph."""

from __future__ import annotations

from dataclasses import dataclass

#: Sentence-final punctuation: a line ending in one of these is body text.
FINAL_PUNCTUATION = frozenset('.!?؟…:؛»"”')
#: A line without final punctuation and at most this many words is a heading.
HEADING_MAX_WORDS = 12


@dataclass(frozen=True)
class Segment:
    idx: int
    start: int
    end: int
    kind: str  # "heading" or "paragraph"


def is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[-1] in FINAL_PUNCTUATION and stripped[-1] not in "?؟":
        return False
    return len(stripped.split()) <= HEADING_MAX_WORDS


def segments(text: str) -> list[Segment]:
    """One segment per non-blank line, trimmed of surrounding white space, in order."""
    out: list[Segment] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            out.append(
                Segment(len(out), start, end, "heading" if is_heading(line) else "paragraph")
            )
        pos += len(line) + 1
    return out
