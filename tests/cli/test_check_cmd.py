"""``workbench check`` and ``workbench checks list`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import build_app

MINE = "repeated_passage,repeated_word"


def _run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), args)


def test_check_files_json(sample_path: Path) -> None:
    result = _run(
        ["check", str(sample_path), "--published", "2019-01-25", "--only", MINE, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    findings = payload["findings"]
    assert [(f["check"], f["severity"]) for f in findings] == [
        ("repeated_passage", "warning"),
        ("repeated_word", "warning"),
        ("repeated_passage", "warning"),
        ("repeated_passage", "warning"),
    ]
    assert set(findings[0]) == {
        "article",
        "check",
        "version",
        "severity",
        "start",
        "end",
        "text",
        "related",
        "message",
        "evidence",
    }
    text = sample_path.read_text(encoding="utf-8")
    for f in findings:
        assert f["article"] == "sample-article.txt"
        assert text[f["start"] : f["end"]] == f["text"]
        assert all(text[r["start"] : r["end"]] == r["text"] for r in f["related"])
    assert payload["checks_version"] == "repeated_passage.v3+repeated_word.v1"


def test_check_files_table_has_one_row_per_finding(sample_path: Path) -> None:
    result = _run(["check", str(sample_path), "--only", "repeated_word"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("sample-article")]
    assert len(rows) == 1 and "بلدة البلدة" in rows[0] and "warning" in rows[0]
    assert "1 finding(s) in 1 article(s)" in result.stdout


def test_check_stored_articles(tmp_path: Path, sample_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    assert _run(["--db", db, "ingest", str(sample_path)]).exit_code == 0
    first = _run(["--db", db, "check", "--all", "--only", MINE, "--format", "json"])
    assert first.exit_code == 0, first.output
    payload = json.loads(first.stdout)
    assert len(payload["findings"]) == 4
    assert payload["stored"]["created"] == 4
    again = _run(["--db", db, "check", "--article", "sample-article.txt", "--only", MINE])
    assert again.exit_code == 0, again.output
    assert "stored: 0 new, 4 unchanged, 0 resolved, 0 reopened" in again.stdout


def test_bad_use_is_one_line_on_stderr(tmp_path: Path, sample_path: Path) -> None:
    none = _run(["check"])
    assert none.exit_code == 2 and none.stderr.startswith("error: give files")
    both = _run(["check", str(sample_path), "--all"])
    assert both.exit_code == 2
    unknown = _run(["check", str(sample_path), "--only", "nope"])
    assert unknown.exit_code == 1
    assert (
        unknown.stderr.strip().splitlines() == [unknown.stderr.strip().splitlines()[0]]
        and "no check named 'nope'" in unknown.stderr
    )
    from workbench.store import open_store

    open_store(f"sqlite:///{tmp_path / 'w.db'}").dispose()  # an empty store
    missing = _run(["--db", f"sqlite:///{tmp_path / 'w.db'}", "check", "--article", "nope"])
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.stderr
    for r in (none, both, unknown, missing):
        assert "Traceback" not in r.output


def test_unreadable_file_sets_the_exit_status(tmp_path: Path) -> None:
    result = _run(["check", str(tmp_path / "absent.txt"), "--only", "repeated_word"])
    assert result.exit_code == 1
    assert "absent.txt: no such file or directory" in result.stderr


def test_checks_list() -> None:
    result = _run(["checks", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["repeated_word"]["version"] == "1"
    assert checks["repeated_passage"]["defaults"]["report_parallel"] is False
    assert all(c["description"] for c in checks.values())
    table = _run(["checks", "list"])
    assert "repeated_passage.v3" in table.stdout and "min_words = 8" in table.stdout


TELEGRAMS = (
    "هنأ خادم الحرمين الشريفين الرئيس الفرنسي فرانسوا هولاند بمناسبة ذكرى اليوم الوطني لبلاده "
    "متمنيا له موفور الصحة والسعادة.\n"
    "هنأ خادم الحرمين الشريفين ملك بلجيكا الملك فيليب الأول بمناسبة ذكرى اليوم الوطني لبلاده "
    "متمنيا له موفور الصحة والسعادة."
)


def test_set_configures_a_check(tmp_path: Path) -> None:
    src = tmp_path / "telegrams.jsonl"
    src.write_text(json.dumps({"id": "t", "text": TELEGRAMS}, ensure_ascii=False), encoding="utf-8")
    quiet = _run(["check", str(src), "--only", "repeated_passage", "--format", "json"])
    assert quiet.exit_code == 0, quiet.output
    assert json.loads(quiet.stdout)["findings"] == []
    shown = _run(
        [
            "check",
            str(src),
            "--only",
            "repeated_passage",
            "--format",
            "json",
            "--set",
            "repeated_passage.report_parallel=true",
        ]
    )
    assert shown.exit_code == 0, shown.output
    (finding,) = json.loads(shown.stdout)["findings"]
    assert (finding["severity"], finding["evidence"]["kind"]) == ("info", "parallel")


def test_set_errors_are_one_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("نص قصير.", encoding="utf-8")
    for bad, says in (("nosuch.x=1", "not a check"), ("noequals", "CHECK.SETTING=VALUE")):
        result = _run(["check", str(src), "--set", bad])
        assert result.exit_code == 1
        assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
