"""Properties (hypothesis): perfect agreement scores 1, order never matters, pairs are
symmetric, and the report is always plain JSON."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement import KEYS, AnnotatedDoc, Span, compute_agreement

LABELS = ("CLAIM", "SOURCE", "NUMBER")


@st.composite
def spans(draw: st.DrawFn, length: int, max_spans: int = 5) -> tuple[Span, ...]:
    out = []
    for _ in range(draw(st.integers(0, max_spans))):
        start = draw(st.integers(0, length - 1))
        end = draw(st.integers(start + 1, min(length, start + 15)))
        out.append(Span(start, end, draw(st.sampled_from(LABELS))))
    return tuple(out)


@st.composite
def corpus(draw: st.DrawFn, annotators: int | None = None) -> list[AnnotatedDoc]:
    names = ["amal", "bilal", "salma", "yusuf"]
    out = []
    for d in range(draw(st.integers(1, 4))):
        length = draw(st.integers(1, 60))
        k = annotators or draw(st.integers(1, 4))
        for name in draw(st.permutations(names))[:k]:
            out.append(AnnotatedDoc(f"d{d}", name, length, draw(spans(length))))
    return out


@st.composite
def identical(draw: st.DrawFn) -> list[AnnotatedDoc]:
    """Every annotator of a document marks the same; at least one span, never all the text."""
    out = []
    for d in range(draw(st.integers(1, 4))):
        length = draw(st.integers(20, 60))
        marked = draw(spans(length - 1).filter(bool))
        for name in ["amal", "bilal", "salma"][: draw(st.integers(2, 3))]:
            out.append(AnnotatedDoc(f"d{d}", name, length, marked))
    return out


def one_or_none(value: float | None) -> bool:
    return value is None or value == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(identical())
def test_identical_annotations_agree_perfectly(docs: list[AnnotatedDoc]) -> None:
    report = compute_agreement(docs)
    for mode in ("exact", "overlap"):
        f1 = report["f1"][mode]
        assert f1["mean"] == f1["micro"] == 1.0
        assert all(p["f1"] == 1.0 and p["fp"] == p["fn"] == 0 for p in f1["pairs"])
        assert all(v == 1.0 for v in f1["per_label"].values())
    assert report["alpha_u"]["pooled"] == pytest.approx(1.0)
    assert all(one_or_none(v) for v in report["alpha_u"]["per_label"].values())
    assert report["alpha_char"] == pytest.approx(1.0)
    assert report["fleiss_kappa_char"] == pytest.approx(1.0)
    assert all(one_or_none(k["kappa"]) for k in report["cohen_kappa_char"])
    assert all(
        d["f1_overlap"] == 1.0 and one_or_none(d["alpha_u"]) and one_or_none(d["alpha_char"])
        for d in report["per_document"]
    )
    assert all(a["f1_exact"] == 1.0 for a in report["per_annotator"])
    assert report["disagreements"] == []


@settings(max_examples=60, deadline=None)
@given(corpus(), st.randoms(use_true_random=False))
def test_order_of_documents_annotators_and_spans_does_not_matter(
    docs: list[AnnotatedDoc], rnd: random.Random
) -> None:
    shuffled = [
        AnnotatedDoc(r.doc, r.annotator, r.length, tuple(rnd.sample(r.spans, len(r.spans))))
        for r in rnd.sample(docs, len(docs))
    ]
    assert compute_agreement(shuffled) == compute_agreement(docs)


@settings(max_examples=60, deadline=None)
@given(corpus(annotators=2))
def test_pairs_are_symmetric(docs: list[AnnotatedDoc]) -> None:
    swap = {"amal": "bilal", "bilal": "amal", "salma": "yusuf", "yusuf": "salma"}
    swapped = [AnnotatedDoc(r.doc, swap[r.annotator], r.length, r.spans) for r in docs]
    one, two = compute_agreement(docs), compute_agreement(swapped)
    for mode in ("exact", "overlap"):
        by_pair = {(p["a"], p["b"]): p for p in two["f1"][mode]["pairs"]}
        for p in one["f1"][mode]["pairs"]:
            q = by_pair[tuple(sorted((swap[p["a"]], swap[p["b"]])))]
            assert (q["f1"], q["tp"]) == (pytest.approx(p["f1"]), p["tp"])
            if swap[p["a"]] > swap[p["b"]]:  # the roles changed sides
                assert (q["fp"], q["fn"]) == (p["fn"], p["fp"])
    for key in ("alpha_char", "fleiss_kappa_char"):
        assert one[key] == pytest.approx(two[key]) if one[key] is not None else two[key] is None
    assert sorted(k["kappa"] or 0 for k in one["cohen_kappa_char"]) == pytest.approx(
        sorted(k["kappa"] or 0 for k in two["cohen_kappa_char"])
    )
    assert one["alpha_u"]["pooled"] == (
        pytest.approx(two["alpha_u"]["pooled"]) if two["alpha_u"]["pooled"] is not None else None
    )


@settings(max_examples=60, deadline=None)
@given(corpus(), st.floats(0.05, 1.0))
def test_report_is_plain_json_with_the_documented_keys(
    docs: list[AnnotatedDoc], iou: float
) -> None:
    report = compute_agreement(docs, iou=iou)
    assert tuple(report) == KEYS
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    for mode in ("exact", "overlap"):
        for p in report["f1"][mode]["pairs"]:
            assert 0.0 <= p["f1"] <= 1.0
            assert p["tp"] + p["fp"] >= p["tp"] >= 0 and p["fn"] >= 0
