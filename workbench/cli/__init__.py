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
    "workbench.cli.editors_cmd",
    "workbench.cli.export_cmd",
    "workbench.cli.dashboard_cmd",
    "workbench.cli.db_cmd",
    "workbench.cli.demo_cmd",
)


#: The module of each top-level command: a run imports the module of its own command only
#: (``workbench check FILE`` loads neither the store nor Label Studio nor the dashboard). A
#: command missing here still works: every module is then imported.
COMMAND_OWNERS = {
    "ingest": "workbench.cli.ingest_cmd",
    "check": "workbench.cli.check_cmd",
    "checks": "workbench.cli.check_cmd",
    "labelstudio": "workbench.cli.labelstudio_cmd",
    "push": "workbench.cli.labelstudio_cmd",
    "pull": "workbench.cli.labelstudio_cmd",
    "assign": "workbench.cli.team_cmd",
    "assignments": "workbench.cli.team_cmd",
    "agree": "workbench.cli.agree_cmd",
    "review": "workbench.cli.review_cmd",
    "editors": "workbench.cli.editors_cmd",
    "export": "workbench.cli.export_cmd",
    "dashboard": "workbench.cli.dashboard_cmd",
    "db": "workbench.cli.db_cmd",
    "demo": "workbench.cli.demo_cmd",
}


def command_name(argv: list[str]) -> str | None:
    """The command a command line names (after the global options), or None."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def build_app(command: str | None = None) -> typer.Typer:
    """The application; with ``command``, only the module that defines it is imported."""
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

    owner = COMMAND_OWNERS.get(command or "")
    for name in (owner,) if owner else COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def main() -> None:
    app = build_app(command_name(sys.argv[1:]))
    sys.exit(app(standalone_mode=True))
