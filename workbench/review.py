"""The review queue: what an editor still has to decide, and the decisions themselves.

One function per user action, called by both the CLI (``workbench review``) and the
dashboard. Items are of two kinds:

- a **finding** a check still reports (status ``open``), decided by ``confirm`` or ``dismiss``;
- a **disagreement** among annotators (from :mod:`workbench.agreement`), decided by ``gold``
  (the editor's label and boundaries) or ``reject`` (no span there).

Each item has a stable id, usable as a deep link: ``f-<finding id>`` or
``d-<article id>-<disagreement key>``. Decisions go to the append-only review log
(:mod:`workbench.store.reviews`): nothing is overwritten and an undo is a new row.

Worst first: items are ordered by :data:`RANK` (higher first), then by the agreement of their
article (lowest first, when known), then article and position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workbench.errors import InputError, NotFound
from workbench.store import session_scope
from workbench.store.articles import list_articles
from workbench.store.reviews import (
    DECISIONS,
    Decision,
    effective_decisions,
    record_decision,
    review_log,
    undo_decision,
)

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


def _review_out(r: Any) -> ReviewOut:
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


def open_findings(session: Session, article_ids: Sequence[int] | None = None) -> list[FindingRef]:
    """The findings the checks still report, as plain data."""
    from workbench.store.findings import open_findings as store_open

    if article_ids is None:
        return [FindingRef.of(f) for f in store_open(session=session)]
    return [
        FindingRef.of(f) for aid in article_ids for f in store_open(session=session, article_id=aid)
    ]


def article_refs(session: Session, ids: set[int] | None = None) -> dict[int, ArticleRef]:
    """Articles by database id: all of them, or those in ``ids``."""
    if ids is None or len(ids) > 50:  # one query for all beats one per article
        arts = list_articles(session=session)
    else:
        from workbench.store.models import Article

        arts = [a for a in (session.get(Article, i) for i in sorted(ids)) if a is not None]
    return {
        a.id: ArticleRef(a.id, a.external_id, a.title, a.text)
        for a in arts
        if a.id is not None and (ids is None or a.id in ids)
    }


def disagreements(
    session: Session, article_ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """The annotators' disagreements on the given articles (all when None)."""
    from workbench.agreement.corpus import build_corpus
    from workbench.agreement.disagreements import find_disagreements
    from workbench.store.annotations import agreement_docs

    docs = agreement_docs(session, article_ids=article_ids)
    return find_disagreements(build_corpus(docs)) if docs else []


