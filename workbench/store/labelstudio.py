"""Store functions for Label Studio push and pull. Keyword-only, explicit session; nothing
is committed here (the caller's ``session_scope`` is the transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from workbench.errors import NotFound
from workbench.labelstudio.convert import ParsedResult
from workbench.store.models import (
    Annotation,
    Annotator,
    Article,
    Finding,
    KeyValue,
    PushedTask,
    QuarantinedSpan,
    Span,
    SpanRelation,
    utcnow,
)

PROJECT_KEY = "labelstudio.project_id"
PROJECT_URL_KEY = "labelstudio.project_url"


def get_state(*, session: Session, key: str) -> str | None:
    row = session.get(KeyValue, key)
    return row.value if row else None


def set_state(*, session: Session, key: str, value: str) -> None:
    row = session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value))
    else:
        row.value = value
        session.add(row)


# -- push -----------------------------------------------------------------------------------
def articles_for_push(*, session: Session, external_ids: Sequence[str] | None) -> list[Article]:
    """The named articles (all of them when ``external_ids`` is None), ordered by id."""
    query = select(Article).order_by(col(Article.id))
    if external_ids is None:
        return list(session.exec(query))
    found = list(session.exec(query.where(col(Article.external_id).in_(set(external_ids)))))
    missing = sorted(set(external_ids) - {a.external_id for a in found})
    if missing:
        raise NotFound(f"no article with id {', '.join(repr(m) for m in missing)}")
    return found


def open_findings(
    *, session: Session, article_ids: Iterable[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Open findings as plain dicts, grouped by article id (every article when None)."""
    query = select(Finding).where(Finding.status == "open").order_by(col(Finding.id))
    if article_ids is not None:
        query = query.where(col(Finding.article_id).in_(set(article_ids)))
    grouped: dict[int, list[dict[str, Any]]] = {}
    for f in session.exec(query):
        grouped.setdefault(f.article_id, []).append(
            {
                "check": f.check,
                "version": f.version,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "related": list(f.related or []),
                "message": f.message,
            }
        )
    return grouped


def pushed_tasks(*, session: Session, project_id: int) -> dict[int, PushedTask]:
    rows = session.exec(select(PushedTask).where(PushedTask.ls_project_id == project_id))
    return {r.article_id: r for r in rows}


def record_pushed(
    *,
    session: Session,
    project_id: int,
    article_id: int,
    task_id: int,
    text_sha256: str,
    predictions_sha256: str,
) -> None:
    row = session.exec(
        select(PushedTask).where(
            PushedTask.ls_project_id == project_id, PushedTask.article_id == article_id
        )
    ).first()
    row = row or PushedTask(
        article_id=article_id, ls_project_id=project_id, ls_task_id=task_id, text_sha256=text_sha256
    )
    row.ls_task_id, row.text_sha256 = task_id, text_sha256
    row.predictions_sha256, row.pushed_at = predictions_sha256, utcnow()
    session.add(row)


# -- pull -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredAnnotation:
    id: int
    ls_annotation_id: int
    result_sha256: str


