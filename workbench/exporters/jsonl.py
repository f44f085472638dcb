"""JSON Lines: one article per line, loadable as is with ``datasets.load_dataset("json")``.

Every line has the same keys with the same types: strings are ``""`` when missing, lists may
be empty, agreement figures are numbers (``null`` only where a figure is undefined)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

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


@register("jsonl", suffix=".jsonl", description="one article per line (Hugging Face datasets)")
def write_jsonl(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    lines = spans = 0
    for a in articles:
        out.write(dumps(article_row(a, scope)).encode("utf-8") + b"\n")
        lines += 1
        spans += len(a.spans)
    return {"documents": lines, "spans": spans}
