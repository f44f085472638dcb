"""Cross-article duplicates for the article page: the "also printed in" table, the shared
passages as highlights, and each shared passage beside its copy in the other article.
Pure functions, no Streamlit; everything from data is escaped here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from workbench.arabic.normalize import fold
from workbench.dashboard.highlight import DIFF_COLOURS, Mark, esc, render_line, snap, usable

CHECK = "cross_article_duplicate"
SHARED_COLOUR = "#bae6fd"
FIRST = {
    "this": "this article",
    "other": "the other",
    "same_day": "same day",
    "unknown": "unknown",
}
#: A word of the stored text with its diacritics (harakat, shadda, Quranic marks) inside.
_WORD = re.compile(r"(?:\w|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


def is_cross(check: str, evidence: Mapping[str, Any]) -> bool:
    return check == CHECK and isinstance(evidence.get("other"), Mapping)


def _passages(evidence: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [p for p in evidence.get("passages", []) or [] if isinstance(p, Mapping)]


def shared_marks(evidences: Iterable[Mapping[str, Any]]) -> list[Mark]:
    """One mark per shared passage of this article, naming the other article."""
    out = []
    for ev in evidences:
        other = ev.get("other", {})
        name = str(other.get("title") or other.get("external_id") or "")
        for p in _passages(ev):
            out.append(
                Mark(
                    int(p["start"]),
                    int(p["end"]),
                    "shared",
                    "also printed in",
                    name,
                    note=f"{other.get('source', '')} {other.get('published') or ''}".strip(),
                    colour=SHARED_COLOUR,
                )
            )
    return out


def _pct(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return "?"


def render_also_printed(evidences: Sequence[Mapping[str, Any]], known: Iterable[str] = ()) -> str:
    """A table of the other articles: title (a link to its page when stored), source, date,
    the share of this article and of the other in common, and which came first."""
    stored = set(known)
    rows = []
    for ev in sorted(evidences, key=lambda e: -float(e.get("share") or 0)):
        other = ev.get("other", {})
        ext = str(other.get("external_id", ""))
        title = esc(other.get("title") or ext)
        if ext in stored:
            title = (
                f'<a href="article?article={esc(quote(ext, safe=""))}" target="_self">{title}</a>'
            )
        rows.append(
            "<tr>"
            f'<td class="ar" dir="rtl" lang="ar">{title}</td>'
            f"<td>{esc(other.get('source', ''))}</td>"
            f"<td>{esc(other.get('published') or '—')}</td>"
            f"<td>{_pct(ev.get('share'))}</td>"
            f"<td>{_pct(ev.get('other_share'))}</td>"
            f"<td>{esc(FIRST.get(str(ev.get('first')), 'unknown'))}</td>"
            "</tr>"
        )
    head = (
        "<tr><th>Also printed in</th><th>source</th><th>published</th>"
        "<th>of this article</th><th>of the other</th><th>first</th></tr>"
    )
    return f'<table class="wb-who wb-also">{head}{"".join(rows)}</table>'


def _differing(text: str, start: int, end: int, other_words: set[str], colour: str) -> list[Mark]:
    """Marks on the words of ``text[start:end]`` that the other passage lacks."""
    return [
        Mark(start + m.start(), start + m.end(), "diff", "not in the other", colour=colour)
        for m in _WORD.finditer(text[start:end])
        if fold(m.group()) not in other_words
    ]


def render_shared(
    text: str,
    other_text: str,
    evidence: Mapping[str, Any],
    *,
    limit: int = 6,
) -> str:
    """Each shared passage beside its copy in the other article (this article on the right,
    where an Arabic reader starts), words found in only one of the two marked."""
    other = evidence.get("other", {})
    name = str(other.get("title") or other.get("external_id") or "")
    blocks = []
    for p in _passages(evidence)[:limit]:
        a0, a1 = snap(text, int(p["start"])), snap(text, int(p["end"]))
        b0, b1 = snap(other_text, int(p["other_start"])), snap(other_text, int(p["other_end"]))
        words_a = {fold(w) for w in _WORD.findall(text[a0:a1])}
        words_b = {fold(w) for w in _WORD.findall(other_text[b0:b1])}
        sides = []
        for caption, t, s, e, marks in (
            (
                f"This article — line {text.count(chr(10), 0, a0) + 1}",
                text,
                a0,
                a1,
                _differing(text, a0, a1, words_b, DIFF_COLOURS["earlier"]),
            ),
            (
                f"{name} — line {other_text.count(chr(10), 0, b0) + 1}",
                other_text,
                b0,
                b1,
                _differing(other_text, b0, b1, words_a, DIFF_COLOURS["later"]),
            ),
        ):
            body = render_line(t, s, e, usable(t, marks)).replace("\n", " ")
            sides.append(
                f'<div><div class="wb-cap">{esc(caption)}</div>'
                f'<div class="wb-passage" dir="rtl" lang="ar">{body}</div></div>'
            )
        blocks.append(f'<div class="wb-diff wb-shared">{"".join(sides)}</div>')
    more = len(_passages(evidence)) - limit
    if more > 0:
        blocks.append(f'<div class="wb-muted">… and {more} more shared passage(s)</div>')
    return "".join(blocks)
