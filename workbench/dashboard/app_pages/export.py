"""Export: corpora for trainers, the same action as ``workbench export`` (docs/exports.md)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.dashboard import login, resources
from workbench.dashboard.components import guard
from workbench.dashboard.paths import confined_export_dir
from workbench.dashboard.text import md
from workbench.export import SCOPE_CHOICES, ExportReport, export_corpus
from workbench.exporters import REGISTRY
from workbench.gold import RULES

RESULT = "export_result"
MIME = {
    "jsonl": "application/jsonl",
    "conll": "text/plain",
    "labelstudio": "application/json",
    "spacy": "application/octet-stream",
}


def _split(raw: str) -> list[str] | None:
    items = [x.strip() for x in raw.replace("\n", ",").split(",") if x.strip()]
    return items or None


st.title("Export")
st.caption(
    "Gold spans (what the annotators agree on, overruled by editors) and each "
    "annotator's spans, as files for training. Unresolved disagreements are left out "
    "and counted in the manifest."
)

with st.form("export"):
    formats = st.multiselect("Formats", REGISTRY.names(), default=["jsonl"], key="formats")
    c1, c2 = st.columns(2)
    scope = c1.radio("Scope", SCOPE_CHOICES, horizontal=True, key="scope")
    rule = c2.radio(
        "Agreement rule",
        RULES,
        horizontal=True,
        key="rule",
        help="unanimous: every annotator of the article marked the span; majority: "
        "more than half did. An editor's decision always wins.",
    )
    use_min = st.checkbox("Only articles with enough agreement", key="use_min")
    min_agreement = st.slider("Least overlap F1", 0.0, 1.0, 0.8, 0.05, key="min_agreement")
    labels = st.text_input("Labels (comma-separated; empty: all)", key="labels")
    articles = st.text_input("Article ids (comma-separated; empty: all)", key="articles")
    out_dir = st.text_input("Folder", value="", key="out_dir", placeholder="exports/<scope>-<rule>")
    submitted = st.form_submit_button("Export", type="primary")

if submitted:
    with guard(), st.spinner("Exporting…"):
        folder = Path(out_dir.strip() or f"exports/{scope}-{rule}")
        if login.required():  # served to others: only under exports/
            folder = confined_export_dir(out_dir, f"{scope}-{rule}")
        st.session_state[RESULT] = export_corpus(
            resources.engine(),
            formats=formats,
            scope=scope,
            rule=rule,
            min_agreement=min_agreement if use_min else None,
            labels=_split(labels),
            articles=_split(articles),
            out_dir=folder,
        )

report: ExportReport | None = st.session_state.get(RESULT)
if report is not None:
    st.success(f"Wrote {len(report.files)} file(s) and manifest.json to {md(report.out_dir)}")
    for line in report.summary_lines():
        st.markdown(md(line))
    for reason in report.empty_gold_reasons():
        st.warning(f"The gold is empty: {md(reason)}.")
    st.dataframe(report.rows(), hide_index=True)
    for f in report.files:
        st.download_button(
            f"Download {f.name}",
            data=f.path.read_bytes(),
            file_name=f.name,
            mime=MIME.get(f.format, "application/octet-stream"),
            key=f"dl-{f.name}",
        )
    st.download_button(
        "Download manifest.json",
        data=report.manifest_path.read_bytes(),
        file_name="manifest.json",
        mime="application/json",
        key="dl-manifest",
    )
