"""The stored agreement report and overview counts (``workbench.summary``): read back while
current, computed again and stored when what they depend on changed."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from workbench import summary
from workbench.agreement import compute_agreement
from workbench.agreement.model import docs_from_annotations
from workbench.dashboard.data import load_corpus, overview_counts
from workbench.store import cache, session_scope
from workbench.store.annotations import annotations
from workbench.store.reviews import effective_decisions


def _fresh_report(engine: Engine) -> dict:
    with session_scope(engine) as session:
        return compute_agreement(docs_from_annotations(annotations(session=session)))


def _entry(engine: Engine, name: str) -> tuple[str, str] | None:
    with session_scope(engine) as session:
        return cache.read(session=session, name=name)


def test_refresh_stores_what_a_fresh_dashboard_reads(engine: Engine) -> None:
    from tests.conftest import seed_sample

    seed_sample(engine)
    assert _entry(engine, summary.AGREEMENT) is None
    summary.refresh(engine, target=3)
    stored = _entry(engine, summary.AGREEMENT)
    assert stored is not None
    assert summary.agreement_report(engine) == _fresh_report(engine)
    corpus = load_corpus(engine)
    with session_scope(engine) as session:
        decisions = effective_decisions(session=session)
    want = overview_counts(corpus, decisions, 3)

    def must_not_compute() -> dict:
        raise AssertionError("the stored counts are current")

    assert summary.overview(engine, target=3, compute=must_not_compute) == want
    assert want["articles"] == 1 and want["open_counts"]  # the sample's open findings
    # a second refresh with nothing changed writes nothing new
    summary.refresh(engine, target=3)
    assert _entry(engine, summary.AGREEMENT) == stored


def test_stale_entries_are_computed_again(engine: Engine) -> None:
    from tests.conftest import seed_sample
    from workbench.store.annotations import SpanIn, add_annotation
    from workbench.store.articles import get_article

    seed_sample(engine)
    summary.refresh(engine, target=3)
    before = summary.agreement_report(engine)
    with session_scope(engine) as session:
        article = get_article(session=session, external_id="sample-article")
        add_annotation(
            session=session,
            article=article,
            annotator_email="late@example.org",
            spans=[SpanIn(0, 5, "claim", None, None, None)],
            relations=[],
        )
    after = summary.agreement_report(engine)  # stale: computed again, and stored
    assert after != before
    assert after == _fresh_report(engine)
    assert "late@example.org" in after["annotators"]
    calls = []
    counts = summary.overview(engine, target=3, compute=lambda: calls.append(1) or {"n": 1})
    assert calls == [1] and counts == {"n": 1}  # the annotations changed: counted again
    assert summary.overview(engine, target=3, compute=lambda: {"n": 2}) == {"n": 1}
    assert summary.overview(engine, target=4, compute=lambda: {"n": 4}) == {"n": 4}
