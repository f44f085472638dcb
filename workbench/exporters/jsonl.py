"""JSON Lines: one article per line, loadable as is with ``datasets.load_dataset("json")``.

Every line has the same keys with the same types: strings are ``""`` when missing, lists may
be empty, agreement figures are numbers (``null`` only where a figure is undefined)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan
from workbench.exporters.registry import register


def _span(s: ExportSpan, scope: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "start": s.start,
        "end": s.end,
        "label": s.label,
        "text": s.text,
        "verdict": s.verdict,
        "note": s.note,
    }
    if scope == ANNOTATORS:
        row["annotator"] = s.annotator
    else:
        row["basis"] = s.basis
    return row


def article_row(a: ExportArticle, scope: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "published": a.published,
        "text": a.text,
        "spans": [_span(s, scope) for s in a.spans],
        "relations": [
            {"from": r.from_index, "to": r.to_index, "kind": r.kind} for r in a.relations
        ],
        "findings": [
            {
                "check": f.check,
                "severity": f.severity,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "message": f.message,
            }
            for f in a.findings
        ],
        "annotators": list(a.annotators),
        "agreement": dict(a.agreement),
    }


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _plain_floats(values: Iterable[Any]) -> bool:
    """No float that orjson would spell otherwise than the json module (1e-05: 0.00001)."""
    return all(
        not isinstance(v, float) or v == 0.0 or 1e-4 <= abs(v) < 1e16 or v != v for v in values
    )


def dump_line(row: dict[str, Any]) -> bytes:
    """``dumps(row)`` as one UTF-8 line, through orjson (the same bytes, several times
    faster) when the only floats, the agreement figures, are spelled alike by both."""
    if _plain_floats(row["agreement"].values()):
        return orjson.dumps(row, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    return dumps(row).encode("utf-8") + b"\n"


@register("jsonl", suffix=".jsonl", description="one article per line (Hugging Face datasets)")
def write_jsonl(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    lines = spans = 0
    for a in articles:
        out.write(dump_line(article_row(a, scope)))
        lines += 1
        spans += len(a.spans)
    return {"documents": lines, "spans": spans}
