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


class ReviewConflict(WorkbenchError):
    """Another editor's decision on a review item landed while this editor was looking at
    it; nothing was written. ``editor``, ``at`` and ``decision`` describe the row that
    landed."""

    def __init__(self, *, editor: str, at: str, decision: str, review_id: int) -> None:
        self.editor = editor
        self.at = at
        self.decision = decision
        self.review_id = review_id
        done = "undone" if decision == "undo" else f"decided ({decision})"
        super().__init__(
            f"this item was {done} by {editor} at {at} while you were looking; "
            "reload and decide again"
        )


class LoginRequired(WorkbenchError):
    """An action needs a logged-in editor: no login, a wrong password or an expired session."""