def _finding_item(
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


def _disagreement_item(
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


def _annotators_of(d: Mapping[str, Any]) -> list[str]:
    raw = d.get("annotations", [])
    if isinstance(raw, Mapping):
        return [str(k) for k in raw]
    return [a["annotator"] for a in raw]


class _Candidate(NamedTuple):
    sort_key: tuple[Any, ...]
    kind: str
    raw: Any  # FindingRef or a disagreement dict
    article: ArticleRef
    decision: Decision | None

    def item(self, f1: float | None) -> QueueItem:
        if self.kind == "finding":
            return _finding_item(self.raw, self.article, self.decision, f1)
        return _disagreement_item(self.raw, self.article, self.decision, f1)


def _candidates(
    findings: Sequence[FindingRef],
    disagreements: Sequence[Mapping[str, Any]],
    articles: Mapping[int, ArticleRef],
    decisions: Mapping[tuple[str, str], Decision],
    f: QueueFilters,
    f1s: Mapping[str, float | None],
) -> list[_Candidate]:
    """Matching items, unmaterialised, worst first (cheap even for 100,000 items)."""

    def wanted(decision: Decision | None) -> bool:
        return f.status == "all" or (decision is None) == (f.status == "open")

    out: list[_Candidate] = []
    if (
        f.kind in (None, "finding")
        and f.check != DISAGREEMENT_CHECK
        and not (f.label or f.annotator)
    ):
        for x in findings:
            if f.check and x.check != f.check:
                continue
            art = articles.get(x.article_id)
            if art is None or (f.article and art.external_id != f.article):
                continue
            dec = decisions.get(("finding", str(x.id)))
            if not wanted(dec):
                continue
            f1 = f1s.get(art.external_id)
            rank = RANK.get(("finding", x.severity), 1)
            key = (-rank, 2.0 if f1 is None else f1, art.id, x.start, x.end, 0, x.id)
            out.append(_Candidate(key, "finding", x, art, dec))
    if f.kind in (None, "disagreement") and f.check in (None, DISAGREEMENT_CHECK):
        by_ext = {a.external_id: a for a in articles.values()}
        for d in disagreements:
            if f.article and d["doc"] != f.article:
                continue
            if f.label and f.label not in d["labels"]:
                continue
            if f.annotator and f.annotator not in _annotators_of(d):
                continue
            art = by_ext.get(d["doc"])
            if art is None:
                continue
            dec = decisions.get(("disagreement", d["key"]))
            if not wanted(dec):
                continue
            f1 = f1s.get(d["doc"])
            rank = RANK.get(("disagreement", d["kind"]), 1)
            key = (-rank, 2.0 if f1 is None else f1, art.id, d["start"], d["end"], 1, d["key"])
            out.append(_Candidate(key, "disagreement", d, art, dec))
    out.sort()
    return out


def build_queue(
    *,
    findings: Sequence[FindingRef],
    disagreements: Sequence[Mapping[str, Any]],
    articles: Mapping[int, ArticleRef],
    decisions: Mapping[tuple[str, str], Decision],
    filters: QueueFilters | None = None,
    f1_by_doc: Mapping[str, float | None] | None = None,
    limit: int | None = None,
) -> list[QueueItem]:
    """The queue from plain data (pure): items matching ``filters``, worst first; only the
    first ``limit`` when given."""
    f1s = f1_by_doc or {}
    found = _candidates(
        findings, disagreements, articles, decisions, filters or QueueFilters(), f1s
    )
    return [c.item(f1s.get(c.article.external_id)) for c in found[:limit]]


def count_queue(
    *,
    findings: Sequence[FindingRef],
    disagreements: Sequence[Mapping[str, Any]],
    articles: Mapping[int, ArticleRef],
    decisions: Mapping[tuple[str, str], Decision],
    filters: QueueFilters | None = None,
) -> dict[str, int]:
    """How many items match ``filters``, by check (disagreements under "disagreement")."""
    counts: dict[str, int] = {}
    for c in _candidates(
        findings, disagreements, articles, decisions, filters or QueueFilters(), {}
    ):
        check = c.raw.check if c.kind == "finding" else DISAGREEMENT_CHECK
        counts[check] = counts.get(check, 0) + 1
    return counts


def f1_by_document(agreement: Mapping[str, Any] | None) -> dict[str, float | None]:
    """Overlap F1 of each compared article in an agreement report."""
    if not agreement:
        return {}
    return {r["doc"]: r.get("f1_overlap") for r in agreement.get("per_document", [])}


def review_queue(
    engine: Engine,
    filters: QueueFilters | None = None,
    *,
    agreement: Mapping[str, Any] | None = None,
) -> list[QueueItem]:
    """Every open finding and every disagreement matching ``filters``, worst first.

    ``agreement`` is a report from :func:`workbench.agreement.compute_agreement` over the
    store's annotations, when the caller has one (its disagreements and per-article F1 are
    used); without it the disagreements are computed here."""
    f = filters or QueueFilters()
    with session_scope(engine) as session:
        ids: list[int] | None = None
        if f.article:
            ids = [
                a.id
                for a in list_articles(session=session, external_ids=[f.article])
                if a.id is not None
            ]
        found = open_findings(session, ids)
        if agreement is not None:
            dis = list(agreement.get("disagreements", []))
        else:
            dis = disagreements(session, ids)
        wanted = {x.article_id for x in found} | set(ids or [])
        arts = article_refs(session) if dis and ids is None else article_refs(session, wanted)
        return build_queue(
            findings=found,
            disagreements=dis,
            articles=arts,
            decisions=effective_decisions(session=session),
            filters=f,
            f1_by_doc=f1_by_document(agreement),
        )


def get_item(engine: Engine, item_id: str) -> QueueItem:
    """The item named by a deep-link id, decided or not."""
    kind, article_id, key = parse_item_id(item_id)
    with session_scope(engine) as session:
        return _get_item(session, kind, article_id, key, item_id)


def _get_item(
    session: Session, kind: str, article_id: int | None, key: str, item_id: str
) -> QueueItem:
    decisions = effective_decisions(session=session, target_type=kind)
    if kind == "finding":
        from workbench.store.models import Finding

        f = session.get(Finding, int(key))
        if f is None:
            raise NotFound(f"no review item {item_id!r}")
        art = article_refs(session, {f.article_id})[f.article_id]
        return _finding_item(FindingRef.of(f), art, decisions.get((kind, key)), None)
    assert article_id is not None
    arts = article_refs(session, {article_id})
    if article_id not in arts:
        raise NotFound(f"no review item {item_id!r}: no article {article_id}")
    for d in disagreements(session, [article_id]):
        if d["key"] == key:
            return _disagreement_item(d, arts[article_id], decisions.get((kind, key)), None)
    raise NotFound(f"no review item {item_id!r}: the annotators no longer disagree there")


# --- deciding --------------------------------------------------------------------------


def decide(
    engine: Engine,
    item_id: str,
    editor: str,
    decision: str,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    note: str | None = None,
) -> ReviewOut:
    """Record ``editor``'s ``decision`` on the item ``item_id`` (a new review row; the
    decision it supersedes is kept in ``previous``).

    For a finding: ``confirm`` or ``dismiss``. For a disagreement: ``gold`` with ``label``,
    ``start`` and ``end`` (code points into the article text), or ``reject``."""
    kind, article_id, key = parse_item_id(item_id)
    note = (note or "").strip() or None
    with session_scope(engine) as session:
        item = _get_item(session, kind, article_id, key, item_id)
        if decision not in item.decisions:
            allowed = " or ".join(item.decisions)
            raise InputError(
                "review", item_id, f"a {kind} is decided by {allowed}, not {decision!r}"
            )
        if decision == "gold":
            label = (label or "").strip() or None
            if label is None:
                raise InputError("review", item_id, "a gold decision needs a label")
            if start is None or end is None:
                start, end = item.start, item.end
            text = article_refs(session, {item.article_id})[item.article_id].text
            if not (0 <= start < end <= len(text)):
                raise InputError(
                    "review",
                    item_id,
                    f"boundaries [{start}, {end}) must satisfy 0 <= start < end <= {len(text)}",
                )
        else:
            label, start, end = None, None, None
        row = record_decision(
            session=session,
            editor=editor,
            target_type=kind,
            target_key=key,
            decision=decision,
            article_id=item.article_id,
            label=label,
            start=start,
            end=end,
            note=note,
        )
        return _review_out(row)


def undo(engine: Engine, review_id: int, editor: str) -> ReviewOut:
    """Take back the decision ``review_id`` (it must be the one in force for its item):
    a new ``undo`` row; the item's previous decision, if any, is in force again."""
    with session_scope(engine) as session:
        return _review_out(undo_decision(session=session, editor=editor, review_id=review_id))


def history(engine: Engine, *, article_id: int | None = None, limit: int = 50) -> list[ReviewOut]:
    """The latest review rows, newest first."""
    with session_scope(engine) as session:
        rows = review_log(session=session, article_id=article_id)
    return [_review_out(r) for r in reversed(rows[-limit:])] if limit else []


def item_id_of(review: ReviewOut) -> str:
    """The deep-link id of the item a review row is about."""
    if review.target_type == "finding":
        return finding_item_id(int(review.target_key))
    return disagreement_item_id(review.article_id or 0, review.target_key)
