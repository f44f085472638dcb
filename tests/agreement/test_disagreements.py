"""The disagreement list: regions, kinds, who said what, stable keys."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement
from workbench.agreement.disagreements import disagreement_key


def items(*docs):  # type: ignore[no-untyped-def]
    return compute_agreement(list(docs))["disagreements"]


def test_full_agreement_lists_nothing() -> None:
    assert (
        items(
            rec("d", "a", 50, (0, 10, "X"), (20, 30, "Y")),
            rec("d", "b", 50, (0, 10, "X"), (20, 30, "Y")),
        )
        == []
    )


@pytest.mark.parametrize(
    ("a_spans", "b_spans", "kind", "extent"),
    [
        ([(0, 10, "X")], [(0, 10, "Y")], "label", (0, 10)),  # same range, different labels
        ([(0, 10, "X")], [(2, 12, "Y")], "label", (0, 12)),
        ([(0, 10, "X")], [(0, 12, "X")], "boundary", (0, 12)),  # same label, other boundaries
        ([(0, 10, "X")], [], "missing", (0, 10)),  # only one marked it
        ([(0, 10, "X"), (8, 20, "X")], [(0, 20, "X")], "boundary", (0, 20)),  # chained region
    ],
)
def test_kinds_and_extent(a_spans: list, b_spans: list, kind: str, extent: tuple[int, int]) -> None:
    (item,) = items(rec("d", "a", 50, *a_spans), rec("d", "b", 50, *b_spans))
    assert (item["kind"], item["start"], item["end"]) == (kind, *extent)
    assert item["doc"] == "d"
    assert item["annotations"] == {"a": [list(s) for s in a_spans], "b": [list(s) for s in b_spans]}


def test_missing_is_named_even_when_the_others_disagree_among_themselves() -> None:
    (item,) = items(
        rec("d", "a", 50, (0, 10, "X")), rec("d", "b", 50, (0, 12, "X")), rec("d", "c", 50)
    )
    assert item["kind"] == "missing"
    assert item["annotations"]["c"] == []
    assert item["labels"] == ["X"]


def test_key_is_a_short_sha1_of_doc_offsets_and_kind() -> None:
    (item,) = items(rec("خبر-١", "a", 50, (3, 9, "X")), rec("خبر-١", "b", 50, (3, 9, "Y")))
    raw = json.dumps(["خبر-١", 3, 9, "label"], ensure_ascii=False, separators=(",", ":"))
    assert item["key"] == hashlib.sha1(raw.encode()).hexdigest()[:12]
    assert item["key"] == disagreement_key("خبر-١", 3, 9, "label")


def test_key_does_not_depend_on_other_documents_or_annotator_names() -> None:
    alone = items(rec("d", "a", 50, (0, 10, "X")), rec("d", "b", 50, (0, 12, "X")))
    with_more = items(
        rec("c", "p", 50, (0, 5, "Y")),
        rec("c", "q", 50),
        rec("d", "zed", 50, (0, 10, "X")),
        rec("d", "amy", 50, (0, 12, "X")),
    )
    assert alone[0]["key"] in {i["key"] for i in with_more}


def test_counted_per_document() -> None:
    report = compute_agreement(
        [rec("d", "a", 50, (0, 10, "X"), (20, 30, "X")), rec("d", "b", 50, (0, 10, "Y"))]
    )
    assert [d["disagreements"] for d in report["per_document"]] == [2]
