"""Character-level coding: every character is a unit whose value is what the annotator said.

A character's value is the *set* of labels the annotator put on it: ``none`` when no span
covers it, ``CLAIM`` when one label does, and the compound value ``CLAIM+SOURCE`` when
spans with two labels of one annotator overlap on it (a value of its own, different from
either label). Characters are grouped into runs coded alike by everyone (segments between
any two span boundaries), which carry their length as weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.coefficients import alpha_nominal, cohen_kappa, fleiss_kappa
from workbench.agreement.corpus import Corpus, Int, dense_ranks, unique_ints


@dataclass(frozen=True)
class Coding:
    seg_doc: Int  # (S,) document of each run of characters, ascending
    seg_len: Int  # (S,) its length in characters
    values: Int  # (M, S) value index per annotator slot, -1 where the slot is empty
    n_values: int
    pattern: Int  # (S,) which distinct row of value counts each run has
    counts: Int  # (P, V) the distinct rows: how many annotators gave each value
    weight: Int  # (P,) characters with each row


def _dense(key: Int) -> Int:
    """Renumber ``key`` 0.. in sorted order (np.unique's inverse, without its slow argsort)."""
    return dense_ranks(key)[0]


def _patterns(values: Int, seg_len: Int, n_values: int) -> tuple[Int, Int, Int]:
    """Runs whose annotators gave the same multiset of values are the same unit for α and
    Fleiss' κ: reduce the runs to their distinct rows of value counts, weighted."""
    ordered = np.sort(values, axis=0)  # the multiset, whichever annotator said what
    key = np.zeros(values.shape[1], dtype=np.int64)
    for row in ordered:
        key = _dense(key * (n_values + 1) + row + 1)
    n_patterns = int(key.max(initial=-1)) + 1
    first = np.zeros(n_patterns, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]  # a run of each pattern
    counts = np.zeros((n_patterns, n_values), dtype=np.int64)
    for row in ordered[:, first]:
        given = row >= 0
        np.add.at(counts, (np.flatnonzero(given), row[given]), 1)
    return key, counts, np.bincount(key, weights=seg_len, minlength=n_patterns)


def code_characters(corpus: Corpus) -> Coding:
    """The coding of every character of every compared document, as weighted runs."""
    total = corpus.total_length
    gs, ge = corpus.span_gstart, corpus.span_gend
    bounds = unique_ints(np.concatenate((corpus.doc_offset, [total], gs, ge)))
    n_seg = len(bounds) - 1
    seg_len = np.diff(bounds)
    seg_doc = np.searchsorted(corpus.doc_offset, bounds[:-1], side="right") - 1
    keep = seg_len > 0
    m = corpus.max_slots
    code = np.zeros((m, n_seg), dtype=np.int64)
    i0 = np.searchsorted(bounds, gs)
    i1 = np.searchsorted(bounds, ge)
    for label in range(len(corpus.labels)):
        sel = corpus.span_label == label
        slot = corpus.span_slot[sel]
        width = n_seg + 1
        diff = np.bincount(slot * width + i0[sel], minlength=m * width)
        diff -= np.bincount(slot * width + i1[sel], minlength=m * width)
        covered = np.cumsum(diff.reshape(m, width), axis=1)[:, :n_seg] > 0
        code = code * 2 + covered
        if code.max(initial=0) > 2**40:  # keep the set codes small: renumber them
            code = _dense(code.ravel()).reshape(code.shape)
    present = np.arange(m)[:, None] < corpus.doc_m[seg_doc][None, :]
    values = np.full(code.shape, -1, dtype=np.int64)
    values[present], n_distinct = dense_ranks(code[present])
    values, n_values, seg_len = values[:, keep], max(n_distinct, 1), seg_len[keep]
    return Coding(seg_doc[keep], seg_len, values, n_values, *_patterns(values, seg_len, n_values))


def corpus_alpha(coding: Coding) -> float | None:
    return alpha_nominal(coding.counts, coding.weight)


def corpus_fleiss(coding: Coding) -> float | None:
    return fleiss_kappa(coding.counts, coding.weight)


def alpha_by_document(coding: Coding, n_docs: int) -> list[float | None]:
    """Nominal α of each document on its own (same formula as :func:`alpha_nominal`)."""
    counts = coding.counts
    m = counts.sum(axis=1).astype(np.float64)[coding.pattern]
    w = np.where(m >= 2, coding.seg_len, 0).astype(np.float64)
    doc, v = coding.seg_doc, coding.n_values
    n_v = np.zeros(n_docs * v)
    for slot_values in coding.values:  # n_v[d, v] = Σ w · (annotators giving v)
        given = slot_values >= 0
        n_v += np.bincount(
            doc[given] * v + slot_values[given], weights=w[given], minlength=n_docs * v
        )
    n_v = n_v.reshape(n_docs, v)
    squares = (counts**2).sum(axis=1).astype(np.float64)[coding.pattern]
    trace = np.bincount(doc, weights=w * (squares - m) / np.maximum(m - 1.0, 1.0), minlength=n_docs)
    n = n_v.sum(axis=1)
    expected = n * n - (n_v**2).sum(axis=1)
    out: list[float | None] = []
    for n_d, e_d, t_d in zip(n.tolist(), expected.tolist(), trace.tolist(), strict=True):
        ok = n_d > 1 and e_d > 1e-12 * max(n_d * n_d, 1.0)
        out.append(1.0 - (n_d - 1.0) * (n_d - t_d) / e_d if ok else None)
    return out


def pair_kappas(coding: Coding, corpus: Corpus) -> dict[tuple[int, int], float | None]:
    """Cohen's κ for every pair of annotators (index a < b), over the characters of the
    documents both annotated."""
    v = coding.n_values
    n_a = len(corpus.annotators)
    slot_pairs = [(j, k) for j in range(corpus.max_slots) for k in range(j + 1, corpus.max_slots)]
    if not slot_pairs:
        return {}
    # every annotator pair that shares a document, numbered
    pair_ids = np.unique(
        np.concatenate(
            [
                corpus.doc_annot[corpus.doc_annot[:, k] >= 0, j] * n_a
                + corpus.doc_annot[corpus.doc_annot[:, k] >= 0, k]
                for j, k in slot_pairs
            ]
        )
    )
    tables = np.zeros(len(pair_ids) * v * v)
    for j, k in slot_pairs:
        both = (coding.values[j] >= 0) & (coding.values[k] >= 0)
        doc = coding.seg_doc[both]
        a, b = corpus.doc_annot[doc, j], corpus.doc_annot[doc, k]  # a < b: slots are sorted
        pair = np.searchsorted(pair_ids, a * n_a + b)
        key = (pair * v + coding.values[j][both]) * v + coding.values[k][both]
        tables += np.bincount(key, weights=coding.seg_len[both], minlength=len(tables))
    tables = tables.reshape(len(pair_ids), v, v)
    return {
        (int(p) // n_a, int(p) % n_a): cohen_kappa(t)
        for p, t in zip(pair_ids.tolist(), tables, strict=True)
    }
