"""The review log: append-only, undo restores the previous decision, audit trail kept."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from workbench.errors import InputError
from workbench.store import session_scope
from workbench.store.models import Review
from workbench.store.reviews import (
    current_decision,
    effective_decisions,
    record_decision,
    review_log,
    undo_decision,
)


def test_decisions_append_and_undo_restores(engine: Engine) -> None:
    with session_scope(engine) as s:
        first = record_decision(
            session=s,
            editor="Mona",
            target_type="finding",
            target_key="7",
            decision="confirm",
            note="seen",
        )
        second = record_decision(
            session=s, editor="Omar", target_type="finding", target_key="7", decision="dismiss"
        )
        assert second.previous["decision"] == "confirm"
        assert second.previous["review_id"] == first.id
    with session_scope(engine) as s:
        now = current_decision(session=s, target_type="finding", target_key="7")
        assert now is not None and now.decision == "dismiss" and now.editor == "Omar"
        undo_decision(session=s, editor="Omar", review_id=second.id)
    with session_scope(engine) as s:
        now = current_decision(session=s, target_type="finding", target_key="7")
        assert now is not None and now.review_id == first.id
        undo_decision(session=s, editor="Mona", review_id=first.id)
    with session_scope(engine) as s:
        assert current_decision(session=s, target_type="finding", target_key="7") is None
        log = review_log(session=s)
        assert [r.decision for r in log] == ["confirm", "dismiss", "undo", "undo"]
        assert [r.undoes_id for r in log][2:] == [second.id, first.id]
        assert len(s.exec(select(Review)).all()) == 4


def test_only_the_decision_in_force_can_be_undone(engine: Engine) -> None:
    with session_scope(engine) as s:
        first = record_decision(
            session=s, editor="Mona", target_type="finding", target_key="1", decision="confirm"
        )
        record_decision(
            session=s, editor="Mona", target_type="finding", target_key="1", decision="dismiss"
        )
    with session_scope(engine) as s, pytest.raises(InputError, match="in force"):
        undo_decision(session=s, editor="Mona", review_id=first.id)


def test_effective_decisions_per_target(engine: Engine) -> None:
    with session_scope(engine) as s:
        record_decision(
            session=s,
            editor="A",
            target_type="disagreement",
            target_key="k1",
            decision="gold",
            label="claim",
            start=3,
            end=9,
        )
        record_decision(
            session=s, editor="A", target_type="disagreement", target_key="k2", decision="reject"
        )
        record_decision(
            session=s, editor="A", target_type="finding", target_key="3", decision="confirm"
        )
    with session_scope(engine) as s:
        dis = effective_decisions(session=s, target_type="disagreement")
        assert {k: (d.decision, d.label, d.start, d.end) for k, d in dis.items()} == {
            ("disagreement", "k1"): ("gold", "claim", 3, 9),
            ("disagreement", "k2"): ("reject", None, None, None),
        }
        assert len(effective_decisions(session=s)) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"editor": " ", "target_type": "finding", "decision": "confirm"}, "editor"),
        ({"editor": "A", "target_type": "finding", "decision": "gold"}, "not one of"),
        ({"editor": "A", "target_type": "nothing", "decision": "gold"}, "unknown target"),
        (
            {
                "editor": "A",
                "target_type": "span",
                "decision": "gold",
                "label": "fact",
                "start": 5,
                "end": 5,
            },
            "start < end",
        ),
    ],
)
def test_bad_decisions_are_refused(sqlite_engine: Engine, kwargs: dict, message: str) -> None:
    with session_scope(sqlite_engine) as s, pytest.raises(InputError, match=message):
        record_decision(session=s, target_key="x", **kwargs)
    with session_scope(sqlite_engine) as s:
        assert review_log(session=s) == []
