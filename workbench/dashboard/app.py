"""Entry point of the dashboard: page set-up and navigation. Run by ``workbench dashboard``."""

from __future__ import annotations

from pathlib import Path

# Imported whole before any page runs: Altair uses ``sys.modules["pandas"]`` when present,
# and a second session starting while the first is still importing pandas would see a
# partially initialised module ("pandas has no attribute Timestamp").
import pandas  # noqa: F401
import streamlit as st

from workbench.dashboard import login
from workbench.dashboard.components import PAGES, guard, inject_style

HERE = Path(__file__).parent


def pages() -> list[st.Page]:
    out = [
        st.Page(PAGES["overview"], title="Overview", icon=":material/dashboard:", default=True),
        st.Page(PAGES["agreement"], title="Agreement", icon=":material/group:"),
        st.Page(PAGES["article"], title="Article", icon=":material/article:"),
        st.Page(PAGES["review"], title="Review queue", icon=":material/fact_check:"),
    ]
    # The export page is written by the export work; it joins the navigation when present.
    if (HERE / PAGES["export"]).is_file():
        out.append(st.Page(PAGES["export"], title="Export", icon=":material/download:"))
    return out


st.set_page_config(page_title="Workbench — editors' dashboard", page_icon="📰", layout="wide")
navigation = st.navigation(pages(), position="top")
inject_style()
with guard():
    login.gate()  # off loopback, or once editor accounts exist: nothing shows before a login
navigation.run()
# Marks the end of a complete run of the page (the browser test and benchmark wait for it).
st.html(f'<div class="wb-page-end" data-page="{navigation.url_path or "overview"}"></div>')
