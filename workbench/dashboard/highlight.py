"""Offsets to highlighted HTML: pure functions, no Streamlit.

Offsets are half-open ``[start, end)`` code-point ranges into the stored text (Python ``str``
indices). Everything that comes from data — article text, labels, notes, names — is escaped
here with :func:`html.escape` (``quote=True``); class names come only from
:func:`css_token`, which keeps ``[a-z0-9-]``. No event handlers, no inline scripts.

Overlapping and nested marks are cut into pieces at every boundary; each piece is one
``<mark>`` carrying the classes of every mark over it and a tooltip listing them all, so
hovering anywhere shows every label, annotator, verdict and note that applies there. A
boundary that would separate a letter from its combining marks (harakat, shadda) is moved to
the end of the cluster, so diacritics are never cut off their letter.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: A colour per known label; unknown labels get one from :data:`FALLBACK_COLOURS` by hash.
LABEL_COLOURS: dict[str, str] = {
    "claim": "#fde68a",
    "fact": "#bfdbfe",
    "opinion": "#fed7aa",
    "duplicate": "#e9d5ff",
    "number": "#c7d2fe",
    "date": "#c7d2fe",
    "name": "#bbf7d0",
    "quote": "#fbcfe8",
    "source": "#ddd6fe",
}
FALLBACK_COLOURS = ("#a7f3d0", "#fde2e4", "#cde7f0", "#f5e1a4", "#d9f99d", "#e0e7ff")
FINDING_COLOUR = "#fee2e2"
GOLD_COLOUR = "#86efac"


def label_colour(label: str) -> str:
    """A stable background colour for ``label``."""
    key = label.strip().lower()
    if key in LABEL_COLOURS:
        return LABEL_COLOURS[key]
    return FALLBACK_COLOURS[sum(key.encode("utf-8")) % len(FALLBACK_COLOURS)]


_NOT_TOKEN = re.compile(r"[^a-z0-9-]+")


def css_token(value: str) -> str:
    """``value`` as a safe CSS class fragment (``[a-z0-9-]``, never empty)."""
    token = _NOT_TOKEN.sub("-", value.strip().lower()).strip("-")
    return token or "x"


@dataclass(frozen=True)
class Mark:
    """One highlight: a range, the layer it belongs to and what hovering it shows."""

    start: int
    end: int
    layer: str  # "annotator", "gold" or "finding"
    label: str  # the span label, or the check name for a finding
    who: str = ""  # annotator, editor or check
    verdict: str | None = None
    note: str | None = None
    colour: str = ""  # defaults to the label's colour

    def tooltip(self) -> str:
        parts = [self.label]
        if self.who:
            parts.append(self.who)
        if self.verdict:
            parts.append(f"verdict: {self.verdict}")
        line = " · ".join(parts)
        return f"{line}\n{self.note}" if self.note else line

    def css_colour(self) -> str:
        colour = self.colour or (
            FINDING_COLOUR
            if self.layer == "finding"
            else GOLD_COLOUR
            if self.layer == "gold"
            else label_colour(self.label)
        )
        return colour if re.fullmatch(r"#[0-9a-fA-F]{3,8}", colour) else "#e5e7eb"


def esc(value: object) -> str:
    """Text or attribute content, escaped (``&``, ``<``, ``>``, ``"`` and ``'``)."""
    return html.escape("" if value is None else str(value), quote=True)


def _extends_cluster(ch: str) -> bool:
    """True for a character that belongs to the previous one's cluster (a combining mark,
    a zero-width joiner or a variation selector)."""
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me")
        or ch in "\u200d\ufe0e\ufe0f"
    )


def snap(text: str, offset: int) -> int:
    """``offset`` clamped into the text and moved forward past combining marks, so a cut
    never separates a letter from its diacritics."""
    offset = max(0, min(len(text), offset))
    while 0 < offset < len(text) and _extends_cluster(text[offset]):
        offset += 1
    return offset


def usable(text: str, marks: Iterable[Mark]) -> list[Mark]:
    """Marks with their ends snapped to clusters; empty or out-of-range marks dropped."""
    out = []
    for m in marks:
        start, end = snap(text, m.start), snap(text, m.end)
        if start < end:
            out.append(Mark(start, end, m.layer, m.label, m.who, m.verdict, m.note, m.colour))
    return out


def _piece(text: str, active: Sequence[Mark]) -> str:
    body = esc(text).replace("\n", " ")
    if not active:
        return body
    # annotators' and gold spans before findings (a finding shows as a wavy underline),
    # innermost (shortest) first: its colour is the background, the next one underlines
    ordered = sorted(
        active,
        key=lambda m: (m.layer == "finding", m.end - m.start, m.start, m.layer, m.label, m.who),
    )
    classes = ["hl"] + sorted(
        {f"hl-{css_token(m.layer)}" for m in ordered}
        | {f"lab-{css_token(m.label)}" for m in ordered}
    )
    if len(ordered) > 1:
        classes.append("hl-multi")
    style = f"background-color:{ordered[0].css_colour()}"
    if len(ordered) > 1:
        style += f";border-bottom-color:{ordered[1].css_colour()}"
    if any(m.layer == "finding" for m in ordered):
        style += ";text-decoration-color:#b91c1c"
    title = "\n".join(m.tooltip() for m in ordered)
    return f'<mark class="{" ".join(classes)}" style="{style}" title="{esc(title)}">{body}</mark>'


