"""The annotations as arrays in one canonical order, so that no result depends on input order.

Documents are sorted by id and laid end to end on one continuum (``doc_offset``), as DKPro
Agreement does; each document's annotators are sorted by name and numbered 0.. (their
*slot*). Exact duplicate spans of one annotator are kept once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.agreement.model import AnnotatedDoc, Span, validate

Int = np.ndarray


@dataclass(frozen=True)
class Corpus:
    docs: list[str]  # compared documents (two or more annotators), sorted
    single: list[str]  # documents only one annotator did, left out
    annotators: list[str]  # every annotator of a compared document, sorted
    labels: list[str]  # every label used on a compared document, sorted
    doc_length: Int  # (D,)
    doc_offset: Int  # (D,) start of each document on the continuum
    doc_m: Int  # (D,) number of annotators
    doc_annot: Int  # (D, M) annotator index per slot, -1 past doc_m
    # one row per (document, annotator) record, sorted by document then annotator
    rec_doc: Int
    rec_annot: Int
    rec_slot: Int
    # one row per span, sorted by (document, annotator, start, end, label)
    span_rec: Int
    span_doc: Int
    span_annot: Int
    span_slot: Int
    span_label: Int
    span_start: Int
    span_end: Int

    @property
    def total_length(self) -> int:
        return int(self.doc_length.sum())

    @property
    def max_slots(self) -> int:
        return int(self.doc_annot.shape[1])

    @property
    def span_gstart(self) -> Int:
        return self.doc_offset[self.span_doc] + self.span_start

    @property
    def span_gend(self) -> Int:
        return self.doc_offset[self.span_doc] + self.span_end


def build_corpus(docs: Sequence[AnnotatedDoc]) -> Corpus:
    """Validate ``docs`` and lay them out; documents with one annotator are set aside."""
    validate(docs)
    by_doc: dict[str, dict[str, AnnotatedDoc]] = defaultdict(dict)
    for rec in docs:
        by_doc[rec.doc][rec.annotator] = rec
    compared = sorted(d for d, recs in by_doc.items() if len(recs) >= 2)
    single = sorted(d for d, recs in by_doc.items() if len(recs) < 2)
    annotators = sorted({a for d in compared for a in by_doc[d]})
    labels = sorted({s.label for d in compared for r in by_doc[d].values() for s in r.spans})
    a_index = {a: i for i, a in enumerate(annotators)}
    l_index = {lab: i for i, lab in enumerate(labels)}

    n_docs = len(compared)
    doc_length = np.zeros(n_docs, dtype=np.int64)
    doc_m = np.zeros(n_docs, dtype=np.int64)
    max_m = max((len(by_doc[d]) for d in compared), default=0)
    doc_annot = np.full((n_docs, max_m), -1, dtype=np.int64)
    rec_doc: list[int] = []
    rec_annot: list[int] = []
    rec_slot: list[int] = []
    cols: list[list[int]] = [[] for _ in range(7)]  # rec, doc, annot, slot, label, start, end
    for d, name in enumerate(compared):
        recs = by_doc[name]
        doc_m[d] = len(recs)
        for slot, annotator in enumerate(sorted(recs)):
            rec = recs[annotator]
            doc_length[d] = rec.length
            a = a_index[annotator]
            doc_annot[d, slot] = a
            r = len(rec_doc)
            rec_doc.append(d)
            rec_annot.append(a)
            rec_slot.append(slot)
            spans: list[Span] = sorted(set(rec.spans))
            k = len(spans)
            cols[0].extend([r] * k)
            cols[1].extend([d] * k)
            cols[2].extend([a] * k)
            cols[3].extend([slot] * k)
            cols[4].extend(l_index[s.label] for s in spans)
            cols[5].extend(s.start for s in spans)
            cols[6].extend(s.end for s in spans)
    arr = [np.asarray(c, dtype=np.int64) for c in cols]
    doc_offset = np.concatenate(([0], np.cumsum(doc_length)[:-1])) if n_docs else doc_length.copy()
    return Corpus(
        docs=compared, single=single, annotators=annotators, labels=labels,
        doc_length=doc_length, doc_offset=doc_offset.astype(np.int64), doc_m=doc_m,
        doc_annot=doc_annot,
        rec_doc=np.asarray(rec_doc, dtype=np.int64), rec_annot=np.asarray(rec_annot, dtype=np.int64),
        rec_slot=np.asarray(rec_slot, dtype=np.int64),
        span_rec=arr[0], span_doc=arr[1], span_annot=arr[2], span_slot=arr[3], span_label=arr[4],
        span_start=arr[5], span_end=arr[6],
    )


def group_starts(keys: Int) -> Int:
    """Boolean mask of the first row of each run of equal ``keys`` (sorted)."""
    mask = np.ones(len(keys), dtype=bool)
    if len(keys) > 1:
        mask[1:] = keys[1:] != keys[:-1]
    return mask


def connected_runs(group: Int, start: Int, end: Int, stride: int) -> Int:
    """Run id per interval, for intervals sorted by (group, start): a run is a maximal chain
    of overlapping intervals (half-open; touching is not overlapping) within one group."""
    if len(start) == 0:
        return np.zeros(0, dtype=np.int64)
    gs = group * stride + start
    ge = group * stride + end
    reach = np.maximum.accumulate(ge)
    new = np.ones(len(gs), dtype=bool)
    new[1:] = gs[1:] >= reach[:-1]
    return np.cumsum(new) - 1
