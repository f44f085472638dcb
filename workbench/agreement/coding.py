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
from workbench.agreement.corpus import Corpus, Int


@dataclass(frozen=True)
class Coding:
    seg_doc: Int  # (S,) document of each run of characters
    seg_len: Int  # (S,) its length in characters
    values: Int  # (M, S) value index per annotator slot, -1 where the slot is empty
    n_values: int

    def counts(self) -> Int:
        """(S, V) how many annotators gave each value to each run."""
        slots, segs = np.nonzero(self.values >= 0)
        flat = segs * self.n_values + self.values[slots, segs]
        size = len(self.seg_len) * self.n_values
        return np.bincount(flat, minlength=size).reshape(len(self.seg_len), self.n_values)


def code_characters(corpus: Corpus) -> Coding:
    """The coding of every character of every compared document, as weighted runs."""
    total = corpus.total_length
    gs, ge = corpus.span_gstart, corpus.span_gend
    bounds = np.unique(np.concatenate((corpus.doc_offset, [total], gs, ge)))
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
            code = np.unique(code, return_inverse=True)[1].reshape(code.shape)
    present = np.arange(m)[:, None] < corpus.doc_m[seg_doc][None, :]
    values = np.full(code.shape, -1, dtype=np.int64)
    distinct, inverse = np.unique(code[present], return_inverse=True)
    values[present] = inverse
    return Coding(seg_doc[keep], seg_len[keep], values[:, keep], max(len(distinct), 1))


def corpus_alpha(coding: Coding) -> float | None:
    return alpha_nominal(coding.counts(), coding.seg_len)


def corpus_fleiss(coding: Coding) -> float | None:
    return fleiss_kappa(coding.counts(), coding.seg_len)


def alpha_by_document(coding: Coding, n_docs: int) -> list[float | None]:
    """Nominal α of each document on its own (same formula as :func:`alpha_nominal`)."""
    counts = coding.counts().astype(np.float64)
    m = counts.sum(axis=1)
    w = np.where(m >= 2, coding.seg_len, 0).astype(np.float64)
    doc = coding.seg_doc
    n_v = np.stack(
        [np.bincount(doc, weights=w * counts[:, v], minlength=n_docs) for v in range(counts.shape[1])],
        axis=1,
    )
    trace = np.bincount(doc, weights=w * ((counts**2).sum(axis=1) - m) / np.maximum(m - 1.0, 1.0),
                        minlength=n_docs)
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
    keys: list[Int] = []
    weights: list[Int] = []
    for j in range(corpus.max_slots):
        for k in range(j + 1, corpus.max_slots):
            both = (coding.values[j] >= 0) & (coding.values[k] >= 0)
            doc = coding.seg_doc[both]
            a, b = corpus.doc_annot[doc, j], corpus.doc_annot[doc, k]  # a < b: slots are sorted
            keys.append(((a * n_a + b) * v + coding.values[j][both]) * v + coding.values[k][both])
            weights.append(coding.seg_len[both])
    if not keys:
        return {}
    key = np.concatenate(keys)
    uniq, inverse = np.unique(key, return_inverse=True)
    sums = np.bincount(inverse, weights=np.concatenate(weights))
    pair = uniq // (v * v)
    out: dict[tuple[int, int], float | None] = {}
    for p in np.unique(pair).tolist():
        table = np.zeros(v * v)
        sel = pair == p
        table[uniq[sel] % (v * v)] = sums[sel]
        out[(p // n_a, p % n_a)] = cohen_kappa(table.reshape(v, v))
    return out
