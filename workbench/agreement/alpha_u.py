"""αU for the corpus (documents end to end, one continuum) and for each document alone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.corpus import Corpus
from workbench.agreement.unitizing import Units, alpha, disagreements, merge_overlaps


@dataclass(frozen=True)
class CorpusAlphaU:
    pooled: float | None
    per_label: dict[str, float | None]
    documents: int  # documents on the continuum
    coders: int  # annotators per document on it
    merged: int  # overlapping units of one annotator and label merged first


def _modal_m(corpus: Corpus) -> int:
    values, counts = np.unique(corpus.doc_m, return_counts=True)
    best = np.flatnonzero(counts == counts.max())
    return int(values[best[-1]])  # the most common number of annotators; ties: the larger


def corpus_alpha_u(corpus: Corpus) -> CorpusAlphaU:
    """The documents, in id order, end to end on one continuum of length L = Σ lengths.

    The m coders are the annotators' places on each document, so the continuum holds the
    documents with the most common number of annotators (the report says how many). A
    coder's gaps end at document boundaries, as units do: a unit could not be placed across
    two documents, and so the result does not depend on which annotator of a document takes
    which place. For a single document this is Krippendorff's αU exactly."""
    if not corpus.docs:
        return CorpusAlphaU(None, dict.fromkeys(corpus.labels), 0, 0, 0)
    m = _modal_m(corpus)
    chosen = corpus.doc_m == m
    lengths = np.where(chosen, corpus.doc_length, 0)
    offset = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    total = int(lengths.sum())
    sel = chosen[corpus.span_doc]
    start = offset[corpus.span_doc[sel]] + corpus.span_start[sel]
    end = offset[corpus.span_doc[sel]] + corpus.span_end[sel]
    slot, label = corpus.span_slot[sel], corpus.span_label[sel]
    sec_len, sec_m = np.array([total]), np.array([m])
    cuts = np.unique(offset[chosen])[1:]  # where one document ends and the next begins
    d_o, d_e, per_label, merged = [], [], {}, 0
    for i, name in enumerate(corpus.labels):
        s = label == i
        units, k = merge_overlaps(
            Units(np.zeros(int(s.sum()), dtype=np.int64), slot[s], start[s], end[s]), total + 1
        )
        merged += k
        o, e = disagreements(units, sec_len, sec_m, cuts)
        d_o.append(float(o[0]))
        d_e.append(float(e[0]))
        per_label[name] = alpha(d_o[-1], d_e[-1])
    pooled = alpha(float(np.mean(d_o)), float(np.mean(d_e))) if d_o else None
    return CorpusAlphaU(pooled, per_label, int(chosen.sum()), m, merged)


def alpha_u_by_document(corpus: Corpus) -> list[float | None]:
    """Pooled αU of each document on its own continuum: 1 - Σ_c D_o(c) / Σ_c D_e(c)."""
    n_docs = len(corpus.docs)
    d_o, d_e = np.zeros(n_docs), np.zeros(n_docs)
    stride = int(corpus.doc_length.max(initial=0)) + 1
    for i in range(len(corpus.labels)):
        s = corpus.span_label == i
        units, _ = merge_overlaps(
            Units(
                corpus.span_doc[s], corpus.span_slot[s], corpus.span_start[s], corpus.span_end[s]
            ),
            stride,
        )
        o, e = disagreements(units, corpus.doc_length, corpus.doc_m)
        d_o += o
        d_e += e
    return [alpha(o, e) for o, e in zip(d_o.tolist(), d_e.tolist(), strict=True)]
