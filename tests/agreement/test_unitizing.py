"""αU details: merged overlapping units, documents on the continuum, per document."""

from __future__ import annotations

import pytest

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement


def test_overlapping_units_of_one_annotator_are_merged_and_reported() -> None:
    merged = compute_agreement(
        [rec("d", "a", 100, (10, 30, "X"), (20, 40, "X")), rec("d", "b", 100, (10, 40, "X"))]
    )
    assert merged["alpha_u"]["merged_units"] == 1
    assert merged["alpha_u"]["pooled"] == pytest.approx(1.0)
    assert any(h["code"] == "units-merged" for h in merged["diagnosis"])


def test_touching_units_stay_apart() -> None:
    report = compute_agreement(
        [rec("d", "a", 100, (10, 20, "X"), (20, 40, "X")), rec("d", "b", 100, (10, 40, "X"))]
    )
    assert report["alpha_u"]["merged_units"] == 0
    assert report["alpha_u"]["pooled"] < 1.0


def test_documents_with_another_number_of_annotators_are_left_off_the_continuum() -> None:
    docs = [rec(f"d{i}", name, 50, (5, 15, "X")) for i in range(3) for name in "abc"]
    docs += [rec("e", "a", 50, (0, 10, "X")), rec("e", "b", 50, (30, 40, "X"))]
    report = compute_agreement(docs)
    assert report["alpha_u"]["documents"] == 3
    assert report["alpha_u"]["annotators_per_document"] == 3
    assert report["alpha_u"]["pooled"] == pytest.approx(1.0)
    assert any(h["code"] == "alpha-u-subset" for h in report["diagnosis"])
    row = next(d for d in report["per_document"] if d["doc"] == "e")
    assert row["alpha_u"] < 0


def test_per_document_rows_come_in_review_order() -> None:
    docs = [
        rec("good", "a", 50, (0, 10, "X")),
        rec("good", "b", 50, (0, 10, "X")),
        rec("bad", "a", 50, (0, 10, "X")),
        rec("bad", "b", 50, (30, 40, "X")),
        rec("fair", "a", 50, (0, 10, "X")),
        rec("fair", "b", 50, (0, 12, "X")),
    ]
    rows = compute_agreement(docs)["per_document"]
    assert [r["doc"] for r in rows] == ["bad", "fair", "good"]
    assert [r["review_rank"] for r in rows] == [1, 2, 3]
    assert rows[2]["f1_exact"] == rows[2]["alpha_u"] == rows[2]["alpha_char"] == 1.0


def test_corpus_alpha_u_does_not_depend_on_which_annotator_takes_which_place() -> None:
    """Regression: with different annotators on different documents, gaps that ran on into
    the next document made corpus αU depend on the annotators' names."""

    def docs(first: str, second: str) -> list:
        return [
            rec("d0", first, 2),
            rec("d0", second, 2, (0, 2, "X")),
            rec("d1", "amal", 1),
            rec("d1", "salma", 1, (0, 1, "X")),
        ]

    one = compute_agreement(docs("amal", "bilal"))["alpha_u"]["pooled"]
    two = compute_agreement(docs("bilal", "amal"))["alpha_u"]["pooled"]
    assert one == pytest.approx(two)
