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
    "workbench.cli.agree_cmd",
    "workbench.cli.review_cmd",
    "workbench.cli.export_cmd",
    "workbench.cli.dashboard_cmd",
    "workbench.cli.db_cmd",
    "workbench.cli.demo_cmd",
)


#: Commands whose module does not need the others: ``workbench agree ...`` starts with only
#: that module imported (the others pull in the database layer, half a second of start-up).
SOLE_MODULE = {"agree": "workbench.cli.agree_cmd"}


def _command(argv: list[str]) -> str | None:
    """The command named on the command line (after the global options), if any."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
        elif not arg.startswith("--db="):
            return None
    return None


def build_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
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

    for name in modules:
        importlib.import_module(name).register(app)
    return app


def main() -> None:
    sole = SOLE_MODULE.get(_command(sys.argv[1:]) or "")
    app = build_app((sole,) if sole else COMMAND_MODULES)
    sys.exit(app(standalone_mode=True))
