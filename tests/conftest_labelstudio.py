"""A real Label Studio for the tests: started once per test session, on loopback, on a free
port, with a temporary data directory. No mocks.

Register it as a plugin (``pytest_plugins = ("tests.conftest_labelstudio",)`` in tests/conftest.py)
or import the fixture into a conftest. The server environment comes from
``$WORKBENCH_LABELSTUDIO_ENV`` or ``<repo>/.workbench/labelstudio-env`` (where
``workbench labelstudio install`` puts it); when it is missing it is created, and when that is
impossible (no network) the tests that need the server are skipped with the reason.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from workbench.config import Settings, load_settings
from workbench.errors import LabelStudioError
from workbench.labelstudio import server

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ENV = REPO / ".workbench" / "labelstudio-env"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabelStudioServer:
    """A running server: its URL, its admin token and the settings that started it."""

    url: str
    token: str
    local: Settings
    _users: dict[str, int] = field(default_factory=dict)

    def client(self) -> Any:
        """A :class:`workbench.labelstudio.client.LSClient` logged in as the admin."""
        from workbench.labelstudio.client import LSClient

        return LSClient(self.url, self.token)

    def settings(self, **overrides: Any) -> Settings:
        """Settings pointing at this server as an existing Label Studio (URL + token)."""
        values: dict[str, Any] = dict(labelstudio_url=self.url, labelstudio_token=self.token)
        values.update(overrides)
        return self.local.with_overrides(**values)

    def user(self, email: str) -> int:
        """The id of an annotator account with this email, created on first use."""
        if email not in self._users:
            from workbench.labelstudio.sync import add_annotator

            made = add_annotator(
                self.settings(), email, password="annotator-pass-1", client=self.client()
            )
            self._users[email] = int(made["id"])
        return self._users[email]


_RUNNING: dict[str, LabelStudioServer] = {}
_SKIPPED: list[str] = []


def _start(database_url: str = "") -> LabelStudioServer:
    env_dir = Path(os.environ.get(server.ENV_OVERRIDE) or DEFAULT_ENV)
    os.environ[server.ENV_OVERRIDE] = str(env_dir)
    # Outside pytest's basetemp: pytest prunes old basetemps, even under a running server.
    base = Path(tempfile.mkdtemp(prefix="wb-labelstudio-"))
    local = load_settings(
        environ={},
        secrets_file=base / "no-secrets.toml",
        data_dir=str(base / "data"),
        labelstudio_host="127.0.0.1",
        labelstudio_port=free_port(),
        database_url=f"sqlite:///{base / 'unused.db'}",
        labelstudio_database_url=database_url,
    )
    try:
        server.install(local)
    except LabelStudioError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"Label Studio server environment unavailable ({env_dir}): {exc}")
    status = server.start(local, timeout=600)  # a shared, loaded machine starts it slowly
    assert status.pid is not None
    atexit.register(_shutdown, local, status.pid, base)
    token = server.local_token(local) or ""
    return LabelStudioServer(url=status.url, token=token, local=local)


def _shutdown(local: Settings, pid: int, base: Path) -> None:
    """Stop the server by the pid it was started with, then remove its data."""
    server.stop(local)
    server.terminate(pid)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def labelstudio_server() -> Iterator[LabelStudioServer]:
    """One real Label Studio for the whole session (shared even if registered twice)."""
    if _SKIPPED:
        pytest.skip(_SKIPPED[0])
    if "server" not in _RUNNING:
        try:
            _RUNNING["server"] = _start()
        except pytest.skip.Exception as exc:
            _SKIPPED.append(str(exc))
            raise
    yield _RUNNING["server"]


POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"
LABELSTUDIO_DATABASE = "workbench_labelstudio_test"


def _fresh_postgres_database(url: str, name: str) -> str:
    """Create (again) the database ``name`` in the cluster of ``url``; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = make_url(url).set(drivername="postgresql+psycopg")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return admin.set(drivername="postgresql", database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def labelstudio_server_postgres() -> Iterator[LabelStudioServer]:
    """A second real Label Studio, on PostgreSQL: a database of its own in the throwaway
    cluster named by ``WORKBENCH_TEST_POSTGRES_URL`` (skipped, with the reason, without it)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"Label Studio on PostgreSQL: set {POSTGRES_ENV} (scripts/with-postgres.sh)")
    if _SKIPPED:
        pytest.skip(_SKIPPED[0])
    if "postgresql" not in _RUNNING:
        _RUNNING["postgresql"] = _start(_fresh_postgres_database(url, LABELSTUDIO_DATABASE))
    yield _RUNNING["postgresql"]
