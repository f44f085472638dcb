"""Small HTML pieces of the pages: pure, escaped, tested with the highlighter.

The overview draws its bars and tables here, in plain HTML, rather than with a chart or a
data grid: the first page a browser opens then needs none of the chart and grid scripts
(about 2 MB), which Chromium would otherwise fetch and compile before the page settles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.dashboard.data import short
from workbench.dashboard.highlight import esc, label_colour
from workbench.review import QueueItem


def item_header(item: QueueItem) -> str:
    """The head of a review item: kind, where, message."""
    sev = item.category if item.kind == "finding" else "warning"
    what = (
        f"finding · {item.check} · {item.category}"
        if item.kind == "finding"
        else f"disagreement · {item.category}"
    )
    where = f"{item.article} · characters {item.start}–{item.end}"
    status = (
        "open"
        if item.decision is None
        else f"decided: {item.decision.get('decision')} by {item.decision.get('editor')}"
    )
    return (
        f'<div class="wb-item sev-{esc(sev)}">'
        f'<div class="wb-kind">{esc(what)} — {esc(status)}</div>'
        f'<div class="wb-msg">{esc(item.message)}</div>'
        f'<div class="wb-muted">{esc(where)} · {esc(item.title)}</div>'
        "</div>"
    )


def who_said_table(item: QueueItem, text: str) -> str:
    """Who marked what in a disagreement's region: one row per annotator and span."""
    rows = []
    for a in item.annotations:
        spans = a.get("spans", [])
        if not spans:
            rows.append(
                f"<tr><td>{esc(short(a['annotator']))}</td><td class='wb-muted'>nothing</td>"
                "<td></td><td></td></tr>"
            )
        for s in spans:
            colour = label_colour(str(s["label"]))
            rows.append(
                f"<tr><td>{esc(short(a['annotator']))}</td>"
                f'<td><span style="background:{colour};padding:0 .3em;border-radius:3px">'
                f"{esc(s['label'])}</span></td>"
                f"<td>{int(s['start'])}–{int(s['end'])}</td>"
                f'<td class="ar" dir="rtl" lang="ar">{esc(text[int(s["start"]) : int(s["end"])])}</td></tr>'
            )
    return (
        '<table class="wb-who"><tr><th>annotator</th><th>label</th><th>range</th>'
        f"<th>text</th></tr>{''.join(rows)}</table>"
    )


def count_bars(counts: Mapping[str, int], *, what: str) -> str:
    """Horizontal bars of counts, largest first (ties by name), each with its count;
    ``what`` names the rows (the header of the first column)."""
    if not counts:
        return ""
    top = max(max(counts.values()), 1)
    rows = "".join(
        f'<tr><td class="name">{esc(name)}</td>'
        f'<td class="bar"><span style="width:{100 * max(n, 0) / top:.1f}%"></span></td>'
        f'<td class="n">{n:,}</td></tr>'
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        f'<table class="wb-bars"><tr><th>{esc(what)}</th><th></th><th class="n">count</th></tr>'
        f"{rows}</table>"
    )


def rows_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, share: str | None = None
) -> str:
    """A table of ``rows`` with ``columns``; numbers right-aligned with thousands separators.
    ``share``: a column holding a fraction 0..1, shown as a percentage with a bar."""
    numeric = {
        c
        for c in columns
        if rows
        and all(isinstance(r.get(c), int | float) and not isinstance(r.get(c), bool) for r in rows)
    }
    head = "".join(
        f'<th class="n">{esc(c)}</th>' if c in numeric else f"<th>{esc(c)}</th>" for c in columns
    )
    body = []
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c)
            if c == share and isinstance(value, int | float):
                pct = 100 * min(max(float(value), 0.0), 1.0)
                cells.append(
                    f'<td class="n"><span class="wb-share"><span style="width:{pct:.1f}%">'
                    f"</span></span>{pct:.0f}%</td>"
                )
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<td class="n">{value:,}</td>')
            else:
                cells.append(f"<td>{esc(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="wb-table"><tr>{head}</tr>{"".join(body)}</table>'
