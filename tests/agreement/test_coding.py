"""Character-level coding: values per character, α, Fleiss' κ and Cohen's κ per pair."""

from __future__ import annotations

import numpy as np
import pytest

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement
from workbench.agreement.coding import code_characters
from workbench.agreement.coefficients import cohen_kappa, fleiss_kappa
from workbench.agreement.corpus import build_corpus


def test_two_labels_of_one_annotator_on_a_character_make_a_compound_value() -> None:
    # a: X on [0,5), Y on [3,8) -> characters 3 and 4 are "X+Y", unlike anything else
    corpus = build_corpus(
        [rec("d", "a", 10, (0, 5, "X"), (3, 8, "Y")), rec("d", "b", 10, (0, 5, "X"), (5, 8, "Y"))]
    )
    coding = code_characters(corpus)
    per_char = np.repeat(coding.values, coding.seg_len, axis=1)
    a, b = per_char
    assert len(set(a.tolist())) == 4  # none, X, Y, X+Y
    assert a[3] == a[4] != a[0] and a[3] != a[5]
    assert (a[[0, 1, 2, 5, 6, 7, 8, 9]] == b[[0, 1, 2, 5, 6, 7, 8, 9]]).all()
    assert b[3] == b[0]


def test_character_alpha_counts_unmarked_text_as_none() -> None:
    # 10 characters: a marks [0,5), b marks [0,4): they disagree on exactly one character
    report = compute_agreement([rec("d", "a", 10, (0, 5, "X")), rec("d", "b", 10, (0, 4, "X"))])
    # coincidences: X-X 8, none-none 10, X-none 1 each way; n = 20
    expected = 1 - 19 * 2 / (20 * 20 - 9**2 - 11**2)
    assert report["alpha_char"] == pytest.approx(expected)
    (kappa,) = report["cohen_kappa_char"]
    p_o, p_e = 0.9, 0.5 * 0.4 + 0.5 * 0.6
    assert kappa["kappa"] == pytest.approx((p_o - p_e) / (1 - p_e))


def test_cohen_pairs_use_only_documents_both_annotated() -> None:
    docs = [
        rec("d1", "a", 4, (0, 2, "X")),
        rec("d1", "b", 4, (0, 2, "X")),
        rec("d2", "a", 4, (0, 4, "X")),
        rec("d2", "c", 4),
    ]
    kappas = {(k["a"], k["b"]): k["kappa"] for k in compute_agreement(docs)["cohen_kappa_char"]}
    assert kappas[("a", "b")] == pytest.approx(1.0)
    assert ("a", "c") in kappas and ("b", "c") not in kappas


def test_undefined_coefficients_are_none_not_nan() -> None:
    report = compute_agreement([rec("d", "a", 5), rec("d", "b", 5)])
    assert report["alpha_char"] is None and report["fleiss_kappa_char"] is None
    assert report["cohen_kappa_char"] == [{"a": "a", "b": "b", "kappa": None}]
    assert any(h["code"] == "undefined" for h in report["diagnosis"])
    assert cohen_kappa(np.zeros((2, 2))) is None
    assert fleiss_kappa(np.array([[1, 0]]), np.array([1])) is None
