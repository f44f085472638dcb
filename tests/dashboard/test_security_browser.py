"""Hostile strings through every page in real Chromium, and no secret in the server's logs.

One ``workbench dashboard`` on a free loopback port, Streamlit logging at debug level, a
Label Studio token configured, an editor account (so a login is required) whose name is
itself hostile, and a store whose article text, title, source, annotators' notes, names and
e-mails, and editors' names and notes are hostile (``tests/dashboard/hostile.py``).

Every page (overview, agreement, article, review, export) is loaded after a login through
the form, and: no element was injected (no ``on*`` attribute, ``javascript:`` URL, ``srcdoc``
or script carrying a payload), no payload ran (no ``window.__pwned_*`` flag, no dialog), and
the payloads are shown as text. Then the server's stdout/stderr are scanned for the token
and the password.
"""

from __future__ import annotations

import os
import secrets
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import ARGS, CHROMIUM, playwright_api
from tests.dashboard.hostile import HOSTILE_ARTICLE, hostile_name, seed_hostile
from tests.dashboard.seed import seed
from tests.dashboard.serve import running_dashboard
from workbench import editors

pytestmark = pytest.mark.browser
sync_api = playwright_api()

EDITOR = hostile_name(50)  # "<img src=x onerror=window.__pwned_50=1>**50**"

#: Elements or attributes that would mean markup went live. Payload text in a ``title``,
#: ``aria-label`` or ``value`` attribute is fine (it is an attribute value, not markup).
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase(), v = a.value;
      if (n.startsWith('on')) found.push(`${el.tagName} ${n}=${v.slice(0, 60)}`);
      if (['href', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href'].includes(n)
          && (/^\\s*javascript:/i.test(v) || v.includes('__pwned'))) {
        found.push(`${el.tagName} ${n}=${v.slice(0, 60)}`);
      }
    }
    const tag = el.tagName.toLowerCase();
    if (['script', 'style', 'iframe', 'object', 'embed'].includes(tag)
        && ((el.textContent || '').includes('__pwned') || (el.textContent || '').includes('display:none')
            || el.hasAttribute('srcdoc'))) {
      found.push(`${tag} ${(el.textContent || '').slice(0, 60)}`);
    }
    // tags a payload would bring, where page content is rendered (Streamlit's own icons
    // are aria-hidden SVGs)
    const content = el.closest('[data-testid="stMarkdownContainer"], [data-testid="stHtml"], '
      + '[data-testid="stAlert"], [data-testid="stCaptionContainer"]');
    if (content && (['img', 'iframe', 'details', 'object', 'embed', 'script'].includes(tag)
        || tag === 'svg' && el.getAttribute('aria-hidden') !== 'true')) {
      found.push(`${tag} in content`);
    }
  }
  return found;
}"""

PWNED = "() => Object.keys(window).filter(k => k.startsWith('__pwned'))"


@dataclass
class Dashboard:
    base: str
    log: Path
    token: str
    password: str
    stored: dict[str, list[str]]
    loaded: int = 0


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    from workbench.store import make_engine, upgrade

    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "workbench.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    seed(engine)
    stored = seed_hostile(engine)
    password = "pw-" + secrets.token_urlsafe(16)
    editors.add_editor(engine, EDITOR, password)
    engine.dispose()
    token = secrets.token_hex(20)
    env = {
        **os.environ,
        "WORKBENCH_SECRETS_FILE": str(tmp / "none.toml"),
        "WORKBENCH_DATA_DIR": str(tmp / "data"),
        "WORKBENCH_LABELSTUDIO_URL": "http://127.0.0.1:9",
        "WORKBENCH_LABELSTUDIO_TOKEN": token,
        "STREAMLIT_LOGGER_LEVEL": "debug",
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",
    }
    env.pop("WORKBENCH_DATABASE_URL", None)
    log = tmp / "dashboard.log"
    with running_dashboard(db, env, log) as base:
        yield Dashboard(base, log, token, password, stored)


@pytest.fixture(scope="module")
def tab(dashboard: Dashboard) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.set_default_timeout(90_000)  # a busy machine renders slowly
        page.dialogs = []  # type: ignore[attr-defined]

        def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
            page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
            dialog.dismiss()

        page.on("dialog", on_dialog)
        yield page
        browser.close()


def _open(tab, dashboard: Dashboard, path: str) -> str:  # type: ignore[no-untyped-def]
    """Load ``path`` (a reload: the login form comes first), log in, wait for the page's
    run to end; the page's text."""
    dashboard.loaded += 1
    tab.goto(f"{dashboard.base}/{path}")
    tab.get_by_label("Editor name").fill(EDITOR)
    tab.get_by_label("Password", exact=True).fill(dashboard.password)
    tab.get_by_role("button", name="Log in").click()
    tab.locator("div.wb-page-end").first.wait_for(state="attached", timeout=90_000)
    tab.wait_for_timeout(300)  # late elements (charts, tooltips) of the same run
    assert tab.locator("[data-testid='stException']").count() == 0
    return str(tab.evaluate("() => document.body.innerText"))


