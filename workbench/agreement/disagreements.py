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
from typing import Any

import numpy as np

from workbench.agreement.corpus import Corpus, connected_runs, group_starts

KINDS = ("missing", "label", "boundary")


def disagreement_key(doc: str, start: int, end: int, kind: str) -> str:
    raw = json.dumps([doc, start, end, kind], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def find_disagreements(corpus: Corpus) -> list[dict[str, Any]]:
    """Every disagreement, ordered by document then position."""
    n = len(corpus.span_start)
    if n == 0:
        return []
    stride = int(corpus.doc_length.max(initial=0)) + 1
    order = np.lexsort((corpus.span_label, corpus.span_annot, corpus.span_end,
                        corpus.span_start, corpus.span_doc))
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
    names, annotators, labels = corpus.docs, corpus.annotators, corpus.labels
    cols = [c.tolist() for c in (doc, start, end, annot, label)]
    out: list[dict[str, Any]] = []
    for r in np.flatnonzero(bad).tolist():
        lo, hi = int(bounds[r]), int(bounds[r + 1])
        d = cols[0][lo]
        marked: dict[int, list[tuple[int, int, str]]] = {
            int(a): [] for a in corpus.doc_annot[d, : corpus.doc_m[d]].tolist()
        }
        for i in range(lo, hi):
            marked[cols[3][i]].append((cols[1][i], cols[2][i], labels[cols[4][i]]))
        label_sets = {frozenset(x[2] for x in spans) for spans in marked.values()}
        if any(not spans for spans in marked.values()):
            kind = "missing"
        elif len(label_sets) > 1:
            kind = "label"
        else:
            kind = "boundary"
        r_start, r_end = min(cols[1][lo:hi]), max(cols[2][lo:hi])
        out.append({
            "key": disagreement_key(names[d], r_start, r_end, kind),
            "doc": names[d],
            "start": r_start,
            "end": r_end,
            "kind": kind,
            "labels": sorted({x[2] for spans in marked.values() for x in spans}),
            "annotations": [
                {"annotator": annotators[a],
                 "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in sorted(spans)]}
                for a, spans in sorted(marked.items(), key=lambda kv: annotators[kv[0]])
            ],
        })
    return out
