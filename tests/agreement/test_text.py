"""format_report: the same dict as JSON, for people."""

from __future__ import annotations

from tests.agreement.helpers import rec
from workbench.agreement import compute_agreement, format_report


def test_report_names_the_figures_documents_and_disagreements() -> None:
    report = compute_agreement(
        [
            rec("d1", "amal", 40, (0, 10, "CLAIM")),
            rec("d1", "bilal", 40, (0, 10, "SOURCE")),
            rec("d2", "amal", 40, (5, 9, "CLAIM")),
            rec("d2", "bilal", 40, (5, 9, "CLAIM")),
        ]
    )
    text = format_report(report)
    assert "2 document(s) compared" in text
    assert "amal  bilal" in text  # the pair row
    first_doc = text.split("Review first")[1].splitlines()[3]
    assert first_doc.split()[:2] == ["1", "d1"]  # least agreement first
    key = report["disagreements"][0]["key"]
    assert f"{key}  d1 [0,10) label: amal: CLAIM [0,10); bilal: SOURCE [0,10)" in text
    assert text.endswith("\n")


def test_empty_report_shows_not_available() -> None:
    text = format_report(compute_agreement([]))
    assert "n/a" in text and "nothing to compare" in text
