"""Altair chart builders: plain rows in, a chart out. No Streamlit; tested as functions.

Every chart has an explicit width and height (Streamlit needs them for heatmaps).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

#: Name of the heatmap's point selection (what ``on_select="rerun"`` reports).
PAIR_SELECTION = "pair"
TEAL = "#0f766e"


def pair_heatmap(
    cells: Sequence[Mapping[str, Any]], *, width: int = 420, height: int = 380
) -> alt.Chart:
    """Annotator × annotator overlap F1; clicking a cell selects the pair (fields a, b)."""
    names = sorted({c["a"] for c in cells} | {c["b"] for c in cells})
    pick = alt.selection_point(name=PAIR_SELECTION, fields=["a_full", "b_full"], on="click")
    data = alt.Data(values=[dict(c) for c in cells])
    base = alt.Chart(data).encode(
        x=alt.X("b:N", title=None, sort=names, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("a:N", title=None, sort=names),
    )
    rect = (
        base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer")
        .encode(
            color=alt.Color(
                "f1:Q",
                title="overlap F1",
                scale=alt.Scale(domain=[0, 1], scheme="tealblues"),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("a:N", title="annotator"),
                alt.Tooltip("b:N", title="compared with"),
                alt.Tooltip("f1:Q", title="overlap F1", format=".2f"),
                alt.Tooltip("tp:Q", title="matched spans"),
            ],
        )
        .add_params(pick)
    )
    text = base.mark_text(fontSize=13).encode(
        text=alt.Text("f1:Q", format=".2f"),
        color=alt.condition("datum.f1 > 0.6", alt.value("white"), alt.value("#1f2933")),
    )
    return (rect + text).properties(width=width, height=height)


def label_bars(
    rows: Sequence[Mapping[str, Any]], *, width: int = 460, height: int = 260
) -> alt.Chart:
    """Per label: overlap F1, exact F1 and αU side by side."""
    data = alt.Data(values=[dict(r) for r in rows])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None),
            x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[min(0.0, _min(rows)), 1])),
            yOffset=alt.YOffset("measure:N"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(
                    domain=["overlap F1", "exact F1", "αU"], range=[TEAL, "#99d5c9", "#f59e0b"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["label:N", "measure:N", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=width, height=height)
    )


def _min(rows: Sequence[Mapping[str, Any]]) -> float:
    return min((float(r["value"]) for r in rows), default=0.0)
