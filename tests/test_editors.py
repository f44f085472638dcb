"""Editors' accounts: the rules, the store, logins that expire, the review actions' editor,
and ``workbench editors`` / ``workbench dashboard --host`` on the command line."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from tests.dashboard.seed import seed
from workbench import editors, review
from workbench.editors import Login
from workbench.errors import InputError, LoginRequired, NotFound
from workbench.review import QueueFilters, review_queue
from workbench.store import session_scope
from workbench.store.models import Editor, EditorSession
from workbench.store.reviews import review_log

PASSWORD = "tall-cedar-window-42"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.4.5", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("10.0.0.5", False),
        ("dashboard.example.org", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert editors.is_loopback(host) is loopback
    assert editors.login_required(host, 0) is (not loopback)
    assert editors.login_required(host, 1) is True


def test_names_and_passwords_are_checked() -> None:
    assert editors.check_name("  ريم القحطاني ") == "ريم القحطاني"
    for bad in ("", "   ", "x" * 121, "a\u202eb", "a\nb", "a\u200fb"):
        with pytest.raises(InputError):
            editors.check_name(bad)
    with pytest.raises(InputError, match="at least 10"):
        editors.check_password("short")
    digest = editors.hash_password(PASSWORD)
    assert digest.startswith("$argon2id$") and PASSWORD not in digest
    assert editors.verify_password(digest, PASSWORD)
    assert not editors.verify_password(digest, PASSWORD + "x")
    assert not editors.verify_password("not a hash", PASSWORD)


def test_accounts_add_list_remove(engine: Engine) -> None:
    editors.add_editor(engine, "Reem", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        editors.add_editor(engine, "reem", PASSWORD)  # names are compared without case
    editors.add_editor(engine, "سلمى", PASSWORD)
    assert [e.name for e in editors.list_editors(engine)] == ["Reem", "سلمى"]
    with session_scope(engine) as s:
        (stored,) = [e for e in s.exec(select(Editor)) if e.name == "Reem"]
        assert PASSWORD not in stored.password_hash
    editors.login(engine, "Reem", PASSWORD, hours=1)
    assert [e.active_sessions for e in editors.list_editors(engine)] == [1, 0]
    assert editors.remove_editor(engine, "REEM") == 1
    assert [e.name for e in editors.list_editors(engine)] == ["سلمى"]
    with session_scope(engine) as s:
        assert list(s.exec(select(EditorSession))) == []
    with pytest.raises(NotFound):
        editors.remove_editor(engine, "Reem")


def test_login_wrong_password_and_expiry(engine: Engine) -> None:
    editors.add_editor(engine, "Reem", PASSWORD)
    with pytest.raises(LoginRequired, match="wrong name or password"):
        editors.login(engine, "Reem", "not-the-password", hours=1)
    with pytest.raises(LoginRequired, match="wrong name or password"):
        editors.login(engine, "Nobody", PASSWORD, hours=1)
    t0 = editors.now_utc()
    who = editors.login(engine, "reem", PASSWORD, hours=12, now=t0)
    assert PASSWORD not in repr(who) and who.session_id not in repr(who)
    with session_scope(engine) as s:
        (row,) = s.exec(select(EditorSession))
        assert row.token_sha256 == editors.token_digest(who.session_id)
        assert who.session_id not in row.token_sha256  # only the digest is stored
    assert editors.logged_in_editor(engine, who, now=t0 + timedelta(hours=11)) == "Reem"
    with pytest.raises(LoginRequired, match="expired"):
        editors.logged_in_editor(engine, who, now=t0 + timedelta(hours=12, seconds=1))
    with pytest.raises(LoginRequired):
        editors.logged_in_editor(engine, Login("forged-session-id"))
    editors.logout(engine, who)
    with pytest.raises(LoginRequired):
        editors.logged_in_editor(engine, who, now=t0)


@pytest.fixture
def store(engine: Engine) -> Engine:
    seed(engine)
    return engine


def _finding(engine: Engine) -> str:
    return review_queue(engine, QueueFilters(kind="finding"))[0].id


def test_a_decision_needs_a_valid_login(store: Engine) -> None:
    item = _finding(store)
    editors.add_editor(store, "Reem", PASSWORD)
    for who in (Login(""), Login("made-up")):
        with pytest.raises(LoginRequired):
            review.decide(store, item, who, "confirm")
    # once accounts exist, a typed name must be one of them (the command line)
    with pytest.raises(LoginRequired, match="no editor account named 'Mallory'"):
        review.decide(store, item, "Mallory", "confirm")
    expired = editors.login(
        store, "Reem", PASSWORD, hours=1, now=editors.now_utc() - timedelta(hours=2)
    )
    with pytest.raises(LoginRequired, match="expired"):
        review.decide(store, item, expired, "confirm")
    with session_scope(store) as s:
        assert review_log(session=s) == []
    who = editors.login(store, "Reem", PASSWORD, hours=1)
    row = review.decide(store, item, who, "confirm", note="checked")
    assert row.editor == "Reem"
    undone = review.undo(store, row.id, who)
    assert undone.editor == "Reem"
    with pytest.raises(LoginRequired):
        review.undo(store, row.id, Login("made-up"))


def test_without_accounts_a_typed_name_is_recorded(store: Engine) -> None:
    row = review.decide(store, _finding(store), "Nadia", "dismiss")
    assert row.editor == "Nadia"


# --- the command line ----------------------------------------------------------------------


def _cli(args: list[str], *, url: str, data: Path, stdin: str | None = None):  # type: ignore[no-untyped-def]
    from workbench.cli import build_app

    env = {
        "WORKBENCH_DATA_DIR": str(data),
        "WORKBENCH_SECRETS_FILE": str(data / "none.toml"),
        "WORKBENCH_DATABASE_URL": "",
    }
    return CliRunner().invoke(build_app(), ["--db", url, *args], input=stdin, env=env)


def test_cli_add_list_remove_never_prints_a_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    data = tmp_path / "data"
    outputs = []
    added = _cli(["editors", "add", "Reem", "--password-stdin"], url=url, data=data, stdin=PASSWORD)
    assert added.exit_code == 0, added.output
    outputs.append(added.output)
    # no terminal and no password: one is generated into a private file
    gen = _cli(["editors", "add", "Salma"], url=url, data=data, stdin="")
    assert gen.exit_code == 0, gen.output
    (secret,) = (data / "editors").iterdir()
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700
    generated = secret.read_text(encoding="utf-8").strip()
    assert len(generated) == 24 and generated not in gen.output and str(secret) in gen.output
    outputs.append(gen.output)
    again = _cli(["editors", "add", "reem", "--password-stdin"], url=url, data=data, stdin=PASSWORD)
    assert again.exit_code == 1 and "already exists" in again.output
    outputs.append(again.output)
    short = _cli(["editors", "add", "Omar", "--password-stdin"], url=url, data=data, stdin="abc")
    assert short.exit_code == 1 and short.output.count("\n") == 1
    listed = _cli(["editors", "list", "--format", "json"], url=url, data=data)
    import json

    rows = json.loads(listed.stdout)["editors"]
    assert [r["name"] for r in rows] == ["Reem", "Salma"]
    assert set(rows[0]) == {"name", "created_at", "last_login", "active_sessions"}
    outputs.append(listed.output)
    outputs.append(_cli(["editors", "list"], url=url, data=data).output)
    from workbench.store import make_engine

    engine = make_engine(url)
    assert editors.logged_in_editor(engine, editors.login(engine, "Salma", generated, hours=1))
    removed = _cli(["editors", "remove", "Salma"], url=url, data=data)
    assert removed.exit_code == 0 and "1 login(s) ended" in removed.output
    outputs.append(removed.output)
    for out in outputs:
        assert PASSWORD not in out and generated not in out


def test_dashboard_off_loopback_without_accounts_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    refused = _cli(["dashboard", "--host", "0.0.0.0"], url=url, data=tmp_path)
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "error: refusing to serve the dashboard on 0.0.0.0, beyond loopback, without editor "
        "accounts: add one with `workbench editors add NAME` (logins are then required)"
    ]


def test_cli_prompt_hides_the_password_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import select as io_select
    import subprocess
    import sys

    main, replica = pty.openpty()
    env = {
        **os.environ,
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
    }
    cli = Path(sys.executable).with_name("workbench")

    def controlling_terminal() -> None:  # the pty becomes the command's /dev/tty
        import fcntl
        import termios

        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [str(cli), "editors", "add", "Nadia"],
        stdin=replica,
        stdout=replica,
        stderr=replica,
        env=env,
        close_fds=True,
        preexec_fn=controlling_terminal,
    )
    os.close(replica)
    seen = b""

    def read_until(marker: bytes, timeout: float = 120) -> None:
        nonlocal seen
        import time

        end = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < end:
            ready, _, _ = io_select.select([main], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:
                    break
        assert marker in seen, seen  # (the machine may be busy: the command starts slowly)

    def type_when_echo_is_off() -> None:
        import termios
        import time

        end = time.monotonic() + 120
        while termios.tcgetattr(main)[3] & termios.ECHO and time.monotonic() < end:
            time.sleep(0.05)
        os.write(main, PASSWORD.encode() + b"\n")

    read_until(b"Password:")
    type_when_echo_is_off()
    read_until(b"Repeat for confirmation:")
    type_when_echo_is_off()
    read_until(b"added editor")
    assert proc.wait(timeout=120) == 0, seen
    os.close(main)
    assert b"added editor Nadia" in seen
    assert PASSWORD.encode() not in seen  # the terminal did not echo it, nothing printed it
    from workbench.store import make_engine

    engine = make_engine(env["WORKBENCH_DATABASE_URL"])
    assert editors.logged_in_editor(engine, editors.login(engine, "nadia", PASSWORD, hours=1))
