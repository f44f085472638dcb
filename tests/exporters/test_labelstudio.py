"""Label Studio tasks: the result shapes, a pure round trip through the pull-side parser, and
an import into a real Label Studio that pulls back to the same spans."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest_labelstudio import LabelStudioServer
from workbench.export import ExportReport
from workbench.labelstudio.convert import parse_result


def tasks(report: ExportReport, scope: str) -> list[dict[str, Any]]:
    return json.loads((report.out_dir / f"{scope}.labelstudio.json").read_text("utf-8"))


def jsonl_row(report: ExportReport, scope: str) -> dict[str, Any]:
    (row,) = [json.loads(x) for x in (report.out_dir / f"{scope}.jsonl").read_text().splitlines()]
    return row


def expected(row: dict[str, Any], annotator: str | None = None) -> tuple[list, list]:
    spans = [s for s in row["spans"] if annotator is None or s["annotator"] == annotator]
    own = {id(s): i for i, s in enumerate(spans)}
    index = {i: own[id(s)] for i, s in enumerate(row["spans"]) if id(s) in own}
    keyed = [(s["start"], s["end"], s["label"], s["verdict"], s["note"]) for s in spans]
    rels = sorted(
        (keyed[index[r["from"]]][:3], keyed[index[r["to"]]][:3], r["kind"])
        for r in row["relations"]
        if r["from"] in index and r["to"] in index
    )
    return sorted(keyed), rels


def parsed(result: list[dict[str, Any]], text: str) -> tuple[list, list]:
    p = parse_result(result, text)
    assert p.quarantined == []
    by_id = {s.region_id: (s.start, s.end, s.label) for s in p.spans}
    spans = sorted((s.start, s.end, s.label, s.verdict or "", s.note or "") for s in p.spans)
    rels = sorted((by_id[r.from_region], by_id[r.to_region], r.kind) for r in p.relations)
    return spans, rels


def test_result_shapes(exported: ExportReport) -> None:
    (task,) = tasks(exported, "gold")
    assert set(task["data"]) == {"text", "article_id", "title"}
    (ann,) = task["annotations"]
    assert ann["ground_truth"] is True
    kinds = {(r.get("from_name"), r["type"]) for r in ann["result"]}
    assert kinds == {
        ("label", "labels"),
        ("verdict", "choices"),
        ("note", "textarea"),
        (None, "relation"),
    }
    spans = {r["id"] for r in ann["result"] if r["type"] == "labels"}
    for r in ann["result"]:
        if r["type"] in ("choices", "textarea"):
            assert r["id"] in spans
        if r["type"] == "textarea":
            assert isinstance(r["value"]["text"], list)
        if r["type"] == "relation":
            assert {r["from_id"], r["to_id"]} <= spans


def test_pure_round_trip_through_the_pull_parser(exported: ExportReport) -> None:
    (gold_task,) = tasks(exported, "gold")
    row = jsonl_row(exported, "gold")
    assert parsed(gold_task["annotations"][0]["result"], row["text"]) == expected(row)
    (ann_task,) = tasks(exported, "annotators")
    row = jsonl_row(exported, "annotators")
    assert ann_task["meta"]["annotators"] == row["annotators"]
    for name, ann in zip(ann_task["meta"]["annotators"], ann_task["annotations"], strict=True):
        assert parsed(ann["result"], row["text"]) == expected(row, name)


@pytest.mark.labelstudio
def test_imports_into_a_real_label_studio(
    labelstudio_server: LabelStudioServer, exported: ExportReport
) -> None:
    from workbench.labelstudio.sync import label_config

    client = labelstudio_server.client()
    for scope in ("gold", "annotators"):
        project = client.create_project(title=f"export-{scope}", label_config=label_config())
        try:
            ours = tasks(exported, scope)
            (task_id,) = client.import_tasks(project, ours)
            back = {t["id"]: t for t in client.export_json(project)}[task_id]
            row = jsonl_row(exported, scope)
            assert back["data"]["text"] == row["text"]
            got = sorted(parsed(a["result"], row["text"]) for a in back["annotations"])
            names = row["annotators"] if scope == "annotators" else [None]
            assert got == sorted(expected(row, name) for name in names)
        finally:
            client.delete_project(project)
