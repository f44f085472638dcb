"""The command line: thin commands that parse, call one library function and present.

Each command group lives in its own module with a ``register(app)`` function. Typer is
imported only under this package.
"""

from __future__ import annotations

import importlib
import sys

import typer

from workbench.cli.common import state

#: Modules that contribute commands, in the order their help is listed.
COMMAND_MODULES = (
    "workbench.cli.ingest_cmd",
    "workbench.cli.check_cmd",
    "workbench.cli.labelstudio_cmd",
    "workbench.cli.team_cmd",
    "workbench.cli.agree_cmd",
    "workbench.cli.review_cmd",
    "workbench.cli.export_cmd",
    "workbench.cli.dashboard_cmd",
    "workbench.cli.db_cmd",
    "workbench.cli.demo_cmd",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="workbench",
        help="Fact-checking annotation workbench for Arabic news.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _global(
        db: str = typer.Option(
            None, "--db", help="Database URL (overrides WORKBENCH_DATABASE_URL)."
        ),
    ) -> None:
        """Fact-checking annotation workbench for Arabic news."""
        state.db = db

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def main() -> None:
    app = build_app()
    sys.exit(app(standalone_mode=True))
