"""Pairwise span F1: one-to-one greedy matching by IoU, pooled counts, per label."""

from __future__ import annotations

import pytest

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement
from workbench.errors import InputError


def pair(report: dict, mode: str) -> dict:
    (only,) = report["f1"][mode]["pairs"]
    return only


def test_greedy_matching_takes_the_highest_overlap_first() -> None:
    # a's [0,10) overlaps b's [0,8) (IoU 0.8) and [1,10) (IoU 0.9): only the latter matches
    report = compute_agreement(
        [rec("d", "a", 20, (0, 10, "X")), rec("d", "b", 20, (0, 8, "X"), (1, 10, "X"))]
    )
    assert pair(report, "overlap") == {
        "a": "a",
        "b": "b",
        "f1": pytest.approx(2 / 3),
        "tp": 1,
        "fp": 0,
        "fn": 1,
    }
    assert pair(report, "exact")["tp"] == 0


def test_greedy_is_one_to_one_even_when_the_best_match_is_taken() -> None:
    # b's [0,10) is a's best for both a-spans; the second a-span falls back to b's [10,20)
    report = compute_agreement(
        [
            rec("d", "a", 30, (0, 10, "X"), (2, 12, "X")),
            rec("d", "b", 30, (0, 10, "X"), (4, 18, "X")),
        ]
    )
    assert pair(report, "overlap")["tp"] == 2
    assert pair(report, "exact")["tp"] == 1


def test_labels_must_agree_to_match() -> None:
    report = compute_agreement([rec("d", "a", 20, (0, 10, "X")), rec("d", "b", 20, (0, 10, "Y"))])
    assert pair(report, "exact") == {"a": "a", "b": "b", "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}


@pytest.mark.parametrize(
    ("b_span", "iou", "matched"),
    [
        ((0, 5), 0.5, True),  # IoU exactly 0.5 is enough
        ((0, 4), 0.5, False),  # 0.4
        ((0, 4), 0.4, True),
        ((10, 15), 0.01, False),  # touching is not overlapping
    ],
)
def test_iou_threshold(b_span: tuple[int, int], iou: float, matched: bool) -> None:
    report = compute_agreement(
        [rec("d", "a", 20, (0, 10, "X")), rec("d", "b", 20, (*b_span, "X"))], iou=iou
    )
    assert pair(report, "overlap")["tp"] == int(matched)
    assert report["f1"]["overlap"]["iou"] == iou


def test_counts_pool_over_shared_documents_only() -> None:
    docs = [
        rec("d1", "a", 50, (0, 10, "X")),
        rec("d1", "b", 50, (0, 10, "X")),
        rec("d2", "a", 50, (0, 10, "X"), (20, 30, "X")),
        rec("d2", "b", 50),
        rec("d3", "a", 50, (0, 5, "X")),
        rec("d3", "c", 50, (0, 5, "X")),
    ]
    report = compute_agreement(docs)
    ab = next(p for p in report["f1"]["exact"]["pairs"] if (p["a"], p["b"]) == ("a", "b"))
    assert (ab["tp"], ab["fp"], ab["fn"]) == (1, 2, 0)
    assert ab["f1"] == pytest.approx(0.5)
    exact = report["f1"]["exact"]
    assert exact["mean"] == pytest.approx((0.5 + 1.0) / 2)
    assert exact["micro"] == pytest.approx(2 * 2 / (2 * 2 + 2))


def test_f1_is_one_when_neither_marked_anything() -> None:
    report = compute_agreement([rec("d", "a", 10), rec("d", "b", 10)])
    assert pair(report, "exact")["f1"] == 1.0
    assert report["f1"]["overlap"]["micro"] == 1.0


def test_per_label_mean_counts_only_pairs_that_used_the_label() -> None:
    docs = [
        rec("d1", "a", 50, (0, 10, "X")),
        rec("d1", "b", 50, (0, 10, "X")),
        rec("d1", "c", 50, (0, 10, "X"), (20, 30, "Y")),
        rec("d2", "a", 50, (0, 10, "Y")),
        rec("d2", "b", 50, (0, 10, "Y")),
    ]
    per_label = compute_agreement(docs)["f1"]["exact"]["per_label"]
    assert per_label["X"] == pytest.approx(1.0)
    # Y: a-b agree on d2 (1.0); a-c and b-c disagree on d1 (0.0 each)
    assert per_label["Y"] == pytest.approx(1 / 3)


def test_duplicate_spans_of_one_annotator_count_once() -> None:
    report = compute_agreement(
        [rec("d", "a", 20, (0, 10, "X"), (0, 10, "X")), rec("d", "b", 20, (0, 10, "X"))]
    )
    assert pair(report, "exact") == {"a": "a", "b": "b", "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}


@pytest.mark.parametrize("iou", [0.0, -0.1, 1.5])
def test_iou_outside_its_range_is_refused(iou: float) -> None:
    with pytest.raises(InputError, match="iou"):
        compute_agreement([rec("d", "a", 10), rec("d", "b", 10)], iou=iou)
