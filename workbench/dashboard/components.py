"""Streamlit helpers the pages share: styles, errors, links, the editor's name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from workbench.errors import WorkbenchError

HERE = Path(__file__).parent
STYLE = HERE / "style.css"

#: Page name -> page script, relative to app.py (what st.page_link and st.switch_page take).
PAGES = {
    "overview": "app_pages/overview.py",
    "agreement": "app_pages/agreement.py",
    "article": "app_pages/article.py",
    "review": "app_pages/review.py",
    "export": "app_pages/export.py",
}


def inject_style() -> None:
    st.html(f"<style>{STYLE.read_text(encoding='utf-8')}</style>")


@contextmanager
def guard() -> Iterator[None]:
    """Show a typed error as one line (``st.error``) and stop the page: no traceback."""
    try:
        yield
    except WorkbenchError as exc:
        st.error(str(exc))
        st.stop()


def link(label: str, page: str, icon: str | None = None, **query: Any) -> None:
    """A link to another page, with query parameters (deep links)."""
    params = {k: str(v) for k, v in query.items() if v is not None}
    try:
        st.page_link(PAGES[page], label=label, icon=icon, query_params=params or None)
    except StreamlitAPIException:  # a page run on its own (no navigation): a plain link
        st.markdown(f"[{label}]({url(page, **params)})")


def url(page: str, **query: Any) -> str:
    """A relative URL of ``page`` with ``query`` (for links inside tables)."""
    from urllib.parse import urlencode

    params = {k: str(v) for k, v in query.items() if v is not None}
    return f"{'' if page == 'overview' else page}{'?' + urlencode(params) if params else ''}"


def go(page: str, **query: Any) -> None:
    st.switch_page(PAGES[page], query_params={k: str(v) for k, v in query.items()})


def editor_name(*, ask: bool = True) -> str | None:
    """The editor's name for this session, asked once (in the page body when ``ask``)."""
    name = st.session_state.get("editor")
    if name or not ask:
        return name
    with st.form("editor-form", border=True):
        st.markdown("**Who is reviewing?** Your name is recorded with each decision.")
        typed = st.text_input("Your name", key="editor-input", max_chars=120)
        if st.form_submit_button("Start reviewing", type="primary"):
            if typed.strip():
                st.session_state["editor"] = typed.strip()
                st.rerun()
            st.warning("Please type your name.")
    return None


def sidebar_editor() -> None:
    name = st.session_state.get("editor")
    if name:
        with st.sidebar:
            st.caption(f"Reviewing as **{name}**")
            if st.button("Change name", key="change-editor"):
                del st.session_state["editor"]
                st.rerun()


def html(markup: str) -> None:
    """Render HTML built by :mod:`.highlight` or :mod:`.cards` (already escaped there)."""
    st.html(markup)


def _sync_url(param: str, key: str, default: Any) -> None:
    value = st.session_state.get(key)
    if value in (None, "", default):
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = str(value)


def _from_url(param: str, key: str, allowed: list[Any] | None) -> None:
    """A URL value that differs from the widget's (a deep link was followed) wins."""
    wanted = st.query_params.get(param)
    if wanted is None or (allowed is not None and wanted not in allowed):
        return
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted


def url_selectbox(label: str, options: list[Any], param: str, **kwargs: Any) -> Any:
    """A select box whose value is the URL query parameter ``param`` (a deep link); the first
    option is the default and leaves the parameter out."""
    key = f"url-{param}"
    _from_url(param, key, options)
    return st.selectbox(label, options, key=key, on_change=_sync_url,
                        args=(param, key, options[0]), **kwargs)


def url_text_input(label: str, param: str, **kwargs: Any) -> str:
    """A text input whose value is the URL query parameter ``param``."""
    key = f"url-{param}"
    _from_url(param, key, None)
    return st.text_input(label, key=key, on_change=_sync_url, args=(param, key, ""), **kwargs)
