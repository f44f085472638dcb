"""``compute_agreement``: every measure on a set of annotations, as JSON-ready plain data."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.agreement import coding
from workbench.agreement.alpha_u import alpha_u
from workbench.agreement.corpus import Corpus, build_corpus, corpus_from_table, no_cyclic_gc
from workbench.agreement.diagnosis import diagnose
from workbench.agreement.disagreements import Disagreements, locate_disagreements
from workbench.agreement.matching import (
    PairCounts,
    greedy_matches,
    overlapping_pairs,
    pair_counts,
)
from workbench.agreement.model import AnnotatedDoc
from workbench.agreement.spans_f1 import f1_by_annotator, f1_by_document, f1_section
from workbench.agreement.table import AnnotationTable
from workbench.errors import InputError

#: The report's top-level keys, in order.
KEYS = (
    "documents",
    "annotators",
    "f1",
    "alpha_u",
    "alpha_char",
    "fleiss_kappa_char",
    "cohen_kappa_char",
    "per_document",
    "per_annotator",
    "disagreements",
    "diagnosis",
)


def json_ready(value: Any) -> Any:
    """Plain JSON types only: numpy scalars unwrapped, NaN and infinities as None."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def compute_agreement(docs: Sequence[AnnotatedDoc], *, iou: float = 0.5) -> dict[str, Any]:
    """Agreement among annotators; see docs/agreement.md for every measure and key.

    Raises :class:`InputError` when ``iou`` is not in (0, 1] or a record is unusable."""
    with no_cyclic_gc():
        parts = agreement_parts(docs, iou=iou)
        return parts.report()


@dataclass(frozen=True)
class ReportParts:
    """The report before its two long lists are built into it: every other key JSON-ready
    (``head``, in :data:`KEYS` order), the per-document rows (when asked for), and the
    disagreements, located but built one at a time by ``disagreements.items()``."""

    head: dict[str, Any]
    per_document: list[dict[str, Any]]
    disagreements: Disagreements

    def report(
        self, *, disagreements: int | None = None, per_document: bool = True
    ) -> dict[str, Any]:
        """The report as one dict: the first ``disagreements`` disagreements (all: None);
        ``per_document`` False leaves that list empty."""
        out = dict(self.head)
        out["per_document"] = self.per_document if per_document else []
        out["disagreements"] = list(self.disagreements.items(disagreements))
        return {key: out[key] for key in KEYS}


def agreement_parts(
    docs: Sequence[AnnotatedDoc] | AnnotationTable, *, iou: float = 0.5, per_document: bool = True
) -> ReportParts:
    """Every measure, with the disagreements located but not yet built (see
    :class:`ReportParts`); ``per_document`` False skips the per-document measures. ``docs``
    may also be the columns ``load_jsonl_table`` reads."""
    if not (isinstance(iou, (int, float)) and 0.0 < iou <= 1.0):
        raise InputError("iou", None, f"must be greater than 0 and at most 1, not {iou!r}")
    with no_cyclic_gc():
        return _parts(docs, iou=iou, per_document=per_document)


