"""The sample annotations: three fact-checkers' work on the sample article.

Spans are written as quotes of the stored text; :func:`sample_annotations` turns them into
offsets and raises when a quote is not found, so the file cannot drift from the text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.samples import SAMPLE_DIR

ANNOTATIONS_FILE = SAMPLE_DIR / "sample-annotations.json"


@dataclass(frozen=True)
class SampleSpan:
    ref: str
    start: int
    end: int
    label: str
    verdict: str | None
    note: str | None


@dataclass(frozen=True)
class SampleAnnotation:
    email: str
    spans: tuple[SampleSpan, ...]
    relations: tuple[tuple[int, int, str], ...]  # (from index, to index, kind)


def _locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise ValueError(f"quote not found in the sample article: {quote[:40]!r}")
    return pos, pos + len(quote)


def sample_annotations(text: str, path: Path = ANNOTATIONS_FILE) -> list[SampleAnnotation]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for ann in data["annotators"]:
        spans = []
        for s in ann["spans"]:
            start, end = _locate(text, s["quote"], int(s.get("occurrence", 1)))
            spans.append(
                SampleSpan(s["ref"], start, end, s["label"], s.get("verdict"), s.get("note"))
            )
        index = {s.ref: i for i, s in enumerate(spans)}
        rels = tuple(
            (index[r["from"]], index[r["to"]], r["kind"]) for r in ann.get("relations", [])
        )
        out.append(SampleAnnotation(ann["email"], tuple(spans), rels))
    return out
