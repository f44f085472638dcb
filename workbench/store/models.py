"""Tables of the store. Only :mod:`workbench.store` opens sessions on them.

Every offset is a half-open ``[start, end)`` range of code points into ``Article.text``,
which never changes after ingest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(index=True, unique=True, max_length=255)
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    source: str = Field(default="", max_length=255)
    url: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    published: date | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Segment(SQLModel, table=True):
    """A paragraph or heading of an article: one line of the stored text."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("article_id", "idx"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    idx: int
    start: int
    end: int
    kind: str = Field(max_length=16)  # "heading" or "paragraph"


class Annotator(SQLModel, table=True):
    __tablename__ = "annotators"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=255)
    name: str = Field(default="", max_length=255)
    ls_user_id: int | None = None


class Annotation(SQLModel, table=True):
    """One annotator's submitted work on one article, as last pulled from Label Studio.

    Label Studio's annotation ids are unique per server, so the pair (project, annotation id)
    is what identifies one here."""

    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint(
            "ls_project_id", "ls_annotation_id", name="uq_annotations_project_annotation"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotators.id", index=True)
    ls_project_id: int | None = None
    ls_task_id: int | None = Field(default=None, index=True)
    ls_annotation_id: int | None = Field(default=None, index=True)
    ls_created_at: datetime | None = None
    ls_updated_at: datetime | None = None
    result_sha256: str = Field(default="", max_length=64)
    pulled_at: datetime = Field(default_factory=utcnow)


class Span(SQLModel, table=True):
    __tablename__ = "spans"

    id: int | None = Field(default=None, primary_key=True)
    annotation_id: int = Field(foreign_key="annotations.id", index=True, ondelete="CASCADE")
    region_id: str = Field(default="", max_length=64)
    start: int
    end: int
    label: str = Field(max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    verdict: str | None = Field(default=None, max_length=32)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class SpanRelation(SQLModel, table=True):
    __tablename__ = "span_relations"

    id: int | None = Field(default=None, primary_key=True)
    annotation_id: int = Field(foreign_key="annotations.id", index=True, ondelete="CASCADE")
    from_span_id: int = Field(foreign_key="spans.id", ondelete="CASCADE")
    to_span_id: int = Field(foreign_key="spans.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)  # duplicate_of, contradicts, supports


class QuarantinedSpan(SQLModel, table=True):
    """A pulled span whose offsets do not match the stored text: kept aside, never shifted."""

    __tablename__ = "quarantined_spans"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int | None = Field(default=None, foreign_key="articles.id", ondelete="CASCADE")
    ls_task_id: int | None = None
    ls_annotation_id: int | None = Field(default=None, index=True)
    region_id: str = Field(default="", max_length=64)
    start: int | None = None
    end: int | None = None
    label: str = Field(default="", max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Finding(SQLModel, table=True):
    """What a check reported on an article. ``fingerprint`` is stable across runs."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("article_id", "fingerprint"),
        Index("ix_findings_status_check", "status", "check"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    check: str = Field(max_length=64)
    version: str = Field(max_length=16)
    severity: str = Field(max_length=16)  # warning, info, error
    start: int
    end: int
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    related: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    message: str = Field(sa_column=Column(Text, nullable=False))
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fingerprint: str = Field(max_length=64)
    status: str = Field(default="open", max_length=16)  # open or resolved (no longer reported)
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class Review(SQLModel, table=True):
    """An editor's decision. Append-only: an undo is a new row that names the row it undoes."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_target", "target_type", "target_key"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    editor: str = Field(max_length=255)
    article_id: int | None = Field(default=None, foreign_key="articles.id", index=True)
    target_type: str = Field(max_length=16)  # finding, disagreement, span
    target_key: str = Field(max_length=128)  # finding id, disagreement key or span id
    decision: str = Field(max_length=16)  # confirm, dismiss, gold, reject, undo
    label: str | None = Field(default=None, max_length=32)
    start: int | None = None
    end: int | None = None
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    previous: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    undoes_id: int | None = Field(default=None, foreign_key="reviews.id")


class KeyValue(SQLModel, table=True):
    """Small pieces of remembered state, such as the Label Studio project id."""

    __tablename__ = "state"

    key: str = Field(primary_key=True, max_length=128)
    value: str = Field(sa_column=Column(Text, nullable=False))


class PushedTask(SQLModel, table=True):
    """What was last sent to Label Studio for an article, so a push sends only changes."""

    __tablename__ = "pushed_tasks"
    __table_args__ = (UniqueConstraint("ls_project_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    ls_project_id: int
    ls_task_id: int
    text_sha256: str = Field(max_length=64)
    predictions_sha256: str = Field(default="", max_length=64)
    pushed_at: datetime = Field(default_factory=utcnow)


class Editor(SQLModel, table=True):
    """An editor's dashboard account. Only an argon2 hash of the password is kept."""

    __tablename__ = "editors"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=120)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    last_login: datetime | None = None


class EditorSession(SQLModel, table=True):
    """A dashboard login. Keyed by the SHA-256 of the random session id the editor's
    browser session holds; the id itself is never stored."""

    __tablename__ = "editor_sessions"

    token_sha256: str = Field(primary_key=True, max_length=64)
    editor_id: int = Field(foreign_key="editors.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
