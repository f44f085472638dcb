"""``workbench assign`` and ``workbench assignments``: who annotates what, and how far they are."""

from __future__ import annotations

import typer

from workbench.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    emit_json,
    settings,
    table,
    user_errors,
)


def _engine():  # type: ignore[no-untyped-def]
    from workbench.store.engine import open_store

    return open_store(settings().database_url)


def register(app: typer.Typer) -> None:
    @app.command("assign")
    def assign(
        annotators: str = typer.Option(
            ..., "--annotators", help="Comma-separated emails of the annotators."
        ),
        article: list[str] = typer.Option(
            None, "--articles", "--article", help="External id of an article (repeatable)."
        ),
        all_: bool = typer.Option(False, "--all", help="Every stored article."),
        per_task: int = typer.Option(
            None, "--per-task", help="Annotators per article (default: annotators_per_task)."
        ),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Spread articles so each gets --per-task different annotators and the load is even;
        each annotator gets a Label Studio project holding exactly their tasks."""
        from workbench.cli.common import fail
        from workbench.labelstudio import team

        if bool(article) == all_:
            fail("name articles with --articles ID (repeatable) or pass --all")
        names = [a.strip() for a in annotators.split(",") if a.strip()]
        with user_errors():
            report = team.assign(
                _engine(),
                settings(),
                annotators=names,
                article_ids=None if all_ else article,
                per_task=per_task,
            )
        if fmt is OutputFormat.json:
            emit_json(report.to_dict())
            return
        rows = [
            [a.email, a.project_id, len(a.articles), a.tasks_created, ", ".join(a.articles)]
            for a in report.annotators
        ]
        typer.echo(table(rows, ["annotator", "project", "assigned", "new tasks", "articles"]))

    @app.command("assignments")
    def assignments(fmt: OutputFormat = FORMAT_OPTION) -> None:
        """Progress per assigned annotator: articles assigned and submitted (as last pulled).
        JSON: a list of {annotator, project_id, assigned, submitted}."""
        from workbench.labelstudio import team

        with user_errors():
            rows = team.progress(_engine())
        if fmt is OutputFormat.json:
            emit_json([r.to_dict() for r in rows])
            return
        typer.echo(
            table(
                [[r.annotator, r.project_id, r.assigned, r.submitted] for r in rows],
                ["annotator", "project", "assigned", "submitted"],
            )
        )
