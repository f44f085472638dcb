"""The annotations as arrays in one canonical order, so that no result depends on input order.

Documents are sorted by id and laid end to end on one continuum (``doc_offset``), as DKPro
Agreement does; each document's annotators are sorted by name and numbered 0.. (their
*slot*). Exact duplicate spans of one annotator are kept once.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from workbench.agreement.model import AnnotatedDoc, check_span, validate

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
    docs = list(docs)
    validate(docs)
    by_doc: dict[str, dict[str, AnnotatedDoc]] = defaultdict(dict)
    for rec in docs:
        by_doc[rec.doc][rec.annotator] = rec
    compared = sorted(d for d, recs in by_doc.items() if len(recs) >= 2)
    single = sorted(d for d, recs in by_doc.items() if len(recs) < 2)
    annotators = sorted({a for d in compared for a in by_doc[d]})
    label_set = {s.label for d in compared for r in by_doc[d].values() for s in r.spans}
    if any(not isinstance(lab, str) or not lab for lab in label_set):
        for rec in (r for d in compared for r in by_doc[d].values()):
            for span in rec.spans:
                check_span(rec, span)
    labels = sorted(label_set)
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
    records: list[AnnotatedDoc] = []
    for d, name in enumerate(compared):
        recs = by_doc[name]
        doc_m[d] = len(recs)
        for slot, annotator in enumerate(sorted(recs)):
            rec = recs[annotator]
            doc_length[d] = rec.length
            doc_annot[d, slot] = a_index[annotator]
            rec_doc.append(d)
            rec_annot.append(a_index[annotator])
            rec_slot.append(slot)
            records.append(rec)
    all_spans = list(chain.from_iterable(rec.spans for rec in records))
    per_rec = np.fromiter((len(rec.spans) for rec in records), dtype=np.int64, count=len(records))
    cols = [
        np.repeat(np.arange(len(records), dtype=np.int64), per_rec),
        np.fromiter(map(attrgetter("start"), all_spans), dtype=np.int64, count=len(all_spans)),
        np.fromiter(map(attrgetter("end"), all_spans), dtype=np.int64, count=len(all_spans)),
        np.fromiter(
            map(l_index.__getitem__, map(attrgetter("label"), all_spans)),
            dtype=np.int64,
            count=len(all_spans),
        ),
    ]
    rec_doc_arr = np.asarray(rec_doc, dtype=np.int64)
    bad = ~((cols[1] >= 0) & (cols[1] < cols[2]) & (cols[2] <= doc_length[rec_doc_arr[cols[0]]]))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        check_span(records[int(cols[0][first])], all_spans[first])
    order = np.lexsort((cols[3], cols[2], cols[1], cols[0]))
    rec_, start, end, label = (c[order] for c in cols)
    keep = np.ones(len(order), dtype=bool)  # exact duplicates of one annotator: kept once
    keep[1:] = (
        (rec_[1:] != rec_[:-1])
        | (start[1:] != start[:-1])
        | (end[1:] != end[:-1])
        | (label[1:] != label[:-1])
    )
    rec_, start, end, label = rec_[keep], start[keep], end[keep], label[keep]
    rec_annot_arr = np.asarray(rec_annot, dtype=np.int64)
    rec_slot_arr = np.asarray(rec_slot, dtype=np.int64)
    doc_offset = np.concatenate(([0], np.cumsum(doc_length)[:-1])) if n_docs else doc_length.copy()
    return Corpus(
        docs=compared,
        single=single,
        annotators=annotators,
        labels=labels,
        doc_length=doc_length,
        doc_offset=doc_offset.astype(np.int64),
        doc_m=doc_m,
        doc_annot=doc_annot,
        rec_doc=rec_doc_arr,
        rec_annot=rec_annot_arr,
        rec_slot=rec_slot_arr,
        span_rec=rec_,
        span_doc=rec_doc_arr[rec_],
        span_annot=rec_annot_arr[rec_],
        span_slot=rec_slot_arr[rec_],
        span_label=label,
        span_start=start,
        span_end=end,
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


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small lists and dicts (the
    disagreements, the report): next to the caller's many live records, its full
    collections otherwise double the run time. Nothing here creates reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
