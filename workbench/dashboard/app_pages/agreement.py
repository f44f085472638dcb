"""Agreement: the measures in plain language, who agrees with whom, per label, per article."""

from __future__ import annotations

import streamlit as st

from workbench.dashboard import charts, data, resources
from workbench.dashboard.components import go, guard, url
from workbench.dashboard.data import fmt, short
from workbench.dashboard.text import md

#: (measure, where in the report, what it means)
MEASURES = (
    (
        "Overlap F1 (mean of pairs)",
        ("f1", "overlap", "mean"),
        "For each pair of annotators, how many spans match when they overlap by at least half "
        "(IoU ≥ 0.5) and carry the same label; 1 = every span found by both.",
    ),
    (
        "Exact F1 (mean of pairs)",
        ("f1", "exact", "mean"),
        "The same, but spans must have exactly the same boundaries. A big gap to overlap F1 "
        "means boundaries, not judgements, differ.",
    ),
    (
        "αU (unitizing alpha)",
        ("alpha_u", "pooled"),
        "Krippendorff's alpha for marking stretches of text: 1 = identical, 0 = chance, below 0 = "
        "systematic disagreement. ≥ 0.8 is reliable, 0.667–0.8 tentative.",
    ),
    (
        "α per character",
        ("alpha_char",),
        "Each character coded with its label (or none), then Krippendorff's alpha.",
    ),
    (
        "Fleiss' κ per character",
        ("fleiss_kappa_char",),
        "Chance-corrected agreement on character labels across all annotators.",
    ),
)


def _get(report: dict, path: tuple[str, ...]) -> float | None:
    value: object = report
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, (int, float)) else None


st.title("Agreement")
with guard():
    corpus = resources.corpus()
report = corpus.report
docs = report.get("documents", {})
st.caption(
    f"{docs.get('compared', 0):,} article(s) annotated by two or more people are compared; "
    f"{docs.get('single_annotator', 0):,} with a single annotator are left out."
)

cols = st.columns(len(MEASURES))
for col, (name, path, meaning) in zip(cols, MEASURES, strict=True):
    col.metric(name, fmt(_get(report, path)), help=meaning, border=True)
with st.expander("What these numbers mean", expanded=False):
    for name, _, meaning in MEASURES:
        st.markdown(f"- **{name}** — {meaning}")

hints = report.get("diagnosis", [])
if hints:
    st.warning(
        "**Diagnosis**\n\n" + "\n".join(f"- {h.get('message', '')}" for h in hints),
        icon=":material/lightbulb:",
    )

left, right = st.columns([1, 1], gap="large")
with left:
    st.subheader("Who agrees with whom")
    cells = data.pair_matrix(report)
    picked: tuple[str, str] | None = None
    if cells:
        n = len({c["a"] for c in cells})
        size = max(260, min(520, 70 * n + 80))
        event = st.altair_chart(
            charts.pair_heatmap(cells, width=size, height=size - 40),
            on_select="rerun",
            key="pair-heatmap",
            selection_mode=charts.PAIR_SELECTION,
        )
        chosen = (event or {}).get("selection", {}).get(charts.PAIR_SELECTION) or []
        if chosen:
            picked = (chosen[0].get("a_full"), chosen[0].get("b_full"))
        st.caption("Overlap F1 of each pair. Click a cell to list that pair's disagreements.")
    else:
        st.info("No pair of annotators has worked on the same article yet.")
with right:
    st.subheader("Per label")
    rows = data.label_rows(report)
    if rows:
        labels = len({r["label"] for r in rows})
        st.altair_chart(charts.label_bars(rows, width=440, height=max(160, 70 * labels)))
        st.caption("Labels with low bars need clearer guidelines or more examples.")
    else:
        st.info("No labels yet.")

if picked and all(picked):
    a, b = picked
    found = data.pair_disagreements(report.get("disagreements", []), a, b)
    st.subheader(f"Where {md(short(a))} and {md(short(b))} disagree ({len(found):,})")
    table = []
    for d in found[:500]:
        art = corpus.by_external.get(d["doc"])
        table.append(
            {
                "article": d["doc"],
                "kind": d["kind"],
                "from": d["start"],
                "to": d["end"],
                "labels": ", ".join(d["labels"]),
                "review": url("review", item=f"d-{art.id}-{d['key']}") if art else None,
            }
        )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(40 + 35 * len(table), 420),
        column_config={"review": st.column_config.LinkColumn("review", display_text="decide ›")},
    )

st.subheader("Articles, least agreement first")
per_doc = report.get("per_document", [])
if per_doc:
    shown = per_doc[:300]
    event = st.dataframe(
        [
            {
                "article": r["doc"],
                "title": corpus.by_external[r["doc"]].title
                if r["doc"] in corpus.by_external
                else "",
                "overlap F1": r.get("f1_overlap"),
                "exact F1": r.get("f1_exact"),
                "αU": r.get("alpha_u"),
                "disagreements": r.get("disagreements"),
                "annotators": len(r.get("annotators", [])),
            }
            for r in shown
        ],
        hide_index=True,
        width="stretch",
        height=min(40 + 35 * len(shown), 420),
        key="per-article",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "overlap F1": st.column_config.ProgressColumn(format="%.2f", min_value=0, max_value=1),
            "exact F1": st.column_config.NumberColumn(format="%.2f"),
            "αU": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    st.caption(
        f"Select a row to open the article ({len(per_doc):,} compared; the 300 lowest shown)."
    )
    rows_picked = event.selection.rows if event else []
    if rows_picked:
        go("article", article=shown[rows_picked[0]]["doc"])
else:
    st.info("No article has two or more annotators yet.")

st.subheader("Per annotator")
people = report.get("per_annotator", [])
if people:
    st.dataframe(
        [
            {
                "annotator": p["annotator"],
                "articles": p["documents"],
                "spans": p["spans"],
                "overlap F1": p.get("f1_overlap"),
                "exact F1": p.get("f1_exact"),
                "mean κ (char)": p.get("cohen_kappa_char"),
            }
            for p in people
        ],
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="%.2f")
            for c in ("overlap F1", "exact F1", "mean κ (char)")
        },
    )