def article_texts(*, session: Session, external_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """External id → (article id, stored text)."""
    ids = set(external_ids)
    rows = (
        session.exec(
            select(Article.id, Article.external_id, Article.text).where(
                col(Article.external_id).in_(ids)
            )
        )
        if ids
        else []
    )
    return {ext: (int(aid), text) for aid, ext, text in rows}


def annotators_by_email(*, session: Session, users: dict[int, str]) -> dict[int, int]:
    """Label Studio user id → annotator id, creating annotators (matched by email)."""
    known = {a.email: a for a in session.exec(select(Annotator))}
    mapping: dict[int, int] = {}
    for ls_id, email in users.items():
        row = known.get(email)
        if row is None:
            row = Annotator(email=email, name=email.split("@")[0], ls_user_id=ls_id)
        elif row.ls_user_id == ls_id:
            mapping[ls_id] = int(row.id)  # type: ignore[arg-type]
            continue
        row.ls_user_id = ls_id
        session.add(row)
        session.flush()
        known[email] = row
        mapping[ls_id] = int(row.id)  # type: ignore[arg-type]
    return mapping


def stored_annotations(*, session: Session, project_id: int) -> dict[int, StoredAnnotation]:
    rows = session.exec(
        select(Annotation.id, Annotation.ls_annotation_id, Annotation.result_sha256).where(
            Annotation.ls_project_id == project_id
        )
    )
    return {
        int(ls): StoredAnnotation(int(i), int(ls), sha) for i, ls, sha in rows if ls is not None
    }


def _clear_children(session: Session, annotation_ids: Sequence[int], ls_ids: Sequence[int]) -> None:
    if annotation_ids:
        session.execute(
            delete(SpanRelation).where(col(SpanRelation.annotation_id).in_(annotation_ids))
        )
        session.execute(delete(Span).where(col(Span.annotation_id).in_(annotation_ids)))
    if ls_ids:
        session.execute(
            delete(QuarantinedSpan).where(col(QuarantinedSpan.ls_annotation_id).in_(ls_ids))
        )


def delete_annotations(*, session: Session, stored: Sequence[StoredAnnotation]) -> None:
    """Remove annotations with their spans, relations and quarantined spans."""
    ids = [s.id for s in stored]
    _clear_children(session, ids, [s.ls_annotation_id for s in stored])
    if ids:
        session.execute(delete(Annotation).where(col(Annotation.id).in_(ids)))


@dataclass(frozen=True)
class AnnotationIn:
    article_id: int
    annotator_id: int
    project_id: int
    task_id: int
    ls_annotation_id: int
    created_at: datetime | None
    updated_at: datetime | None
    result_sha256: str
    parsed: ParsedResult


def write_annotations(
    *, session: Session, items: Sequence[AnnotationIn], replacing: dict[int, StoredAnnotation]
) -> None:
    """Insert new annotations, or replace older versions (``replacing`` by LS annotation id),
    with all their spans, relations and quarantined spans, in a few bulk statements."""
    old = [replacing[i.ls_annotation_id] for i in items if i.ls_annotation_id in replacing]
    # quarantine rows of every item go: a new one may have been held whole by an earlier pull
    _clear_children(session, [o.id for o in old], [i.ls_annotation_id for i in items])
    now = utcnow()
    rows = [
        dict(
            ls_annotation_id=item.ls_annotation_id,
            article_id=item.article_id,
            annotator_id=item.annotator_id,
            ls_project_id=item.project_id,
            ls_task_id=item.task_id,
            ls_created_at=item.created_at,
            ls_updated_at=item.updated_at,
            result_sha256=item.result_sha256,
            pulled_at=now,
        )
        for item in items
    ]
    ann_ids = {o.ls_annotation_id: o.id for o in old}
    changed = [
        {**r, "id": ann_ids[r["ls_annotation_id"]]}
        for r in rows
        if r["ls_annotation_id"] in ann_ids
    ]
    if changed:
        session.execute(update(Annotation), changed)
    fresh = [r for r in rows if r["ls_annotation_id"] not in ann_ids]
    if fresh:
        returned = session.execute(
            insert(Annotation).returning(
                Annotation.id, Annotation.ls_annotation_id, sort_by_parameter_order=True
            ),
            fresh,
        )
        ann_ids.update({int(ls): int(i) for i, ls in returned})
    span_rows = [
        dict(
            annotation_id=ann_ids[i.ls_annotation_id],
            region_id=s.region_id[:64],
            start=s.start,
            end=s.end,
            label=s.label,
            text=s.text,
            verdict=s.verdict,
            note=s.note,
        )
        for i in items
        for s in i.parsed.spans
    ]
    span_ids: dict[tuple[int, str], int] = {}
    if span_rows:
        returned = session.execute(
            insert(Span).returning(
                Span.id, Span.annotation_id, Span.region_id, sort_by_parameter_order=True
            ),
            span_rows,
        )
        for sid, aid, rid in returned:
            span_ids.setdefault((aid, rid), sid)
    rel_rows = []
    for item in items:
        aid = ann_ids[item.ls_annotation_id]
        for r in item.parsed.relations:
            rel_rows.append(
                dict(
                    annotation_id=aid,
                    from_span_id=span_ids[(aid, r.from_region[:64])],
                    to_span_id=span_ids[(aid, r.to_region[:64])],
                    kind=r.kind[:32],
                )
            )
    if rel_rows:
        session.execute(insert(SpanRelation), rel_rows)
    q_rows = _quarantine_rows(items, now)
    if q_rows:
        session.execute(insert(QuarantinedSpan), q_rows)


def _quarantine_rows(items: Sequence[AnnotationIn], now: datetime) -> list[dict[str, Any]]:
    """The ``quarantined_spans`` rows of what the annotations' results held aside."""
    return [
        dict(
            article_id=i.article_id,
            ls_task_id=i.task_id,
            ls_annotation_id=i.ls_annotation_id,
            region_id=q.region_id[:64],
            start=q.start,
            end=q.end,
            label=q.label[:32],
            text=q.text,
            reason=q.reason,
            created_at=now,
        )
        for i in items
        for q in i.parsed.quarantined
    ]


def hold_annotations(*, session: Session, items: Sequence[AnnotationIn]) -> None:
    """Quarantine whole annotations that cannot be stored (no known annotator): their
    quarantined rows replace any held before for the same Label Studio annotation."""
    ls_ids = [i.ls_annotation_id for i in items]
    if not ls_ids:
        return
    session.execute(
        delete(QuarantinedSpan).where(col(QuarantinedSpan.ls_annotation_id).in_(ls_ids))
    )
    rows = _quarantine_rows(items, utcnow())
    session.execute(insert(QuarantinedSpan), rows)


def quarantined_spans(
    *, session: Session, ls_annotation_ids: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    """Quarantined spans (of the given annotations, or all), as plain dicts."""
    query = (
        select(QuarantinedSpan, Article.external_id)
        .join(Article, col(Article.id) == col(QuarantinedSpan.article_id), isouter=True)
        .order_by(
            col(QuarantinedSpan.ls_task_id),
            col(QuarantinedSpan.ls_annotation_id),
            col(QuarantinedSpan.id),
        )
    )
    if ls_annotation_ids is not None:
        query = query.where(col(QuarantinedSpan.ls_annotation_id).in_(set(ls_annotation_ids)))
    return [
        {
            "article": ext,
            "task": q.ls_task_id,
            "annotation": q.ls_annotation_id,
            "region": q.region_id,
            "start": q.start,
            "end": q.end,
            "label": q.label,
            "text": q.text,
            "reason": q.reason,
        }
        for q, ext in session.exec(query)
    ]


def annotated_by_project(
    *, session: Session, project_ids: Iterable[int]
) -> dict[tuple[int, str], set[str]]:
    """For each (project id, annotator email): the external ids of the articles they have
    submitted annotations of (as last pulled)."""
    ids = set(project_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Annotation.ls_project_id, Annotator.email, Article.external_id)
        .join(Annotator, col(Annotator.id) == col(Annotation.annotator_id))
        .join(Article, col(Article.id) == col(Annotation.article_id))
        .where(col(Annotation.ls_project_id).in_(ids))
    )
    found: dict[tuple[int, str], set[str]] = {}
    for project_id, email, external_id in rows:
        found.setdefault((int(project_id), str(email).lower()), set()).add(str(external_id))
    return found
