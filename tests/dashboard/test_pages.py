"""Every page under AppTest: renders without exceptions; the review page writes review rows,
undo restores the previous state, and the queue moves on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.dashboard.seed import seed
from workbench.store import session_scope
from workbench.store.reviews import current_decision, review_log

APP = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app.py"
PAGES = (
    "app_pages/overview.py",
    "app_pages/agreement.py",
    "app_pages/article.py",
    "app_pages/review.py",
)


@pytest.fixture
def store(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    seed(sqlite_engine, hostile=True)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    return sqlite_engine


def app(editor: str | None = "Test Editor") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if editor:
        at.session_state["editor"] = editor
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_navigation_and_overview(store: Engine) -> None:
    at = app()
    at.run()
    no_errors(at)
    assert at.title[0].value == "Overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "2"
    assert metrics["Open review items"] not in ("0", "")
    assert "αU" in at.info[0].value


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders(store: Engine, page: str) -> None:
    at = app()
    at.run()
    at.switch_page(page).run()
    no_errors(at)


def test_agreement_page_explains_the_measures(store: Engine) -> None:
    at = app()
    at.run()
    at.switch_page("app_pages/agreement.py").run()
    no_errors(at)
    assert {"Overlap F1 (mean of pairs)", "αU (unitizing alpha)"} <= {m.label for m in at.metric}
    assert at.warning  # the diagnosis hints
    assert at.dataframe  # per-article table


def test_article_page_renders_rtl_highlights_escaped(store: Engine) -> None:
    at = app()
    at.run()
    at.switch_page("app_pages/article.py").run()
    at.query_params["article"] = "hostile"
    at.run()
    no_errors(at)
    markup = " ".join(h.proto.body for h in at.get("html"))
    assert 'class="wb-article" dir="rtl" lang="ar"' in markup
    assert "<mark" in markup
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    assert "<img" not in markup


def test_review_asks_for_the_editor_once(store: Engine) -> None:
    at = app(editor=None)
    at.run()
    at.switch_page("app_pages/review.py").run()
    no_errors(at)
    at.text_input(key="editor-input").input("Nadia")
    at.button[0].click().run()
    no_errors(at)
    assert at.session_state["editor"] == "Nadia"
    assert "Reviewing as **Nadia**" in " ".join(c.value for c in at.caption)


def _open(at: AppTest, item_id: str) -> AppTest:
    at.query_params["item"] = item_id
    at.switch_page("app_pages/review.py").run()
    no_errors(at)
    return at


def test_resolving_a_finding_writes_a_review_row_and_undo_restores(store: Engine) -> None:
    at = app()
    at.run()
    at.switch_page("app_pages/review.py").run()
    no_errors(at)
    item_id = at.query_params.get("item") or _first_finding(at)
    _open(at, item_id)
    key = item_id.split("-", 1)[1]
    at.text_area(key=f"note-{item_id}").input("verified against the wire copy")
    at.button(key=f"confirm-{item_id}").click().run()
    no_errors(at)
    with session_scope(store) as session:
        rows = review_log(session=session)
        assert [(r.target_type, r.target_key, r.decision, r.editor, r.note) for r in rows] == [
            ("finding", key, "confirm", "Test Editor", "verified against the wire copy")
        ]
    # the queue moved on to another item
    assert at.query_params.get("item") not in (None, item_id)
    assert "Saved: confirm" in at.success[0].value
    at.button(key="undo-last").click().run()
    no_errors(at)
    with session_scope(store) as session:
        assert [r.decision for r in review_log(session=session)] == ["confirm", "undo"]
        assert current_decision(session=session, target_type="finding", target_key=key) is None
    assert at.query_params.get("item") == item_id


def _first_finding(at: AppTest) -> str:
    import os

    from workbench.review import QueueFilters, review_queue
    from workbench.store import make_engine

    engine = make_engine(os.environ["WORKBENCH_DATABASE_URL"])
    return review_queue(engine, QueueFilters(kind="finding"))[0].id


def test_gold_decision_on_a_disagreement_and_undo_from_the_item(store: Engine) -> None:
    from workbench.review import QueueFilters, review_queue

    item = review_queue(store, QueueFilters(kind="disagreement", article="sample-article"))[0]
    at = app()
    at.run()
    _open(at, item.id)
    at.selectbox(key=f"label-{item.id}").set_value("claim")
    at.button(key=f"gold-{item.id}").click().run()
    no_errors(at)
    with session_scope(store) as session:
        d = current_decision(
            session=session, target_type="disagreement", target_key=item.target_key
        )
        assert d is not None and (d.decision, d.label, d.editor) == ("gold", "claim", "Test Editor")
        assert d.start is not None and d.end is not None and d.start < d.end
        first_id = d.review_id
    # the deep link still opens the decided item, which offers its undo
    _open(at, item.id)
    assert any("Decided: **gold**" in i.value for i in at.info)
    at.button(key=f"undo-{item.id}").click().run()
    no_errors(at)
    with session_scope(store) as session:
        assert (
            current_decision(
                session=session, target_type="disagreement", target_key=item.target_key
            )
            is None
        )
        last = review_log(session=session)[-1]
        assert (last.decision, last.undoes_id) == ("undo", first_id)


def test_filters_come_from_the_url(store: Engine) -> None:
    at = app()
    at.run()
    at.switch_page("app_pages/review.py").run()
    at.query_params["check"] = "repeated_passage"
    at.run()
    no_errors(at)
    assert at.selectbox(key="url-check").value == "repeated_passage"
    table = at.dataframe[0].value
    assert set(table["check"]) == {"repeated_passage"}


def test_unknown_deep_link_is_one_warning(store: Engine) -> None:
    at = app()
    at.run()
    _open(at, "f-424242")
    assert "no review item 'f-424242'" in at.warning[0].value


def test_article_page_shows_also_printed_in(store: Engine) -> None:
    from tests.dashboard.seed import add_cross_article

    add_cross_article(store, hostile_title=True)
    at = app()
    at.run()
    at.switch_page("app_pages/article.py").run()
    at.query_params["article"] = "spa-1"
    at.run()
    no_errors(at)
    assert "Also printed in (1)" in [s.value for s in at.subheader]
    markup = " ".join(h.proto.body for h in at.get("html"))
    # the table: the other article (escaped title, a link to its page), shares, who came first
    assert '<a href="article?article=paper-2" target="_self">' in markup
    assert "&lt;img src=x onerror=" in markup and "<img" not in markup
    assert "<td>100%</td>" in markup and "<td>this article</td>" in markup
    # the shared passages: highlighted in the article and side by side, right to left
    assert "hl-shared" in markup
    assert markup.count('class="wb-diff wb-shared"') == 1
    assert 'class="wb-passage" dir="rtl" lang="ar"' in markup
    # the one word changed in the rerun is marked on both sides
    assert 'title="not in the other">المقبل</mark>' in markup
    assert 'title="not in the other">القادم</mark>' in markup
    # the same-topic article links to nothing
    at.query_params["article"] = "paper-3"
    at.run()
    no_errors(at)
    assert not [s for s in at.subheader if s.value.startswith("Also printed in")]
