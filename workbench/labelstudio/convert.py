"""Pure conversions between the store's plain data and Label Studio's JSON.

Push side: an article and its open findings become a task and a prediction. Pull side: an
annotation's ``result`` becomes spans, relations and quarantined spans, every span checked
against the stored text (``text[start:end]`` must equal the span's text).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LABELS = ("fact", "claim", "duplicate", "opinion")
RELATIONS = ("duplicate_of", "contradicts", "supports")
VERDICTS = ("true", "false", "misleading", "unverifiable")
LABEL_TAG, VERDICT_TAG, NOTE_TAG, TEXT_TAG = "label", "verdict", "note", "text"
UNLABELLED_RELATION = "unlabelled"

#: Which findings become pre-labelled spans; the others are not suggested as spans.
FINDING_LABELS: Mapping[str, str] = {"repeated_passage": "duplicate"}
#: Words that mark the writer's own commentary (an opinion).
OPINION_CUES = ("يمكننا", "نشهد", "يخفى", "أعتقد", "نعتقد", "أرى", "نرى", "يبدو", "لعل")
#: Words that introduce an attributed statement (a claim) rather than the article's own.
ATTRIBUTION_CUES = ("قال", "قالت", "ذكر", "ذكرت", "أضاف", "بحسب", "وفق", "نقلت", "أفاد", "أكد")


#: A task whose data carries this key set to true is a practice copy: pull leaves it alone.
PRACTICE_KEY = "practice"


def task_article_id(data: Mapping[str, Any], project_id: int, task_id: int) -> str:
    """The external id of a task's article: its ``article_id``, or for a task of an adopted
    project that has none, ``labelstudio-<project>-task-<task>``."""
    return str(data.get("article_id") or f"labelstudio-{project_id}-task-{task_id}")


def sha256_json(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def task_data(*, external_id: str, title: str, text: str) -> dict[str, str]:
    """The task's data: the stored text exactly, and the article id to map it back."""
    return {"text": text, "article_id": external_id, "title": title}


def guess_label(text: str) -> str:
    """A suggestion for an original passage: attributed → claim, first-person commentary →
    opinion, otherwise fact."""
    words = {w.strip('،,.:“”"«»()') for w in text.split()[:12]}
    words |= {w[1:] for w in words if w.startswith("و")}
    if words & set(ATTRIBUTION_CUES):
        return "claim"
    return "opinion" if words & set(OPINION_CUES) else "fact"


def _region_id(start: int, end: int) -> str:
    return "wb" + hashlib.sha1(f"{start}:{end}".encode()).hexdigest()[:8]


