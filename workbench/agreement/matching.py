"""Pairwise span F1: spans of two annotators matched one-to-one within each document.

Two spans may match when they carry the same label and their intersection over union is at
least θ (exact matching is θ = 1: same start, end and label). Candidates are taken greedily,
highest IoU first (ties by position, so the result does not depend on input order); each
span is used at most once per other annotator. Per pair, TP is the number of matches,
FP = |A| - TP and FN = |B| - TP over the documents both annotated, and
F1 = 2TP / (2TP + FP + FN), or 1 when neither marked anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.corpus import Corpus, Int, lex_order


@dataclass(frozen=True)
class Candidates:
    """Every pair of overlapping same-label spans of two annotators (span a's annotator < b's)."""

    a: Int  # span indices into the corpus span table
    b: Int
    iou: Int


def overlapping_pairs(corpus: Corpus) -> Candidates:
    stride = int(corpus.doc_length.max(initial=0)) + 1
    group = corpus.span_doc * max(len(corpus.labels), 1) + corpus.span_label
    order = lex_order(group, corpus.span_start, corpus.span_end)
    key_start = group[order] * stride + corpus.span_start[order]
    key_end = group[order] * stride + corpus.span_end[order]
    hi = np.searchsorted(key_start, key_end, side="left")
    idx = np.arange(len(order))
    count = np.maximum(hi - idx - 1, 0)
    first = np.repeat(idx, count)
    second = first + 1 + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    i, j = order[first], order[second]
    ann_i, ann_j = corpus.span_annot[i], corpus.span_annot[j]
    differ = ann_i != ann_j
    i, j, ann_i, ann_j = i[differ], j[differ], ann_i[differ], ann_j[differ]
    swap = ann_i > ann_j
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    s_a, e_a, s_b, e_b = (
        corpus.span_start[a],
        corpus.span_end[a],
        corpus.span_start[b],
        corpus.span_end[b],
    )
    inter = np.minimum(e_a, e_b) - np.maximum(s_a, s_b)
    union = np.maximum(e_a, e_b) - np.minimum(s_a, s_b)
    return Candidates(a, b, inter / union)


def greedy_matches(corpus: Corpus, cand: Candidates, iou: float) -> tuple[Int, Int]:
    """The matched pairs (span a, span b) at threshold ``iou``."""
    ok = cand.iou >= iou if iou < 1.0 else cand.iou == 1.0
    a, b, score = cand.a[ok], cand.b[ok], cand.iou[ok]
    n_ann = max(len(corpus.annotators), 1)
    key_a = a * n_ann + corpus.span_annot[b]  # span a, as matched against b's annotator
    key_b = b * n_ann + corpus.span_annot[a]
    lone = _once(key_a) & _once(key_b)
    chosen = lone.copy()
    rest = np.flatnonzero(~lone)
    if len(rest):
        gs, ge = corpus.span_gstart, corpus.span_gend
        order = rest[np.lexsort((ge[b[rest]], gs[b[rest]], ge[a[rest]], gs[a[rest]], -score[rest]))]
        used: set[tuple[int, int]] = set()
        for c, ka, kb in zip(
            order.tolist(), key_a[order].tolist(), key_b[order].tolist(), strict=True
        ):
            if (0, ka) in used or (1, kb) in used:
                continue
            used.add((0, ka))
            used.add((1, kb))
            chosen[c] = True
    return a[chosen], b[chosen]


def _once(key: Int) -> Int:
    """Whether each key occurs exactly once."""
    if len(key) and int(key.max()) - int(key.min()) <= 16 * len(key) + (1 << 20):
        shifted = key - key.min()  # a small range: count each value
        return np.bincount(shifted)[shifted] == 1
    ordered = np.sort(key)
    pos = np.searchsorted(ordered, key, side="left")
    nxt = np.minimum(pos + 1, len(ordered) - 1)
    return (ordered[nxt] != key) | (pos + 1 == len(ordered))


@dataclass(frozen=True)
class PairCounts:
    """Counts per (annotator pair, document, label): TP, |A| and |B|."""

    pair: Int  # pair index into ``pairs``
    doc: Int
    label: Int
    tp: Int
    n_a: Int
    n_b: Int
    pairs: list[tuple[int, int]]  # (a, b) annotator indices, a < b


def pair_counts(corpus: Corpus, matched: tuple[Int, Int]) -> PairCounts:
    """Spans and matches of every annotator pair in every document they share, per label."""
    n_lab = max(len(corpus.labels), 1)
    n_rec = len(corpus.rec_doc)
    rec_label = np.bincount(
        corpus.span_rec * n_lab + corpus.span_label, minlength=n_rec * n_lab
    ).reshape(n_rec, n_lab)
    rec_start = np.concatenate(([0], np.cumsum(corpus.doc_m)[:-1]))
    docs, rec_a, rec_b = [], [], []
    for j in range(corpus.max_slots):
        for k in range(j + 1, corpus.max_slots):
            d = np.flatnonzero(corpus.doc_m > k)
            docs.append(d)
            rec_a.append(rec_start[d] + j)
            rec_b.append(rec_start[d] + k)
    doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
    ra = np.concatenate(rec_a) if docs else doc
    rb = np.concatenate(rec_b) if docs else doc
    n_ann = max(len(corpus.annotators), 1)
    raw_pair = corpus.rec_annot[ra] * n_ann + corpus.rec_annot[rb]
    pair_ids, pair = np.unique(raw_pair, return_inverse=True)
    pairs = [(p // n_ann, p % n_ann) for p in pair_ids.tolist()]
    # matches, keyed like the rows: (document, pair, label)
    ma, mb = matched
    m_pair = np.searchsorted(pair_ids, corpus.span_annot[ma] * n_ann + corpus.span_annot[mb])
    row_key = doc * len(pair_ids) + pair
    match_key = corpus.span_doc[ma] * len(pair_ids) + m_pair
    order = np.argsort(row_key)
    row_of_match = order[np.searchsorted(row_key[order], match_key)]
    tp = np.bincount(
        row_of_match * n_lab + corpus.span_label[ma], minlength=len(doc) * n_lab
    ).reshape(len(doc), n_lab)
    rows = np.repeat(np.arange(len(doc)), n_lab)
    labels = np.tile(np.arange(n_lab), len(doc))
    return PairCounts(
        pair=pair[rows],
        doc=doc[rows],
        label=labels,
        tp=tp.ravel(),
        n_a=rec_label[ra].ravel(),
        n_b=rec_label[rb].ravel(),
        pairs=pairs,
    )


def f1(tp: float, n_a: float, n_b: float) -> float:
    """2TP / (2TP + FP + FN) = 2TP / (|A| + |B|); 1 when neither marked anything."""
    return 1.0 if n_a + n_b == 0 else 2.0 * tp / (n_a + n_b)
