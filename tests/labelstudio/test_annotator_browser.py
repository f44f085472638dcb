"""A new fact-checker's path through Label Studio's own UI, in Debian's Chromium.

``workbench labelstudio add-annotator`` makes the account; the annotator logs in through the
login form, opens the project, reads the guidelines, sees the article right to left with the
checks' suggestions, selects Arabic spans with the mouse (one starting on a word with a clitic,
one across a line break, one with Arabic-Indic digits, one repeating it), labels each with its
hotkey, sets a verdict and a note, draws a ``duplicate_of`` relation and submits.
``workbench pull`` must then store spans whose ``text[start:end]`` is exactly what the browser
selected (``window.getSelection().toString()``, which gives a displayed line break back as
``\n``). Label Studio writes such a span's ``value.text`` with the break as the two characters
``\\n``; its offsets are exact, and the pull accepts it. Screenshots of each step go to
``test-artifacts/screenshots/annotator-*.png``.

Skips, with the reason shown, when /usr/bin/chromium or the Label Studio environment is missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.browser import ARGS, CHROMIUM, SHOTS, playwright_api
from tests.conftest_labelstudio import LabelStudioServer
from workbench.cli import build_app

pytestmark = [pytest.mark.browser, pytest.mark.labelstudio]

sync_api = playwright_api()

EMAIL = "new.checker@news.test"
PASSWORD = "first-day-pass-7"
PROJECT = "annotator path under test"
#: A short article: line 4 repeats line 1 with a clause added (the checks suggest it as a
#: duplicate), line 5 repeats a figure of line 3 (left for the annotator to find).
ARTICLE = "\n".join(
    [
        "قال مسؤول محلي إن القصف أسفر عن مقتل ١٢ شخصًا وإصابة ٣٤ آخرين بالقرب من السوق "
        "المركزي في المدينة صباح الثلاثاء.",
        "والتحالف الدولي أعلن أنه سيواصل دعم القوات المحلية بالتنسيق مع السلطات،",
        "وأضاف أن عدد النازحين بلغ ٢٥٠٠ شخص خلال أسبوع واحد.",
        "وقال مسؤول محلي إن القصف أسفر عن مقتل ١٢ شخصًا وإصابة ٣٤ آخرين بالقرب من السوق "
        "المركزي في المدينة صباح الثلاثاء، فيما لم تعلق السلطات على الحادث.",
        "وأكدت منظمة إغاثية أن عدد النازحين بلغ ٢٥٠٠ شخص خلال أسبوع.",
    ]
)
#: (passage, occurrence, label, hotkey): what the annotator selects, in order.
SELECTIONS = [
    ("والتحالف الدولي أعلن أنه سيواصل دعم القوات المحلية", 0, "claim", "2"),
    ("بالتنسيق مع السلطات،\nوأضاف أن", 0, "fact", "1"),
    ("عدد النازحين بلغ ٢٥٠٠ شخص", 0, "fact", "1"),
    ("عدد النازحين بلغ ٢٥٠٠ شخص خلال أسبوع", 1, "duplicate", "3"),
]
NOTE = "بيان التحالف <b>غير منشور</b> & لا مصدر"

#: The rectangles of the first and last character of the ``occurrence``-th copy of a passage
#: in the rendered text (lines are separate elements there, so line breaks are not in the DOM).
RECTS_JS = """([passage, occurrence]) => {
  const root = document.querySelector('.lsf-htx-richtext');
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let full = '';
  while (walk.nextNode()) { nodes.push([walk.currentNode, full.length]); full += walk.currentNode.data; }
  let at = -1;
  for (let k = 0; k <= occurrence; k++) { at = full.indexOf(passage, at + 1); if (at < 0) return null; }
  const rect = (i) => {
    let k = nodes.length - 1; while (nodes[k][1] > i) k--;
    const range = document.createRange();
    range.setStart(nodes[k][0], i - nodes[k][1]); range.setEnd(nodes[k][0], i - nodes[k][1] + 1);
    const r = range.getClientRects()[0];
    return {left: r.left, right: r.right, y: (r.top + r.bottom) / 2};
  };
  return {first: rect(at), last: rect(at + passage.length - 1)};
}"""

#: Records what the browser had selected when the mouse button went up, before Label Studio
#: turns the selection into a region.
SELECTION_JS = """() => {
  window.__selections = [];
  window.addEventListener('mouseup',
    () => window.__selections.push(window.getSelection().toString()), true);
}"""


def _shoot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"annotator-{name}.png"))


def _rects(page: Any, passage: str, occurrence: int) -> dict[str, Any]:
    found = page.evaluate(RECTS_JS, [passage.replace("\n", ""), occurrence])
    assert found is not None, f"{passage!r} is not in the rendered article"
    return found


def _drag_select(page: Any, passage: str, occurrence: int) -> None:
    """Press the mouse inside the right half of the first character (right to left: the caret
    goes before it) and release it inside the left half of the last one."""
    r = _rects(page, passage, occurrence)
    page.mouse.move(r["first"]["right"] - 1, r["first"]["y"])
    page.mouse.down()
    page.mouse.move(
        (r["first"]["left"] + r["last"]["right"]) / 2, (r["first"]["y"] + r["last"]["y"]) / 2
    )
    page.mouse.move(r["last"]["left"] + 1, r["last"]["y"], steps=6)
    page.mouse.up()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def test_a_new_annotator_labels_arabic_by_mouse_and_pull_stores_exactly_the_selection(
    labelstudio_server: LabelStudioServer, tmp_path: Path, browser_page: Any
) -> None:
    expect = sync_api.expect
    page = browser_page
    base = labelstudio_server.url
    (tmp_path / "practice.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    env = {
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'team.db'}",
        "WORKBENCH_LABELSTUDIO_URL": base,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
        "WORKBENCH_LABELSTUDIO_PROJECT": PROJECT,
        "WORKBENCH_ANNOTATORS_PER_TASK": "2",
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
        "WORKBENCH_ANNOTATOR_PASSWORD": PASSWORD,
    }
    runner = CliRunner()

    def cli(*args: str) -> str:
        out = runner.invoke(build_app(), list(args), env=env)
        assert out.exit_code == 0, out.output
        return out.stdout

    cli("ingest", str(tmp_path / "practice.txt"))
    cli("check", "--all")
    pushed = json.loads(cli("push", "--all", "--format", "json"))
    assert pushed["created"] == 1 and pushed["predictions"] == 1
    assert f"created {EMAIL}" in cli("labelstudio", "add-annotator", EMAIL)

    # 1. the login form, as a person fills it
    page.goto(f"{base}/user/login/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    _shoot(page, "1-login")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/user/login" not in url)

    # 2. the project from the list, then its labelling stream; the guidelines open first
    page.goto(f"{base}/projects/")
    page.get_by_text(PROJECT, exact=True).first.click()
    page.get_by_role("button", name="Label All Tasks").click()
    expect(page.get_by_text("Labeling Instructions")).to_be_visible()
    expect(page.get_by_role("heading", name="Span labels")).to_be_visible()
    _shoot(page, "2-guidelines")
    page.keyboard.press("Escape")
    expect(page.get_by_text("Labeling Instructions")).to_be_hidden()

    # 3. the article, right to left, with the checks' suggestions already as regions
    article = page.locator(".lsf-htx-richtext")
    expect(article).to_contain_text("والتحالف الدولي")
    assert article.evaluate("e => getComputedStyle(e).direction") == "rtl"
    regions = page.locator(".lsf-outliner-item")
    expect(regions).to_have_count(2)  # the repeated paragraph and its original
    expect(regions.filter(has_text="duplicate")).to_have_count(1)
    _shoot(page, "3-article")

    # 4. four spans, each selected with the mouse after pressing its label's hotkey
    page.evaluate(SELECTION_JS)
    for i, (passage, occurrence, label, key) in enumerate(SELECTIONS):
        expect(page.locator(".lsf-label_selected")).to_have_count(0)
        page.keyboard.press(key)
        expect(page.locator(".lsf-label_selected")).to_have_text(label + key)
        _drag_select(page, passage, occurrence)
        expect(regions).to_have_count(3 + i)
    selected = page.evaluate("window.__selections")
    _shoot(page, "4-spans")

    # 5. a verdict and a note on the first span
    regions.nth(2).click()
    page.locator(".lsf-choice__checkbox", has_text="unverifiable").click()
    page.locator("textarea[name=note]").fill(NOTE)
    page.get_by_role("button", name="Add").click()
    info = page.locator(".lsf-sidepanels")  # the selected region's details
    expect(info.get_by_text("Text:", exact=True)).to_be_visible()
    expect(info.get_by_text("unverifiable", exact=True)).to_be_visible()
    _shoot(page, "5-verdict-note")

    # 6. duplicate_of: the repeated figure (last span) to its first mention (third span)
    regions.nth(5).click()
    page.keyboard.press("Alt+r")
    third = _rects(page, SELECTIONS[2][0], SELECTIONS[2][1])["first"]
    page.mouse.click((third["left"] + third["right"]) / 2, third["y"])
    page.locator(".lsf-panel-tabs", has_text="Relations").first.click()
    drawn = page.locator(".lsf-relations__item")
    expect(drawn).to_have_count(2)  # the suggested one and the new one
    drawn.nth(1).hover()
    drawn.nth(1).get_by_role("button", name="Show Relation Labels").click()
    page.get_by_text("Select labels").click()
    page.get_by_test_id("select-option-duplicate_of").click()
    page.keyboard.press("Escape")
    expect(drawn.nth(1)).to_contain_text("duplicate_of")
    _shoot(page, "6-relation")

    # 7. submit
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/annotations" in r.url
    ) as submitted:
        page.get_by_role("button", name="Submit current annotation").click()
    assert submitted.value.status == 201
    expect(page.get_by_text(re.compile("no more tasks", re.I)).first).to_be_visible()
    _shoot(page, "7-submitted")

    # what the browser selected, against what the workbench stores
    assert len(selected) == len(SELECTIONS)
    pulled = json.loads(cli("pull", "--format", "json"))
    assert (pulled["created"], pulled["quarantined"]) == (1, 0), pulled
    from workbench.store import open_store, session_scope
    from workbench.store.annotations import annotations

    with session_scope(open_store(env["WORKBENCH_DATABASE_URL"])) as session:
        (ann,) = annotations(session=session)
    assert ann.annotator == EMAIL
    by_text = {s.text: s for s in ann.spans}
    mine = []
    for (passage, occurrence, label, _), seen in zip(SELECTIONS, selected, strict=True):
        start = -1
        for _ in range(occurrence + 1):
            start = ARTICLE.index(passage, start + 1)
        span = by_text[passage]
        assert (span.start, span.end, span.label) == (start, start + len(passage), label)
        assert ARTICLE[span.start : span.end] == span.text
        # Each stored line is a line of the display and the browser gives the break back as
        # "\n": the selection is the stored text exactly (no whitespace to forgive here).
        assert seen == span.text, (seen, span.text)
        mine.append(span)
    assert (mine[0].verdict, mine[0].note) == ("unverifiable", NOTE)
    assert (mine[3].id, mine[2].id, "duplicate_of") in ann.relations
    # the suggestions the annotator kept came back too, with their relation
    assert any(s.label == "duplicate" and s.text.startswith("وقال مسؤول") for s in ann.spans)
    assert len(ann.relations) == 2
