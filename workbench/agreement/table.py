"""The records as columns: what ``load_jsonl`` reads, before any per-span object is built.

One row per record (one annotator's work on one document) in ``doc``, ``annotator``,
``length`` and ``n_spans``; the spans of every record, record after record, in ``start``,
``end`` (64-bit integer arrays: no object per value) and ``label`` (the number of the label
in ``labels``). The corpus is laid out from these columns directly
(:func:`workbench.agreement.corpus.corpus_from_table`); :meth:`AnnotationTable.docs` gives
the same records as :class:`AnnotatedDoc` objects.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Sequence
from typing import Any

from workbench.agreement.model import AnnotatedDoc, Span


class AnnotationTable:
    def __init__(self) -> None:
        self.doc: list[Any] = []
        self.annotator: list[Any] = []
        self.length: list[Any] = []
        self.n_spans: list[int] = []
        #: 64-bit integer arrays; plain lists once a value does not fit (or is no integer)
        self.start: array[int] | list[Any] = array("q")
        self.end: array[int] | list[Any] = array("q")
        self.label: array[int] = array("q")
        self.labels: list[Any] = []  # the labels, by number
        self._numbers: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def add(
        self,
        doc: str,
        annotator: str,
        length: int,
        start: Sequence[Any],
        end: Sequence[Any],
        label: Sequence[Hashable],
    ) -> None:
        """One record, its spans given as three parallel columns."""
        numbers = self._numbers
        try:
            self.label.extend(array("q", map(numbers.__getitem__, label)))
        except KeyError:  # a label not seen before: numbered next
            for x in label:
                numbers.setdefault(x, len(numbers))
            self.labels = list(numbers)
            self.label.extend(array("q", map(numbers.__getitem__, label)))
        try:
            starts, ends = array("q", start), array("q", end)
        except (OverflowError, TypeError):  # not 64-bit integers: kept as they are
            self.start, self.end = list(self.start), list(self.end)
            starts, ends = list(start), list(end)  # type: ignore[assignment]
        self.start.extend(starts)  # type: ignore[arg-type]
        self.end.extend(ends)  # type: ignore[arg-type]
        self.doc.append(doc)
        self.annotator.append(annotator)
        self.length.append(length)
        self.n_spans.append(len(start))

    def docs(self) -> list[AnnotatedDoc]:
        """The records as objects, in table order."""
        out: list[AnnotatedDoc] = []
        at = 0
        names = self.labels
        for doc, annotator, length, n in zip(
            self.doc, self.annotator, self.length, self.n_spans, strict=True
        ):
            labels = map(names.__getitem__, self.label[at : at + n])
            spans = tuple(map(Span, self.start[at : at + n], self.end[at : at + n], labels))
            out.append(AnnotatedDoc(doc, annotator, length, spans))
            at += n
        return out
