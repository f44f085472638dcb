"""The server process prepares before it listens: the pages' data is loaded, the stored
overview counts and agreement report are read (not computed), and Streamlit runs without a
full garbage collection after every page run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import streamlit as st
from sqlalchemy.engine import Engine

from workbench import summary
from workbench.errors import StoreError
from workbench.store import cache, session_scope


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def summarised(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The sample seeded and summarised as after a pull; the dashboard's store."""
    from tests.conftest import seed_sample
    from workbench.config import load_settings

    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    seed_sample(sqlite_engine)
    summary.refresh(sqlite_engine, target=load_settings().annotators_per_task)
    return sqlite_engine


def _mark_stored(engine: Engine, name: str, change: dict) -> None:
    """Change the stored entry's payload, keeping its fingerprint (so it stays current)."""
    with session_scope(engine) as session:
        found = cache.read(session=session, name=name)
        assert found is not None
        key, payload = found
        value = {**orjson.loads(payload), **change}
        cache.write(session=session, name=name, key=key, payload=orjson.dumps(value).decode())


def test_prepare_reads_the_stored_summary_and_loads_the_corpus(
    summarised: Engine, fresh_caches: None
) -> None:
    from workbench.dashboard import resources
    from workbench.dashboard.serve import prepare

    # marks only a stored entry carries: computing would give the sample's true figures
    _mark_stored(summarised, summary.OVERVIEW, {"articles": 424242})
    _mark_stored(summarised, summary.AGREEMENT, {"alpha_char": 0.123456})

    prepare()

    holder = resources._corpus_holder(resources.database_url())
    assert holder.ready  # loaded before any page asks
    assert holder.get().report["alpha_char"] == 0.123456
    assert resources.overview()["articles"] == 424242
    assert len(holder.get().articles) == 1


def test_prepare_leaves_an_unreadable_store_to_the_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    from workbench.dashboard import resources
    from workbench.dashboard.serve import prepare

    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    prepare()  # no exception here: the server starts
    with pytest.raises(StoreError, match="no database"):
        resources.overview()  # and the page's guard shows this in one line


def test_server_runs_without_a_collection_after_each_page() -> None:
    from workbench.cli.dashboard_cmd import streamlit_command

    cmd = streamlit_command(Path("app.py"), "127.0.0.1", 8501)
    assert cmd[cmd.index("--runner.postScriptGC") + 1] == "false"
    assert cmd[1:3] == ["-m", "workbench.dashboard.serve"]


def test_prepare_loads_the_review_queues_first_view(
    summarised: Engine, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    from workbench.dashboard import resources
    from workbench.dashboard.serve import prepare
    from workbench.review import QueueFilters

    prepare()

    def not_again(**_: object) -> None:
        raise AssertionError("the review queue was built on the page, not before listening")

    monkeypatch.setattr(resources, "build_queue", not_again)
    monkeypatch.setattr(resources, "count_queue", not_again)
    # what the review page asks for with its filters at their defaults
    items = resources.queue(QueueFilters(), limit=resources.REVIEW_PAGE_LIMIT)
    counts = resources.queue_counts(QueueFilters())
    assert items and sum(counts.values()) >= len(items)
