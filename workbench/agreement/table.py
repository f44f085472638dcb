"""The records as columns: what ``load_jsonl`` reads, before any per-span object is built.

One row per record (one annotator's work on one document) in ``doc``, ``annotator``,
``length`` and ``n_spans``; the spans of every record, record after record, in ``start``,
``end`` and ``label``. The corpus is laid out from these columns directly
(:func:`workbench.agreement.corpus.corpus_from_table`); :meth:`AnnotationTable.docs` gives
the same records as :class:`AnnotatedDoc` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.agreement.model import AnnotatedDoc, Span


@dataclass
class AnnotationTable:
    doc: list[str] = field(default_factory=list)
    annotator: list[str] = field(default_factory=list)
    length: list[int] = field(default_factory=list)
    n_spans: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    label: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.doc)

    def add(
        self, doc: str, annotator: str, length: int, start: list, end: list, label: list
    ) -> None:
        """One record, its spans given as three parallel columns."""
        self.doc.append(doc)
        self.annotator.append(annotator)
        self.length.append(length)
        self.n_spans.append(len(start))
        self.start.extend(start)
        self.end.extend(end)
        self.label.extend(label)

    def docs(self) -> list[AnnotatedDoc]:
        """The records as objects, in table order."""
        out: list[AnnotatedDoc] = []
        at = 0
        for doc, annotator, length, n in zip(
            self.doc, self.annotator, self.length, self.n_spans, strict=True
        ):
            spans = tuple(
                map(Span, self.start[at : at + n], self.end[at : at + n], self.label[at : at + n])
            )
            out.append(AnnotatedDoc(doc, annotator, length, spans))
            at += n
        return out
