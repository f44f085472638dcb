"""The dashboard's login under AppTest: once editor accounts exist nothing shows before a
login, a decision records the logged-in editor whatever name is typed or put in the URL, and
an expired login is refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.dashboard.seed import seed
from workbench import editors
from workbench.review import QueueFilters, review_queue
from workbench.store import session_scope
from workbench.store.models import EditorSession
from workbench.store.reviews import review_log

APP = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app.py"
PASSWORD = "olive-harbour-lantern-7"


@pytest.fixture
def store(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    seed(sqlite_engine)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    editors.add_editor(sqlite_engine, "Reem", PASSWORD)
    return sqlite_engine


def _finding(engine: Engine) -> str:
    return review_queue(engine, QueueFilters(kind="finding"))[0].id


def _login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login-name").input(name)
    at.text_input(key="login-password").input(password)
    return at.button[0].click().run()


def _has_button(at: AppTest, key: str) -> bool:
    return key in [b.key for b in at.button]


def _rows(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return [(r.decision, r.editor) for r in review_log(session=session)]


def test_nothing_shows_before_a_login(store: Engine) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["editor"] = "Mallory"  # a typed name from before counts for nothing
    at.run()
    assert not at.exception
    assert at.title[0].value == "Log in"
    assert not at.metric  # the overview did not run
    at.switch_page("app_pages/review.py").run()
    assert at.title[0].value == "Log in" and not _has_button(at, f"confirm-{_finding(store)}")
    _login(at, "Reem", "wrong password!")
    assert "wrong name or password" in at.error[0].value
    assert "wb-login" not in at.session_state
    # the server does not keep the password typed into the form
    assert at.session_state["login-password"] == ""
    _login(at, "reem", PASSWORD)
    assert not at.exception and at.title[0].value == "Review queue"


def test_the_logged_in_editor_is_recorded_not_a_typed_or_linked_name(store: Engine) -> None:
    item = _finding(store)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    _login(at, "Reem", PASSWORD)
    at.session_state["editor"] = "Mallory"  # typed into the old name field
    at.query_params["editor"] = "Mallory"  # or passed in the URL
    at.query_params["item"] = item
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    assert "Logged in as **Reem**" in " ".join(c.value for c in at.caption)
    assert "editor-input" not in [t.key for t in at.text_input]  # no name field at all
    at.button(key=f"confirm-{item}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _rows(store) == [("confirm", "Reem")]
    at.button(key="undo-last").click().run()
    assert _rows(store) == [("confirm", "Reem"), ("undo", "Reem")]


def test_a_decision_without_a_login_is_refused(store: Engine) -> None:
    item = _finding(store)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["wb-login"] = "a-forged-session-id"
    at.query_params["item"] = item
    at.run()
    assert at.title[0].value == "Log in"
    assert "unknown or was ended" in at.warning[0].value
    at.switch_page("app_pages/review.py").run()
    assert at.title[0].value == "Log in"
    assert not _has_button(at, f"confirm-{item}")
    assert _rows(store) == []


def test_an_expired_login_is_refused(store: Engine) -> None:
    item = _finding(store)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["item"] = item
    at.run()
    _login(at, "Reem", PASSWORD)
    at.switch_page("app_pages/review.py").run()
    assert _has_button(at, f"confirm-{item}")
    with session_scope(store) as session:  # the login runs out while the page is open
        for row in session.exec(select(EditorSession)):
            row.expires_at = editors.now_utc() - timedelta(minutes=1)
            session.add(row)
    at.button(key=f"confirm-{item}").click().run()
    assert _rows(store) == []
    assert at.title[0].value == "Log in"
    assert "expired" in at.warning[0].value
    assert "wb-login" not in at.session_state


def test_logging_out_ends_the_login(store: Engine) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    _login(at, "Reem", PASSWORD)
    at.switch_page("app_pages/review.py").run()
    sid = at.session_state["wb-login"]
    at.button(key="logout").click().run()
    assert at.title[0].value == "Log in"
    with session_scope(store) as session:
        assert session.get(EditorSession, editors.token_digest(sid)) is None


def test_served_to_others_the_export_page_writes_only_under_exports(
    store: Engine, tmp_path: Path
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    _login(at, "Reem", PASSWORD)
    at.switch_page("app_pages/export.py").run()
    at.multiselect(key="formats").set_value(["jsonl"])
    at.text_input(key="out_dir").set_value(str(tmp_path / "elsewhere"))
    at.button[0].click().run()
    assert not at.exception
    assert "must be inside exports/" in at.error[0].value
    assert not (tmp_path / "elsewhere").exists()
