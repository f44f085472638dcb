"""Editors' accounts and login sessions: rows in, rows out. The password rules, hashing and
session ids live in :mod:`workbench.editors`; only hashes reach these functions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from workbench.store.models import Editor, EditorSession


def _aware(when: datetime) -> datetime:
    """SQLite gives datetimes back without their zone; every stored time is UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def count_editors(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Editor)).one())


def list_editors(*, session: Session) -> list[Editor]:
    return list(session.exec(select(Editor).order_by(col(Editor.name))))


def find_editor(*, session: Session, name: str) -> Editor | None:
    """The account named ``name``, compared without regard to case."""
    wanted = name.casefold()
    for editor in list_editors(session=session):
        if editor.name.casefold() == wanted:
            return editor
    return None


def add_editor(*, session: Session, name: str, password_hash: str) -> Editor:
    editor = Editor(name=name, password_hash=password_hash)
    session.add(editor)
    session.flush()
    return editor


def remove_editor(*, session: Session, editor: Editor) -> int:
    """Delete the account and its sessions; the number of sessions ended."""
    ended = session.exec(
        delete(EditorSession).where(col(EditorSession.editor_id) == editor.id)  # type: ignore[call-overload]
    ).rowcount
    session.delete(editor)
    session.flush()
    return int(ended or 0)


def set_password_hash(*, session: Session, editor: Editor, password_hash: str) -> None:
    editor.password_hash = password_hash
    session.add(editor)
    session.flush()


def start_session(
    *, session: Session, editor: Editor, token_sha256: str, now: datetime, expires_at: datetime
) -> None:
    assert editor.id is not None
    editor.last_login = now
    session.add(editor)
    session.add(
        EditorSession(
            token_sha256=token_sha256,
            editor_id=editor.id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()


def session_editor(
    *, session: Session, token_sha256: str, now: datetime
) -> tuple[Editor | None, bool]:
    """The editor of the session ``token_sha256`` and whether it is still valid at ``now``
    (``(None, False)`` when there is no such session)."""
    row = session.get(EditorSession, token_sha256)
    if row is None:
        return None, False
    editor = session.get(Editor, row.editor_id)
    return editor, editor is not None and _aware(row.expires_at) > now


def end_session(*, session: Session, token_sha256: str) -> bool:
    row = session.get(EditorSession, token_sha256)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def active_sessions(*, session: Session, now: datetime) -> dict[int, int]:
    """Editor id -> number of sessions not yet expired."""
    out: dict[int, int] = {}
    for row in session.exec(select(EditorSession)):
        if _aware(row.expires_at) > now:
            out[row.editor_id] = out.get(row.editor_id, 0) + 1
    return out


def purge_expired(*, session: Session, now: datetime) -> int:
    gone = 0
    for row in list(session.exec(select(EditorSession))):
        if _aware(row.expires_at) <= now:
            session.delete(row)
            gone += 1
    session.flush()
    return gone
