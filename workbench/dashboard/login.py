"""The editors' login in the dashboard (see :mod:`workbench.editors`).

Login is required when the dashboard is served off loopback, or as soon as one editor
account exists. The browser session (``st.session_state``) holds only a random session id;
the store keeps its SHA-256 with the editor and the expiry, and every run checks it there.
A page reload starts a new Streamlit session, so the editor logs in again.
"""

from __future__ import annotations

import streamlit as st

from workbench import editors
from workbench.config import load_settings
from workbench.dashboard import resources
from workbench.editors import Login
from workbench.errors import LoginRequired, WorkbenchError

#: The session-state key of the random session id (nothing else about the login is kept).
SESSION_KEY = "wb-login"
NOTICE_KEY = "wb-login-notice"
ERROR_KEY = "wb-login-error"


def served_host() -> str:
    """The address the server binds: Streamlit's own option when set, else the setting
    (``workbench dashboard`` passes both)."""
    try:
        address = st.get_option("server.address")
    except Exception:  # noqa: BLE001 - an unknown option under a test runner
        address = None
    return str(address) if address else load_settings().dashboard_host


def required() -> bool:
    return editors.login_required(served_host(), editors.count_editors(resources.engine()))


def current() -> tuple[str, Login] | None:
    """The logged-in editor's name and login, checked against the store on every run; an
    unknown or expired login is dropped (with a notice for the form)."""
    sid = st.session_state.get(SESSION_KEY)
    if not sid:
        return None
    who = Login(str(sid))
    try:
        return editors.logged_in_editor(resources.engine(), who), who
    except LoginRequired as exc:
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[NOTICE_KEY] = str(exc)
        return None


def _submit() -> None:
    """The form's callback: check the name and password, then forget the password (the
    widget's value is emptied before the page runs)."""
    name = str(st.session_state.get("login-name") or "")
    password = str(st.session_state.get("login-password") or "")
    st.session_state["login-password"] = ""
    try:
        who = editors.login(
            resources.engine(), name, password, hours=load_settings().editor_session_hours
        )
    except WorkbenchError as exc:
        st.session_state[ERROR_KEY] = str(exc)
    else:
        st.session_state[SESSION_KEY] = who.session_id
        st.session_state.pop("editor", None)  # a typed name plays no part any more


def form() -> None:
    """Name and password; on success the session id goes into the browser session."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice)
    with st.form("login-form", border=True):
        st.markdown("**Editors' login**")
        st.text_input("Editor name", key="login-name", max_chars=editors.MAX_NAME)
        st.text_input(
            "Password", key="login-password", type="password", max_chars=editors.MAX_PASSWORD
        )
        st.form_submit_button("Log in", type="primary", on_click=_submit)
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error)
    st.caption(
        "Accounts: `workbench editors add NAME`. A login lasts "
        f"{load_settings().editor_session_hours} h; reloading the page asks for it again."
    )


def logout(who: Login) -> None:
    editors.logout(resources.engine(), who)
    st.session_state.pop(SESSION_KEY, None)


def gate() -> tuple[str, Login] | None:
    """For the entry page: when login is required and nobody is logged in, show the form
    and stop the run (no page, no data). Returns the login when there is one."""
    if not required():
        return None
    who = current()
    if who is None:
        st.title("Log in")
        form()
        st.stop()
    return who
