"""``workbench ingest`` from the command line: JSON keys, exit status, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import build_app


def _run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), args)


def test_json_report_and_exit_status(tmp_path: Path, sample_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "نص."}\nnot json\n', encoding="utf-8")
    result = _run(
        ["--db", db, "ingest", "--format", "json", str(sample_path), str(tmp_path / "bad.jsonl")]
    )
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"created", "unchanged", "failed", "articles"}
    assert payload["created"] == 2
    assert payload["failed"] == [
        {"path": str(tmp_path / "bad.jsonl"), "record": 2, "error": payload["failed"][0]["error"]}
    ]
    assert set(payload["articles"][0]) == {"id", "title", "chars", "paragraphs"}
    assert "Traceback" not in result.output
    assert f"{tmp_path / 'bad.jsonl'}:2: malformed JSON" in result.stderr


def test_table_report(tmp_path: Path, sample_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    result = _run(["--db", db, "ingest", str(sample_path), "--published", "2019-01-25"])
    assert result.exit_code == 0, result.output
    assert "created 1, unchanged 0, failed 0" in result.stdout


def test_bad_database_url_is_one_line(tmp_path: Path, sample_path: Path) -> None:
    result = _run(["--db", "nosuchdb://x", "ingest", str(sample_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
