"""Plain data: what one annotator marked on one document, and its validation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import InputError

#: Where errors about in-memory records (not read from a file) say they come from.
SOURCE = "annotations"


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A labelled half-open range ``[start, end)`` of code points."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class AnnotatedDoc:
    """One annotator's work on one document. No spans means: annotated, marked nothing."""

    doc: str
    annotator: str
    length: int
    spans: tuple[Span, ...]


def span_problem(span: Span, length: int) -> str | None:
    """Why ``span`` cannot be used in a document of ``length`` code points, or None."""
    if not isinstance(span.label, str) or not span.label:
        return "span label must be a non-empty string"
    if not (0 <= span.start < span.end <= length):
        return f"span [{span.start}, {span.end}) must satisfy 0 <= start < end <= {length}"
    return None


def validate(docs: Sequence[AnnotatedDoc]) -> None:
    """Raise :class:`InputError` for the first record that cannot be used: a negative length,
    a document whose length differs between annotators, or the same annotator twice on one
    document. (Spans are checked, all at once, where the corpus is laid out.)"""
    lengths: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for rec in docs:
        where = f"{rec.doc}/{rec.annotator}"
        if not isinstance(rec.length, int) or rec.length < 0:
            raise InputError(
                SOURCE, where, f"length must be a non-negative integer, not {rec.length!r}"
            )
        known = lengths.setdefault(rec.doc, rec.length)
        if known != rec.length:
            raise InputError(
                SOURCE, where, f"length {rec.length} disagrees with {known} given before"
            )
        if (rec.doc, rec.annotator) in seen:
            raise InputError(SOURCE, where, "the same annotator appears twice on this document")
        seen.add((rec.doc, rec.annotator))


def check_span(rec: AnnotatedDoc, span: Span) -> None:
    """Raise :class:`InputError` if ``span`` cannot be used in ``rec``."""
    problem = span_problem(span, rec.length)
    if problem:
        raise InputError(SOURCE, f"{rec.doc}/{rec.annotator}", problem)


def docs_from_annotations(
    annotations: Iterable[Any], *, copy_spans: bool = True
) -> list[AnnotatedDoc]:
    """Agreement input from annotation records (anything with ``external_id``,
    ``annotator``, ``length`` and ``spans`` of ``start``/``end``/``label``): one record per
    document and annotator (the last when an annotator has several), for the documents two
    or more annotators annotated.

    ``copy_spans`` False keeps the records' own span objects instead of a :class:`Span` per
    span: enough for the measures (``build_corpus`` reads only those three attributes), and a
    million spans are not copied."""
    latest: dict[tuple[str, str], Any] = {}
    for a in annotations:
        latest[(a.external_id, a.annotator)] = a
    per_doc: dict[str, int] = {}
    for doc, _ in latest:
        per_doc[doc] = per_doc.get(doc, 0) + 1
    return [
        AnnotatedDoc(
            a.external_id,
            a.annotator,
            a.length,
            tuple(Span(s.start, s.end, s.label) for s in a.spans) if copy_spans else tuple(a.spans),
        )
        for (doc, _), a in latest.items()
        if per_doc[doc] >= 2
    ]
