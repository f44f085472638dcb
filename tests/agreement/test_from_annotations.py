"""Agreement input from stored annotations: one record per document and annotator."""

from __future__ import annotations

from types import SimpleNamespace as NS

from workbench.agreement.model import Span, docs_from_annotations


def _ann(doc: str, who: str, *spans: tuple[int, int, str]) -> NS:
    return NS(
        external_id=doc,
        annotator=who,
        length=50,
        spans=[NS(start=s, end=e, label=lab) for s, e, lab in spans],
    )


def test_latest_annotation_per_annotator_and_single_annotator_documents_left_out() -> None:
    docs = docs_from_annotations(
        [
            _ann("d1", "a", (0, 5, "fact")),
            _ann("d1", "b", (0, 5, "claim")),
            _ann("d1", "a", (1, 6, "opinion")),  # a's newer annotation replaces the older
            _ann("d2", "a", (0, 3, "fact")),  # only one annotator: not compared
        ]
    )
    assert [(d.doc, d.annotator, d.spans) for d in docs] == [
        ("d1", "a", (Span(1, 6, "opinion"),)),
        ("d1", "b", (Span(0, 5, "claim"),)),
    ]