def _region(text: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {
        "id": _region_id(start, end),
        "from_name": LABEL_TAG,
        "to_name": TEXT_TAG,
        "type": "labels",
        "origin": "prediction",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def prediction(
    text: str, findings: Iterable[Mapping[str, Any]], version: str
) -> dict[str, Any] | None:
    """One prediction from an article's open findings, or None when nothing is suggested.

    A repeated passage becomes a ``duplicate`` span with a ``duplicate_of`` relation to its
    original (``related[0]``), which is suggested as a claim or a fact."""
    regions: dict[tuple[int, int], dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    for f in sorted(findings, key=lambda f: (f["start"], f["end"], f["check"])):
        label = FINDING_LABELS.get(f["check"])
        start, end = int(f["start"]), int(f["end"])
        if label is None or not 0 <= start < end <= len(text):
            continue
        regions.setdefault((start, end), _region(text, start, end, label))
        related = f.get("related") or []
        if label == "duplicate" and related:
            o_start, o_end = int(related[0]["start"]), int(related[0]["end"])
            if not 0 <= o_start < o_end <= len(text) or (o_start, o_end) == (start, end):
                continue
            original = text[o_start:o_end]
            regions.setdefault(
                (o_start, o_end), _region(text, o_start, o_end, guess_label(original))
            )
            relations.append(
                {
                    "type": "relation",
                    "from_id": _region_id(start, end),
                    "to_id": _region_id(o_start, o_end),
                    "direction": "right",
                    "labels": ["duplicate_of"],
                }
            )
    if not regions:
        return None
    result = [regions[k] for k in sorted(regions)] + relations
    return {"model_version": version, "score": 1.0, "result": result}


# -- pull side ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpanIn:
    region_id: str
    start: int
    end: int
    label: str
    text: str
    verdict: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RelationIn:
    from_region: str
    to_region: str
    kind: str


@dataclass(frozen=True)
class QuarantineIn:
    region_id: str
    start: int | None
    end: int | None
    label: str
    text: str
    reason: str


@dataclass
class ParsedResult:
    spans: list[SpanIn] = field(default_factory=list)
    relations: list[RelationIn] = field(default_factory=list)
    quarantined: list[QuarantineIn] = field(default_factory=list)


#: Why a span or a whole annotation is held aside (the start of each reason).
NO_VALUE = "the result has no value"
NOT_AN_OBJECT = "the result item is not an object"
TEXT_CHANGED = "the task's text is no longer the stored article's"
UNKNOWN_USER = "no known annotator"


def same_evidence(evidence: str, span_text: Any) -> bool:
    """Whether a region's ``value.text`` is ``evidence``: exactly, or as Label Studio 1.23
    writes a selection across a line break (the line break as the two characters ``\\n``;
    its offsets are still exact code points)."""
    return span_text == evidence or (
        "\n" in evidence and span_text == evidence.replace("\n", "\\n")
    )


def _span_problem(value: Mapping[str, Any], text: str) -> str | None:
    start, end, labels = value.get("start"), value.get("end"), value.get("labels") or []
    if not isinstance(start, int) or not isinstance(end, int):
        return "offsets missing or not integers"
    if not 0 <= start < end <= len(text):
        return f"range [{start}, {end}) is empty or not inside the article (length {len(text)})"
    if not same_evidence(text[start:end], value.get("text")):
        return f"text[{start}:{end}] does not equal the span's text"
    if not isinstance(labels, list) or len(labels) != 1:
        return f"expected one label, got {len(labels) if isinstance(labels, list) else labels!r}"
    if labels[0] not in LABELS:
        return f"unknown label {labels[0]!r} (not in the labelling config)"
    return None


def _held(item: Any, reason: str) -> QuarantineIn:
    """A region (or anything else in a result) held aside as it came, with the reason."""
    item = item if isinstance(item, Mapping) else {}
    value = item.get("value") if isinstance(item.get("value"), Mapping) else {}
    labels = value.get("labels") if isinstance(value.get("labels"), list) else []
    start, end = value.get("start"), value.get("end")
    return QuarantineIn(
        region_id=str(item.get("id", ""))[:64],
        start=start if isinstance(start, int) else None,
        end=end if isinstance(end, int) else None,
        label=",".join(map(str, labels))[:32],
        text=str(value.get("text") or ""),
        reason=reason,
    )


def parse_result(result: Iterable[Any], text: str) -> ParsedResult:
    """Spans (with their verdicts and notes), relations and quarantined spans of a result.
    Never raises: whatever cannot be stored is quarantined with its reason."""
    parsed = ParsedResult()
    items: list[Mapping[str, Any]] = []
    for item in result if isinstance(result, list) else []:
        if isinstance(item, Mapping):
            items.append(item)
        else:
            parsed.quarantined.append(_held(item, f"{NOT_AN_OBJECT}: {str(item)[:60]!r}"))
    verdicts: dict[str, str] = {}
    notes: dict[str, str] = {}
    for item in items:
        rid, value = str(item.get("id", "")), item.get("value")
        if not isinstance(value, Mapping):
            continue
        if item.get("from_name") == VERDICT_TAG and value.get("choices"):
            verdicts[rid] = str(value["choices"][0])
        elif item.get("from_name") == NOTE_TAG and value.get("text") is not None:
            raw = value["text"]
            notes[rid] = "\n".join(map(str, raw)) if isinstance(raw, list) else str(raw)
    good: set[str] = set()
    for item in items:
        if item.get("type") != "labels" or item.get("from_name") != LABEL_TAG:
            continue
        rid, value = str(item.get("id", "")), item.get("value")
        if not isinstance(value, Mapping):
            parsed.quarantined.append(_held(item, NO_VALUE))
            continue
        problem = _span_problem(value, text)
        if problem is not None:
            parsed.quarantined.append(_held(item, problem))
            continue
        good.add(rid)
        parsed.spans.append(
            SpanIn(
                region_id=rid,
                start=value["start"],
                end=value["end"],
                label=value["labels"][0],
                text=text[value["start"] : value["end"]],
                verdict=verdicts.get(rid),
                note=notes.get(rid),
            )
        )
    for item in items:
        if item.get("type") != "relation":
            continue
        src, dst = str(item.get("from_id", "")), str(item.get("to_id", ""))
        raw_kinds = item.get("labels") if isinstance(item.get("labels"), list) else []
        kinds = [str(k) for k in raw_kinds] or [UNLABELLED_RELATION]
        if item.get("direction") == "left":
            src, dst = dst, src
        if src in good and dst in good:
            parsed.relations.extend(RelationIn(src, dst, k) for k in kinds)
            continue
        missing = ", ".join(r for r in (src, dst) if r not in good)
        parsed.quarantined.append(
            QuarantineIn(
                region_id=f"{src}->{dst}"[:64],
                start=None,
                end=None,
                label=",".join(kinds)[:32],
                text="",
                reason=f"relation not stored: its span {missing} is quarantined or missing",
            )
        )
    return parsed


def hold_all(result: Any, reason: str) -> ParsedResult:
    """Every region and relation of a result quarantined with one reason (an annotation that
    cannot be trusted as a whole); an empty result is held as one row, so it is seen."""
    items = result if isinstance(result, list) else []
    held = [
        _held(item, reason)
        for item in items
        if not isinstance(item, Mapping) or item.get("from_name") == LABEL_TAG
    ]
    held += [
        QuarantineIn(
            region_id=f"{item.get('from_id', '')}->{item.get('to_id', '')}"[:64],
            start=None,
            end=None,
            label=",".join(map(str, item.get("labels") or []))[:32],
            text="",
            reason=reason,
        )
        for item in items
        if isinstance(item, Mapping) and item.get("type") == "relation"
    ]
    return ParsedResult(quarantined=held or [_held({}, reason)])


def guidelines_html(markdown: str) -> str:
    """The guidelines as HTML for the project's instructions (markdown-it when available),
    every Arabic example isolated right to left (see :func:`isolate_arabic`)."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it comes with rich, typer's dependency
        return f"<pre style='white-space: pre-wrap'>{html.escape(markdown)}</pre>"
    return isolate_arabic(MarkdownIt("commonmark").enable("table").render(markdown))


_AR = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_EXAMPLE = re.compile(
    f"«[^«»]*[{_AR}][^«»]*»"  # a quoted example, with its guillemets
    f"|[{_AR}](?:[{_AR}0-9\\s/.,:;%“”…()\\-]*[{_AR}0-9)])?"  # or a bare Arabic run
)


def isolate_arabic(rendered: str) -> str:
    """Wrap each Arabic example of an English HTML text in ``<bdi dir="rtl">``, so the bidi
    algorithm neither moves its guillemets nor reorders its words around the English."""
    parts = re.split(r"(<[^>]*>)", rendered)
    for i in range(0, len(parts), 2):  # text between tags
        parts[i] = _ARABIC_EXAMPLE.sub(lambda m: f'<bdi dir="rtl">{m.group(0)}</bdi>', parts[i])
    # a list item that is nothing but an example becomes a right-to-left block of its own
    return _EXAMPLE_ITEM.sub(r'<li dir="rtl" style="text-align: right">\1</li>', "".join(parts))


_EXAMPLE_ITEM = re.compile(r'<li>\s*(<bdi dir="rtl">[^<]*</bdi>)\s*</li>')
