"""Reading annotations from JSONL: one annotator's work on one document per line.

``{"doc": "d1", "annotator": "a", "length": 200, "spans": [{"start": 0, "end": 40,
"label": "CLAIM"}]}``; ``text`` may replace ``length``. Bad lines are collected as
``path:LINE: reason`` and the good ones kept.
"""

from __future__ import annotations

import json
from operator import itemgetter, lt
from pathlib import Path
from typing import Any

import orjson

from workbench.agreement.corpus import no_cyclic_gc
from workbench.agreement.model import AnnotatedDoc, Span, span_problem
from workbench.agreement.table import AnnotationTable
from workbench.errors import InputError


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_span(raw: Any, length: int, index: int) -> Span:
    if not isinstance(raw, dict):
        raise ValueError(f"spans[{index}] is not an object")
    for key in ("start", "end"):
        if not _is_int(raw.get(key)):
            raise ValueError(f"spans[{index}].{key} must be an integer")
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError(f"spans[{index}].label must be a non-empty string")
    span = Span(raw["start"], raw["end"], label)
    problem = span_problem(span, length)
    if problem:
        raise ValueError(f"spans[{index}]: {problem}")
    return span


Columns = tuple[str, str, int, list[Any], list[Any], list[Any]]


def parse_record(raw: Any) -> AnnotatedDoc:
    """One JSON value as a record; ``ValueError`` says what is wrong with it."""
    doc, annotator, length, start, end, label = parse_columns(raw)
    return AnnotatedDoc(doc, annotator, length, tuple(map(Span, start, end, label)))


def parse_columns(raw: Any) -> Columns:
    """One JSON value as a record: document, annotator, length and its spans as three
    columns (start, end, label); ``ValueError`` says what is wrong with it."""
    if not isinstance(raw, dict):
        raise ValueError("line is not a JSON object")
    doc, annotator = raw.get("doc"), raw.get("annotator")
    if not isinstance(doc, str) or not doc:
        raise ValueError('"doc" must be a non-empty string')
    if not isinstance(annotator, str) or not annotator:
        raise ValueError('"annotator" must be a non-empty string')
    length, text = raw.get("length"), raw.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError('"text" must be a string')
    if length is None and text is None:
        raise ValueError('one of "length" or "text" is required')
    if length is not None and (not _is_int(length) or length < 0):
        raise ValueError('"length" must be a non-negative integer')
    if text is not None:
        if length is not None and length != len(text):
            raise ValueError(
                f'"length" {length} disagrees with the text\'s {len(text)} code points'
            )
        length = len(text)
    spans_raw = raw.get("spans", [])
    if not isinstance(spans_raw, list):
        raise ValueError('"spans" must be a list')
    columns = _good_spans(spans_raw, length)
    if columns is None:  # something is wrong: the span by span check finds it and says what
        spans = [_parse_span(s, length, i) for i, s in enumerate(spans_raw)]
        columns = [s.start for s in spans], [s.end for s in spans], [s.label for s in spans]
    return (doc, annotator, length, *columns)


def _good_spans(spans: list[Any], length: int) -> tuple[list[Any], list[Any], list[Any]] | None:
    """The spans as three columns when every one of them is usable (objects with integer
    ``start`` < ``end`` within ``length`` and a non-empty string ``label``), else None."""
    if not spans:
        return [], [], []
    try:
        start = list(map(_START, spans))
        end = list(map(_END, spans))
        label = list(map(_LABEL, spans))
    except (TypeError, KeyError):  # not an object (only a dict takes a str index), a key missing
        return None
    if (
        set(map(type, start)) == _INT
        and set(map(type, end)) == _INT
        and set(map(type, label)) == _STR
        and "" not in label
        and min(start) >= 0
        and max(end) <= length
        and all(map(lt, start, end))
    ):
        return start, end, label
    return None


_INT, _STR = {int}, {str}
_START, _END, _LABEL = itemgetter("start"), itemgetter("end"), itemgetter("label")


def load_jsonl(path: str | Path) -> tuple[list[AnnotatedDoc], list[str]]:
    """Records from a JSONL file, and one ``path:LINE: reason`` string per bad line.

    A line is bad when it is not valid JSON, misses a field, has a span outside the document,
    gives a document a length other than an earlier line did, or repeats a (doc, annotator)
    pair. Blank lines are skipped. Raises :class:`InputError` when the file cannot be read.
    """
    table, errors = load_jsonl_table(path)
    with no_cyclic_gc():
        return table.docs(), errors


def load_jsonl_table(path: str | Path) -> tuple[AnnotationTable, list[str]]:
    """What :func:`load_jsonl` reads, as columns (no object per span): the good records in
    file order, and one ``path:LINE: reason`` string per bad line."""
    name = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, None, f"cannot read: {exc.__class__.__name__}: {exc}") from exc
    with no_cyclic_gc():  # many small records at once, none in a cycle
        return _records(lines, name)


def _records(lines: list[str], name: str) -> tuple[AnnotationTable, list[str]]:
    table = AnnotationTable()
    errors: list[str] = []
    lengths: dict[str, tuple[int, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                raw = orjson.loads(line)
            except orjson.JSONDecodeError:
                raw = json.loads(line)  # the json module's message names what is wrong
            doc, annotator, length, start, end, label = parse_columns(raw)
            if doc in lengths and lengths[doc][0] != length:
                known, at = lengths[doc]
                raise ValueError(
                    f"document {doc!r} has length {length} here but {known} at line {at}"
                )
            if (doc, annotator) in seen:
                at = seen[(doc, annotator)]
                raise ValueError(f"annotator {annotator!r} on document {doc!r} repeats line {at}")
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{number}: invalid JSON: {exc.msg}")
            continue
        except ValueError as exc:
            errors.append(f"{name}:{number}: {exc}")
            continue
        lengths.setdefault(doc, (length, number))
        seen[(doc, annotator)] = number
        table.add(doc, annotator, length, start, end, label)
    return table, errors
