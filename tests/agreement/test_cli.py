"""``workbench agree`` through Typer's runner."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.agreement import KEYS
from workbench.cli import build_app


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "ann.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = [
    json.dumps(
        {
            "doc": "d1",
            "annotator": "a",
            "length": 40,
            "spans": [{"start": 0, "end": 10, "label": "CLAIM"}],
        }
    ),
    json.dumps(
        {
            "doc": "d1",
            "annotator": "b",
            "length": 40,
            "spans": [{"start": 0, "end": 12, "label": "CLAIM"}],
        }
    ),
]


def test_json_output_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(),
        ["agree", "--input", str(write(tmp_path, GOOD)), "--format", "json", "--iou", "0.9"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert tuple(report) == KEYS
    assert report["f1"]["overlap"]["iou"] == 0.9
    assert report["f1"]["overlap"]["pairs"][0]["tp"] == 0  # IoU 10/12 < 0.9


def test_table_output_is_readable(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_app(), ["agree", "--input", str(write(tmp_path, GOOD))])
    assert result.exit_code == 0
    assert "span F1 overlap" in result.stdout
    assert "boundary" in result.stdout  # the one disagreement, listed
    assert "Diagnosis" in result.stdout


def test_bad_lines_are_reported_and_the_good_ones_used(tmp_path: Path) -> None:
    path = write(tmp_path, [*GOOD, "{oops", json.dumps({"doc": "d1", "annotator": "c"})])
    result = CliRunner().invoke(build_app(), ["agree", "--input", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes",
        f'{path}:4: one of "length" or "text" is required',
    ]
    assert json.loads(result.stdout)["annotators"] == ["a", "b"]


def test_invalid_iou_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(), ["agree", "--input", str(write(tmp_path, GOOD)), "--iou", "1.5"]
    )
    assert result.exit_code == 1
    assert result.stderr == "error: iou: must be greater than 0 and at most 1, not 1.5\n"


def test_missing_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_app(), ["agree", "--input", str(tmp_path / "no.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "cannot read" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_without_input_and_without_store_support_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_store(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "workbench.store.annotations":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_store)
    result = CliRunner().invoke(build_app(), ["agree"])
    assert result.exit_code == 1
    assert result.stderr == "error: no --input given and the store has no annotations yet\n"


def test_command_has_help() -> None:
    result = CliRunner().invoke(build_app(), ["agree", "--help"])
    assert result.exit_code == 0
    assert "--iou" in result.stdout and "--input" in result.stdout


def many_disagreements(tmp_path: Path, n: int = 30) -> Path:
    """``n`` documents, each with one boundary disagreement between a and b."""
    lines = []
    for d in range(n):
        for name, end in (("a", 10), ("b", 12)):
            span = {"start": 0, "end": end, "label": "CLAIM"}
            lines.append(
                json.dumps({"doc": f"d{d:02d}", "annotator": name, "length": 40, "spans": [span]})
            )
    return write(tmp_path, lines)


def test_disagreements_option_limits_the_list_and_per_document_can_be_left_out(
    tmp_path: Path,
) -> None:
    path = str(many_disagreements(tmp_path))
    run = CliRunner().invoke
    full = json.loads(run(build_app(), ["agree", "--input", path, "--format", "json"]).stdout)
    assert len(full["disagreements"]) == 30  # all by default in JSON
    some = run(
        build_app(),
        ["agree", "--input", path, "--format", "json", "--disagreements", "3", "--no-per-document"],
    )
    assert some.exit_code == 0, some.output
    report = json.loads(some.stdout)
    assert tuple(report) == KEYS
    assert report["disagreements"] == full["disagreements"][:3]
    assert report["per_document"] == []
    assert report["f1"] == full["f1"]


def test_table_lists_the_first_20_disagreements_unless_told(tmp_path: Path) -> None:
    path = str(many_disagreements(tmp_path))
    run = CliRunner().invoke
    text = run(build_app(), ["agree", "--input", path]).stdout
    assert "Disagreements (30; first 20)" in text
    assert sum(" boundary: " in line for line in text.splitlines()) == 20
    every = run(build_app(), ["agree", "--input", path, "--disagreements", "all"]).stdout
    assert sum(" boundary: " in line for line in every.splitlines()) == 30
    quiet = run(build_app(), ["agree", "--input", path, "--no-per-document"]).stdout
    assert "Review first" not in quiet


def test_bad_disagreements_value_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(), ["agree", "--input", str(write(tmp_path, GOOD)), "--disagreements", "many"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr == "error: --disagreements must be a number (0 or more) or all, not 'many'\n"
    )


def test_agree_starts_without_the_database_layer(tmp_path: Path) -> None:
    """``workbench agree --input`` imports only its own command module, not the store."""
    import subprocess
    import sys

    from workbench.cli import command_name

    assert command_name(["--db", "sqlite:///x.db", "agree", "--input", "f"]) == "agree"
    assert command_name(["--db=sqlite:///x.db", "agree"]) == "agree"
    assert command_name(["--help"]) is None
    code = (
        "import sys\n"
        "from workbench.cli import main\n"
        f"sys.argv = ['workbench', 'agree', '--input', {str(write(tmp_path, GOOD))!r}, "
        "'--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "assert 'sqlalchemy' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tuple(json.loads(done.stdout)) == KEYS
