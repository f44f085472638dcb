"""Overview: the corpus at a glance; every number links to the page that explains it."""

from __future__ import annotations

import streamlit as st

from workbench.config import load_settings
from workbench.dashboard import data, resources
from workbench.dashboard.cards import count_bars, rows_table
from workbench.dashboard.components import guard, html, link
from workbench.dashboard.text import md

st.title("Overview")

with guard():
    summary = resources.overview()  # stored counts: no corpus load on a fresh server

target = load_settings().annotators_per_task
progress = summary["progress"]
alpha_u = summary["alpha_u"]
f1_mean = summary["f1_mean"]
open_counts = summary["open_counts"]
open_items = sum(open_counts.values())

c1, c2, c3, c4 = st.columns(4)
with c1:
    st.metric("Articles", f"{summary['articles']:,}", border=True, help="Articles in the store.")
    link("Open an article", "article", icon=":material/article:")
with c2:
    st.metric(
        "Fully annotated",
        f"{progress['done']:,}",
        border=True,
        help=f"Articles with at least {target} annotators "
        f"({progress['in progress']:,} in progress, {progress['not started']:,} not started).",
    )
    link("Least-agreed articles", "agreement", icon=":material/low_priority:")
with c3:
    st.metric(
        "Agreement αU",
        data.fmt(alpha_u),
        border=True,
        help="Krippendorff's unitizing alpha, pooled over labels: 1 = the annotators "
        "marked the same stretches with the same labels, 0 = no better than chance.",
    )
    link("What the agreement means", "agreement", icon=":material/group:")
with c4:
    st.metric(
        "Open review items",
        f"{open_items:,}",
        border=True,
        help="Findings and disagreements without an editor's decision.",
    )
    link("Go to the review queue", "review", icon=":material/fact_check:")

if alpha_u is not None or f1_mean is not None:
    verdict = (
        "annotators largely mark the same passages with the same labels."
        if (alpha_u or 0) >= 0.8
        else "usable, but the guidelines leave room for interpretation: read the disagreements."
        if (alpha_u or 0) >= 0.667
        else "too low to trust single annotations: see where annotators part ways."
    )
    st.info(
        f"**αU {data.fmt(alpha_u)} · mean overlap F1 {data.fmt(f1_mean)}** — {verdict}",
        icon=":material/insights:",
    )
else:
    st.info("No article has two or more annotators yet, so there is no agreement to show.")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Open items by check")
    counts = dict(summary["findings_by_check"])
    dis_open = open_counts.get("disagreement", 0)
    if dis_open:
        counts["annotator disagreement"] = dis_open
    if counts:
        html(count_bars(counts, what="check"))
        cols = st.columns(2)
        for n_, (check, n) in enumerate(counts.items()):
            name = "disagreement" if check == "annotator disagreement" else check
            with cols[n_ % 2]:
                link(f"{md(check)}: {n:,}", "review", icon=":material/arrow_forward:", check=name)
    else:
        st.success("Nothing open: every finding and disagreement has a decision.")
with right:
    st.subheader("Annotation progress")
    names = {
        "done": f"done ({target}+ annotators)",
        "in progress": "in progress",
        "not started": "not started",
    }
    html(count_bars({names[k]: v for k, v in progress.items()}, what="articles"))
    people = summary["people"]
    if people:
        html(
            f'<div class="wb-scroll">{rows_table(people, ("annotator", "articles", "spans"))}</div>'
        )
        link("Agreement per annotator", "agreement", icon=":material/group:")
    assigned = resources.assignment_progress()
    if assigned:
        st.caption("Assigned work (`workbench assign`): articles submitted of those assigned")
        table = rows_table(
            [
                {**p, "progress": p["submitted"] / p["assigned"] if p["assigned"] else 1.0}
                for p in assigned
            ],
            ("annotator", "assigned", "submitted", "progress"),
            share="progress",
        )
        html(f'<div class="wb-scroll">{table}</div>')
