"""The dashboard in a real browser: ``workbench dashboard`` on a free loopback port, driven
with Playwright in Debian's Chromium. Every page loads, the Arabic article is right-to-left
with highlights in the served Arabic font, hostile markup stays text, and one review item is
resolved through the UI. Screenshots go to ``test-artifacts/screenshots/``.

Skips, with the reason shown, when /usr/bin/chromium is missing (``apt-get install -y
chromium``; ``scripts/system-deps.sh`` installs it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from tests.browser import ARGS, CHROMIUM, SHOTS, playwright_api
from tests.dashboard.seed import add_cross_article, seed
from tests.dashboard.serve import running_dashboard
from workbench.store import session_scope
from workbench.store.reviews import review_log

pytestmark = pytest.mark.browser

sync_api = playwright_api()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    from workbench.store import make_engine, upgrade

    db = tmp_path_factory.mktemp("browser") / "workbench.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    seed(engine, hostile=True)
    add_cross_article(engine)
    env = {**os.environ, "WORKBENCH_SECRETS_FILE": str(db.parent / "none.toml")}
    env.pop("WORKBENCH_DATABASE_URL", None)
    try:
        with running_dashboard(db, env, db.parent / "dashboard.log") as base:
            yield base, engine
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def page(server: tuple[str, Engine]) -> Iterator[object]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # tall enough that Streamlit renders charts below the first screen
        tab = browser.new_page(viewport={"width": 1400, "height": 2000})
        yield tab
        browser.close()


def _goto(tab, url: str, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Load ``url`` and wait for the end of the page's run and for ``selector``."""
    tab.goto(url)
    tab.locator("div.wb-page-end").first.wait_for(state="attached", timeout=45_000)
    tab.locator(selector).first.wait_for(state="visible", timeout=20_000)


def _shoot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the whole page (Streamlit scrolls inside its main element)."""
    height = tab.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight }"
    )
    tab.set_viewport_size({"width": 1400, "height": max(900, min(int(height) + 40, 5000))})
    tab.wait_for_timeout(600)
    tab.screenshot(path=str(SHOTS / f"{name}.png"))
    tab.set_viewport_size({"width": 1400, "height": 2000})


def _no_exception(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.locator("[data-testid='stException']").count() == 0


def test_overview_and_agreement(server: tuple[str, Engine], page) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    _goto(page, f"{base}/", "[data-testid='stMetric']")
    _no_exception(page)
    _shoot(page, "overview")
    _goto(page, f"{base}/agreement", "[data-testid='stVegaLiteChart']")
    page.locator(
        "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    ).first.wait_for(state="visible", timeout=20_000)
    _no_exception(page)
    _shoot(page, "agreement")
    # clicking a heatmap cell lists that pair's disagreements
    page.locator("[data-testid='stVegaLiteChart'] g.mark-rect path").first.click()
    page.get_by_text("disagree (").first.wait_for(state="visible", timeout=20_000)
    assert page.get_by_role("heading", name="Where").count() == 1


def test_article_is_rtl_with_highlights_in_the_arabic_font(server, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    _goto(page, f"{base}/article?article=sample-article", "div.wb-article mark")
    _no_exception(page)
    article = page.locator("div.wb-article").first
    assert article.get_attribute("dir") == "rtl" and article.get_attribute("lang") == "ar"
    para = page.locator("div.wb-article p.wb-p").first
    style = para.evaluate(
        "p => { const s = getComputedStyle(p); return [s.direction, s.unicodeBidi, s.textAlign] }"
    )
    assert style[0] == "rtl" and style[1] == "plaintext" and style[2] in ("start", "right")
    assert page.locator("div.wb-article mark").count() >= 10
    # hovering a highlight shows label, annotator (and note) as its tooltip
    title = page.locator("div.wb-article mark.hl-annotator").first.get_attribute("title")
    assert title and " · " in title
    # digits keep their order: "2018" is in the DOM text as typed
    assert "2018" in article.inner_text()
    assert page.evaluate("document.fonts.check('20px Amiri', 'قوات')")
    page.wait_for_function("document.fonts.status === 'loaded'")
    used = page.evaluate(
        "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Amiri')"
        ".map(f => f.status)"
    )
    assert "loaded" in used
    _shoot(page, "article")


def test_also_printed_in_side_by_side(server, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    _goto(page, f"{base}/article?article=paper-2", "div.wb-shared")
    _no_exception(page)
    table = page.locator("table.wb-also").first
    assert "تبوك" in table.inner_text() and "the other" in table.inner_text()
    cell = page.locator("table.wb-also td.ar").first
    assert cell.evaluate("c => getComputedStyle(c).direction") == "rtl"
    # the shared passage is highlighted in the article, the new lead is not
    shared = page.locator("div.wb-article mark.hl-shared")
    assert shared.count() >= 1 and "أعلنت وزارة" in shared.first.inner_text()
    assert "تستعد تبوك" not in " ".join(shared.all_inner_texts())
    # side by side: this article on the right (right to left), its copy on the left
    sides = page.locator("div.wb-shared > div")
    assert sides.count() == 2
    right, left = (sides.nth(i).bounding_box() for i in range(2))
    assert right and left and right["x"] > left["x"]
    passage = page.locator("div.wb-shared .wb-passage").first
    assert passage.evaluate("p => getComputedStyle(p).direction") == "rtl"
    page.locator("div.wb-shared").first.scroll_into_view_if_needed()
    _shoot(page, "also-printed-in")


def test_hostile_article_stays_text(server, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    _goto(page, f"{base}/article?article=hostile", "div.wb-article")
    _no_exception(page)
    assert (
        page.locator("div.wb-article script, div.wb-article img, div.wb-article style").count() == 0
    )
    assert page.evaluate("window.__xss === undefined")
    assert "<script>" in page.locator("div.wb-article").first.inner_text()


def test_resolve_one_review_item_through_the_ui(server, page) -> None:  # type: ignore[no-untyped-def]
    base, engine = server
    _goto(page, f"{base}/review?check=repeated_passage", "input[aria-label='Your name']")
    page.get_by_label("Your name").fill("Browser Editor")
    page.get_by_role("button", name="Start reviewing").click()
    page.locator("div.wb-item").first.wait_for(state="visible", timeout=30_000)
    _no_exception(page)
    page.locator("div.wb-diff").first.wait_for(state="visible", timeout=10_000)
    _shoot(page, "review")
    page.get_by_label("Note (optional)").fill("the pull-quote repeats the body; keep one")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Saved: confirm").wait_for(state="visible", timeout=30_000)
    with session_scope(engine) as session:
        rows = review_log(session=session)
    assert [(r.target_type, r.decision, r.editor) for r in rows] == [
        ("finding", "confirm", "Browser Editor")
    ]
    assert rows[0].note == "the pull-quote repeats the body; keep one"
    assert "item=f-" in page.url  # the queue moved on to the next item, deep-linked
    _shoot(page, "review-after-decision")
    # a disagreement: who marked what, the gold boundaries and label
    page.get_by_role("button", name="Hide", exact=True).click()
    _goto(page, f"{base}/review?kind=disagreement", "div.wb-item")
    page.get_by_label("Your name").fill("Browser Editor")
    page.get_by_role("button", name="Start reviewing").click()
    page.get_by_text("Reviewing as").wait_for(state="visible", timeout=20_000)
    page.get_by_role("button", name="Save as gold").wait_for(state="visible")
    _shoot(page, "review-disagreement")
