"""A missing, corrupt, locked or read-only SQLite store, and a PostgreSQL that is down: every
command that opens the store, and the dashboard, answer with one line naming the database and
what to do (exit 1, no traceback), and nothing in the store changes."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from tests.conftest import seed_sample
from tests.conftest_labelstudio import LabelStudioServer, free_port
from workbench.cli import build_app
from workbench.store.engine import make_engine, upgrade

APP = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app.py"
NEW_ARTICLE = "خبر جديد: افتتح المعرض يوم الأحد في الرياض.\n"


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str


def run(db: str, *args: str) -> Ran:
    result = CliRunner().invoke(build_app(), ["--db", db, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # the user would have seen a traceback
    return Ran(result.exit_code, result.stdout, result.stderr)


def one_line(ran: Ran) -> str:
    assert ran.code == 1, (ran.code, ran.stdout, ran.stderr)
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in ran.stderr, ran.stderr
    return lines[0]


def commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that opens the store, as a user runs it."""
    new = tmp_path / "new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    return {
        "ingest": ["ingest", str(new)],
        "check": ["check", "--all"],
        "agree": ["agree", "--format", "json"],
        "review": ["review", "list", "--format", "json"],
        "export": ["export", "-f", "jsonl", "--out", str(tmp_path / "out"), "--report", "json"],
        "pull": ["pull"],
    }


#: Commands that only read the store (they keep working while another program writes).
READERS = ("agree", "review", "export")


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store with the sample article and three annotators' work, checks not yet run (so
    ``check --all`` has findings to write)."""
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WORKBENCH_LABELSTUDIO_URL", raising=False)
    path = tmp_path / "store" / "workbench.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed_sample(engine, with_checks=False)
    engine.dispose()
    yield path


# -- missing ----------------------------------------------------------------------------------
def test_missing_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    path = tmp_path / "typo" / "workbench.db"
    db = f"sqlite:///{path}"
    for name, args in commands(tmp_path).items():
        if name == "ingest":
            continue
        line = one_line(run(db, *args))
        assert line == (
            f"error: no database at {path}: run `workbench ingest` first, or point "
            "WORKBENCH_DATABASE_URL or --db at your store"
        ), name
        assert not path.exists(), f"{name} created an empty store"
    # ingest is how a store begins: it creates one
    made = run(db, *commands(tmp_path)["ingest"])
    assert made.code == 0, made.stderr
    assert "created 1" in made.stdout and path.is_file()


# -- corrupt ----------------------------------------------------------------------------------
def test_corrupt_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    path = tmp_path / "workbench.db"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    db = f"sqlite:///{path}"
    for name, args in commands(tmp_path).items():
        line = one_line(run(db, *args))
        assert line == (
            f"error: the file {path} is not a workbench database (corrupt or another kind of "
            "file): restore it from a backup, or point WORKBENCH_DATABASE_URL or --db at the "
            "right file"
        ), name
        assert path.read_bytes() == garbage, f"{name} wrote to the file"


# -- PostgreSQL down --------------------------------------------------------------------------
def test_postgresql_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    port = free_port()  # nothing listens there
    db = f"postgresql://workbench:s3cret-pw@127.0.0.1:{port}/workbench"
    for name, args in commands(tmp_path).items():
        line = one_line(run(db, *args))
        assert line == (
            f"error: cannot connect to the database postgresql://workbench:***@127.0.0.1:{port}"
            "/workbench (connection refused): check that PostgreSQL is running there, or "
            "correct WORKBENCH_DATABASE_URL or --db"
        ), name
        assert "s3cret-pw" not in line


# -- locked -----------------------------------------------------------------------------------
class Locker:
    """Another program holding the write lock (``BEGIN EXCLUSIVE``) until released."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        con.execute("BEGIN EXCLUSIVE")
        self.held.set()
        self.release.wait(60)
        con.execute("ROLLBACK")
        con.close()

    def __enter__(self) -> Locker:
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(10)


