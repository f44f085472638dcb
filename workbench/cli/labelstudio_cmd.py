"""``workbench labelstudio start|stop|status|install|add-annotator`` and ``workbench push|pull``."""

from __future__ import annotations

import typer

from workbench.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    emit_json,
    refresh_summary,
    settings,
    table,
    user_errors,
)

PULL_KEYS = ("created", "updated", "deleted", "unchanged", "quarantined", "skipped_tasks")


def _engine():  # type: ignore[no-untyped-def]
    from workbench.store.engine import open_store

    return open_store(settings().database_url, create=False)


def _labelstudio_app() -> typer.Typer:
    ls = typer.Typer(
        name="labelstudio",
        no_args_is_help=True,
        help="Run a local Label Studio (pinned, isolated) and manage annotators.",
    )

    @ls.command("install")
    def install() -> None:
        """Create the server's own environment (label-studio pinned); does nothing if present."""
        from workbench.labelstudio import server

        with user_errors():
            path, created = server.install(settings())
        typer.echo(f"{'created' if created else 'already present'}: {path}")

    @ls.command("start")
    def start(timeout: float = typer.Option(240.0, help="Seconds to wait for /health.")) -> None:
        """Start the local server (installing it on first use) and wait until it answers."""
        from workbench.labelstudio import server

        with user_errors():
            st = server.start(settings(), timeout=timeout)
        typer.echo(f"Label Studio is up at {st.url} (pid {st.pid}); data in {st.data}")

    @ls.command("stop")
    def stop() -> None:
        """Stop the local server started by `workbench labelstudio start`."""
        from workbench.labelstudio import server

        with user_errors():
            was = server.stop(settings())
        typer.echo("stopped" if was else "not running")

    @ls.command("status")
    def status(fmt: OutputFormat = FORMAT_OPTION) -> None:
        """Whether the local server is installed, running and healthy."""
        from workbench.labelstudio import server

        with user_errors():
            st = server.status(settings())
        if fmt is OutputFormat.json:
            emit_json(st.to_dict())
            return
        typer.echo(table([[k, v] for k, v in st.to_dict().items()], ["", "local Label Studio"]))

    @ls.command("add-annotator")
    def add_annotator(
        email: str = typer.Argument(..., help="The annotator's email (their login)."),
        password: str = typer.Option(
            None,
            envvar="WORKBENCH_ANNOTATOR_PASSWORD",
            help="Initial password; when omitted one is generated and kept in a 0600 file "
            "under the data directory (its path is printed, the password never).",
        ),
    ) -> None:
        """Create an annotator account that can start work at once."""
        from workbench.labelstudio import sync

        with user_errors():
            made = sync.add_annotator(settings(), email, password=password)
        if not made["created"]:
            typer.echo(f"{email} already has an account (user {made['id']})")
        elif password:
            typer.echo(f"created {email} (user {made['id']})")
        else:
            typer.echo(
                f"created {email} (user {made['id']}); initial password in {made['password_file']}"
            )

    return ls


def register(app: typer.Typer) -> None:
    """Adds this group's commands to ``app``."""
    app.add_typer(_labelstudio_app())

    @app.command("push")
    def push(
        article: list[str] = typer.Option(
            None, "--article", help="External id of an article (repeatable)."
        ),
        all_: bool = typer.Option(False, "--all", help="Push every stored article."),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Send articles (new or changed only) to Label Studio, with the checks' findings as
        suggestions; creates the project on first use."""
        from workbench.cli.common import fail
        from workbench.labelstudio import sync

        if bool(article) == all_:
            fail("name articles with --article ID (repeatable) or pass --all")
        with user_errors():
            report = sync.push(_engine(), settings(), article_ids=None if all_ else article)
        if fmt is OutputFormat.json:
            emit_json(report.to_dict())
            return
        typer.echo(
            f"project {report.project_id}{' (created)' if report.project_created else ''}: "
            f"{report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.predictions} with suggestions"
        )

    @app.command("pull")
    def pull(
        fmt: OutputFormat = FORMAT_OPTION,
        source: str = typer.Option("export", help="export (full JSON export) or tasks (paged)."),
    ) -> None:
        """Read every annotation back from Label Studio. JSON keys: created, updated, deleted,
        unchanged (annotations), quarantined (spans held aside), skipped_tasks, quarantined_spans."""
        from workbench.labelstudio import sync

        with user_errors():
            report = sync.pull(_engine(), settings(), source=source)
            refresh_summary()
        if fmt is OutputFormat.json:
            emit_json(report.to_dict())
            return
        typer.echo(", ".join(f"{getattr(report, k)} {k.replace('_', ' ')}" for k in PULL_KEYS))
        if report.quarantined_spans:
            rows = [
                [
                    q["article"],
                    q["task"],
                    q["annotation"],
                    q["region"],
                    q["start"],
                    q["end"],
                    q["label"],
                    q["reason"],
                ]
                for q in report.quarantined_spans
            ]
            typer.echo(
                table(
                    rows,
                    ["article", "task", "annotation", "region", "start", "end", "label", "reason"],
                )
            )
