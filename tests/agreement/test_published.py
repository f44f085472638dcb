"""The published reference values, reproduced through compute_agreement (the path documents
take), and the coefficient helpers held against the ``krippendorff`` package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.agreement.helpers import confusion_docs, one_char_docs, rec
from workbench.agreement import compute_agreement
from workbench.agreement.coefficients import alpha_nominal

N = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
FLEISS_1971 = [
    (4, 4, 4, 4, 4, 4),
    (2, 2, 2, 5, 5, 5),
    (2, 3, 3, 3, 3, 5),
    (5, 5, 5, 5, 5, 5),
    (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3),
    (3, 3, 3, 3, 5, 5),
    (1, 1, 3, 3, 3, 4),
    (1, 1, 4, 4, 4, 4),
    (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4),
    (1, 2, 4, 4, 4, 4),
    (2, 2, 2, 3, 3, 3),
    (1, 4, 4, 4, 4, 4),
    (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5),
    (1, 1, 1, 4, 5, 5),
    (1, 1, 1, 1, 1, 2),
    (2, 2, 4, 4, 4, 4),
    (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5),
    (2, 4, 4, 4, 4, 4),
    (2, 2, 4, 5, 5, 5),
    (1, 1, 4, 4, 4, 4),
    (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4),
    (1, 1, 1, 1, 5, 5),
    (2, 2, 4, 4, 4, 4),
    (1, 3, 3, 3, 3, 3),
    (5, 5, 5, 5, 5, 5),
]


def book_p254() -> list:
    """Krippendorff (2004, p. 254): continuum [150, 450), shifted to start at 0."""
    coder0 = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
    coder1 = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")]
    return [
        rec("p254", name, 300, *[(s - 150, e - 150, lab) for s, e, lab in spans])
        for name, spans in (("coder0", coder0), ("coder1", coder1))
    ]


def test_krippendorff_2011_nominal_alpha_through_documents() -> None:
    report = compute_agreement(one_char_docs(KRIPPENDORFF_2011))
    assert report["alpha_char"] == pytest.approx(0.743421, abs=1e-6)


def test_unitizing_alpha_of_the_book_example() -> None:
    alpha_u = compute_agreement(book_p254())["alpha_u"]
    assert alpha_u["pooled"] == pytest.approx(0.8586654052, abs=1e-6)
    assert alpha_u["per_label"]["c"] == pytest.approx(0.728599, abs=1e-6)
    assert alpha_u["per_label"]["k"] == pytest.approx(1.0)


def test_unitizing_alpha_does_not_depend_on_where_the_document_sits() -> None:
    """The same document after another one on the continuum: its own αU is unchanged."""
    other = [rec("a-first", "coder0", 50, (0, 10, "c")), rec("a-first", "coder1", 50, (0, 10, "c"))]
    report = compute_agreement(other + book_p254())
    row = next(d for d in report["per_document"] if d["doc"] == "p254")
    assert row["alpha_u"] == pytest.approx(0.8586654052, abs=1e-6)


def test_fleiss_1971_kappa_and_alpha_through_documents() -> None:
    report = compute_agreement(one_char_docs([list(col) for col in zip(*FLEISS_1971, strict=True)]))
    assert report["fleiss_kappa_char"] == pytest.approx(0.430245, abs=1e-6)
    assert report["alpha_char"] == pytest.approx(0.433410, abs=1e-6)


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        ([[20, 5], [10, 15]], 0.4),
        ([[88, 14, 18], [10, 40, 10], [2, 6, 12]], 0.491525),
    ],
)
def test_cohen_kappa_examples_through_documents(table: list[list[int]], kappa: float) -> None:
    labels = ["P", "Q", "R"][: len(table)]
    report = compute_agreement(confusion_docs(table, labels))
    assert report["cohen_kappa_char"] == [
        {"a": "a", "b": "b", "kappa": pytest.approx(kappa, abs=1e-6)}
    ]


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=2, max_size=25),
    st.lists(st.integers(1, 4), min_size=25, max_size=25),
)
def test_weighted_alpha_equals_the_krippendorff_package_on_repeated_units(
    counts: list[list[int]], weights: list[int]
) -> None:
    counts_arr = np.array(counts)
    w = np.array(weights[: len(counts)])
    expanded = np.repeat(counts_arr, w, axis=0)
    ours = alpha_nominal(counts_arr, w)
    try:
        theirs = krippendorff.alpha(value_counts=expanded, level_of_measurement="nominal")
    except ValueError:  # the package refuses data with no pairable unit
        assert ours is None
        return
    if ours is None:  # no disagreement could be expected: the package divides 0 by 0
        assert np.isnan(theirs)
    else:
        assert ours == pytest.approx(float(theirs), abs=1e-9)