def test_locked_database(seeded: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{seeded}?timeout=0.3"
    cmds = commands(tmp_path)
    unlocked = {name: run(db, *cmds[name]) for name in READERS}
    before = dump(seeded)
    with Locker(seeded):
        for name in ("ingest", "check"):
            line = one_line(run(db, *cmds[name]))
            assert line == (
                f"error: the database {seeded} is locked by another program (waited 0.3 s): "
                "try again when it is done, or close the program that holds it"
            ), name
        for name in READERS:  # WAL: readers are not blocked by a writer
            ran = run(db, *cmds[name])
            assert ran.code == 0, (name, ran.stderr)
            if name != "export":  # the export's JSON names its files' fresh hashes: same anyway
                assert ran.stdout == unlocked[name].stdout, name
    assert dump(seeded) == before  # nothing half-written
    assert run(db, *cmds["ingest"]).code == 0  # the lock gone, the same command works


# -- read-only --------------------------------------------------------------------------------
def test_read_only_database(seeded: Path, tmp_path: Path) -> None:
    """Opened read-only by SQLite itself (``mode=ro``): this holds whoever runs the tests,
    root included (root ignores file modes)."""
    db = f"sqlite:///file:{seeded}?mode=ro&uri=true"
    cmds = commands(tmp_path)
    before = dump(seeded)
    for name in ("ingest", "check"):
        line = one_line(run(db, *cmds[name]))
        assert line == (
            f"error: the database {seeded} is read-only: make the file and its folder "
            "writable, or point WORKBENCH_DATABASE_URL or --db at a writable copy"
        ), name
    for name in READERS:
        ran = run(db, *cmds[name])
        assert ran.code == 0, (name, ran.stderr)
    assert dump(seeded) == before
    assert not (Path.cwd() / "file:").exists()  # the URI's "file:" is not taken for a folder


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root ignores file modes; test_read_only_database covers read-only for root",
)
def test_read_only_file_and_folder(seeded: Path, tmp_path: Path) -> None:
    folder = seeded.parent
    db = f"sqlite:///{seeded}"
    cmds = commands(tmp_path)
    before = dump(seeded)
    seeded.chmod(0o444)
    for extra in folder.iterdir():
        extra.chmod(0o444)
    folder.chmod(0o555)
    try:
        for name in ("ingest", "check"):
            line = one_line(run(db, *cmds[name]))
            assert str(seeded) in line and ("read-only" in line or "cannot open" in line), line
    finally:
        folder.chmod(0o755)
        for extra in folder.iterdir():
            extra.chmod(0o644)
    assert dump(seeded) == before


# -- the dashboard ----------------------------------------------------------------------------
def dashboard(db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", db)
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["editor"] = "Test Editor"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("fault", ["missing", "corrupt", "postgresql-down"])
def test_dashboard_shows_one_error(
    fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workbench.db"
    if fault == "missing":
        db, expected = f"sqlite:///{path}", f"no database at {path}"
    elif fault == "corrupt":
        path.write_bytes(os.urandom(4096))
        db, expected = f"sqlite:///{path}", f"the file {path} is not a workbench database"
    else:
        port = free_port()
        db = f"postgresql://workbench:pw@127.0.0.1:{port}/workbench"
        expected = f"cannot connect to the database postgresql://workbench:***@127.0.0.1:{port}"
    at = dashboard(db, monkeypatch, tmp_path)
    assert len(at.error) == 1, [e.value for e in at.error]
    # The dashboard escapes Markdown in what it shows (workbench.dashboard.text.md).
    message = at.error[0].value.replace("\\", "")
    assert message.startswith(expected) and "\n" not in message
    assert fault != "missing" or not path.exists()


def test_dashboard_reads_a_locked_store(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Locker(seeded):
        at = dashboard(f"sqlite:///{seeded}?timeout=0.3", monkeypatch, tmp_path)
    assert not at.error, [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


@pytest.mark.labelstudio
@pytest.mark.parametrize("fault", ["locked", "read-only"])
def test_pull_into_a_locked_or_read_only_store(
    fault: str, labelstudio_server: LabelStudioServer, seeded: Path, tmp_path: Path
) -> None:
    """Pull reads everything from the real Label Studio, then cannot write: one line, and
    the store is as it was; once the store is writable again the same pull lands."""
    from workbench.labelstudio import convert, sync
    from workbench.store import labelstudio as ls_store
    from workbench.store import session_scope

    engine = make_engine(f"sqlite:///{seeded}")
    with session_scope(engine) as s:
        (article_id, text) = ls_store.article_texts(session=s, external_ids={"sample-article"})[
            "sample-article"
        ]
    client = labelstudio_server.client()
    project = client.create_project(title=f"db {tmp_path.name}", label_config=sync.label_config())
    start = text.index("دير الزور")
    result = [
        {
            "id": "r1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": start + 9, "text": "دير الزور", "labels": ["fact"]},
        }
    ]
    data = convert.task_data(external_id="sample-article", title="", text=text)
    client.import_tasks(project, [{"data": data, "annotations": [{"result": result}]}])
    with session_scope(engine) as s:
        ls_store.set_state(session=s, key=ls_store.PROJECT_KEY, value=str(project))
        ls_store.set_state(session=s, key=ls_store.PROJECT_URL_KEY, value=client.url)
    engine.dispose()
    env = {
        "WORKBENCH_LABELSTUDIO_URL": labelstudio_server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
    }
    before = dump(seeded)
    if fault == "locked":
        db = f"sqlite:///{seeded}?timeout=0.3"
        with Locker(seeded):
            ran = run_env(db, env, "pull")
        expected = f"error: the database {seeded} is locked by another program (waited 0.3 s)"
    else:
        ran = run_env(f"sqlite:///file:{seeded}?mode=ro&uri=true", env, "pull")
        expected = f"error: the database {seeded} is read-only"
    assert one_line(ran).startswith(expected)
    assert dump(seeded) == before
    landed = run_env(f"sqlite:///{seeded}", env, "pull", "--format", "json")
    assert landed.code == 0, landed.stderr
    assert '"created": 1' in landed.stdout


def run_env(db: str, env: dict[str, str], *args: str) -> Ran:
    result = CliRunner().invoke(build_app(), ["--db", db, *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)
