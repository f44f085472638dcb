"""Fixtures shared by the whole suite.

``engine`` is a fresh, migrated store: SQLite in a temporary file, and PostgreSQL too when
``WORKBENCH_TEST_POSTGRES_URL`` names a database the tests may wipe (CI sets it). Without it
the PostgreSQL variant is skipped, with the reason shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from workbench.store.engine import make_engine, upgrade

POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"


def _reset_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workbench.db'}"
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL variant: set {POSTGRES_ENV} to a database the tests may wipe")
    _reset_postgres(url).dispose()
    yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each database kind."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite store, for tests that need no PostgreSQL variant."""
    eng = make_engine(f"sqlite:///{tmp_path / 'workbench.db'}")
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_path() -> Path:
    from workbench.samples import sample_article_path

    return sample_article_path()
