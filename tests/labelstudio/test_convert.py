"""Pure conversions: findings to predictions, results to spans, relations and quarantine."""

from __future__ import annotations

import pytest
from label_studio_sdk.label_interface import LabelInterface

from tests.labelstudio.helpers import locate, relation, span
from workbench.labelstudio import convert, sync

TEXT = "قال المرصد إن 5% من القتلى مدنيون.\nوقال المرصد إن 5% من القتلى مدنيون.\nرأيي أنها حرب."
ORIGINAL = "قال المرصد إن 5% من القتلى مدنيون."


def finding(check: str, start: int, end: int, related: list[tuple[int, int]] = ()) -> dict:
    return {
        "check": check,
        "version": "2",
        "start": start,
        "end": end,
        "text": TEXT[start:end],
        "related": [{"start": s, "end": e, "text": TEXT[s:e]} for s, e in related],
        "message": "",
    }


def test_repeated_passage_becomes_duplicate_with_relation_to_original() -> None:
    o = locate(TEXT, ORIGINAL)
    d = locate(TEXT, "و" + ORIGINAL)
    findings = [finding("repeated_passage", *d, [o]), finding("weekday_date", 0, 3)]
    version = "repeated_passage.v2+weekday_date.v1"
    pred = convert.prediction(TEXT, findings, version)
    assert pred is not None and pred["model_version"] == version
    regions = {r["id"]: r["value"] for r in pred["result"] if r["type"] == "labels"}
    assert sorted((v["start"], v["end"], v["labels"][0]) for v in regions.values()) == [
        (*o, "claim"),
        (*d, "duplicate"),
    ]
    assert all(TEXT[v["start"] : v["end"]] == v["text"] for v in regions.values())
    (rel,) = [r for r in pred["result"] if r["type"] == "relation"]
    assert regions[rel["from_id"]]["labels"] == ["duplicate"] and rel["labels"] == ["duplicate_of"]
    assert LabelInterface(sync.label_config()).validate_prediction(pred)


def test_no_suggesting_finding_gives_no_prediction() -> None:
    assert convert.prediction(TEXT, [finding("weekday_date", 0, 3)], "") is None
    assert convert.prediction(TEXT, [finding("repeated_passage", 5, 500)], "") is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("قال المرصد السوري إن", "claim"),
        ("وقالت صحيفة جسر", "claim"),
        ("بحسب المرصد", "claim"),
        ("خلفت المعارك الدائرة", "fact"),
        ("لا يمكننا القول إن التنظيم انتهى", "opinion"),
        ("ولا يخفى أن التنظيم لعبة دولية", "opinion"),
    ],
)
def test_guess_label(text: str, label: str) -> None:
    assert convert.guess_label(text) == label


def test_parse_result_joins_verdicts_and_notes_to_spans() -> None:
    result = (
        span("a", TEXT, ORIGINAL, "claim", verdict="false", note="خطأ")
        + span("b", TEXT, "رأيي أنها حرب.", "opinion")
        + [relation("b", "a", "contradicts")]
    )
    parsed = convert.parse_result(result, TEXT)
    assert parsed.quarantined == []
    assert parsed.spans == [
        convert.SpanIn("a", 0, len(ORIGINAL), "claim", ORIGINAL, "false", "خطأ"),
        convert.SpanIn("b", *locate(TEXT, "رأيي أنها حرب."), "opinion", "رأيي أنها حرب."),
    ]
    assert parsed.relations == [convert.RelationIn("b", "a", "contradicts")]


def test_left_relation_is_turned_around_and_unlabelled_is_named() -> None:
    result = (
        span("a", TEXT, ORIGINAL, "claim")
        + span("b", TEXT, "رأيي", "opinion")
        + [{"type": "relation", "from_id": "a", "to_id": "b", "direction": "left", "labels": []}]
    )
    parsed = convert.parse_result(result, TEXT)
    assert parsed.relations == [convert.RelationIn("b", "a", convert.UNLABELLED_RELATION)]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ({"start": 1, "end": 4, "text": "قال", "labels": ["fact"]}, "does not equal"),
        ({"start": 0, "end": 999, "text": "x", "labels": ["fact"]}, "not inside"),
        ({"start": 3, "end": 3, "text": "", "labels": ["fact"]}, "not inside"),
        ({"start": "0", "end": 3, "text": "قال", "labels": ["fact"]}, "not integers"),
        ({"start": 0, "end": 3, "text": "قال", "labels": ["fact", "claim"]}, "one label"),
        ({"start": 0, "end": 3, "text": "قال", "labels": ["rumour"]}, "unknown label"),
    ],
)
def test_bad_spans_are_quarantined_with_a_reason(value: dict, reason: str) -> None:
    result = [
        {"id": "q", "from_name": "label", "to_name": "text", "type": "labels", "value": value},
        *span("g", TEXT, ORIGINAL, "fact"),
        relation("g", "q", "supports"),
    ]
    parsed = convert.parse_result(result, TEXT)
    assert [s.region_id for s in parsed.spans] == ["g"] and parsed.relations == []
    (bad, rel) = parsed.quarantined
    assert bad.region_id == "q" and reason in bad.reason
    assert rel.region_id == "g->q" and "relation not stored" in rel.reason


def test_a_span_across_a_line_break_is_kept_with_the_stored_text() -> None:
    # Label Studio 1.23.2 writes the selected line break as the two characters "\\n"
    # (seen with a mouse selection in Chromium); the offsets are exact code points.
    start, end = locate(TEXT, "مدنيون.\nوقال")
    as_sent = {"start": start, "end": end, "text": "مدنيون.\\nوقال", "labels": ["fact"]}
    wrong = {"start": start, "end": end, "text": "مدنيون. وقال", "labels": ["fact"]}
    for value, kept in ((as_sent, True), (wrong, False)):
        item = {"id": "x", "from_name": "label", "to_name": "text", "type": "labels"}
        parsed = convert.parse_result([{**item, "value": value}], TEXT)
        assert [s.text for s in parsed.spans] == (["مدنيون.\nوقال"] if kept else [])
        assert len(parsed.quarantined) == (0 if kept else 1)


def test_result_hash_ignores_key_order() -> None:
    assert convert.sha256_json({"a": 1, "b": [2]}) == convert.sha256_json({"b": [2], "a": 1})