def render_line(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """The HTML of ``text[start:end]`` (no newline inside) with ``marks`` cut into pieces."""
    cuts = {start, end}
    for m in marks:
        if m.start < end and m.end > start:
            cuts.add(max(start, m.start))
            cuts.add(min(end, m.end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        active = [m for m in marks if m.start <= a and m.end >= b]
        out.append(_piece(text[a:b], active))
    return "".join(out)


def render_article(text: str, marks: Iterable[Mark], *, title: str = "") -> str:
    """The whole article as right-to-left paragraphs (one per stored line) with highlights.

    Each paragraph is ``<p dir="auto">``-free: the container carries ``dir="rtl" lang="ar"``
    and the CSS gives paragraphs ``unicode-bidi: plaintext; text-align: start``, so digits
    and Latin keep their order. Paragraph ``i`` (1-based) has the id ``para-i``.
    """
    good = usable(text, marks)
    parts = ['<div class="wb-article" dir="rtl" lang="ar">']
    if title:
        parts.append(f'<h2 class="wb-title">{esc(title)}</h2>')
    pos = 0
    for n, line in enumerate(text.split("\n"), start=1):
        end = pos + len(line)
        here = [m for m in good if m.start < end and m.end > pos] if line else []
        body = render_line(text, pos, end, here) if line else "&#8203;"
        parts.append(f'<p class="wb-p" id="para-{n}">{body}</p>')
        pos = end + 1
    parts.append("</div>")
    return "".join(parts)


def render_snippet(text: str, start: int, end: int, *, context: int = 60) -> str:
    """``text[start:end]`` marked, with up to ``context`` code points either side, RTL."""
    start, end = snap(text, start), snap(text, end)
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    lo = text.rfind("\n", 0, start) + 1 if "\n" in text[lo:start] else lo
    nl = text.find("\n", end, hi)
    hi = nl if nl >= 0 else hi
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return (
        '<div class="wb-snippet" dir="rtl" lang="ar">'
        f'{esc(before)}<mark class="hl hl-focus">{esc(text[start:end])}</mark>{esc(after)}</div>'
    )


DIFF_COLOURS = {"earlier": "#fecaca", "later": "#bbf7d0", "changed": "#fde68a"}


def diff_marks(evidence: Mapping[str, Any], side: str) -> list[Mark]:
    """Marks for one side (``"earlier"`` or ``"later"``) of a repeated passage's word diff.

    ``evidence["diff"]`` is a list of ``{"op": "added"|"removed"|"changed", "earlier": range
    or None, "later": range or None}`` with ranges ``{"start", "end", "text"}`` in code points
    of the article text (the ``repeated_passage`` check's evidence)."""
    out = []
    for d in evidence.get("diff", []) or []:
        r = d.get(side) if isinstance(d, Mapping) else None
        if not isinstance(r, Mapping):
            continue
        op = str(d.get("op", ""))
        colour = DIFF_COLOURS["changed"] if op == "changed" else DIFF_COLOURS[side]
        out.append(Mark(int(r["start"]), int(r["end"]), "diff", op, colour=colour))
    return out


def render_diff(text: str, start: int, end: int, evidence: Mapping[str, Any]) -> str:
    """Two passages side by side — the earlier one and the repeat at ``[start, end)`` — with
    the words that differ marked (removed/changed on the left, added/changed on the right)."""
    earlier = evidence.get("earlier")
    if not isinstance(earlier, Mapping):
        return ""
    e_start, e_end = int(earlier["start"]), int(earlier["end"])
    sides = []
    for side, (a, b) in (("earlier", (e_start, e_end)), ("later", (start, end))):
        a, b = snap(text, a), snap(text, b)
        marks = usable(text, diff_marks(evidence, side))
        line = text.count("\n", 0, a) + 1
        body = render_line(text, a, b, [m for m in marks if m.start < b and m.end > a])
        caption = f"{'First' if side == 'earlier' else 'Again'} — line {line}"
        sides.append(
            f'<div><div class="wb-cap">{esc(caption)}</div>'
            f'<div class="wb-passage" dir="rtl" lang="ar">{body}</div></div>'
        )
    return f'<div class="wb-diff">{"".join(sides)}</div>'


def render_legend(entries: Iterable[tuple[str, str]]) -> str:
    """A row of colour swatches: ``(label, colour)`` pairs."""
    items = []
    for label, colour in entries:
        safe = colour if re.fullmatch(r"#[0-9a-fA-F]{3,8}", colour) else "#e5e7eb"
        items.append(f'<span><span class="sw" style="background:{safe}"></span>{esc(label)}</span>')
    return f'<div class="wb-legend">{"".join(items)}</div>'