def _parts(
    docs: Sequence[AnnotatedDoc] | AnnotationTable, *, iou: float, per_document: bool
) -> ReportParts:
    corpus = corpus_from_table(docs) if isinstance(docs, AnnotationTable) else build_corpus(docs)
    cand = overlapping_pairs(corpus)
    exact = pair_counts(corpus, greedy_matches(corpus, cand, 1.0))
    overlap = pair_counts(corpus, greedy_matches(corpus, cand, float(iou)))
    au, au_by_document = alpha_u(corpus)
    chars = coding.code_characters(corpus)
    has_pairable = len(corpus.docs) > 0
    kappas = coding.pair_kappas(chars, corpus)
    disagreements = locate_disagreements(corpus)

    names = corpus.annotators
    f1_overlap_section = f1_section(corpus, overlap)
    f1_overlap_section["iou"] = float(iou)
    report: dict[str, Any] = {
        "documents": {
            "total": len(corpus.docs) + len(corpus.single),
            "compared": len(corpus.docs),
            "single_annotator": len(corpus.single),
        },
        "annotators": list(names),
        "f1": {"exact": f1_section(corpus, exact), "overlap": f1_overlap_section},
        "alpha_u": {
            "pooled": au.pooled,
            "per_label": au.per_label,
            "documents": au.documents,
            "annotators_per_document": au.coders,
            "merged_units": au.merged,
        },
        "alpha_char": coding.corpus_alpha(chars) if has_pairable else None,
        "fleiss_kappa_char": coding.corpus_fleiss(chars) if has_pairable else None,
        "cohen_kappa_char": [
            {"a": names[a], "b": names[b], "kappa": k} for (a, b), k in sorted(kappas.items())
        ],
    }
    report["per_annotator"] = _per_annotator(corpus, exact, overlap, kappas)
    units = np.bincount(corpus.span_label, minlength=len(corpus.labels)).tolist()
    report["diagnosis"] = diagnose(
        report,
        units_per_label=dict(zip(corpus.labels, units, strict=True)),
        single=len(corpus.single),
        alpha_u_docs=au.documents,
        alpha_u_coders=au.coders,
        merged=au.merged,
    )
    rows = (
        _per_document(corpus, chars, exact, overlap, au_by_document, disagreements.per_document())
        if per_document
        else []
    )
    head = json_ready({key: report[key] for key in KEYS if key in report})
    return ReportParts(head, rows, disagreements)


def _per_document(
    corpus: Corpus,
    chars: coding.Coding,
    exact: PairCounts,
    overlap: PairCounts,
    a_u: list[float | None],
    n_dis: list[int],
) -> list[dict[str, Any]]:
    """One row per compared document, in review order: least agreement first (overlap F1,
    then αU with null last, then document id)."""
    f_exact, f_overlap = f1_by_document(corpus, exact), f1_by_document(corpus, overlap)
    a_char = coding.alpha_by_document(chars, len(corpus.docs))
    spans = np.bincount(corpus.span_doc, minlength=len(corpus.docs)).tolist()
    annotators = corpus.annotators
    rows = []
    for d, (name, m, row, length) in enumerate(
        zip(
            corpus.docs,
            corpus.doc_m.tolist(),
            corpus.doc_annot.tolist(),
            corpus.doc_length.tolist(),
            strict=True,
        )
    ):
        rows.append(
            {
                "doc": name,
                "length": length,
                "annotators": [annotators[a] for a in row[:m]],
                "spans": spans[d],
                "f1_exact": f_exact[d],
                "f1_overlap": f_overlap[d],
                "alpha_u": a_u[d],
                "alpha_char": a_char[d],
                "disagreements": n_dis[d],
            }
        )
    rows.sort(
        key=lambda r: (
            r["f1_overlap"],
            r["alpha_u"] is None,
            r["alpha_u"] if r["alpha_u"] is not None else 0.0,
            r["doc"],
        )
    )
    for rank, row in enumerate(rows, start=1):
        row["review_rank"] = rank
        for key in _ROW_FLOATS:  # JSON-ready (see json_ready): the rest is plain already
            value = row[key]
            if value is not None and not math.isfinite(value):
                row[key] = None
    return rows


#: The per-document row's values that are floats (or None); every other value is a str,
#: an int or a list of str, made so by ``tolist`` and the corpus's own lists.
_ROW_FLOATS = ("f1_exact", "f1_overlap", "alpha_u", "alpha_char")


def _per_annotator(
    corpus: Corpus,
    exact: PairCounts,
    overlap: PairCounts,
    kappas: dict[tuple[int, int], float | None],
) -> list[dict[str, Any]]:
    f_exact, f_overlap = f1_by_annotator(corpus, exact), f1_by_annotator(corpus, overlap)
    docs = np.bincount(corpus.rec_annot, minlength=len(corpus.annotators)).tolist()
    spans = np.bincount(corpus.span_annot, minlength=len(corpus.annotators)).tolist()
    rows = []
    for a, name in enumerate(corpus.annotators):
        mine = [k for (x, y), k in kappas.items() if a in (x, y)]
        rows.append(
            {
                "annotator": name,
                "documents": docs[a],
                "spans": spans[a],
                "f1_exact": f_exact[a],
                "f1_overlap": f_overlap[a],
                "cohen_kappa_char": _mean(mine),
            }
        )
    return rows
