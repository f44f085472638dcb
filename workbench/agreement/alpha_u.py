"""αU for the corpus (documents end to end, one continuum) and for each document alone.

Both come from one pass over sections of one document and one label each: a coder's gaps
end at document boundaries, as units do, so the segments of the corpus continuum are those
of its documents laid end to end, and its observed disagreement is theirs summed (sums of
squared integers, exact in floating point). Only the expected disagreement is computed on
the continuum as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.corpus import Corpus
from workbench.agreement.unitizing import (
    SectionDisagreements,
    Units,
    alpha,
    expected,
    merge_overlaps,
    observed_of,
    section_disagreements,
)


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


@dataclass(frozen=True)
class _Sections:
    """Every (label, document) section: section ``label * D + document``."""

    units: Units  # merged, sorted by (section, slot, start)
    raw: np.ndarray  # (L * D,) units per section before merging
    found: SectionDisagreements


def _sections(corpus: Corpus) -> _Sections:
    n_docs, n_lab = len(corpus.docs), len(corpus.labels)
    # the spans are sorted by (document, slot, start, end, label): a stable sort on the label
    # gives (label, document, slot, start, end), the order merge_overlaps needs
    order = np.argsort(corpus.span_label.astype(np.int32), kind="stable")
    section = corpus.span_label[order] * n_docs + corpus.span_doc[order]
    stride = int(corpus.doc_length.max(initial=0)) + 1
    units, _ = merge_overlaps(
        Units(section, corpus.span_slot[order], corpus.span_start[order], corpus.span_end[order]),
        stride,
        ordered=True,
    )
    sec_len = np.tile(corpus.doc_length, n_lab)
    sec_m = np.tile(corpus.doc_m, n_lab)
    raw = np.bincount(section, minlength=n_lab * n_docs)
    return _Sections(units, raw, section_disagreements(units, sec_len, sec_m))


def corpus_alpha_u(corpus: Corpus) -> CorpusAlphaU:
    """The documents, in id order, end to end on one continuum of length L = Σ lengths.

    The m coders are the annotators' places on each document, so the continuum holds the
    documents with the most common number of annotators (the report says how many). A
    coder's gaps end at document boundaries, as units do: a unit could not be placed across
    two documents, and so the result does not depend on which annotator of a document takes
    which place. For a single document this is Krippendorff's αU exactly."""
    return alpha_u(corpus)[0]


def alpha_u_by_document(corpus: Corpus) -> list[float | None]:
    """Pooled αU of each document on its own continuum: 1 - Σ_c D_o(c) / Σ_c D_e(c)."""
    return alpha_u(corpus)[1]


def alpha_u(corpus: Corpus) -> tuple[CorpusAlphaU, list[float | None]]:
    """:func:`corpus_alpha_u` and :func:`alpha_u_by_document` from one pass."""
    if not corpus.docs:
        return CorpusAlphaU(None, dict.fromkeys(corpus.labels), 0, 0, 0), []
    sections = _sections(corpus)
    return _corpus(corpus, sections), _by_document(corpus, sections)


def _by_document(corpus: Corpus, sections: _Sections) -> list[float | None]:
    n_docs = len(corpus.docs)
    d_o, d_e = np.zeros(n_docs), np.zeros(n_docs)
    found = sections.found
    for i in range(len(corpus.labels)):
        d_o += found.observed[i * n_docs : (i + 1) * n_docs]
        d_e += found.expected[i * n_docs : (i + 1) * n_docs]
    return [alpha(o, e) for o, e in zip(d_o.tolist(), d_e.tolist(), strict=True)]


def _corpus(corpus: Corpus, sections: _Sections) -> CorpusAlphaU:
    n_docs = len(corpus.docs)
    m = _modal_m(corpus)
    chosen = corpus.doc_m == m
    total = int(np.where(chosen, corpus.doc_length, 0).sum())
    units, found = sections.units, sections.found
    gap_sec, gap_len = found.gaps
    chosen_units = chosen[units.section % n_docs]
    chosen_gaps = chosen[gap_sec % n_docs]
    kept = np.bincount(units.section, minlength=len(sections.raw))
    merged = int((sections.raw - kept)[np.tile(chosen, len(corpus.labels))].sum())
    sec_len, sec_m = np.array([total]), np.array([m])
    d_o, d_e, per_label = [], [], {}
    for i, name in enumerate(corpus.labels):
        lo, hi = i * n_docs, (i + 1) * n_docs
        observed = observed_of(float(found.observed_sum[lo:hi][chosen].sum()), m, total)
        # the label's units on the continuum, in the order (slot, position)
        u_lo, u_hi = np.searchsorted(units.section, [lo, hi])
        keep = np.flatnonzero(chosen_units[u_lo:u_hi]) + u_lo
        keep = keep[np.argsort(units.slot[keep], kind="stable")]
        on_line = Units(
            np.zeros(len(keep), dtype=np.int64),
            units.slot[keep],
            units.start[keep],
            units.end[keep],
        )
        g_lo, g_hi = np.searchsorted(gap_sec, [lo, hi])
        gaps = gap_len[g_lo:g_hi][chosen_gaps[g_lo:g_hi]]
        d_o.append(observed)
        d_e.append(
            float(expected(on_line, (np.zeros(len(gaps), dtype=np.int64), gaps), sec_len, sec_m)[0])
        )
        per_label[name] = alpha(d_o[-1], d_e[-1])
    pooled = alpha(float(np.mean(d_o)), float(np.mean(d_e))) if d_o else None
    return CorpusAlphaU(pooled, per_label, int(chosen.sum()), m, merged)
