"""The annotations as arrays in one canonical order, so that no result depends on input order.

Documents are sorted by id and laid end to end on one continuum (``doc_offset``), as DKPro
Agreement does; each document's annotators are sorted by name and numbered 0.. (their
*slot*). Exact duplicate spans of one annotator are kept once.
"""

from __future__ import annotations

import gc
import math
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from workbench.agreement.model import AnnotatedDoc, check_span, validate
from workbench.agreement.table import AnnotationTable

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
    n = len(all_spans)
    span_rec = np.repeat(np.arange(len(records), dtype=np.int64), per_rec)
    start = np.fromiter(map(attrgetter("start"), all_spans), dtype=np.int64, count=n)
    end = np.fromiter(map(attrgetter("end"), all_spans), dtype=np.int64, count=n)
    label = np.fromiter(
        map(l_index.__getitem__, map(attrgetter("label"), all_spans)), dtype=np.int64, count=n
    )
    rec_doc_arr = np.asarray(rec_doc, dtype=np.int64)
    first = _first_bad_span(span_rec, start, end, doc_length[rec_doc_arr])
    if first is not None:
        check_span(records[int(span_rec[first])], all_spans[first])
    return _assemble(
        (span_rec, start, end, label),
        docs=compared,
        single=single,
        annotators=annotators,
        labels=labels,
        doc_length=doc_length,
        doc_m=doc_m,
        doc_annot=doc_annot,
        rec_doc=rec_doc_arr,
        rec_annot=np.asarray(rec_annot, dtype=np.int64),
        rec_slot=np.asarray(rec_slot, dtype=np.int64),
    )


def corpus_from_table(table: AnnotationTable) -> Corpus:
    """What ``build_corpus(table.docs())`` gives, laid out from the columns directly. A table
    with anything unusable goes through :func:`build_corpus`, which says what is wrong."""
    lengths: dict[str, int] = {}
    by_doc: dict[str, dict[str, int]] = {}
    for i, (doc, annotator, length) in enumerate(
        zip(table.doc, table.annotator, table.length, strict=True)
    ):
        recs = by_doc.setdefault(doc, {})
        if (
            type(length) is not int
            or length < 0
            or lengths.setdefault(doc, length) != length
            or annotator in recs
        ):
            return build_corpus(table.docs())
        recs[annotator] = i
    if not all(type(lab) is str and lab for lab in table.labels):
        return build_corpus(table.docs())
    compared = sorted(d for d, recs in by_doc.items() if len(recs) >= 2)
    single = sorted(d for d, recs in by_doc.items() if len(recs) < 2)
    annotators = sorted({a for d in compared for a in by_doc[d]})
    a_index = {a: i for i, a in enumerate(annotators)}
    n_docs = len(compared)
    doc_m = np.fromiter((len(by_doc[d]) for d in compared), dtype=np.int64, count=n_docs)
    max_m = int(doc_m.max(initial=0))
    doc_annot = np.full((n_docs, max_m), -1, dtype=np.int64)
    order: list[int] = []  # record indices, by document then annotator
    rec_slot: list[int] = []
    rec_annot: list[int] = []
    for d, name in enumerate(compared):
        recs = by_doc[name]
        for slot, annotator in enumerate(sorted(recs)):
            doc_annot[d, slot] = a_index[annotator]
            order.append(recs[annotator])
            rec_slot.append(slot)
            rec_annot.append(a_index[annotator])
    doc_length = np.fromiter((lengths[d] for d in compared), dtype=np.int64, count=n_docs)
    rec_doc = np.repeat(np.arange(n_docs, dtype=np.int64), doc_m)
    order_arr = np.asarray(order, dtype=np.int64)
    n_spans = np.asarray(table.n_spans, dtype=np.int64)
    per_rec = n_spans[order_arr]
    at = np.concatenate(([0], np.cumsum(n_spans)[:-1])).astype(np.int64)[order_arr]
    span_rec = np.repeat(np.arange(len(order), dtype=np.int64), per_rec)
    taken = np.arange(len(span_rec), dtype=np.int64) + np.repeat(
        at - (np.cumsum(per_rec) - per_rec), per_rec
    )
    names = sorted(table.labels)
    rank = np.empty(len(names), dtype=np.int64)  # label number -> place in sorted order
    rank[sorted(range(len(names)), key=table.labels.__getitem__)] = np.arange(len(names))
    code = rank[np.frombuffer(table.label, dtype=np.int64)[taken]]
    used = np.unique(code)
    lut = np.full(max(len(names), 1), -1, dtype=np.int64)
    lut[used] = np.arange(len(used))
    try:
        start = _int64(table.start)[taken]
        end = _int64(table.end)[taken]
    except (TypeError, ValueError, OverflowError):
        return build_corpus(table.docs())
    if _first_bad_span(span_rec, start, end, doc_length[rec_doc]) is not None:
        return build_corpus(table.docs())
    return _assemble(
        (span_rec, start, end, lut[code]),
        docs=compared,
        single=single,
        annotators=annotators,
        labels=[names[i] for i in used.tolist()],
        doc_length=doc_length,
        doc_m=doc_m,
        doc_annot=doc_annot,
        rec_doc=rec_doc,
        rec_annot=np.asarray(rec_annot, dtype=np.int64),
        rec_slot=np.asarray(rec_slot, dtype=np.int64),
    )


