"""Editors' accounts for the dashboard: names, passwords (argon2 hashes), logins that expire.

One function per user action (add, list, remove, log in, log out), behind both
``workbench editors`` and the dashboard's login form. Passwords and session ids are never
logged, printed or stored as they are: the store keeps an argon2 hash of each password and
the SHA-256 of each session id.

When login is required (:func:`login_required`): the dashboard is served on an address other
than loopback, or editor accounts exist. Then the editor recorded on a review decision is the
one a valid, unexpired :class:`Login` names, never a typed name.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workbench.errors import InputError, LoginRequired, NotFound
from workbench.store import editors as store
from workbench.store import session_scope

MAX_NAME = 120
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class Login:
    """A dashboard login: the random session id the editor's browser session holds. Passed
    as the editor of a review decision; the action resolves it to the account's name."""

    session_id: str = field(repr=False)


@dataclass(frozen=True)
class EditorOut:
    name: str
    created_at: str
    last_login: str | None
    active_sessions: int

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "created_at": self.created_at,
            "last_login": self.last_login,
            "active_sessions": self.active_sessions,
        }


# --- pure rules --------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; anything else (``0.0.0.0``, a name, an
    empty address that binds every interface) is treated as reachable from the network."""
    host = host.strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def login_required(host: str, accounts: int) -> bool:
    """Login is required off loopback, and on loopback as soon as one account exists."""
    return accounts > 0 or not is_loopback(host)


def check_name(name: str) -> str:
    """The account name, stripped; refused when empty, too long or holding control or
    formatting characters (bidi overrides would let one name pass for another)."""
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not cleaned:
        raise InputError("editors", None, "an editor's name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise InputError("editors", None, f"an editor's name has at most {MAX_NAME} characters")
    bad = [c for c in cleaned if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if bad:
        raise InputError(
            "editors",
            None,
            f"an editor's name cannot hold control or formatting characters (U+{ord(bad[0]):04X})",
        )
    return cleaned


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError("editors", None, f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError("editors", None, f"a password has at most {MAX_PASSWORD} characters")
    return password


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(check_password(password)))


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(18)  # 24 characters


def now_utc() -> datetime:
    return datetime.now(UTC)


#: Verified when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_hex(16)))
    return _DUMMY_HASH[0]


# --- actions -----------------------------------------------------------------------------


def add_editor(engine: Engine, name: str, password: str) -> EditorOut:
    """Create an account. Refused when the name (ignoring case) is taken."""
    name = check_name(name)
    digest = hash_password(password)
    with session_scope(engine) as session:
        if store.find_editor(session=session, name=name) is not None:
            raise InputError("editors", None, f"an editor named {name!r} already exists")
        row = store.add_editor(session=session, name=name, password_hash=digest)
        return _out(row, 0)


def list_editors(engine: Engine, *, now: datetime | None = None) -> list[EditorOut]:
    when = now or now_utc()
    with session_scope(engine) as session:
        active = store.active_sessions(session=session, now=when)
        return [_out(e, active.get(e.id or 0, 0)) for e in store.list_editors(session=session)]


def remove_editor(engine: Engine, name: str) -> int:
    """Delete the account ``name`` and end its sessions (returns how many). Its past
    decisions keep the name they were recorded with."""
    with session_scope(engine) as session:
        row = store.find_editor(session=session, name=name)
        if row is None:
            raise NotFound(f"no editor named {name!r} (workbench editors list)")
        return store.remove_editor(session=session, editor=row)


def count_editors(engine: Engine) -> int:
    with session_scope(engine) as session:
        return store.count_editors(session=session)


def login(
    engine: Engine, name: str, password: str, *, hours: float, now: datetime | None = None
) -> Login:
    """Check ``name`` and ``password`` and open a session of ``hours``. A wrong name and a
    wrong password are refused with the same message."""
    when = now or now_utc()
    with session_scope(engine) as session:
        row = store.find_editor(session=session, name=name.strip())
        if row is None:
            verify_password(_dummy_hash(), password)
            raise LoginRequired("wrong name or password")
        if not verify_password(row.password_hash, password):
            raise LoginRequired("wrong name or password")
        session_id = secrets.token_urlsafe(32)
        store.purge_expired(session=session, now=when)
        store.start_session(
            session=session,
            editor=row,
            token_sha256=token_digest(session_id),
            now=when,
            expires_at=when + timedelta(hours=hours),
        )
        return Login(session_id)


def logout(engine: Engine, who: Login) -> None:
    with session_scope(engine) as session:
        store.end_session(session=session, token_sha256=token_digest(who.session_id))


def logged_in_editor(engine: Engine, who: Login | None, *, now: datetime | None = None) -> str:
    """The name of the editor whose valid session ``who`` is; :class:`LoginRequired`
    otherwise (no session, an unknown one, or one that has expired)."""
    with session_scope(engine) as session:
        return session_name(session, who, now=now)


def session_name(session: Session, who: Login | None, *, now: datetime | None = None) -> str:
    if who is None or not who.session_id:
        raise LoginRequired("log in to decide: no editor is logged in")
    row, valid = store.session_editor(
        session=session, token_sha256=token_digest(who.session_id), now=now or now_utc()
    )
    if row is None:
        raise LoginRequired("log in to decide: this login is unknown or was ended")
    if not valid:
        raise LoginRequired("your login has expired: log in again")
    return row.name


def resolve_editor(session: Session, editor: str | Login, *, now: datetime | None = None) -> str:
    """The name to record on a review decision, inside the decision's own transaction.

    A :class:`Login` (the dashboard) gives its account's name, or is refused. A plain name
    (the command line, run by someone who holds the database itself) is taken as typed; once
    accounts exist it must name one of them."""
    if isinstance(editor, Login):
        return session_name(session, editor, now=now)
    name = editor.strip()
    if store.count_editors(session=session):
        row = store.find_editor(session=session, name=name)
        if row is None:
            raise LoginRequired(f"no editor account named {name!r} (workbench editors list)")
        return row.name
    return editor  # the store's own rules apply to it


def password_file(data_dir: Path, name: str) -> Path:
    """Where a generated password of editor ``name`` is kept (0600), never printed."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name.casefold())
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return data_dir / "editors" / f"{safe[:60]}-{digest}.password"


def write_secret_file(path: Path, value: str) -> None:
    """``value`` in a file only its owner can read (created 0600, never widened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    os.chmod(path, 0o600)


def _out(row: object, active: int) -> EditorOut:
    from workbench.store.models import Editor

    assert isinstance(row, Editor)
    return EditorOut(
        name=row.name,
        created_at=row.created_at.replace(microsecond=0).isoformat(),
        last_login=row.last_login.replace(microsecond=0).isoformat() if row.last_login else None,
        active_sessions=active,
    )
