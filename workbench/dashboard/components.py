"""Streamlit helpers the pages share: styles, errors, links, the editor's name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from workbench.dashboard.text import md
from workbench.editors import Login
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
        st.error(md(exc))
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


def editor_name() -> str | Login | None:
    """Who decides in this session. When login is required (off loopback, or once editor
    accounts exist) the logged-in editor's :class:`Login`, which the review actions resolve
    to the account's name, or ``None`` after showing the login form. Otherwise the typed
    name: asked once, shown with a way to change it."""
    from workbench.dashboard import login

    if login.required():
        who = login.current()
        if who is None:
            login.form()
            return None
        name, token = who
        c1, c2 = st.columns([6, 1], vertical_alignment="center")
        c1.caption(f"Logged in as **{md(name)}** — recorded with each decision.")
        if c2.button("Log out", key="logout"):
            login.logout(token)
            st.rerun()
        return token
    name = st.session_state.get("editor")
    if name:
        c1, c2 = st.columns([6, 1], vertical_alignment="center")
        c1.caption(f"Reviewing as **{md(str(name))}** — recorded with each decision.")
        if c2.button("Change name", key="change-editor"):
            del st.session_state["editor"]
            st.rerun()
        return str(name)
    with st.form("editor-form", border=True):
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        typed = c1.text_input(
            "Your name",
            key="editor-input",
            max_chars=120,
            placeholder="recorded with each decision you make",
        )
        if c2.form_submit_button("Start reviewing", type="primary"):
            if typed.strip():
                st.session_state["editor"] = typed.strip()
                st.rerun()
            st.warning("Please type your name.")
    return None


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


def url_selectbox(
    label: str, options: list[Any], param: str, *, keep_default: bool = False, **kwargs: Any
) -> Any:
    """A select box whose value is the URL query parameter ``param`` (a deep link); the first
    option is the default and leaves the parameter out, unless ``keep_default``."""
    key = f"url-{param}"
    _from_url(param, key, options)
    default = None if keep_default else options[0]
    return st.selectbox(
        label, options, key=key, on_change=_sync_url, args=(param, key, default), **kwargs
    )


def url_text_input(label: str, param: str, **kwargs: Any) -> str:
    """A text input whose value is the URL query parameter ``param``."""
    key = f"url-{param}"
    _from_url(param, key, None)
    return st.text_input(label, key=key, on_change=_sync_url, args=(param, key, ""), **kwargs)
