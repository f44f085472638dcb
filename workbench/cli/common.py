"""What every command shares: settings, output format, and turning errors into one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

import typer

from workbench.config import Settings, load_settings
from workbench.errors import WorkbenchError

T = TypeVar("T")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="table (readable) or json.")


@dataclass
class _State:
    db: str | None = None


state = _State()


def settings() -> Settings:
    """Settings with the global ``--db`` applied."""
    return load_settings(database_url=state.db)


def published_date(value: str | None) -> date | None:
    """``--published``'s value as a date; a bad one is refused with the expected form."""
    from workbench.records import parse_date  # not imported by commands that take no date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a typed error into one line on stderr and a non-zero exit; no traceback."""
    try:
        yield
    except WorkbenchError as exc:
        fail(str(exc))


def run(action: Callable[[], T]) -> T:
    with user_errors():
        return action()
    raise AssertionError("unreachable")


def refresh_summary(engine: Any | None = None) -> None:
    """Store the dashboard's agreement report and overview counts again, where what they
    depend on changed (after a pull, ingest, check or review decision)."""
    from workbench.summary import refresh

    cfg = settings()
    if engine is None:
        from workbench.store import open_store

        engine = open_store(cfg.database_url)
    refresh(engine, target=cfg.annotators_per_task)


def emit_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain fixed-width table (Arabic cells are left as they are)."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
