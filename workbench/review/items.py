"""Review items as plain data: filters, queue items, review rows, deep-link ids, and how a
finding or a disagreement becomes an item. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbench.errors import InputError, NotFound
from workbench.store.reviews import DECISIONS, Decision

#: How bad an item is: (kind, severity or disagreement kind) -> rank; higher comes first.
RANK: dict[tuple[str, str], int] = {
    ("finding", "error"): 5,
    ("disagreement", "label"): 4,
    ("finding", "warning"): 3,
    ("disagreement", "missing"): 3,
    ("disagreement", "boundary"): 2,
    ("finding", "info"): 1,
}
STATUSES = ("open", "decided", "all")
KINDS = ("finding", "disagreement")
#: The pseudo check name under which disagreements are filtered and counted.
DISAGREEMENT_CHECK = "disagreement"


@dataclass(frozen=True)
class QueueFilters:
    """Which items to list. ``None`` means any."""

    kind: str | None = None  # finding or disagreement
    check: str | None = None  # a check name, or "disagreement"
    label: str | None = None  # a label some annotator gave (disagreements only)
    article: str | None = None  # an article's external id
    annotator: str | None = None  # an annotator of the article (disagreements only)
    status: str = "open"  # open (no decision in force), decided, or all

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError("filters", None, f"status must be one of {', '.join(STATUSES)}")
        if self.kind is not None and self.kind not in KINDS:
            raise InputError("filters", None, f"kind must be one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class QueueItem:
    id: str  # deep-link id: f-<finding id> or d-<article id>-<key>
    kind: str  # finding or disagreement
    target_key: str  # the review log's key: finding id or disagreement key
    article_id: int
    article: str  # external id
    title: str
    start: int
    end: int
    text: str  # the passage, article.text[start:end]
    check: str  # check name, or "disagreement"
    category: str  # severity of a finding, or kind of a disagreement (missing/label/boundary)
    message: str
    rank: int
    labels: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    #: who marked what, for a disagreement: [{"annotator", "spans": [{start, end, label}]}]
    annotations: tuple[dict[str, Any], ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)
    related: tuple[dict[str, Any], ...] = ()
    article_agreement: float | None = None  # overlap F1 of the article
    decision: dict[str, Any] | None = None  # the decision in force, if any

    @property
    def target_type(self) -> str:
        return self.kind

    @property
    def status(self) -> str:
        return "open" if self.decision is None else "decided"

    @property
    def decisions(self) -> tuple[str, ...]:
        return DECISIONS[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "check": self.check,
            "category": self.category,
            "message": self.message,
            "rank": self.rank,
            "labels": list(self.labels),
            "annotators": list(self.annotators),
            "annotations": list(self.annotations),
            "evidence": self.evidence,
            "article_agreement": self.article_agreement,
            "decision": self.decision,
        }


@dataclass(frozen=True)
class ReviewOut:
    """One row of the review log, as plain data."""

    id: int
    created_at: datetime
    editor: str
    target_type: str
    target_key: str
    decision: str
    article_id: int | None
    label: str | None
    start: int | None
    end: int | None
    note: str | None
    previous: dict[str, Any]
    undoes_id: int | None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["created_at"] = self.created_at.isoformat()
        return out


def review_out(r: Any) -> ReviewOut:
    return ReviewOut(
        r.id,
        r.created_at,
        r.editor,
        r.target_type,
        r.target_key,
        r.decision,
        r.article_id,
        r.label,
        r.start,
        r.end,
        r.note,
        dict(r.previous or {}),
        r.undoes_id,
    )


def finding_item_id(finding_id: int) -> str:
    return f"f-{finding_id}"


def disagreement_item_id(article_id: int, key: str) -> str:
    return f"d-{article_id}-{key}"


def parse_item_id(item_id: str) -> tuple[str, int | None, str]:
    """``(kind, article id or None, target key)`` of a deep-link id."""
    raw = item_id.strip()
    if raw.startswith("f-") and raw[2:].isdigit():
        return "finding", None, raw[2:]
    if raw.startswith("d-"):
        aid, _, key = raw[2:].partition("-")
        if aid.isdigit() and key:
            return "disagreement", int(aid), key
    raise NotFound(f"no review item {item_id!r} (ids look like f-12 or d-3-0a1b2c3d4e5f)")


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleRef:
    """What the queue needs of an article."""

    id: int
    external_id: str
    title: str
    text: str


@dataclass(frozen=True)
class FindingRef:
    """What the queue needs of an open finding (plain data, cheap to cache)."""

    id: int
    article_id: int
    check: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    related: tuple[dict[str, Any], ...] = ()

    @classmethod
    def of(cls, f: Any) -> FindingRef:
        return cls(
            f.id,
            f.article_id,
            f.check,
            f.severity,
            f.start,
            f.end,
            f.text,
            f.message,
            dict(f.evidence or {}),
            tuple(dict(r) for r in (f.related or [])),
        )


def who_said(d: Mapping[str, Any]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``[(annotator, [(start, end, label), ...]), ...]`` of a disagreement, sorted by
    annotator (accepts the agreement report's list-of-dicts and mapping shapes)."""
    raw = d.get("annotations", [])
    pairs: list[tuple[str, Any]]
    if isinstance(raw, Mapping):
        pairs = list(raw.items())
    else:
        pairs = [(a["annotator"], a["spans"]) for a in raw]
    out = []
    for name, spans in pairs:
        triples = [
            (s["start"], s["end"], s["label"]) if isinstance(s, Mapping) else tuple(s)
            for s in spans
        ]
        out.append((str(name), sorted((int(a), int(b), str(c)) for a, b, c in triples)))
    return sorted(out)


def finding_item(
    f: FindingRef, art: ArticleRef, decision: Decision | None, f1: float | None
) -> QueueItem:
    return QueueItem(
        id=finding_item_id(f.id),
        kind="finding",
        target_key=str(f.id),
        article_id=f.article_id,
        article=art.external_id,
        title=art.title,
        start=f.start,
        end=f.end,
        text=f.text,
        check=f.check,
        category=f.severity,
        message=f.message,
        rank=RANK.get(("finding", f.severity), 1),
        evidence=f.evidence,
        related=f.related,
        article_agreement=f1,
        decision=decision.state() if decision else None,
    )


def disagreement_item(
    d: Mapping[str, Any], art: ArticleRef, decision: Decision | None, f1: float | None
) -> QueueItem:
    said = who_said(d)
    who = ", ".join(
        f"{name.split('@')[0]}: " + (" + ".join(s[2] for s in spans) or "nothing")
        for name, spans in said
    )
    return QueueItem(
        id=disagreement_item_id(art.id, d["key"]),
        kind="disagreement",
        target_key=d["key"],
        article_id=art.id,
        article=art.external_id,
        title=art.title,
        start=d["start"],
        end=d["end"],
        text=art.text[d["start"] : d["end"]],
        check=DISAGREEMENT_CHECK,
        category=d["kind"],
        message=f"{d['kind']} disagreement — {who}",
        rank=RANK.get(("disagreement", d["kind"]), 1),
        labels=tuple(d["labels"]),
        annotators=tuple(name for name, _ in said),
        annotations=tuple(
            {"annotator": name, "spans": [{"start": a, "end": b, "label": c} for a, b, c in spans]}
            for name, spans in said
        ),
        article_agreement=f1,
        decision=decision.state() if decision else None,
    )
