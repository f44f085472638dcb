"""Editors' decisions: an append-only log. Nothing is overwritten; an undo is a new row that
names the decision it takes back, and the effective decision of a target is the latest one
not undone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from types import EllipsisType
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from workbench.errors import InputError, NotFound, ReviewConflict
from workbench.store.models import Review

TARGET_TYPES = ("finding", "disagreement", "span")
DECISIONS = {
    "finding": ("confirm", "dismiss"),
    "disagreement": ("gold", "reject"),
    "span": ("gold", "reject"),
}
UNDO = "undo"


@dataclass(frozen=True)
class Decision:
    """The effective decision on one target."""

    review_id: int
    target_type: str
    target_key: str
    decision: str
    editor: str
    label: str | None
    start: int | None
    end: int | None
    note: str | None
    article_id: int | None

    def state(self) -> dict[str, Any]:
        return {
            "review_id": self.review_id,
            "decision": self.decision,
            "editor": self.editor,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "note": self.note,
        }


def _as_decision(r: Review) -> Decision:
    assert r.id is not None
    return Decision(
        r.id,
        r.target_type,
        r.target_key,
        r.decision,
        r.editor,
        r.label,
        r.start,
        r.end,
        r.note,
        r.article_id,
    )


def fold(rows: Iterable[Review]) -> dict[tuple[str, str], list[Decision]]:
    """Replay the log (in id order): for each target, the stack of decisions in force."""
    stacks: dict[tuple[str, str], list[Decision]] = {}
    for r in sorted(rows, key=lambda r: r.id or 0):
        stack = stacks.setdefault((r.target_type, r.target_key), [])
        if r.decision == UNDO:
            if stack and stack[-1].review_id == r.undoes_id:
                stack.pop()
        else:
            stack.append(_as_decision(r))
    return stacks


def _log(
    session: Session,
    target_type: str | None = None,
    target_key: str | None = None,
    article_id: int | None = None,
) -> list[Review]:
    stmt = select(Review).order_by(col(Review.id))
    if target_type is not None:
        stmt = stmt.where(Review.target_type == target_type)
    if target_key is not None:
        stmt = stmt.where(Review.target_key == target_key)
    if article_id is not None:
        stmt = stmt.where(Review.article_id == article_id)
    return list(session.exec(stmt))


def effective_decisions(
    *, session: Session, target_type: str | None = None, article_id: int | None = None
) -> dict[tuple[str, str], Decision]:
    """The decision in force for every reviewed target (undone targets are absent)."""
    stacks = fold(_log(session, target_type, article_id=article_id))
    return {key: stack[-1] for key, stack in stacks.items() if stack}


def current_decision(*, session: Session, target_type: str, target_key: str) -> Decision | None:
    stack = fold(_log(session, target_type, target_key)).get((target_type, target_key), [])
    return stack[-1] if stack else None


def lock_target(*, session: Session, target_type: str, target_key: str) -> None:
    """Hold the target until the transaction ends, so two editors' decisions on it are
    written one after the other and the second sees the first.

    PostgreSQL: a transaction-level advisory lock on the target (READ COMMITTED then shows
    the second writer every row committed before it got the lock). SQLite: a write statement
    takes the database's single write lock first, so the reads that follow are current."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"workbench.review:{target_type}:{target_key}"},
        )
    else:
        session.execute(text("UPDATE reviews SET id = id WHERE id = -1"))


def _latest_row(session: Session, target_type: str, target_key: str) -> Review | None:
    stmt = (
        select(Review)
        .where(Review.target_type == target_type, Review.target_key == target_key)
        .order_by(col(Review.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def check_seen(
    *, session: Session, target_type: str, target_key: str, seen: int | None
) -> Decision | None:
    """The decision in force on the target, if it is the one the editor saw (``seen``: its
    review id, or None for an item without one); else :class:`ReviewConflict`. Call with
    the target locked."""
    current = current_decision(session=session, target_type=target_type, target_key=target_key)
    if (current.review_id if current else None) == seen:
        return current
    latest = _latest_row(session, target_type, target_key)
    if latest is None or latest.id is None:  # nothing was ever decided: a made-up review id
        raise InputError(
            "review", target_key, f"field 'seen': no decision {seen} on this item was in force"
        )
    at = latest.created_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    raise ReviewConflict(
        editor=latest.editor,
        at=at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        decision=latest.decision,
        review_id=latest.id,
    )


def record_decision(
    *,
    session: Session,
    editor: str,
    target_type: str,
    target_key: str,
    decision: str,
    article_id: int | None = None,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    note: str | None = None,
    seen: int | None | EllipsisType = ...,
) -> Review:
    """Append a decision; ``previous`` records the decision it supersedes (empty if none).

    ``seen`` is the review id of the decision in force when the editor looked at the item
    (None: it had none). When another decision or an undo has landed since, nothing is
    written and :class:`ReviewConflict` is raised. ``...`` (the default) skips the check."""
    editor = editor.strip()
    if not editor:
        raise InputError("review", None, "field 'editor': an editor's name is required")
    if target_type not in DECISIONS:
        raise InputError("review", None, f"field 'target_type': unknown target {target_type!r}")
    if decision not in DECISIONS[target_type]:
        allowed = ", ".join(DECISIONS[target_type])
        raise InputError("review", None, f"field 'decision': {decision!r} is not one of {allowed}")
    if decision == "gold" and (label is None or start is None or end is None or start >= end):
        raise InputError("review", None, "a gold decision needs a label and start < end")
    lock_target(session=session, target_type=target_type, target_key=target_key)
    if seen is ...:
        before = current_decision(session=session, target_type=target_type, target_key=target_key)
    else:
        before = check_seen(
            session=session, target_type=target_type, target_key=target_key, seen=seen
        )
    row = Review(
        editor=editor,
        target_type=target_type,
        target_key=target_key,
        decision=decision,
        article_id=article_id,
        label=label,
        start=start,
        end=end,
        note=note,
        previous=before.state() if before else {},
    )
    session.add(row)
    session.flush()
    return row


def undo_decision(*, session: Session, editor: str, review_id: int) -> Review:
    """Take back ``review_id``, which must be the decision in force for its target."""
    target = session.get(Review, review_id)
    if target is None or target.decision == UNDO:
        raise NotFound(f"no decision with id {review_id}")
    lock_target(session=session, target_type=target.target_type, target_key=target.target_key)
    current = current_decision(
        session=session, target_type=target.target_type, target_key=target.target_key
    )
    if current is None or current.review_id != review_id:
        raise InputError("review", review_id, "only the decision in force can be undone")
    row = Review(
        editor=editor.strip() or target.editor,
        target_type=target.target_type,
        target_key=target.target_key,
        decision=UNDO,
        article_id=target.article_id,
        previous=current.state(),
        undoes_id=review_id,
    )
    session.add(row)
    session.flush()
    return row


def review_log(*, session: Session, article_id: int | None = None) -> list[Review]:
    """Every review row, oldest first: the audit trail."""
    return _log(session, article_id=article_id)
