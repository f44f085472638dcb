"""``workbench db``: schema migrations."""

from __future__ import annotations

import typer

from workbench.cli.common import settings, user_errors
from workbench.store.engine import current_revision, make_engine, upgrade


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="The database schema.", no_args_is_help=True)

    @db.command("upgrade")
    def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
        """Bring the schema up to date (every command also does this on a fresh database)."""
        with user_errors():
            engine = make_engine(settings().database_url)
            upgrade(engine, revision)
            typer.echo(f"database at revision {current_revision(engine)}")

    @db.command("current")
    def db_current() -> None:
        """Print the schema revision of the database."""
        with user_errors():
            typer.echo(current_revision(make_engine(settings().database_url)) or "empty")

    app.add_typer(db, name="db")
