"""Reading what the gold needs from the store, and adjudicating it (see :mod:`workbench.gold`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from workbench.exporters.model import ExportFinding
from workbench.gold import GoldResult, adjudicate, span_key
from workbench.store.annotations import AnnotationOut, annotations
from workbench.store.articles import list_articles
from workbench.store.engine import session_scope
from workbench.store.models import Article, Finding
from workbench.store.reviews import Decision, effective_decisions


@dataclass(frozen=True)
class ArticleGold:
    article_id: int
    external_id: str
    annotations: tuple[AnnotationOut, ...]
    gold: GoldResult


def _span_key_article(key: str) -> str:
    """The article part of a span key (``external_id`` or its ``sha1-`` form)."""
    return key.rsplit(":", 3)[0]


def decisions_by_article(
    decisions: Mapping[tuple[str, str], Decision], articles: Sequence[Article]
) -> dict[int, dict[tuple[str, str], Decision]]:
    """Each article's share of ``decisions``: its span decisions (found by key), and the
    disagreement decisions recorded on it or on no article."""
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for a in articles:
        assert a.id is not None
        by_prefix[_span_key_article(span_key(a.external_id, 0, 1, "x"))].append(a.id)
    out: dict[int, dict[tuple[str, str], Decision]] = {a.id or 0: {} for a in articles}
    loose: dict[tuple[str, str], Decision] = {}
    for key, d in decisions.items():
        if key[0] == "span":
            for aid in by_prefix.get(_span_key_article(key[1]), []):
                out[aid][key] = d
        elif key[0] == "disagreement":
            if d.article_id is None:
                loose[key] = d
            elif d.article_id in out:
                out[d.article_id][key] = d
    for share in out.values():
        share.update(loose)
    return out


def gold_for_session(
    *,
    session: Session,
    article_ids: Sequence[int] | None = None,
    rule: str = "unanimous",
    min_annotators: int = 2,
) -> list[ArticleGold]:
    """The gold of every article (or of ``article_ids``), in article id order; articles
    without annotations are included, with an empty gold and its reason."""
    stmt = select(Article).order_by(col(Article.id))
    if article_ids is not None:
        stmt = stmt.where(col(Article.id).in_(list(article_ids)))
    arts = list(session.exec(stmt))
    anns: dict[int, list[AnnotationOut]] = defaultdict(list)
    for a in annotations(session=session, article_ids=article_ids):
        anns[a.article_id].append(a)
    shares = decisions_by_article(effective_decisions(session=session), arts)
    out = []
    for art in arts:
        assert art.id is not None
        mine = anns.get(art.id, [])
        gold = adjudicate(
            mine,
            shares[art.id],
            rule=rule,
            text=art.text,
            external_id=art.external_id,
            min_annotators=min_annotators,
        )
        out.append(ArticleGold(art.id, art.external_id, tuple(mine), gold))
    return out


def gold_for_articles(
    engine: Engine,
    article_ids: Sequence[int] | None = None,
    *,
    rule: str = "unanimous",
    min_annotators: int = 2,
) -> list[ArticleGold]:
    """:func:`gold_for_session` in a short session of its own."""
    with session_scope(engine) as session:
        return gold_for_session(
            session=session, article_ids=article_ids, rule=rule, min_annotators=min_annotators
        )


# -- what an export reads ---------------------------------------------------------------------
@dataclass(frozen=True)
class SourceArticle:
    """An article with everything an export needs, as plain data."""

    article_id: int
    external_id: str
    title: str
    source: str
    url: str
    published: str  # ISO date or ""
    text: str
    annotations: tuple[AnnotationOut, ...]
    decisions: dict[tuple[str, str], Decision]
    findings: tuple[ExportFinding, ...]


def open_findings(
    *, session: Session, article_ids: Sequence[int]
) -> dict[int, list[ExportFinding]]:
    """Open findings per article, by position then check."""
    out: dict[int, list[ExportFinding]] = defaultdict(list)
    if not article_ids:
        return out
    stmt = (
        select(Finding)
        .where(col(Finding.article_id).in_(list(article_ids)), Finding.status == "open")
        .order_by(
            col(Finding.article_id),
            col(Finding.start),
            col(Finding.end),
            col(Finding.check),
            col(Finding.id),
        )
    )
    for f in session.exec(stmt):
        out[f.article_id].append(
            ExportFinding(f.check, f.severity, f.start, f.end, f.text, f.message, f.evidence)
        )
    return out


def export_source(
    *, session: Session, external_ids: Sequence[str] | None = None
) -> list[SourceArticle]:
    """Every article (or those named; an unknown id raises :class:`NotFound`) with its
    annotations, its share of the editors' decisions and its open findings, by article id."""
    arts = list_articles(session=session, external_ids=external_ids)
    ids = [a.id for a in arts if a.id is not None]
    anns: dict[int, list[AnnotationOut]] = defaultdict(list)
    for a in annotations(session=session, article_ids=ids if external_ids is not None else None):
        anns[a.article_id].append(a)
    shares = decisions_by_article(effective_decisions(session=session), arts)
    found = open_findings(session=session, article_ids=ids)
    return [
        SourceArticle(
            article_id=a.id or 0,
            external_id=a.external_id,
            title=a.title,
            source=a.source,
            url=a.url,
            published=a.published.isoformat() if a.published else "",
            text=a.text,
            annotations=tuple(anns.get(a.id or 0, ())),
            decisions=shares[a.id or 0],
            findings=tuple(found.get(a.id or 0, ())),
        )
        for a in arts
    ]
