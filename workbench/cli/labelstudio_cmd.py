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


def _engine(*, create: bool = False):  # type: ignore[no-untyped-def]
    """The store; only a command that ingests (adopting a project) may create it."""
    from workbench.store.engine import open_store

    return open_store(settings().database_url, create=create)


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
    def start(
        timeout: float = typer.Option(240.0, help="Seconds to wait for /health."),
        database: str = typer.Option(
            None,
            "--database",
            envvar="WORKBENCH_LABELSTUDIO_DATABASE_URL",
            show_envvar=False,
            help="postgresql://user:pw@host:port/db for Label Studio's own database "
            "(default: SQLite under the data directory). The password is never printed.",
        ),
        production: bool = typer.Option(
            False,
            "--production",
            help="Serve with gunicorn (3 workers × 4 threads) instead of the development "
            "server; needs gunicorn in the server environment (docs/team.md).",
        ),
    ) -> None:
        """Start the local server (installing it on first use) and wait until it answers."""
        from workbench.labelstudio import server

        cfg = settings()
        if database:
            cfg = cfg.with_overrides(labelstudio_database_url=database)
        with user_errors():
            st = server.start(cfg, timeout=timeout, production=production)
        typer.echo(
            f"Label Studio is up at {st.url} (pid {st.pid}); data in {st.data}; "
            f"database {server.database_label(cfg.labelstudio_database_url)}"
        )

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
        project: int = typer.Option(
            None,
            "--project",
            help="Adopt an existing Label Studio project by id: check its config, ingest its "
            "task texts as articles, pull its annotations.",
        ),
    ) -> None:
        """Read every annotation back from Label Studio. JSON keys: created, updated, deleted,
        unchanged (annotations), quarantined (spans held aside), skipped_tasks, quarantined_spans;
        with assigned annotators' projects (`workbench assign`), summed, and projects."""
        from workbench.labelstudio import sync, team

        if project is not None:
            from workbench.labelstudio.adopt import adopt

            with user_errors():
                adopted = adopt(_engine(create=True), settings(), project, source=source)
            for bad in adopted.failed:
                typer.echo(f"{bad['path']}:{bad['record']}: {bad['error']}", err=True)
            summary = {k: v for k, v in adopted.to_dict().items() if k != "pull"}
            if fmt is OutputFormat.json:
                emit_json({**adopted.pull, "adopted": summary})
            else:
                typer.echo(
                    f"adopted project {adopted.project_id} ({adopted.title}): {adopted.tasks} "
                    f"tasks, {adopted.articles_created} articles created, "
                    f"{adopted.articles_unchanged} unchanged, {len(adopted.failed)} refused"
                )
                typer.echo(", ".join(f"{adopted.pull[k]} {k.replace('_', ' ')}" for k in PULL_KEYS))
            if adopted.failed:
                raise typer.Exit(1)
            return
        with user_errors():
            engine, cfg = _engine(), settings()
            client = sync.connect(cfg)
            reports = []
            if not team.assigned_projects(engine, client.url) or sync.has_project(engine):
                reports.append(sync.pull(engine, cfg, source=source, client=client))
            reports += team.pull_assigned(engine, cfg, source=source, client=client)
            refresh_summary(engine)
        if len(reports) > 1:
            merged = team.merge_pulls(reports)
            if fmt is OutputFormat.json:
                emit_json(merged)
                return
            typer.echo(", ".join(f"{merged[k]} {k.replace('_', ' ')}" for k in PULL_KEYS))
            typer.echo(
                f"from projects {', '.join(str(p['project_id']) for p in merged['projects'])}"
            )
            return
        report = reports[0]
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
