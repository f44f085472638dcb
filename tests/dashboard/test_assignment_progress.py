"""The overview shows each assigned annotator's progress: articles assigned and submitted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.dashboard.seed import seed
from workbench.labelstudio.team import ASSIGNMENT_KEY, progress
from workbench.store import session_scope
from workbench.store.labelstudio import set_state
from workbench.store.models import Annotation, Annotator

APP = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app.py"


@pytest.fixture
def store(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    seed(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        ids = {a.email: a.id for a in session.exec(select(Annotator))}
        (first, second, *_) = sorted(ids)
        # the first annotator's work came from their own project, 41
        session.execute(
            update(Annotation).where(Annotation.annotator_id == ids[first]).values(ls_project_id=41)
        )
        assignment = {
            first: {"project_id": 41, "url": "http://ls", "articles": ["sample-article", "x"]},
            second: {"project_id": 42, "url": "http://ls", "articles": ["sample-article"]},
        }
        set_state(session=session, key=ASSIGNMENT_KEY, value=json.dumps(assignment))
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    return sqlite_engine


def test_progress_counts_submitted_articles_in_each_annotators_project(store: Engine) -> None:
    rows = {p.annotator: (p.project_id, p.assigned, p.submitted) for p in progress(store)}
    (first, second) = sorted(rows)
    # the second annotator's work is not in their project 42: not counted as theirs
    assert rows == {first: (41, 2, 1), second: (42, 1, 0)}


def test_overview_lists_assigned_and_submitted_per_annotator(store: Engine) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["editor"] = "Test Editor"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [_rows(h.proto.body) for h in at.get("html") if "<table" in h.proto.body]
    found = [t for t in tables if t and "assigned" in t[0]]
    assert len(found) == 1
    head, *rows = found[0]
    assert head == ["annotator", "assigned", "submitted", "progress"]
    got = {r[0]: (r[1], r[2], r[3]) for r in rows}
    assert sorted(got.values()) == [("1", "0", "0%"), ("2", "1", "50%")]


def _rows(markup: str) -> list[list[str]]:
    """The text of each table row's cells."""
    from html.parser import HTMLParser

    rows: list[list[str]] = []

    class Cells(HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "tr":
                rows.append([])
            elif tag in ("td", "th"):
                rows[-1].append("")

        def handle_data(self, data: str) -> None:
            if rows and rows[-1]:
                rows[-1][-1] += data

    Cells().feed(markup)
    return rows
