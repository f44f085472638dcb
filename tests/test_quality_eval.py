"""The labelled evaluation (benchmarks/quality): label format, matching, and the command on a
small corpus built here (the real corpus is not needed)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from benchmarks.quality.__main__ import main
from benchmarks.quality.evaluate import score
from benchmarks.quality.labels import LabelError, parse_item, read_labels
from workbench.arabic.stored import text_sha256
from workbench.checks.base import Finding, Range

LEAD = (
    "حذرت الجمعية السعودية لطب العيون من خطورة الألعاب النارية المنتشرة بين الأطفال هذه "
    "الأيام، نظرا لارتفاع حالات إصابات العيون الناجمة عن تلك الألعاب كل عام."
)
MIDDLE = "وقال رئيس الجمعية إن المستشفيات استقبلت عشرات الحالات خلال أيام العيد الماضية."
AGAIN = (
    "وأكدت الجمعية السعودية لطب العيون أن الألعاب النارية المنتشرة بين الأطفال خطيرة، لأن "
    "حالات إصابات العيون الناجمة عنها ترتفع كل عام في هذه الأيام."
)
TEXT = f"{LEAD}\n{MIDDLE}\n{AGAIN}"
QUIET = "افتتح أمير المنطقة معرض الكتاب في دورته الجديدة بمشاركة واسعة من دور النشر العربية."


def item(**over: Any) -> dict[str, Any]:
    base = {
        "corpus_file": "2015-07-27.zip",
        "record": "2015-07-27.json#1",
        "text_sha256": text_sha256(TEXT),
        "start": TEXT.index(AGAIN),
        "end": len(TEXT),
        "other_start": 0,
        "other_end": len(LEAD),
        "label": "positive",
        "class": "paraphrased_lead",
        "note": "lead restated",
    }
    return base | over


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"label": "maybe"}, "field 'label' must be 'positive' or 'negative'"),
        ({"start": -1}, "field 'start' must be a non-negative integer"),
        ({"start": 9, "end": 9}, "'start' must be before 'end'"),
        ({"note": ""}, "field 'note' must be a non-empty string"),
    ],
)
def test_a_bad_label_is_one_line_naming_file_line_and_field(change: dict, reason: str) -> None:
    with pytest.raises(LabelError, match=f"^x.jsonl:3: {reason}"):
        parse_item("repeated_passage", item(**change), "x.jsonl:3")


def test_label_files_are_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "repeated_passage.jsonl"
    path.write_text(json.dumps(item()) + "\n\n" + "{oops\n", encoding="utf-8")
    with pytest.raises(LabelError, match="^repeated_passage.jsonl:3: malformed JSON"):
        read_labels(path)
    path.write_text(json.dumps(item()) + "\n", encoding="utf-8")
    (got,) = read_labels(path)
    assert (got.check, got.other, got.positive, got.day) == (
        "repeated_passage",
        (0, len(LEAD)),
        True,
        "2015-07-27",
    )


def finding(start: int, end: int, *related: tuple[int, int]) -> Finding:
    return Finding(
        check="repeated_passage",
        version="1",
        severity="warning",
        start=start,
        end=end,
        text="",
        message="",
        related=tuple(Range(s, e, "") for s, e in related),
    )


def test_each_finding_counts_once_for_the_item_it_overlaps_most() -> None:
    key = ("d.zip", "d.json#1")
    repeat = parse_item("c", item(corpus_file="d.zip", record="d.json#1"), "-")
    heading = parse_item(
        "c",
        item(corpus_file="d.zip", record="d.json#1", start=len(TEXT) - 5, end=len(TEXT) + 20)
        | {"label": "negative", "class": "heading"},
        "-",
    )
    missed = parse_item(
        "c",
        item(corpus_file="d.zip", record="d.json#1", start=len(LEAD) + 1, end=len(LEAD) + 5),
        "-",
    )
    hit = finding(repeat.start, repeat.end, (0, 40))  # grazes the heading too
    stray = finding(1000, 1010, (900, 910))
    out = score([repeat, heading, missed], {key: [hit, stray]})
    s = out.score
    assert (s.positives, s.found, s.recall) == (2, 1, 0.5)
    assert (s.labelled_findings, s.true_findings, s.precision) == (1, 1, 1.0)
    assert (s.false_alarms, s.unlabelled_findings) == (0, 1)
    assert out.misses == [missed]
    # A pair item needs a range of the finding on each side.
    one_sided = finding(repeat.start, repeat.end)
    assert score([repeat], {key: [one_sided]}).score.found == 0


def write_corpus(root: Path, texts: list[str]) -> None:
    root.mkdir()
    payload = [{"content": t, "date_extracted": "2015-07-27 10:00:00"} for t in texts]
    with zipfile.ZipFile(root / "2015-07-27.zip", "w") as zf:
        zf.writestr("2015-07-27.json", json.dumps(payload, ensure_ascii=False))


def test_the_command_scores_splits_and_lists_stale_labels(tmp_path: Path, capsys) -> None:
    corpus, labels, out = tmp_path / "corpus", tmp_path / "labels", tmp_path / "q.json"
    write_corpus(corpus, [TEXT, f"{QUIET}\n{MIDDLE}"])
    labels.mkdir()
    quiet = f"{QUIET}\n{MIDDLE}"
    lines = [
        item(),
        item(
            record="2015-07-27.json#2",
            text_sha256=text_sha256(quiet),
            start=quiet.index(MIDDLE),
            end=len(quiet),
        )
        | {"label": "negative", "class": "related_topic", "other_end": len(QUIET)},
        item(record="2015-07-27.json#1", text_sha256="0" * 64),
        item(record="2015-07-27.json#9"),
    ]
    (labels / "repeated_passage.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    args = ["--corpus", str(corpus), "--labels", str(labels), "--out", str(out)]
    assert main([*args, "--format", "json", "--held-out-from", "2015-07-27"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == json.loads(out.read_text(encoding="utf-8"))
    r = report["checks"]["repeated_passage"]
    assert [(s["line"], s["reason"]) for s in r["stale"]] == [
        (3, "stored text differs from text_sha256"),
        (4, "record not found in the corpus"),
    ]
    held = r["splits"]["held_out"]
    assert (held["positives"], held["found"], held["recall"], held["precision"]) == (1, 1, 1.0, 1.0)
    assert (held["negatives"], held["false_alarms"]) == (1, 0)
    assert r["splits"]["tune"]["positives"] == 0 and r["splits"]["tune"]["recall"] is None
    assert r["misses"] == [] and r["false_alarms"] == []

    # One draw alone: the items whose stratum holds the text (here the negative only).
    lines[1] |= {"stratum": "lead (seed 59)"}
    (labels / "repeated_passage.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    assert main([*args, "--format", "json", "--stratum-contains", "seed 59"]) == 0
    drawn = json.loads(capsys.readouterr().out)
    assert drawn["stratum_contains"] == "seed 59"
    held = drawn["checks"]["repeated_passage"]["splits"]["held_out"]
    assert (held["positives"], held["negatives"], held["false_alarms"]) == (0, 1, 0)
    assert drawn["checks"]["repeated_passage"]["labels"] == 1

    assert main([*args, "--held-out-from", "2015-07-28"]) == 0
    table = capsys.readouterr().out
    assert "== repeated_passage" in table and "stale: line 3" in table
    assert json.loads(out.read_text())["checks"]["repeated_passage"]["splits"]["tune"]["found"] == 1


def test_without_the_corpus_the_command_says_so_in_one_line(tmp_path: Path, capsys) -> None:
    assert main(["--corpus", str(tmp_path / "absent"), "--out", str(tmp_path / "q.json")]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("quality eval skipped: no corpus at")
    assert not (tmp_path / "q.json").exists()
