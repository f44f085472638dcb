"""Two editors decide the same review item at the same moment.

Two real OS processes, released together by a barrier, decide one item against the same
database (PostgreSQL from ``WORKBENCH_TEST_POSTGRES_URL``, and SQLite). Each passes the state
it saw (no decision in force). Exactly one decision is written; the other editor gets a
:class:`ReviewConflict` naming who decided and when, nothing of theirs is written, and their
decision made again on the state they now see lands after the first, naming it in
``previous``. Nothing is lost and the log keeps the order.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.conftest import seed_sample
from workbench.errors import ReviewConflict
from workbench.review import QueueFilters, decide, get_item, review_queue, seen_state, undo
from workbench.store import session_scope
from workbench.store.engine import make_engine
from workbench.store.reviews import current_decision, review_log

ROUNDS = 6
EDITORS = {"Hala": "confirm", "Omar": "dismiss"}


def _editor(url: str, items: list[str], editor: str, verdict: str, barrier: Any, out: Any) -> None:
    """One editor's process: for each item, wait for the other editor, then decide it on
    the state both saw (no decision in force)."""
    engine = make_engine(url)
    try:
        for item_id in items:
            barrier.wait(timeout=60)
            try:
                row = decide(
                    engine, item_id, editor, verdict, note=f"{editor}: {verdict}", seen=None
                )
                out.put((item_id, editor, "saved", row.id))
            except ReviewConflict as exc:
                out.put((item_id, editor, "conflict", str(exc)))
            except Exception as exc:  # reported to the test, which fails on it
                out.put((item_id, editor, "error", f"{exc.__class__.__name__}: {exc}"))
    finally:
        engine.dispose()


def _race(url: str, items: list[str]) -> dict[str, dict[str, tuple[str, Any]]]:
    """Two processes decide each item at the same moment; item -> editor -> outcome."""
    ctx = multiprocessing.get_context("fork")  # the children make their own engines
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_editor, args=(url, items, name, verdict, barrier, out))
        for name, verdict in EDITORS.items()
    ]
    for p in procs:
        p.start()
    results: dict[str, dict[str, tuple[str, Any]]] = {}
    for _ in range(len(items) * len(procs)):
        item_id, name, status, detail = out.get(timeout=180)
        results.setdefault(item_id, {})[name] = (status, detail)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


@pytest.fixture
def store(engine: Engine) -> Engine:
    seed_sample(engine)
    return engine


def test_two_editors_at_the_same_moment(store: Engine, db_url: str) -> None:
    items = review_queue(store, QueueFilters(kind="finding"))[:ROUNDS]
    assert len(items) == ROUNDS
    raced = _race(db_url, [i.id for i in items])
    for item in items:
        results = raced[item.id]
        statuses = sorted(status for status, _ in results.values())
        assert statuses == ["conflict", "saved"], results
        (winner,) = [n for n, (s, _) in results.items() if s == "saved"]
        (loser,) = [n for n, (s, _) in results.items() if s == "conflict"]
        message = results[loser][1]
        assert f"by {winner} at " in message and "while you were looking" in message
        assert "\n" not in message
        with session_scope(store) as session:
            rows = [r for r in review_log(session=session) if r.target_key == item.target_key]
            assert [r.editor for r in rows] == [winner]  # nothing of the loser's was written
        # The loser reloads, sees the winner's decision, and decides again: it lands after.
        fresh = get_item(store, item.id)
        assert fresh.decision is not None and fresh.decision["editor"] == winner
        again = decide(store, item.id, loser, EDITORS[loser], seen=seen_state(fresh))
        with session_scope(store) as session:
            rows = [r for r in review_log(session=session) if r.target_key == item.target_key]
            assert [r.editor for r in rows] == [winner, loser]
            assert rows[0].id is not None and rows[0].id < rows[1].id == again.id
            assert rows[1].previous["review_id"] == rows[0].id
            assert rows[1].previous["editor"] == winner
            now = current_decision(
                session=session, target_type="finding", target_key=item.target_key
            )
            assert now is not None and now.editor == loser


def test_an_undo_while_looking_is_a_conflict_too(store: Engine) -> None:
    item = review_queue(store, QueueFilters(kind="finding"))[0]
    first = decide(store, item.id, "Hala", "confirm", seen=None)
    looked = get_item(store, item.id)  # Omar looks: Hala's decision is in force
    undo(store, first.id, "Hala")
    with pytest.raises(ReviewConflict, match="undone by Hala at .* reload and decide again"):
        decide(store, item.id, "Omar", "dismiss", seen=seen_state(looked))
    decide(store, item.id, "Omar", "dismiss", seen=seen_state(get_item(store, item.id)))


def test_a_seen_state_that_never_was_is_a_clear_error(store: Engine) -> None:
    from workbench.errors import InputError

    item = review_queue(store, QueueFilters(kind="finding"))[0]
    with pytest.raises(InputError, match="no decision 424242 on this item"):
        decide(store, item.id, "Omar", "dismiss", seen=424242)


def test_without_a_seen_state_a_decision_is_recorded_as_before(store: Engine) -> None:
    item = review_queue(store, QueueFilters(kind="finding"))[0]
    decide(store, item.id, "Hala", "confirm")
    second = decide(store, item.id, "Omar", "dismiss")
    assert second.previous["editor"] == "Hala"


def test_the_cli_says_it_in_one_line(tmp_path: Path) -> None:
    from workbench.cli import build_app

    url = f"sqlite:///{tmp_path / 'w.db'}"
    engine = make_engine(url)
    from workbench.store.engine import upgrade

    upgrade(engine)
    seed_sample(engine)
    item = review_queue(engine, QueueFilters(kind="finding"))[0]
    decide(engine, item.id, "Hala", "confirm", seen=None)
    run = CliRunner().invoke(
        build_app(),
        ["--db", url, "review", "decide", item.id, "dismiss", "--editor", "Omar", "--seen", "none"],
    )
    assert run.exit_code == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.output
    assert "decided (confirm) by Hala at " in lines[0]
    assert lines[0].endswith("while you were looking; reload and decide again")
    seen = str(seen_state(get_item(engine, item.id)))
    run = CliRunner().invoke(
        build_app(),
        ["--db", url, "review", "decide", item.id, "dismiss", "--editor", "Omar", "--seen", seen],
    )
    assert run.exit_code == 0, run.output
    with session_scope(engine) as session:
        assert [r.editor for r in review_log(session=session)] == ["Hala", "Omar"]
    engine.dispose()


def test_the_dashboard_says_it_in_one_line(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.seed import seed

    seed(sqlite_engine, hostile=True)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    item = review_queue(sqlite_engine, QueueFilters(kind="finding"))[0]
    app = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=60)
    at.session_state["editor"] = "Omar"
    at.run()
    at.query_params["item"] = item.id
    at.switch_page("app_pages/review.py").run()
    assert not at.exception and not at.error
    # While Omar looks at the item, Hala decides it elsewhere.
    decide(sqlite_engine, item.id, "Hala", "confirm", seen=None)
    at.button(key=f"dismiss-{item.id}").click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "decided (confirm) by Hala at " in error and "\n" not in error
    assert error.endswith("while you were looking; reload and decide again")
    with session_scope(sqlite_engine) as session:
        assert [r.editor for r in review_log(session=session)] == ["Hala"]
    at.run()  # the reload shows Hala's decision
    assert not at.error
    assert any("Decided: **confirm** by Hala" in i.value for i in at.info)
