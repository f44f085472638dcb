"""JSONL: offsets slice the text, types are the same on every line, datasets loads it."""

from __future__ import annotations

import io
import json

import pytest

from tests.exporters.conftest import TEXT, synthetic_article
from workbench.export import ExportReport
from workbench.exporters.jsonl import write_jsonl


def rows(report: ExportReport, name: str) -> list[dict]:
    return [json.loads(line) for line in (report.out_dir / name).read_text("utf-8").splitlines()]


@pytest.mark.parametrize("name", ["gold.jsonl", "annotators.jsonl"])
def test_every_span_slices_the_text_to_its_text(exported: ExportReport, name: str) -> None:
    (row,) = rows(exported, name)
    assert row["spans"]
    for span in row["spans"]:
        assert row["text"][span["start"] : span["end"]] == span["text"]
    for rel in row["relations"]:
        assert 0 <= rel["from"] < len(row["spans"]) and 0 <= rel["to"] < len(row["spans"])


def test_fields_of_each_scope(exported: ExportReport) -> None:
    (gold,) = rows(exported, "gold.jsonl")
    (ann,) = rows(exported, "annotators.jsonl")
    assert set(gold) == {
        "id",
        "title",
        "source",
        "url",
        "published",
        "text",
        "spans",
        "relations",
        "findings",
        "annotators",
        "agreement",
    }
    assert set(gold["spans"][0]) == {"start", "end", "label", "text", "verdict", "note", "basis"}
    assert set(ann["spans"][0]) == {"start", "end", "label", "text", "verdict", "note", "annotator"}
    assert gold["id"] == "sample-article"
    assert gold["agreement"]["unresolved"] == 5 and gold["agreement"]["annotators"] == 3
    assert len(ann["spans"]) == 23
    assert all(
        isinstance(s["verdict"], str) and isinstance(s["note"], str)
        for s in gold["spans"] + ann["spans"]
    )


def test_loads_with_hugging_face_datasets(exported: ExportReport, tmp_path) -> None:  # type: ignore[no-untyped-def]
    datasets = pytest.importorskip("datasets")
    for name in ("gold.jsonl", "annotators.jsonl"):
        ds = datasets.load_dataset(
            "json",
            data_files=str(exported.out_dir / name),
            split="train",
            cache_dir=str(tmp_path / "hf"),
        )
        assert ds.num_rows == 1
        row = ds[0]
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]


def test_mixed_lines_keep_one_type_per_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Lines with no spans, no verdicts and no agreement figures next to full ones."""
    datasets = pytest.importorskip("datasets")
    empty = synthetic_article([])
    full = synthetic_article([(0, 3, "claim"), (12, 40, "fact")])
    full = type(full)(**{**full.__dict__, "agreement": {"f1_exact": 0.5, "annotators": 2}})
    empty = type(empty)(**{**empty.__dict__, "agreement": {"f1_exact": None, "annotators": 1}})
    buf = io.BytesIO()
    write_jsonl([empty, full, empty], buf, "gold")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(buf.getvalue())
    ds = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf")
    )
    assert ds.num_rows == 3
    assert [len(r["spans"]) for r in ds] == [0, 2, 0]
    assert ds[1]["spans"][1]["text"] == TEXT[12:40]


def test_output_is_sorted_and_compact() -> None:
    buf = io.BytesIO()
    write_jsonl([synthetic_article([(0, 3, "claim")])], buf, "gold")
    line = buf.getvalue().decode()
    assert line.endswith("}\n") and line.count("\n") == 1
    assert list(json.loads(line)) == sorted(json.loads(line))
