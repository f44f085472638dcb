"""Offsets to highlighted HTML: escaping, overlaps, edges, combining marks, RTL markup."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from workbench.dashboard.highlight import (
    Mark,
    css_token,
    render_article,
    render_diff,
    render_legend,
    render_line,
    render_snippet,
    snap,
    usable,
)

HOSTILE = (
    'تقرير <script>alert("x")</script> عن 12 قتيلًا\n'
    "<img src=x onerror=alert(1)> ثم \"' onmouseover='alert(2)' data-x=\"\n"
    "</p></div><style>body{display:none}</style> &amp; &lt;b&gt;"
)


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> Elements:
    p = Elements()
    p.feed(markup)
    p.close()
    return p


def visible_text(markup: str) -> str:
    """The article text back from the markup: paragraphs joined by newlines."""
    paras = re.findall(r'<p class="wb-p" id="para-\d+">(.*?)</p>', markup, flags=re.S)
    out = []
    for p in paras:
        body = re.sub(r"<[^>]+>", "", p)
        out.append("" if body == "&#8203;" else html.unescape(body))
    return "\n".join(out)


def test_hostile_article_has_no_live_markup() -> None:
    marks = [
        Mark(
            0,
            5,
            "annotator",
            '"><script>alert(3)</script>',
            "<b>amal</b>",
            'x" onclick="y',
            "<img src=x onerror=alert(4)>",
        ),
        Mark(10, 30, "finding", "check' onfocus='z", "warning", None, "</mark><script>1</script>"),
    ]
    out = render_article(HOSTILE, marks, title="<script>alert('t')</script>")
    found = parse(out)
    assert set(found.tags) <= {"div", "h2", "p", "mark"}
    assert not [name for name, _ in found.attrs if name.startswith("on")]
    assert {name for name, _ in found.attrs} <= {"class", "dir", "lang", "id", "style", "title"}
    # the hostile strings survive as text, exactly
    assert visible_text(out) == HOSTILE
    assert "<script>" not in out and "<img" not in out and "<style>" not in out


def test_tooltip_carries_label_annotator_verdict_and_note_escaped() -> None:
    out = render_line("abcdef", 0, 6, [Mark(1, 3, "annotator", "claim", "amal", "false", 'a "q"')])
    found = parse(out)
    titles = [v for k, v in found.attrs if k == "title"]
    assert titles == ['claim · amal · verdict: false\na "q"']
    assert 'title="claim · amal · verdict: false\na &quot;q&quot;"' in out


@pytest.mark.parametrize(
    ("marks", "pieces"),
    [
        ([], ["abcdefghij"]),
        ([Mark(0, 3, "annotator", "claim")], ["<abc>", "defghij"]),  # at the very start
        ([Mark(7, 10, "annotator", "claim")], ["abcdefg", "<hij>"]),  # at the very end
        ([Mark(0, 10, "annotator", "claim")], ["<abcdefghij>"]),  # the whole text
        (  # overlapping
            [Mark(1, 5, "annotator", "claim"), Mark(3, 8, "annotator", "fact")],
            ["a", "<bc>", "<de>", "<fgh>", "ij"],
        ),
        (  # nested
            [Mark(1, 9, "annotator", "claim"), Mark(3, 5, "gold", "fact")],
            ["a", "<bc>", "<de>", "<fghi>", "j"],
        ),
        ([Mark(4, 4, "annotator", "claim")], ["abcdefghij"]),  # empty: dropped
        ([Mark(6, 2, "annotator", "claim")], ["abcdefghij"]),  # reversed: dropped
        ([Mark(-5, 2, "annotator", "claim")], ["<ab>", "cdefghij"]),  # clamped
        ([Mark(8, 99, "annotator", "claim")], ["abcdefgh", "<ij>"]),  # clamped
    ],
)
def test_pieces(marks: list[Mark], pieces: list[str]) -> None:
    text = "abcdefghij"
    out = render_article(text, marks)
    body = re.search(r'<p class="wb-p" id="para-1">(.*)</p>', out, flags=re.S).group(1)
    simplified = re.sub(r"<mark[^>]*>", "<", body).replace("</mark>", ">")
    got = re.findall(r"<[^<>]*>|[^<>]+", simplified)
    assert got == pieces
    assert visible_text(out) == text


def test_overlap_piece_lists_every_mark_in_its_tooltip() -> None:
    marks = [Mark(0, 6, "annotator", "claim", "amal"), Mark(2, 4, "annotator", "fact", "badr")]
    out = render_line("abcdef", 0, 6, usable("abcdef", marks))
    middle = re.findall(r'<mark class="([^"]*)"[^>]*title="([^"]*)">cd</mark>', out)
    assert middle, out
    classes, title = middle[0]
    assert "hl-multi" in classes and "lab-claim" in classes and "lab-fact" in classes
    assert title.splitlines() == ["fact · badr", "claim · amal"]  # innermost first


def test_combining_marks_stay_with_their_letter() -> None:
    text = "قَتَلَ الشَّعفة"  # fatha, shadda: combining marks after letters
    start = text.index("ش") + 1  # between ش and its shadda
    assert snap(text, start) == text.index("ش") + 3  # past shadda and fatha
    out = render_article(
        text, [Mark(0, 1, "annotator", "claim"), Mark(start, len(text), "gold", "fact")]
    )
    assert visible_text(out) == text
    for piece in re.findall(r">([^<>]+)<", out):
        # no piece of text starts with a combining mark
        assert not re.match(r"[\u064B-\u065F\u0670]", html.unescape(piece)), piece
    first = re.search(r"<mark[^>]*>([^<]*)</mark>", out).group(1)
    assert first == "قَ"  # the span [0, 1) grew to keep the fatha


def test_paragraphs_are_rtl_with_bidi_plaintext_and_no_override() -> None:
    text = "قتل 12 شخصًا في ABC\n\nسطر ثالث"
    out = render_article(text, [Mark(4, 6, "annotator", "claim")])
    assert out.startswith('<div class="wb-article" dir="rtl" lang="ar">')
    assert out.count('<p class="wb-p"') == 3
    assert "bidi-override" not in out
    assert "12" in out and "ABC" in out  # digits and Latin in logical order
    assert visible_text(out) == text


def test_span_across_a_line_break_is_split_per_paragraph() -> None:
    text = "abc\ndef"
    out = render_article(text, [Mark(1, 6, "annotator", "claim")])
    assert out.count("<mark") == 2
    assert visible_text(out) == text


def test_css_token_keeps_only_safe_characters() -> None:
    assert css_token('x" onclick="y') == "x-onclick-y"
    assert css_token("رأي") == "x"
    assert css_token("Fact_Check 2") == "fact-check-2"


def test_colour_from_data_cannot_break_the_style_attribute() -> None:
    out = render_line("abc", 0, 3, [Mark(0, 3, "annotator", "a", colour='red;" onclick="x')])
    assert "onclick" not in out and "#e5e7eb" in out
    legend = render_legend([("<b>x</b>", "#fff"), ("y", "url(javascript:1)")])
    assert "<b>" not in legend and "javascript" not in legend


def test_snippet_marks_the_range_inside_its_line() -> None:
    text = "سطر أول\nهنا <النص> المهم هنا\nسطر آخر"
    start = text.index("<النص>")
    out = render_snippet(text, start, start + 6, context=100)
    assert "&lt;النص&gt;" in out and "سطر أول" not in out and "سطر آخر" not in out
    assert '<mark class="hl hl-focus">&lt;النص&gt;</mark>' in out


def test_repeated_passage_diff_shows_both_sides_with_words_marked() -> None:
    first = "قتل 10 أشخاص في القرية"
    again = "وقتل 10 أشخاص في القرية أمس"
    text = f"{first}\n{again}"
    s = len(first) + 1
    evidence = {
        "earlier": {"start": 0, "end": len(first), "text": first},
        "diff": [
            {
                "op": "changed",
                "earlier": {"start": 0, "end": 3, "text": "قتل"},
                "later": {"start": s, "end": s + 4, "text": "وقتل"},
            },
            {
                "op": "added",
                "earlier": None,
                "later": {"start": len(text) - 3, "end": len(text), "text": "أمس"},
            },
        ],
    }
    out = render_diff(text, s, len(text), evidence)
    assert out.count('class="wb-passage" dir="rtl" lang="ar"') == 2
    assert "line 1" in out and "line 2" in out
    assert re.search(r'title="added">أمس</mark>', out)
    assert re.search(r'title="changed">وقتل</mark>', out)
    assert re.search(r'title="changed">قتل</mark>', out)
    assert render_diff(text, s, len(text), {}) == ""


def test_shared_passages_side_by_side_mark_only_changed_words() -> None:
    from tests.checks.cross_article_data import BODY, LEAD, RERUN
    from workbench.dashboard.shared import render_also_printed, render_shared, shared_marks

    evidence = {
        "other": {"external_id": "spa-1", "title": "<b>افتتاح</b>", "source": "wire"},
        "share": 0.77,
        "other_share": 1.0,
        "first": "other",
        "passages": [
            {
                "start": len(LEAD),
                "end": len(RERUN) - 1,
                "other_start": 0,
                "other_end": len(BODY) - 1,
            }
        ],
    }
    html = render_shared(RERUN, BODY, evidence)
    # diacritics and tatweel do not make a word differ; the one changed word does, both sides
    changed = re.findall(r'title="not in the other">([^<]+)</mark>', html)
    assert changed == ["القادم", "المقبل"]
    assert "&lt;b&gt;افتتاح&lt;/b&gt; — line 1" in html and "<b>" not in html
    [mark] = shared_marks([evidence])
    assert (mark.start, mark.end, mark.layer) == (len(LEAD), len(RERUN) - 1, "shared")
    table = render_also_printed([evidence], known=["spa-1"])
    assert 'href="article?article=spa-1"' in table and "<td>77%</td>" in table
    assert "href" not in render_also_printed([evidence])  # not stored: no link
