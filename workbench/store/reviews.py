"""Editors' decisions: an append-only log. Nothing is overwritten; an undo is a new row that
names the decision it takes back, and the effective decision of a target is the latest one
not undone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from workbench.errors import InputError, NotFound
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
) -> Review:
    """Append a decision; ``previous`` records the decision it supersedes (empty if none)."""
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
    before = current_decision(session=session, target_type=target_type, target_key=target_key)
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
