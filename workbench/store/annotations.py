"""Reading (and, for fixtures and file imports, writing) annotations and their spans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.store.models import Annotation, Annotator, Article, Span, SpanRelation


@dataclass(frozen=True)
class SpanIn:
    start: int
    end: int
    label: str
    verdict: str | None = None
    note: str | None = None
    region_id: str = ""


@dataclass(frozen=True)
class RelationIn:
    """A relation between two spans of one annotation, by their index in its span list."""

    from_index: int
    to_index: int
    kind: str


class SpanOut(NamedTuple):
    """One stored span as read (a named tuple: a million are built when a whole store is
    read, several times faster than a frozen dataclass)."""

    id: int
    start: int
    end: int
    label: str
    text: str
    verdict: str | None
    note: str | None


@dataclass(frozen=True)
class AnnotationOut:
    annotation_id: int
    article_id: int
    external_id: str
    annotator: str
    length: int
    spans: tuple[SpanOut, ...]
    relations: tuple[tuple[int, int, str], ...] = field(default=())  # span ids


def get_or_create_annotator(*, session: Session, email: str, name: str = "") -> Annotator:
    found = session.exec(select(Annotator).where(Annotator.email == email)).first()
    if found is not None:
        return found
    annotator = Annotator(email=email, name=name or email.split("@")[0])
    session.add(annotator)
    session.flush()
    return annotator


def add_annotation(
    *,
    session: Session,
    article: Article,
    annotator_email: str,
    spans: Sequence[SpanIn],
    relations: Sequence[RelationIn] = (),
) -> Annotation:
    """Store one annotator's work on ``article`` (spans must slice the stored text)."""
    assert article.id is not None
    annotator = get_or_create_annotator(session=session, email=annotator_email)
    assert annotator.id is not None
    ann = Annotation(article_id=article.id, annotator_id=annotator.id)
    session.add(ann)
    session.flush()
    assert ann.id is not None
    rows = [
        Span(
            annotation_id=ann.id,
            region_id=s.region_id,
            start=s.start,
            end=s.end,
            label=s.label,
            text=article.text[s.start : s.end],
            verdict=s.verdict,
            note=s.note,
        )
        for s in spans
    ]
    session.add_all(rows)
    session.flush()
    for rel in relations:
        from_id, to_id = rows[rel.from_index].id, rows[rel.to_index].id
        assert from_id is not None and to_id is not None
        session.add(
            SpanRelation(
                annotation_id=ann.id, from_span_id=from_id, to_span_id=to_id, kind=rel.kind
            )
        )
    session.flush()
    return ann


def annotations(
    *, session: Session, article_ids: Sequence[int] | None = None, min_annotators: int = 1
) -> list[AnnotationOut]:
    """Every stored annotation with its spans and relations, for articles annotated by at
    least ``min_annotators`` different annotators; ordered by article, then annotator.

    Reads plain columns (no ORM objects): this feeds agreement over whole corpora."""
    stmt = (
        select(
            Annotation.id,
            Annotation.article_id,
            Annotator.email,
            Article.external_id,
            func.length(Article.text),
        )
        .join(Annotator, col(Annotator.id) == col(Annotation.annotator_id))
        .join(Article, col(Article.id) == col(Annotation.article_id))
        .order_by(col(Annotation.article_id), col(Annotator.email), col(Annotation.id))
    )
    if article_ids is not None:
        stmt = stmt.where(col(Annotation.article_id).in_(list(article_ids)))
    # Core rows through the session's connection: the ORM's row loading costs a third more
    # over a million spans and builds nothing used here
    conn = session.connection()
    rows = conn.execute(stmt).all()
    per_article: dict[int, set[str]] = defaultdict(set)
    for _, article_id, email, _, _ in rows:
        per_article[article_id].add(email)
    keep = [r for r in rows if len(per_article[r[1]]) >= min_annotators]
    spans: dict[int, list[SpanOut]] = defaultdict(list)
    rels: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    if keep:
        span_stmt = select(
            Span.annotation_id,
            Span.id,
            Span.start,
            Span.end,
            Span.label,
            Span.text,
            Span.verdict,
            Span.note,
        ).order_by(col(Span.annotation_id), col(Span.start), col(Span.end), col(Span.id))
        rel_stmt = select(
            SpanRelation.annotation_id,
            SpanRelation.from_span_id,
            SpanRelation.to_span_id,
            SpanRelation.kind,
        ).order_by(col(SpanRelation.id))
        if article_ids is not None or len(keep) < len(rows):
            ids = [r[0] for r in keep]
            span_stmt = span_stmt.where(col(Span.annotation_id).in_(ids))
            rel_stmt = rel_stmt.where(col(SpanRelation.annotation_id).in_(ids))
        # one string object per distinct label and verdict (the driver makes one per row:
        # a million spans would hold a million copies of each)
        same: dict[str | None, str | None] = {}
        one = same.setdefault
        new = tuple.__new__  # SpanOut(...) without its Python-level __new__
        for ann_id, sid, start, end, label, text, verdict, note in conn.execute(span_stmt):
            spans[ann_id].append(
                new(
                    SpanOut, (sid, start, end, one(label, label), text, one(verdict, verdict), note)
                )
            )
        for ann_id, from_id, to_id, kind in conn.execute(rel_stmt):
            rels[ann_id].append((from_id, to_id, kind))
    return [
        AnnotationOut(
            ann_id, article_id, ext, email, length, tuple(spans[ann_id]), tuple(rels[ann_id])
        )
        for ann_id, article_id, email, ext, length in keep
    ]


def agreement_docs(session: Session, *, article_ids: Sequence[int] | None = None):  # type: ignore[no-untyped-def]
    """Annotations of articles with two or more annotators, as the agreement package's
    ``AnnotatedDoc`` records (one per annotator and article)."""
    from workbench.agreement.model import docs_from_annotations

    return docs_from_annotations(
        annotations(session=session, article_ids=article_ids, min_annotators=2)
    )
