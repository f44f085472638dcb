"""Derived data kept in the ``state`` table, each entry under a fingerprint of what it was
computed from, so a reader can tell at once whether it is still current.

An entry is one row: key ``cache:<name>``, value ``<fingerprint>\\n<payload>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.store.models import Annotation, Article, Finding, KeyValue, Review, Span

PREFIX = "cache:"

#: What a fingerprint can cover: each part is a cheap summary of one table.
PARTS = ("annotations", "articles", "findings", "reviews")


def _part(session: Session, part: str) -> list[tuple[object, ...]]:
    if part == "annotations":
        rows = session.exec(
            select(
                Annotation.id,
                Annotation.article_id,
                Annotation.annotator_id,
                Annotation.result_sha256,
                Annotation.ls_updated_at,
            ).order_by(col(Annotation.id))
        ).all()
        spans = session.exec(
            select(
                func.count(col(Span.id)),
                func.max(col(Span.id)),
                func.sum(col(Span.start)),
                func.sum(col(Span.end)),
                func.sum(func.length(col(Span.label))),
            )
        ).one()
        return [tuple(r) for r in rows] + [tuple(spans)]
    if part == "articles":
        return [
            tuple(
                session.exec(select(func.count(col(Article.id)), func.max(col(Article.id)))).one()
            )
        ]
    if part == "findings":
        rows = session.exec(
            select(
                Finding.status,
                func.count(col(Finding.id)),
                func.max(col(Finding.id)),
                func.max(col(Finding.last_seen)),
            )
            .group_by(col(Finding.status))
            .order_by(col(Finding.status))
        ).all()
        return [tuple(r) for r in rows]
    if part == "reviews":
        return [
            tuple(session.exec(select(func.count(col(Review.id)), func.max(col(Review.id)))).one())
        ]
    raise ValueError(f"unknown fingerprint part {part!r}: use {', '.join(PARTS)}")


def fingerprint(*, session: Session, parts: Sequence[str], extra: str = "") -> str:
    """A hash of the named tables' current content (ids, and what changes when a row does)
    and of ``extra`` (the settings the derived data depends on)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for part in parts:
        digest.update(f"\n{part}:".encode())
        for row in _part(session, part):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def read(*, session: Session, name: str) -> tuple[str, str] | None:
    """The entry ``name`` as (fingerprint, payload), or None."""
    row = session.get(KeyValue, PREFIX + name)
    if row is None or "\n" not in row.value:
        return None
    key, payload = row.value.split("\n", 1)
    return key, payload


def read_key(*, session: Session, name: str) -> str | None:
    """The fingerprint the entry ``name`` was computed from, without its payload."""
    row = session.exec(
        select(func.substr(col(KeyValue.value), 1, 64)).where(KeyValue.key == PREFIX + name)
    ).first()
    return row


def write(*, session: Session, name: str, key: str, payload: str) -> None:
    """Store ``payload`` as the entry ``name``, computed from data with fingerprint ``key``."""
    row = session.get(KeyValue, PREFIX + name)
    value = f"{key}\n{payload}"
    if row is None:
        session.add(KeyValue(key=PREFIX + name, value=value))
    else:
        row.value = value
        session.add(row)