def _int64(column: Any) -> Int:
    """A table column as a 64-bit integer array (no copy of an ``array("q")``)."""
    if isinstance(column, array):
        return np.frombuffer(column, dtype=np.int64)
    return np.asarray(column, dtype=np.int64)


def _first_bad_span(span_rec: Int, start: Int, end: Int, rec_length: Int) -> int | None:
    """The first span outside ``0 <= start < end <= length`` of its record, or None."""
    bad = ~((start >= 0) & (start < end) & (end <= rec_length[span_rec]))
    return int(np.flatnonzero(bad)[0]) if bad.any() else None


def _assemble(spans: tuple[Int, Int, Int, Int], **layout: Any) -> Corpus:
    """The corpus of ``layout`` (its documents and records) and ``spans`` (record, start, end,
    label): the spans in canonical order, exact duplicates of one annotator kept once."""
    order = lex_order(*spans)
    rec_, start, end, label = (c[order] for c in spans)
    keep = np.ones(len(order), dtype=bool)  # exact duplicates of one annotator: kept once
    keep[1:] = (
        (rec_[1:] != rec_[:-1])
        | (start[1:] != start[:-1])
        | (end[1:] != end[:-1])
        | (label[1:] != label[:-1])
    )
    rec_, start, end, label = rec_[keep], start[keep], end[keep], label[keep]
    doc_length = layout["doc_length"]
    doc_offset = (
        np.concatenate(([0], np.cumsum(doc_length)[:-1])) if len(doc_length) else doc_length.copy()
    )
    return Corpus(
        **layout,
        doc_offset=doc_offset.astype(np.int64),
        span_rec=rec_,
        span_doc=layout["rec_doc"][rec_],
        span_annot=layout["rec_annot"][rec_],
        span_slot=layout["rec_slot"][rec_],
        span_label=label,
        span_start=start,
        span_end=end,
    )


def lex_order(*keys: Int) -> Int:
    """``np.lexsort(keys[::-1])``: the order sorting by the first key, then the second...
    (stable). Non-negative integer keys whose ranges multiply to less than 2**63 are
    combined into one, sorted once."""
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    sizes = [int(k.max()) + 1 for k in keys]
    if min(int(k.min()) for k in keys) < 0 or math.prod(sizes) >= 2**63:
        return np.lexsort(keys[::-1])
    combined = keys[0].astype(np.int64)
    for key, size in zip(keys[1:], sizes[1:], strict=True):
        combined = combined * size + key
    return np.argsort(combined, kind="stable")


def _marks(x: Int) -> tuple[Int, int] | None:
    """A mark per possible value of ``x`` (integers), and the smallest: when the range of
    values is small next to ``len(x)``; else None (sorting is then cheaper)."""
    if not len(x):
        return None
    lo, hi = int(x.min()), int(x.max())
    if hi - lo > 16 * len(x) + (1 << 20):
        return None
    seen = np.zeros(hi - lo + 1, dtype=bool)
    seen[x - lo] = True
    return seen, lo


def unique_ints(x: Int) -> Int:
    """``np.unique(x)`` for integers, by the stable sort (fast on the runs of sorted values
    that the corpus's arrays are made of)."""
    ordered = np.sort(x, kind="stable")
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


def dense_ranks(x: Int) -> tuple[Int, int]:
    """Each value's rank among the distinct values of ``x`` (integers), and their number:
    ``np.unique(x, return_inverse=True)``'s inverse, without a sort when the range is small."""
    marked = _marks(x)
    if marked is None:
        distinct = np.unique(x)
        return np.searchsorted(distinct, x), len(distinct)
    seen, lo = marked
    rank = np.cumsum(seen) - 1
    return rank[x - lo], int(rank[-1]) + 1


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
