"""Typed errors. Library code raises these; only the front ends turn them into messages."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error a user can cause. Its ``str`` is a one-line message."""


class ConfigError(WorkbenchError):
    """A setting is missing or malformed."""


class InputError(WorkbenchError):
    """One input record cannot be used. Carries where it came from."""

    def __init__(self, path: str, record: str | int | None, reason: str) -> None:
        self.path = path
        self.record = record
        self.reason = reason
        where = path if record is None else f"{path}:{record}"
        super().__init__(f"{where}: {reason}")


class NotFound(WorkbenchError):
    """An article, finding or review item named by the user does not exist."""


class LabelStudioError(WorkbenchError):
    """The Label Studio server could not be started, reached or understood."""


class StoreError(WorkbenchError):
    """The database could not be opened or migrated."""


class LoginRequired(WorkbenchError):
    """An action needs a logged-in editor: no login, a wrong password or an expired session."""
