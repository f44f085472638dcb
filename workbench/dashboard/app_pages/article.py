"""Article: the text right-to-left with switchable layers of highlights, and its findings."""

from __future__ import annotations

import streamlit as st

from workbench.dashboard import resources
from workbench.dashboard.components import guard, html, link, url_selectbox
from workbench.dashboard.data import short
from workbench.dashboard.highlight import (
    FINDING_COLOUR,
    GOLD_COLOUR,
    Mark,
    esc,
    label_colour,
    render_article,
    render_diff,
    render_legend,
)
from workbench.dashboard.shared import (
    SHARED_COLOUR,
    is_cross,
    render_also_printed,
    render_shared,
    shared_marks,
)
from workbench.dashboard.text import md
from workbench.review import finding_item_id

GOLD = "Adjudicated (gold)"
FINDINGS = "Findings"
SHARED = "Also printed in"

with guard():
    corpus = resources.corpus()

if not corpus.articles:
    st.title("Article")
    st.info("The store has no articles yet: `workbench ingest` or `workbench demo`.")
    st.stop()

# The article of the URL, then those with the least agreement, then the first ones stored:
# at most OPTIONS (a select box of 10,000 titles would weigh on every rerun).
OPTIONS = 300
wanted = st.query_params.get("article")
options = [wanted] if wanted in corpus.by_external else []
if wanted and not options:
    st.warning(f"No article with id {md(repr(wanted))}.")
for ext in [r["doc"] for r in corpus.report.get("per_document", [])[:OPTIONS]] + [
    a.external_id for a in list(corpus.articles.values())[:OPTIONS]
]:
    if len(options) >= OPTIONS:
        break
    if ext in corpus.by_external and ext not in options:
        options.append(ext)

top = st.columns([3, 2])
with top[0]:
    chosen = url_selectbox(
        "Article",
        options,
        "article",
        keep_default=True,
        help="Least agreement first. Any article opens by its id in the URL: "
        "`article?article=<id>`.",
        format_func=lambda ext: f"{ext} — {corpus.by_external[ext].title[:70]}",
    )
art = corpus.by_external[chosen]
anns = corpus.annotations.get(art.id, [])
findings = corpus.findings_by_article.get(art.id, [])
decisions = resources.decisions()

cross = [f for f in findings if is_cross(f.check, f.evidence)]
layers_all = [short(a.annotator) for a in anns] + [GOLD, FINDINGS] + ([SHARED] if cross else [])
with top[1]:
    layers = st.pills(
        "Layers",
        layers_all,
        selection_mode="multi",
        default=layers_all,
        key=f"layers-{art.id}",
        help="Switch highlight layers on and off. Hover a highlight for label, annotator, "
        "verdict and note.",
    )
shown = set(layers or [])

marks: list[Mark] = []
for a in anns:
    if short(a.annotator) in shown:
        marks.extend(
            Mark(s.start, s.end, "annotator", s.label, short(a.annotator), s.verdict, s.note)
            for s in a.spans
        )
if GOLD in shown and anns:
    with guard():
        result = resources.gold(art.id)
    for g in getattr(result, "spans", ()):
        who = "editor" if g.basis == "editor" else f"gold ({g.basis})"
        marks.append(Mark(g.start, g.end, "gold", g.label, who, g.verdict, g.note, GOLD_COLOUR))
if FINDINGS in shown:
    for f in findings:
        if is_cross(f.check, f.evidence):
            continue  # its shared passages are their own layer
        dec = decisions.get(("finding", str(f.id)))
        verdict = dec.decision if dec else "open"
        marks.append(Mark(f.start, f.end, "finding", f.check, f.severity, verdict, f.message))

if SHARED in shown:
    marks.extend(shared_marks(f.evidence for f in cross))

labels = sorted({m.label for m in marks if m.layer == "annotator"})
legend = [(lab, label_colour(lab)) for lab in labels]
if GOLD in shown:
    legend.append(("gold", GOLD_COLOUR))
if FINDINGS in shown and len(findings) > len(cross):
    legend.append(("finding", FINDING_COLOUR))
if SHARED in shown and cross:
    legend.append(("also printed in", SHARED_COLOUR))

main, side = st.columns([5, 2], gap="large")
with main:
    html(render_legend(legend))
    html(render_article(art.text, marks, title=art.title))

with side:
    st.subheader(f"Findings ({len(findings)})")
    if not findings:
        st.caption("The checks report nothing open on this article.")
    for f in sorted(findings, key=lambda f: f.start):
        dec = decisions.get(("finding", str(f.id)))
        state = f"{dec.decision} by {dec.editor}" if dec else "open"
        line = art.text.count("\n", 0, f.start) + 1
        with st.container(border=True):
            st.markdown(f"**{md(f.check)}** · {md(f.severity)} · line {line} · _{md(state)}_")
            st.caption(md(f.message))
            link(
                "Review this finding",
                "review",
                icon=":material/fact_check:",
                item=finding_item_id(f.id),
            )
    st.subheader(f"Annotators ({len(anns)})")
    for a in anns:
        st.markdown(f"- **{md(short(a.annotator))}** — {len(a.spans)} span(s)")
    if anns:
        link(
            "Disagreements on this article", "review", article=art.external_id, check="disagreement"
        )

repeats = [f for f in findings if f.check == "repeated_passage" and f.evidence.get("earlier")]
if repeats:
    st.subheader("Repeated passages")
    st.caption(
        "Each repeat beside its first appearance; words that differ are marked "
        "(red: only in the first, green: only in the repeat, yellow: changed)."
    )
    for f in sorted(repeats, key=lambda f: f.start):
        st.markdown(f"_{md(f.message)}_")
        html(render_diff(art.text, f.start, f.end, f.evidence))

if cross:
    st.subheader(f"Also printed in ({len(cross)})")
    st.caption(
        "Other stored articles that print the same story or a large part of it: the share "
        "of each text in common, and which came first by published date. Below, each shared "
        "passage beside its copy (words found on one side only are marked)."
    )
    html(render_also_printed([f.evidence for f in cross], corpus.by_external))
    for f in sorted(cross, key=lambda f: -float(f.evidence.get("share") or 0)):
        other_ref = corpus.by_external.get(str(f.evidence["other"].get("external_id", "")))
        html(f'<div class="wb-muted">{esc(f.message)}</div>')
        if other_ref is not None:
            html(render_shared(art.text, other_ref.text, f.evidence))
