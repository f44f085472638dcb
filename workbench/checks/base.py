"""What a check sees and what it reports.

A check is a pure function ``(article, config) -> Iterable[Hit]``. The runner stamps each hit
with the check's name and version and slices the evidence text out of the stored text, so
a finding's ``text`` is always ``article.text[start:end]``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from workbench.arabic.normalize import NormalizedText, fold, normalize
from workbench.arabic.segments import Segment, segments
from workbench.arabic.sentences import Sentence, sentences
from workbench.arabic.tokens import Token, TokenSlice, token_arrays

SEVERITIES = ("warning", "info", "error")


@dataclass(frozen=True)
class ArticleInput:
    """An article as the checks see it. Derived views are computed once, on first use."""

    text: str
    published: date | None = None
    external_id: str = ""

    @cached_property
    def normalized(self) -> NormalizedText:
        return normalize(self.text)

    @cached_property
    def paragraphs(self) -> list[Segment]:
        return segments(self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return sentences(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.token_slice)

    # The lean views: parallel arrays from one scan of the text, no object per token. A
    # check that reads every token should use these; ``tokens`` is built from them on demand.

    @cached_property
    def _token_arrays(self) -> tuple[list[int], list[int], list[str]]:
        return token_arrays(self.text)

    @property
    def token_starts(self) -> list[int]:
        """``token_starts[i] == tokens[i].start`` (sorted: bisect it to find a range)."""
        return self._token_arrays[0]

    @property
    def token_ends(self) -> list[int]:
        return self._token_arrays[1]

    @property
    def token_texts(self) -> list[str]:
        return self._token_arrays[2]

    @cached_property
    def token_slice(self) -> TokenSlice:
        """All the tokens as a sequence that makes a :class:`Token` only when one is read;
        ``token_slice[lo:hi]`` is cheap."""
        return TokenSlice(*self._token_arrays)

    @cached_property
    def words(self) -> list[str]:
        """The matching form of each token: ``words[i]`` is ``tokens[i]`` folded."""
        texts = self.token_texts
        # One fold for the whole article: tokens hold no spaces and the fold makes none.
        return fold(" ".join(texts)).split(" ") if texts else []


@dataclass(frozen=True)
class Hit:
    """What a check yields: a range of the stored text and why it matters."""

    start: int
    end: int
    severity: str
    message: str
    related: Sequence[tuple[int, int]] = ()
    evidence: Mapping[str, Any] = field(default_factory=dict)
    #: Distinguishes two hits of one check on the same range (rarely needed).
    key: str = ""


@dataclass(frozen=True)
class Range:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    check: str
    version: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    related: tuple[Range, ...] = ()
    evidence: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across runs: the check (not its version), the ranges and the sub-kind."""
        basis = [
            self.check,
            self.start,
            self.end,
            [(r.start, r.end) for r in self.related],
            str(self.evidence.get("kind", "")),
            self.key,
        ]
        return hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "version": self.version,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "related": [{"start": r.start, "end": r.end, "text": r.text} for r in self.related],
            "message": self.message,
            "evidence": dict(self.evidence),
        }


def stamp(hit: Hit, *, check: str, version: str, text: str) -> Finding:
    """Turn a check's hit into a finding, validating its offsets against the stored text."""
    if hit.severity not in SEVERITIES:
        raise ValueError(f"{check}: unknown severity {hit.severity!r}")
    for s, e in [(hit.start, hit.end), *hit.related]:
        if not 0 <= s <= e <= len(text):
            raise ValueError(f"{check}: range [{s}, {e}) outside the text of length {len(text)}")
    return Finding(
        check=check,
        version=version,
        severity=hit.severity,
        start=hit.start,
        end=hit.end,
        text=text[hit.start : hit.end],
        message=hit.message,
        related=tuple(Range(s, e, text[s:e]) for s, e in hit.related),
        evidence=dict(hit.evidence),
        key=hit.key,
    )
