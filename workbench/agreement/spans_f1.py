"""The F1 part of the report: per pair, mean, micro, per label, per document, per annotator."""

from __future__ import annotations

from typing import Any

import numpy as np

from workbench.agreement.corpus import Corpus
from workbench.agreement.matching import PairCounts, f1


def _sums(counts: PairCounts, key: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    return tuple(
        np.bincount(key, weights=w, minlength=size) for w in (counts.tp, counts.n_a, counts.n_b)
    )


def f1_section(corpus: Corpus, counts: PairCounts) -> dict[str, Any]:
    """``{"mean", "micro", "pairs", "per_label"}`` for one way of matching."""
    n_pairs, n_lab = len(counts.pairs), max(len(corpus.labels), 1)
    tp, n_a, n_b = _sums(counts, counts.pair, n_pairs)
    pairs = []
    for p, (a, b) in enumerate(counts.pairs):
        t, x, y = int(tp[p]), int(n_a[p]), int(n_b[p])
        pairs.append(
            {
                "a": corpus.annotators[a],
                "b": corpus.annotators[b],
                "f1": f1(t, x, y),
                "tp": t,
                "fp": x - t,
                "fn": y - t,
            }
        )
    mean = float(np.mean([p["f1"] for p in pairs])) if pairs else None
    micro = f1(float(tp.sum()), float(n_a.sum()), float(n_b.sum())) if pairs else None
    ltp, la, lb = _sums(counts, counts.pair * n_lab + counts.label, n_pairs * n_lab)
    per_label: dict[str, float | None] = {}
    for i, name in enumerate(corpus.labels):
        rows = np.arange(n_pairs) * n_lab + i
        used = (la[rows] + lb[rows]) > 0  # pairs where at least one annotator used the label
        scores = [f1(ltp[r], la[r], lb[r]) for r in rows[used].tolist()]
        per_label[name] = float(np.mean(scores)) if scores else None
    return {"mean": mean, "micro": micro, "pairs": pairs, "per_label": per_label}


def f1_by_document(corpus: Corpus, counts: PairCounts) -> list[float]:
    """Micro F1 over the annotator pairs of each document."""
    tp, n_a, n_b = _sums(counts, counts.doc, len(corpus.docs))
    return [f1(t, x, y) for t, x, y in zip(tp.tolist(), n_a.tolist(), n_b.tolist(), strict=True)]


def f1_by_annotator(corpus: Corpus, counts: PairCounts) -> list[float | None]:
    """Micro F1 of each annotator against everyone they share a document with."""
    n_pairs = len(counts.pairs)
    tp, n_a, n_b = _sums(counts, counts.pair, n_pairs)
    out: list[float | None] = []
    for a in range(len(corpus.annotators)):
        rows = [p for p, pair in enumerate(counts.pairs) if a in pair]
        if not rows:
            out.append(None)
            continue
        out.append(f1(tp[rows].sum(), n_a[rows].sum(), n_b[rows].sum()))
    return out
