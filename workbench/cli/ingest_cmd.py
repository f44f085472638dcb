"""``workbench ingest``: store articles from text, JSON and JSONL files."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from workbench.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    emit_json,
    published_date,
    refresh_summary,
    settings,
    table,
    user_errors,
)
from workbench.errors import InputError
from workbench.ingest import IngestReport, ingest_paths
from workbench.store import open_store


def render(report: IngestReport) -> str:
    lines = [f"created {report.created}, unchanged {report.unchanged}, failed {len(report.failed)}"]
    if report.articles and len(report.articles) <= 50:
        rows = [[a["id"], a["title"][:50], a["chars"], a["paragraphs"]] for a in report.articles]
        lines.insert(0, table(rows, ["article", "title", "chars", "paragraphs"]))
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: list[Path] = typer.Argument(
            ..., help="Files (.txt, .json, .jsonl, .zip) or directories."
        ),
        title: str = typer.Option(None, help="Title of a .txt article."),
        published: str = typer.Option(None, help="Publication date of .txt articles (YYYY-MM-DD)."),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Store articles exactly as received. Re-ingesting the same text adds nothing.

        Bad records are reported as PATH:RECORD: REASON and never stop the good ones; the
        exit status is 1 when any record failed.
        """
        cfg = settings()
        pub = published_date(published)
        with user_errors():
            engine = open_store(cfg.database_url)
            show_bar = fmt is OutputFormat.table and sys.stderr.isatty()
            if show_bar:
                with typer.progressbar(length=0, label="ingesting", file=sys.stderr) as bar:
                    report = ingest_paths(
                        engine,
                        paths,
                        title=title,
                        published=pub,
                        max_chars=cfg.max_article_chars,
                        progress=bar.update,
                    )
            else:
                report = ingest_paths(
                    engine, paths, title=title, published=pub, max_chars=cfg.max_article_chars
                )
            refresh_summary(engine)
        if fmt is OutputFormat.json:
            emit_json(report.to_dict())
        else:
            typer.echo(render(report))
        for err in report.failed:
            typer.echo(f"error: {err}", err=True)
        if report.failed:
            raise typer.Exit(1)


__all__ = ["register", "InputError"]
