"""The diagnosis: each hint appears when its condition holds, and not otherwise."""

from __future__ import annotations

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement


def codes(docs) -> list[str]:  # type: ignore[no-untyped-def]
    return [h["code"] for h in compute_agreement(docs)["diagnosis"]]


def many(n: int, shift: int = 0, label: str = "X") -> list:
    """n documents on which a and b mark one span each, b's end moved by ``shift``."""
    return [
        r
        for i in range(n)
        for r in (
            rec(f"d{i:02d}", "a", 50, (10, 30, label)),
            rec(f"d{i:02d}", "b", 50, (10, 30 + shift, label)),
        )
    ]


def test_agreement_on_enough_documents_needs_no_hint() -> None:
    assert codes(many(12)) == []


def test_too_few_documents() -> None:
    assert "too-few-documents" in codes(many(3))
    assert codes([]) == ["no-documents"]


def test_boundary_disagreement_when_overlap_f1_is_far_above_exact() -> None:
    assert "boundary-disagreement" in codes(many(12, shift=2))
    assert "boundary-disagreement" not in codes(many(12))


def test_label_with_few_units() -> None:
    docs = many(12) + [rec("z", "a", 50, (0, 5, "RARE")), rec("z", "b", 50, (0, 5, "RARE"))]
    hints = compute_agreement(docs)["diagnosis"]
    assert [h["message"] for h in hints if h["code"] == "few-units"] == [
        "Label 'RARE' has only 2 span(s) in all; its per-label figures are unreliable."
    ]


def test_one_annotator_far_below_the_others() -> None:
    docs = []
    for i in range(12):
        docs += [rec(f"d{i:02d}", name, 60, (10, 30, "X")) for name in ("a", "b", "c")]
        docs.append(rec(f"d{i:02d}", "odd", 60, (40, 55, "X")))
    hints = [h for h in compute_agreement(docs)["diagnosis"] if h["code"] == "annotator-outlier"]
    assert len(hints) == 1 and "'odd'" in hints[0]["message"]


def test_single_annotator_documents_are_mentioned() -> None:
    assert "single-annotator-documents" in codes(many(12) + [rec("lone", "a", 10, (0, 2, "X"))])
