"""Small HTML pieces of the review page: pure, escaped, tested with the highlighter."""

from __future__ import annotations

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
