"""Label Studio JSON tasks with their annotations, for ``annotation_configs/fact_check.xml``.

One task per article: ``data`` holds the text, the article id and the title; ``annotations``
holds the gold (one annotation, ``ground_truth`` true) or each annotator's work (one
annotation each, in annotator order; ``meta.annotators`` names them, since Label Studio sets
``completed_by`` to the importing user). Result shapes: a span is a ``labels`` region; its
verdict a per-region ``choices`` result and its note a per-region ``textarea`` result, both
repeating the span's id; a relation is a ``relation`` result between two span ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from workbench.exporters.model import (
    ANNOTATORS,
    ExportArticle,
    ExportRelation,
    ExportSpan,
    per_annotator,
)
from workbench.exporters.registry import register

# The tag names of annotation_configs/fact_check.xml.
LABEL_TAG, VERDICT_TAG, NOTE_TAG, TEXT_TAG = "label", "verdict", "note", "text"


def region_id(span: ExportSpan, annotator: str = "") -> str:
    raw = f"{annotator}:{span.start}:{span.end}:{span.label}".encode()
    return "wb" + hashlib.sha1(raw).hexdigest()[:10]


def result(
    spans: Sequence[ExportSpan], relations: Sequence[ExportRelation]
) -> list[dict[str, Any]]:
    """The ``result`` list of one annotation: spans (each with its verdict and note), then
    relations between them (``from_index``/``to_index`` into ``spans``)."""
    out: list[dict[str, Any]] = []
    ids: list[str] = []
    for s in spans:
        rid = region_id(s, s.annotator)
        n = 2
        while rid in ids:  # the same span twice: keep ids unique
            rid = f"{region_id(s, s.annotator)}-{n}"
            n += 1
        ids.append(rid)
        where = {"start": s.start, "end": s.end}
        out.append(
            {
                "id": rid,
                "from_name": LABEL_TAG,
                "to_name": TEXT_TAG,
                "type": "labels",
                "origin": "manual",
                "value": {**where, "text": s.text, "labels": [s.label]},
            }
        )
        if s.verdict:
            out.append(
                {
                    "id": rid,
                    "from_name": VERDICT_TAG,
                    "to_name": TEXT_TAG,
                    "type": "choices",
                    "origin": "manual",
                    "value": {**where, "choices": [s.verdict]},
                }
            )
        if s.note:
            out.append(
                {
                    "id": rid,
                    "from_name": NOTE_TAG,
                    "to_name": TEXT_TAG,
                    "type": "textarea",
                    "origin": "manual",
                    "value": {**where, "text": [s.note]},
                }
            )
    for r in relations:
        out.append(
            {
                "type": "relation",
                "from_id": ids[r.from_index],
                "to_id": ids[r.to_index],
                "direction": "right",
                "labels": [r.kind],
            }
        )
    return out


def task(article: ExportArticle, scope: str) -> dict[str, Any]:
    data = {"text": article.text, "article_id": article.id, "title": article.title}
    if scope != ANNOTATORS:
        return {
            "data": data,
            "meta": {"scope": scope},
            "annotations": [
                {"result": result(article.spans, article.relations), "ground_truth": True}
            ],
        }
    annotations, names = [], []
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(article.spans):
        positions.setdefault(s.annotator, []).append(i)
    for name, spans in per_annotator(article):
        local = {i: j for j, i in enumerate(positions.get(name, []))}
        rels = [
            ExportRelation(local[r.from_index], local[r.to_index], r.kind)
            for r in article.relations
            if r.from_index in local and r.to_index in local
        ]
        annotations.append({"result": result(spans, rels), "ground_truth": False})
        names.append(name)
    return {"data": data, "meta": {"scope": scope, "annotators": names}, "annotations": annotations}


@register(
    "labelstudio",
    suffix=".labelstudio.json",
    description="Label Studio JSON tasks with annotations",
)
def write_labelstudio(
    articles: Iterable[ExportArticle], out: BinaryIO, scope: str
) -> dict[str, int]:
    counts = {"tasks": 0, "annotations": 0, "spans": 0}
    out.write(b"[")
    for a in articles:
        t = task(a, scope)
        out.write(b"\n" if counts["tasks"] == 0 else b",\n")
        out.write(json.dumps(t, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        counts["tasks"] += 1
        counts["annotations"] += len(t["annotations"])
        counts["spans"] += len(a.spans)
    out.write(b"\n]\n")
    return counts