def _clean(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.evaluate(INJECTED) == []
    assert tab.evaluate(PWNED) == []
    assert tab.dialogs == []


def test_hostile_strings_stay_text_on_every_page(dashboard: Dashboard, tab) -> None:  # type: ignore[no-untyped-def]
    ps = dashboard.stored["text"]
    # overview: the hostile editor's name as the logged-in one is not shown here; markup
    # from names and checks must not go live anywhere
    _open(tab, dashboard, "")
    _clean(tab)

    # agreement: the hostile annotators are a pair of the heatmap; its tooltips name them
    _open(tab, dashboard, "agreement")
    _clean(tab)
    marks = tab.locator("[data-testid='stVegaLiteChart']").first.locator("g.mark-rect path")
    marks.first.wait_for(state="visible", timeout=60_000)
    tips = []
    for i in range(marks.count()):
        marks.nth(i).hover(force=True)  # the previous tooltip may cover the next cell
        tab.wait_for_timeout(80)
        tips.append(
            tab.evaluate(
                "() => { const t = document.querySelector('#vg-tooltip-element');"
                " return t ? t.innerText : '' }"
            )
        )
        _clean(tab)
    assert any(hostile_name(20) in t for t in tips), tips
    # clicking the hostile pair's cell lists their disagreements under their names
    pair = marks.and_(tab.locator("[aria-label*='__pwned_20'][aria-label*='__pwned_21']"))
    pair.first.click(force=True)
    heading = tab.get_by_role("heading").filter(has_text="disagree (")
    heading.first.wait_for(state="visible", timeout=60_000)
    _clean(tab)
    assert hostile_name(20) in heading.first.inner_text()

    # article: text, title, notes, annotators' names, findings' messages
    text = _open(tab, dashboard, f"article?article={HOSTILE_ARTICLE}")
    _clean(tab)
    article = str(tab.locator("div.wb-article").first.inner_text())
    for p in ps:
        assert p in article, p
    assert dashboard.stored["title"][0] in text
    assert hostile_name(20) in text  # an annotator, listed by name
    titles = tab.evaluate("() => [...document.querySelectorAll('mark[title]')].map(m => m.title)")
    assert any(n in t for n in dashboard.stored["notes"] for t in titles)

    # review: the finding an editor with a hostile name dismissed with a hostile note
    from workbench.review import history, item_id_of
    from workbench.store import make_engine

    engine = make_engine(f"sqlite:///{dashboard.log.parent / 'workbench.db'}")
    decided = history(engine, limit=1)[0]
    engine.dispose()
    text = _open(tab, dashboard, f"review?item={item_id_of(decided)}")
    _clean(tab)
    assert hostile_name(40) in text and ps[9] in text
    assert EDITOR in text  # "Logged in as ..."
    # a disagreement between the hostile annotators: names in the options and the table
    text = _open(tab, dashboard, f"review?kind=disagreement&in_article={HOSTILE_ARTICLE}")
    _clean(tab)
    assert hostile_name(20) in text and hostile_name(21) in text  # the who-said table
    options = tab.locator("[data-testid='stRadio']").first.text_content()
    assert hostile_name(20) in str(options)  # the boundaries' options, unformatted
    # an unknown item named in the URL
    text = _open(tab, dashboard, "review?item=" + urllib.request.quote("f-" + ps[0]))
    _clean(tab)
    assert ps[0] in text

    # export
    _open(tab, dashboard, "export")
    _clean(tab)


def test_no_secret_in_the_server_logs(dashboard: Dashboard, tab) -> None:  # type: ignore[no-untyped-def]
    if dashboard.loaded < 5:  # run alone: load every page now
        for path in ("", "agreement", f"article?article={HOSTILE_ARTICLE}", "review", "export"):
            _open(tab, dashboard, path)
    logged = dashboard.log.read_bytes().decode("utf-8", errors="replace")
    assert "Running script" in logged  # the server really logged at debug level
    assert dashboard.token not in logged
    assert dashboard.password not in logged
