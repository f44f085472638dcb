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
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import Engine

from workbench.store.engine import make_engine, upgrade

pytest_plugins = ("tests.conftest_labelstudio",)

POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"

# Hypothesis: no deadlines (speed is measured by the benchmarks, not by timed tests, and the
# tests run on shared machines); ``fuzz`` (``make fuzz``, or ``WORKBENCH_FUZZ=1``) tries
# 10,000 examples per target instead of 100.
settings.register_profile("workbench", deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("fuzz" if os.environ.get("WORKBENCH_FUZZ") == "1" else "workbench")


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


def seed_sample(engine: Engine, *, with_checks: bool = True) -> int:
    """Ingest the sample article, store its findings and the three sample annotations.
    Returns the article's database id."""
    from workbench.ingest import ingest_sample
    from workbench.samples.annotations import sample_annotations
    from workbench.store import session_scope
    from workbench.store.annotations import RelationIn, SpanIn, add_annotation
    from workbench.store.articles import get_article

    ingest_sample(engine)
    if with_checks:
        from workbench.checks.service import check_articles

        check_articles(engine, all=True)
    with session_scope(engine) as session:
        article = get_article(session=session, external_id="sample-article")
        for ann in sample_annotations(article.text):
            add_annotation(
                session=session,
                article=article,
                annotator_email=ann.email,
                spans=[
                    SpanIn(s.start, s.end, s.label, s.verdict, s.note, s.ref) for s in ann.spans
                ],
                relations=[RelationIn(a, b, k) for a, b, k in ann.relations],
            )
        assert article.id is not None
        return article.id


@pytest.fixture
def sample_engine(sqlite_engine: Engine) -> Engine:
    """A SQLite store holding the sample article, its findings and three annotators' work."""
    seed_sample(sqlite_engine)
    return sqlite_engine
