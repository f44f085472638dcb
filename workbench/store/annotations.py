"""Reading (and, for fixtures and file imports, writing) annotations and their spans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class SpanOut:
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
    least ``min_annotators`` different annotators; ordered by article, then annotator."""
    stmt = (
        select(Annotation, Annotator.email, Article.external_id, Article.text)
        .join(Annotator, col(Annotator.id) == col(Annotation.annotator_id))
        .join(Article, col(Article.id) == col(Annotation.article_id))
        .order_by(col(Annotation.article_id), col(Annotator.email), col(Annotation.id))
    )
    if article_ids is not None:
        stmt = stmt.where(col(Annotation.article_id).in_(list(article_ids)))
    rows = list(session.exec(stmt))
    per_article: dict[int, set[str]] = defaultdict(set)
    for ann, email, _, _ in rows:
        per_article[ann.article_id].add(email)
    keep = [r for r in rows if len(per_article[r[0].article_id]) >= min_annotators]
    ids = [r[0].id for r in keep]
    spans: dict[int, list[SpanOut]] = defaultdict(list)
    rels: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    if ids:
        for s in session.exec(
            select(Span)
            .where(col(Span.annotation_id).in_(ids))
            .order_by(col(Span.start), col(Span.end), col(Span.id))
        ):
            assert s.id is not None
            spans[s.annotation_id].append(
                SpanOut(s.id, s.start, s.end, s.label, s.text, s.verdict, s.note)
            )
        for r in session.exec(select(SpanRelation).where(col(SpanRelation.annotation_id).in_(ids))):
            rels[r.annotation_id].append((r.from_span_id, r.to_span_id, r.kind))
    return [
        AnnotationOut(
            ann.id or 0,
            ann.article_id,
            ext,
            email,
            len(text),
            tuple(spans[ann.id or 0]),
            tuple(rels[ann.id or 0]),
        )
        for ann, email, ext, text in keep
    ]


def agreement_docs(session: Session, *, article_ids: Sequence[int] | None = None):  # type: ignore[no-untyped-def]
    """Annotations of articles with two or more annotators, as the agreement package's
    ``AnnotatedDoc`` records (one per annotator and article)."""
    from workbench.agreement.model import AnnotatedDoc
    from workbench.agreement.model import Span as PlainSpan

    return [
        AnnotatedDoc(
            doc=a.external_id,
            annotator=a.annotator,
            length=a.length,
            spans=tuple(PlainSpan(s.start, s.end, s.label) for s in a.spans),
        )
        for a in annotations(session=session, article_ids=article_ids, min_annotators=2)
    ]
