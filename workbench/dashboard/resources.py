"""Every cached resource and query of the dashboard, in one place.

- The engine: ``st.cache_resource``, one per database URL (settings resolved in plain
  Python: environment, then the secrets file, then the default).
- The corpus (articles, annotations, open findings, agreement report): loaded once and then
  refreshed in the background every :data:`CORPUS_TTL` seconds (:mod:`.snapshot`); an
  editor's decision does not change it.
- Review state (decisions in force, the log, an article's gold): ``st.cache_data(ttl=...)``,
  cleared by :func:`after_decision`.

Each query opens a short session of its own through the store's functions.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from workbench.config import load_settings
from workbench.dashboard.data import Corpus, load_corpus
from workbench.dashboard.snapshot import Refreshing
from workbench.review import (
    QueueFilters,
    QueueItem,
    ReviewOut,
    build_queue,
    count_queue,
    get_item,
)
from workbench.store import open_store, session_scope
from workbench.store.reviews import Decision, effective_decisions

CORPUS_TTL = 600.0
REVIEW_TTL = 300
#: Items the review page lists at most (its first view is loaded before the server listens).
REVIEW_PAGE_LIMIT = 200


def database_url() -> str:
    return load_settings().database_url


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_store(url, create=False)


def engine() -> Engine:
    return _engine(database_url())


@st.cache_resource(show_spinner=False)
def _corpus_holder(url: str) -> Refreshing[Corpus]:
    engine = _engine(url)  # resolved here: the refresh thread runs outside any script run
    return Refreshing(lambda: load_corpus(engine), CORPUS_TTL)


def corpus() -> Corpus:
    """The corpus-wide data; the first call on a fresh server loads it (with a spinner)."""
    holder = _corpus_holder(database_url())
    if holder.ready:
        return holder.get()
    with st.spinner("Loading articles and annotations and computing agreement (first visit only)…"):
        return holder.get()


def warm() -> None:
    """Import what the pages use, then load the stored overview counts, the corpus and the
    review queue's first view (open items, no filter) (the server process calls this
    before it listens, outside any page), so the first editor waits for none of them."""
    import altair  # noqa: F401
    import pandas  # noqa: F401

    import workbench.dashboard.cards
    import workbench.dashboard.charts
    import workbench.dashboard.components
    import workbench.dashboard.highlight
    import workbench.dashboard.shared
    import workbench.dashboard.text
    import workbench.review  # noqa: F401

    steps = (
        overview,  # the stored counts (stored again only if what they count changed since)
        assignment_progress,
        lambda: _corpus_holder(database_url()).get(),
        lambda: queue(QueueFilters(), limit=REVIEW_PAGE_LIMIT),
        queue_counts,
    )
    for step in steps:
        try:
            step()
        except Exception:  # noqa: BLE001 - the page that needs it shows the error
            continue


def reload_corpus() -> None:
    _corpus_holder(database_url()).reload()
    st.cache_data.clear()


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _overview(url: str, target: int) -> dict[str, Any]:
    from workbench.dashboard.data import overview_counts
    from workbench.summary import overview as stored_overview

    return stored_overview(
        _engine(url),
        target=target,
        compute=lambda: overview_counts(corpus(), _decisions(url), target),
    )


def overview() -> dict[str, Any]:
    """The overview page's counts: stored ones while current (a fresh server shows them at
    once), else computed from the corpus and stored."""
    return _overview(database_url(), load_settings().annotators_per_task)


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _decisions(url: str) -> dict[tuple[str, str], Decision]:
    with session_scope(_engine(url)) as session:
        return effective_decisions(session=session)


def decisions() -> dict[tuple[str, str], Decision]:
    """The decision in force for every reviewed target."""
    return _decisions(database_url())


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _history(url: str, limit: int) -> list[ReviewOut]:
    from workbench.review import history as review_history

    return review_history(_engine(url), limit=limit)


def history(limit: int = 20) -> list[ReviewOut]:
    """The latest review rows, newest first."""
    return _history(database_url(), limit)


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _gold(url: str, article_id: int) -> Any:
    from workbench.store.gold import gold_for_articles

    found = gold_for_articles(_engine(url), [article_id])
    return found[0].gold if found else None


def gold(article_id: int) -> Any:
    """The adjudicated spans of one article (``workbench.gold.GoldResult``), or None."""
    return _gold(database_url(), article_id)


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _item(url: str, item_id: str) -> QueueItem:
    return get_item(_engine(url), item_id)


def item(item_id: str) -> QueueItem:
    """One review item by its deep-link id, decided or not (raises NotFound)."""
    return _item(database_url(), item_id)


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False, max_entries=64)
def _queue(url: str, filters: QueueFilters, limit: int | None) -> list[QueueItem]:
    c = corpus()
    return build_queue(
        findings=c.findings,
        disagreements=c.report.get("disagreements", []),
        articles=c.articles,
        decisions=_decisions(url),
        filters=filters,
        f1_by_doc=c.f1_by_doc,
        limit=limit,
    )


def queue(filters: QueueFilters, limit: int | None = None) -> list[QueueItem]:
    """The first ``limit`` items of the review queue, from the cached corpus and decisions."""
    return _queue(database_url(), filters, limit)


@st.cache_data(ttl=REVIEW_TTL, show_spinner=False)
def _queue_counts(url: str, filters: QueueFilters) -> dict[str, int]:
    c = corpus()
    return count_queue(
        findings=c.findings,
        disagreements=c.report.get("disagreements", []),
        articles=c.articles,
        decisions=_decisions(url),
        filters=filters,
    )


def queue_counts(filters: QueueFilters | None = None) -> dict[str, int]:
    """How many items match, by check."""
    return _queue_counts(database_url(), filters or QueueFilters())


def after_decision() -> None:
    """Forget every cached view of the review state."""
    for fn in (_decisions, _history, _gold, _item, _queue, _queue_counts, _overview):
        fn.clear()


@st.cache_data(ttl=CORPUS_TTL, show_spinner=False)
def _assignment_progress(url: str) -> list[dict[str, Any]]:
    from workbench.labelstudio.team import progress

    return [p.to_dict() for p in progress(_engine(url))]


def assignment_progress() -> list[dict[str, Any]]:
    """Per assigned annotator (``workbench assign``): articles assigned and submitted."""
    return _assignment_progress(database_url())
