"""The concrete disagreements an editor reviews, each with a stable key.

Within a document, spans of all annotators and labels that overlap (directly or through a
chain) form a *region*. A region on which every annotator of the document marked exactly
the same spans is agreement; any other region is one disagreement, of the first kind that
applies:

- ``missing``: some annotators of the document marked nothing in the region;
- ``label``: everyone marked something, but not with the same labels (this includes the same
  range with different labels);
- ``boundary``: the same labels, on ranges that differ.

The key is the first 12 hex digits of the SHA-1 of ``[doc, start, end, kind]`` (JSON), so a
review decision can refer to it for as long as the region is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.agreement.corpus import Corpus, Int, connected_runs, group_starts, no_cyclic_gc

KINDS = ("missing", "label", "boundary")


def disagreement_key(doc: str, start: int, end: int, kind: str) -> str:
    """The stable key of a disagreement (what :func:`find_disagreements` computes inline)."""
    raw = json.dumps([doc, start, end, kind], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def find_disagreements(corpus: Corpus) -> list[dict[str, Any]]:
    """Every disagreement, ordered by document then position."""
    with no_cyclic_gc():
        return list(locate_disagreements(corpus).items())


@dataclass(frozen=True)
class Disagreements:
    """Where the disagreements are (arrays over the spans, sorted by document then position),
    before any dict is built: their number per document is known at once, and
    :meth:`items` builds them one at a time, so a caller can stream them."""

    corpus: Corpus
    doc: Int  # (n,) per span, in region order
    start: Int
    end: Int
    annot: Int
    label: Int
    bounds: Int  # (regions + 1,) first span of each region, then n
    bad: Int  # indices of the regions that disagree, in order
    kinds: list[int]  # index into KINDS, per region

    def __len__(self) -> int:
        return len(self.bad)

    def per_document(self) -> list[int]:
        """How many disagreements each compared document has."""
        n_docs = len(self.corpus.docs)
        if not len(self.bad):
            return [0] * n_docs
        return np.bincount(self.doc[self.bounds[self.bad]], minlength=n_docs).tolist()

    def items(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """The disagreements as JSON-ready dicts, the first ``limit`` of them (all: None)."""
        corpus = self.corpus
        regions = self.bad if limit is None else self.bad[: max(limit, 0)]
        if not len(regions):
            return
        names, annotators, labels = corpus.docs, corpus.annotators, corpus.labels
        members = [
            [annotators[a] for a in row[:m]]
            for row, m in zip(corpus.doc_annot.tolist(), corpus.doc_m.tolist(), strict=True)
        ]
        doc_json: dict[int, str] = {}
        doc_l, start_l, end_l = self.doc.tolist(), self.start.tolist(), self.end.tolist()
        annot_l, label_l = self.annot.tolist(), self.label.tolist()
        bounds, kinds = self.bounds.tolist(), self.kinds
        sha1 = hashlib.sha1
        for r in regions.tolist():
            lo, hi = bounds[r], bounds[r + 1]
            d = doc_l[lo]
            said: dict[str, list[list[Any]]] = {name: [] for name in members[d]}
            used = set()
            for i in range(lo, hi):
                lab = labels[label_l[i]]
                said[annotators[annot_l[i]]].append([start_l[i], end_l[i], lab])
                used.add(lab)
            r_start, r_end, kind = start_l[lo], max(end_l[lo:hi]), KINDS[kinds[r]]
            dj = doc_json.get(d)
            if dj is None:
                dj = doc_json[d] = json.dumps(names[d], ensure_ascii=False)
            key = f'[{dj},{r_start},{r_end},"{kind}"]'
            yield {
                "key": sha1(key.encode("utf-8")).hexdigest()[:12],
                "doc": names[d],
                "start": r_start,
                "end": r_end,
                "kind": kind,
                "labels": sorted(used),
                "annotations": said,
            }


def locate_disagreements(corpus: Corpus) -> Disagreements:
    """The disagreeing regions of ``corpus`` (vectorised; no dict is built yet)."""
    n = len(corpus.span_start)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return Disagreements(corpus, empty, empty, empty, empty, empty, empty, empty, [])
    stride = int(corpus.doc_length.max(initial=0)) + 1
    order = np.lexsort(
        (corpus.span_label, corpus.span_annot, corpus.span_end, corpus.span_start, corpus.span_doc)
    )
    doc, start, end = corpus.span_doc[order], corpus.span_start[order], corpus.span_end[order]
    annot, label = corpus.span_annot[order], corpus.span_label[order]
    region = connected_runs(doc, start, end, stride)
    n_regions = int(region[-1]) + 1
    # a region agrees when every distinct (start, end, label) in it was marked by all annotators
    t_order = np.lexsort((label, end, start, region))
    cols_t = [c[t_order] for c in (region, start, end, label)]
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for c in cols_t:
        change[1:] |= c[1:] != c[:-1]
    t_first = np.flatnonzero(change)
    t_count = np.diff(np.append(t_first, n))
    t_region = cols_t[0][t_first]
    t_ok = t_count == corpus.doc_m[doc[t_order][t_first]]
    bad = np.bincount(t_region, weights=~t_ok, minlength=n_regions) > 0
    first = np.flatnonzero(group_starts(region))
    bounds = np.append(first, n)
    kinds = _kinds(corpus, region, doc, annot, label, first, n_regions)
    return Disagreements(corpus, doc, start, end, annot, label, bounds, np.flatnonzero(bad), kinds)


def _kinds(
    corpus: Corpus, region: Int, doc: Int, annot: Int, label: Int, first: Int, n_regions: int
) -> list[int]:
    """Index into :data:`KINDS` of every region."""
    n_ann, n_lab = len(corpus.annotators), max(len(corpus.labels), 1)
    pair = np.unique(region * n_ann + annot)  # distinct (region, annotator)
    people = np.bincount(pair // n_ann, minlength=n_regions)
    said = np.unique((region * n_ann + annot) * n_lab + label)  # distinct (region, annot, label)
    said_n = np.bincount(said // (n_ann * n_lab), minlength=n_regions)
    used = np.unique(region * n_lab + label)  # distinct (region, label)
    labels_n = np.bincount(used // n_lab, minlength=n_regions)
    missing = people < corpus.doc_m[doc[first]]
    differ = said_n != people * labels_n  # someone lacks a label another used
    return np.where(missing, 0, np.where(differ, 1, 2)).tolist()
