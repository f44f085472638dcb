"""Reading JSONL: records kept, bad lines reported as path:LINE: reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.agreement import AnnotatedDoc, Span, load_jsonl
from workbench.errors import InputError


def write(tmp_path: Path, lines: list[object]) -> Path:
    path = tmp_path / "ann.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_good_lines_become_records(tmp_path: Path) -> None:
    text = "قال الوزير إنّ العدد ـــ ٣٠"
    path = write(
        tmp_path,
        [
            {
                "doc": "d1",
                "annotator": "a",
                "length": 200,
                "spans": [{"start": 0, "end": 40, "label": "CLAIM"}],
            },
            "",
            {"doc": "d2", "annotator": "b", "text": text, "spans": []},
        ],
    )
    records, errors = load_jsonl(path)
    assert errors == []
    assert records == [
        AnnotatedDoc("d1", "a", 200, (Span(0, 40, "CLAIM"),)),
        AnnotatedDoc("d2", "b", len(text), ()),  # code points, diacritics and tatweel included
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ([1, 2], "not a JSON object"),
        ({"annotator": "a", "length": 5}, '"doc" must be a non-empty string'),
        ({"doc": "d", "annotator": "a"}, 'one of "length" or "text" is required'),
        ({"doc": "d", "annotator": "a", "length": -1}, "non-negative"),
        ({"doc": "d", "annotator": "a", "length": 3, "text": "abcd"}, "disagrees with the text"),
        (
            {
                "doc": "d",
                "annotator": "a",
                "length": 5,
                "spans": [{"start": 2, "end": 9, "label": "X"}],
            },
            "spans[0]: span [2, 9) must satisfy",
        ),
        (
            {
                "doc": "d",
                "annotator": "a",
                "length": 5,
                "spans": [{"start": 2, "end": 2, "label": "X"}],
            },
            "0 <= start < end",
        ),
        (
            {"doc": "d", "annotator": "a", "length": 5, "spans": [{"start": 0, "end": 1}]},
            "spans[0].label",
        ),
        (
            {
                "doc": "d",
                "annotator": "a",
                "length": 5,
                "spans": [{"start": "0", "end": 1, "label": "X"}],
            },
            "spans[0].start must be an integer",
        ),
    ],
)
def test_bad_line_is_reported_with_its_number(tmp_path: Path, line: object, reason: str) -> None:
    good = {"doc": "g", "annotator": "a", "length": 5}
    path = write(tmp_path, [good, line])
    records, errors = load_jsonl(path)
    assert len(records) == 1
    (error,) = errors
    assert error.startswith(f"{path}:2: ")
    assert reason in error


def test_length_must_agree_across_a_documents_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {"doc": "d", "annotator": "a", "length": 5},
            {"doc": "d", "annotator": "b", "length": 6},
            {"doc": "d", "annotator": "a", "length": 5},
        ],
    )
    records, errors = load_jsonl(path)
    assert [r.annotator for r in records] == ["a"]
    assert errors == [
        f"{path}:2: document 'd' has length 6 here but 5 at line 1",
        f"{path}:3: annotator 'a' on document 'd' repeats line 1",
    ]


def test_unreadable_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_jsonl(tmp_path / "missing.jsonl")
