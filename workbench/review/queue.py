"""Building the queue from plain data: filtering and ordering, worst first. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from workbench.review.items import (
    DISAGREEMENT_CHECK,
    RANK,
    ArticleRef,
    FindingRef,
    QueueFilters,
    QueueItem,
    disagreement_item,
    finding_item,
)
from workbench.store.reviews import Decision


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
            return finding_item(self.raw, self.article, self.decision, f1)
        return disagreement_item(self.raw, self.article, self.decision, f1)


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
