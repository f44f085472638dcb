"""Reading annotations from JSONL: one annotator's work on one document per line.

``{"doc": "d1", "annotator": "a", "length": 200, "spans": [{"start": 0, "end": 40,
"label": "CLAIM"}]}``; ``text`` may replace ``length``. Bad lines are collected as
``path:LINE: reason`` and the good ones kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from workbench.agreement.corpus import no_cyclic_gc
from workbench.agreement.model import AnnotatedDoc, Span, span_problem
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


def parse_record(raw: Any) -> AnnotatedDoc:
    """One JSON value as a record; ``ValueError`` says what is wrong with it."""
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
    spans: list[Span] = []
    for i, s in enumerate(spans_raw):
        # the common case checked inline; anything else gets the full check and its message
        if type(s) is dict:
            start, end, label = s.get("start"), s.get("end"), s.get("label")
            if (
                type(start) is int
                and type(end) is int
                and type(label) is str
                and label
                and 0 <= start < end <= length
            ):
                spans.append(Span(start, end, label))
                continue
        spans.append(_parse_span(s, length, i))
    return AnnotatedDoc(doc=doc, annotator=annotator, length=length, spans=tuple(spans))


def load_jsonl(path: str | Path) -> tuple[list[AnnotatedDoc], list[str]]:
    """Records from a JSONL file, and one ``path:LINE: reason`` string per bad line.

    A line is bad when it is not valid JSON, misses a field, has a span outside the document,
    gives a document a length other than an earlier line did, or repeats a (doc, annotator)
    pair. Blank lines are skipped. Raises :class:`InputError` when the file cannot be read.
    """
    name = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, None, f"cannot read: {exc.__class__.__name__}: {exc}") from exc
    with no_cyclic_gc():  # many small records at once, none in a cycle
        return _records(lines, name)


def _records(lines: list[str], name: str) -> tuple[list[AnnotatedDoc], list[str]]:
    records: list[AnnotatedDoc] = []
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
            rec = parse_record(raw)
            if rec.doc in lengths and lengths[rec.doc][0] != rec.length:
                known, at = lengths[rec.doc]
                raise ValueError(
                    f"document {rec.doc!r} has length {rec.length} here but {known} at line {at}"
                )
            if (rec.doc, rec.annotator) in seen:
                at = seen[(rec.doc, rec.annotator)]
                raise ValueError(
                    f"annotator {rec.annotator!r} on document {rec.doc!r} repeats line {at}"
                )
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{number}: invalid JSON: {exc.msg}")
            continue
        except ValueError as exc:
            errors.append(f"{name}:{number}: {exc}")
            continue
        lengths.setdefault(rec.doc, (rec.length, number))
        seen[(rec.doc, rec.annotator)] = number
        records.append(rec)
    return records, errors
