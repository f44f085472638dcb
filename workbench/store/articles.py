"""Store functions for articles and their segments. Keyword-only, explicit session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from workbench.arabic.segments import segments
from workbench.arabic.stored import text_sha256
from workbench.errors import InputError, NotFound
from workbench.records import Record
from workbench.store.models import Article, Segment


@dataclass(frozen=True)
class Stored:
    article: Article
    created: bool
    paragraphs: int


def add_articles(*, session: Session, records: Sequence[Record]) -> list[Stored | InputError]:
    """Store each record that is new, with its segments; a text already stored is left as it
    is. Returns one result per record, in order. Nothing is committed here."""
    shas = [text_sha256(r.text) for r in records]
    existing = {
        a.sha256: a for a in session.exec(select(Article).where(col(Article.sha256).in_(set(shas))))
    }
    ids = {r.external_id for r in records}
    taken = {
        a.external_id: a
        for a in session.exec(select(Article).where(col(Article.external_id).in_(ids)))
    }
    seg_counts = _segment_counts(session, [a.id for a in existing.values() if a.id is not None])
    results: list[Stored | InputError] = []
    new: list[tuple[int, Article]] = []
    for n, (record, sha) in enumerate(zip(records, shas, strict=True)):
        if sha in existing:
            art = existing[sha]
            results.append(Stored(art, False, seg_counts.get(art.id or -1, 0)))
            continue
        if record.external_id in taken:
            results.append(
                InputError(
                    record.origin,
                    record.record_no,
                    f"field 'id': an article with id "
                    f"{record.external_id!r} is already stored with a different text",
                )
            )
            continue
        art = Article(
            external_id=record.external_id,
            title=record.title,
            source=record.source,
            url=record.url,
            published=record.published,
            text=record.text,
            sha256=sha,
        )
        existing[sha] = art
        taken[record.external_id] = art
        new.append((n, art))
        results.append(Stored(art, True, 0))
    if new:
        session.add_all([a for _, a in new])
        session.flush()
        rows = []
        for n, art in new:
            segs = segments(art.text)
            rows.extend(
                {"article_id": art.id, "idx": s.idx, "start": s.start, "end": s.end, "kind": s.kind}
                for s in segs
            )
            results[n] = Stored(art, True, len(segs))
        if rows:
            session.execute(insert(Segment), rows)
    return results


def _segment_counts(session: Session, article_ids: list[int]) -> dict[int, int]:
    if not article_ids:
        return {}
    stmt = (
        select(Segment.article_id, func.count())
        .where(col(Segment.article_id).in_(article_ids))
        .group_by(Segment.article_id)
    )
    return {aid: n for aid, n in session.exec(stmt)}


def get_article(*, session: Session, external_id: str) -> Article:
    art = session.exec(select(Article).where(Article.external_id == external_id)).first()
    if art is None:
        raise NotFound(f"no article with id {external_id!r}")
    return art


def list_articles(*, session: Session, external_ids: Sequence[str] | None = None) -> list[Article]:
    """Articles in ingest order; all of them when ``external_ids`` is None."""
    stmt = select(Article).order_by(col(Article.id))
    if external_ids is not None:
        stmt = stmt.where(col(Article.external_id).in_(list(external_ids)))
        found = list(session.exec(stmt))
        missing = set(external_ids) - {a.external_id for a in found}
        if missing:
            raise NotFound(f"no article with id {sorted(missing)[0]!r}")
        return found
    return list(session.exec(stmt))


def article_segments(*, session: Session, article_id: int) -> list[Segment]:
    stmt = select(Segment).where(Segment.article_id == article_id).order_by(col(Segment.idx))
    return list(session.exec(stmt))


def count_articles(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Article)).one())


def articles_by_id(*, session: Session, ids: Iterable[int]) -> list[Article]:
    """The articles with these database ids (missing ones are left out), in id order."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    stmt = select(Article).where(col(Article.id).in_(wanted)).order_by(col(Article.id))
    return list(session.exec(stmt))


def article_keys(
    *, session: Session, external_ids: Sequence[str] | None = None
) -> list[tuple[int, str]]:
    """``(id, external_id)`` of the articles in ingest order (all of them when
    ``external_ids`` is None), read as plain columns: no text is loaded."""
    stmt = select(Article.id, Article.external_id).order_by(col(Article.id))
    if external_ids is not None:
        stmt = stmt.where(col(Article.external_id).in_(list(external_ids)))
    rows = [(int(i), str(e)) for i, e in session.exec(stmt)]
    if external_ids is not None:
        missing = set(external_ids) - {e for _, e in rows}
        if missing:
            raise NotFound(f"no article with id {sorted(missing)[0]!r}")
    return rows


def article_texts(
    *, session: Session, ids: Iterable[int]
) -> list[tuple[int, str, str, date | None]]:
    """``(id, external_id, text, published)`` of the articles with these database ids, in id
    order, read as plain columns (what a check worker needs)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    stmt = (
        select(Article.id, Article.external_id, Article.text, Article.published)
        .where(col(Article.id).in_(wanted))
        .order_by(col(Article.id))
    )
    return [(int(i), e, t, p) for i, e, t, p in session.exec(stmt)]


def article_rows(*, session: Session) -> list[tuple[int, str, str, date | None, str, str]]:
    """Every article as plain columns ``(id, external_id, text, published, title, source)``,
    in id order (a corpus check reads them all; ORM objects would cost more than the text)."""
    stmt = select(
        Article.id,
        Article.external_id,
        Article.text,
        Article.published,
        Article.title,
        Article.source,
    ).order_by(col(Article.id))
    return [tuple(r) for r in session.exec(stmt)]  # type: ignore[misc]


def article_meta_rows(*, session: Session) -> list[tuple[int, str, date | None, str, str, int]]:
    """Every article's ``(id, external_id, published, title, source, characters)`` in id
    order, without its text: what a corpus check on a cluster needs in the client."""
    stmt = select(
        Article.id,
        Article.external_id,
        Article.published,
        Article.title,
        Article.source,
        func.length(Article.text),
    ).order_by(col(Article.id))
    return [(int(i), e, p, t, s, int(n or 0)) for i, e, p, t, s, n in session.exec(stmt)]
