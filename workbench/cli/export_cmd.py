"""``workbench export``: corpora for trainers (gold and/or each annotator's spans).

``--format`` names the export formats here, so the report printed at the end is chosen with
``--report table|json``."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.common import OutputFormat, emit_json, settings, table, user_errors

EXPORTS_DIR = Path("exports")


def _split(values: list[str] | None) -> list[str] | None:
    """Repeated options and comma-separated lists alike: ``-f jsonl,conll -f spacy``."""
    if values is None:
        return None
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def register(app: typer.Typer) -> None:
    """Adds ``export`` to ``app``."""

    @app.command("export")
    def export(
        formats: list[str] = typer.Option(
            ...,
            "--format",
            "-f",
            help="Export format(s): jsonl, conll, labelstudio, spacy. Repeat the option or "
            "separate with commas.",
        ),
        scope: str = typer.Option(
            "gold",
            "--scope",
            help="gold (adjudicated spans), annotators (each annotator's spans) or both.",
        ),
        rule: str = typer.Option(
            "unanimous",
            "--rule",
            help="When annotators agree: unanimous (all who annotated "
            "the article) or majority (more than half). Editors' decisions always win.",
        ),
        min_agreement: float = typer.Option(
            None,
            "--min-agreement",
            help="Leave out articles whose overlap F1 among "
            "annotators is below this (0-1); articles without a figure are left out too.",
        ),
        labels: list[str] = typer.Option(
            None, "--labels", help="Keep only these labels (repeat or separate with commas)."
        ),
        articles: list[str] = typer.Option(
            None, "--articles", help="Export only these article ids (repeat or commas)."
        ),
        out: Path = typer.Option(
            None, "--out", help="Directory to write to (default: exports/<name>/)."
        ),
        name: str = typer.Option(
            None, "--name", help="Name of the export under exports/ (default: <scope>-<rule>)."
        ),
        report: OutputFormat = typer.Option(
            OutputFormat.table, "--report", help="How to print what was written: table or json."
        ),
    ) -> None:
        """Export annotations for training: gold and/or annotators' spans as JSONL, CoNLL,
        Label Studio tasks or a spaCy DocBin, with a manifest.json (see docs/exports.md)."""
        from workbench.export import export_corpus
        from workbench.store import open_store

        target = out if out is not None else EXPORTS_DIR / (name or f"{scope}-{rule}")
        with user_errors():
            engine = open_store(settings().database_url, create=False)
            result = export_corpus(
                engine,
                formats=_split(formats) or [],
                scope=scope,
                rule=rule,
                min_agreement=min_agreement,
                labels=_split(labels),
                articles=_split(articles),
                out_dir=target,
            )
        if report is OutputFormat.json:
            emit_json(result.as_json())
            return
        rows = [
            [r["file"], r["format"], r["scope"], r["documents"], r["spans"], r["bytes"]]
            for r in result.rows()
        ]
        typer.echo(table(rows, ["file", "format", "scope", "documents", "spans", "bytes"]))
        for line in result.summary_lines():
            typer.echo(line)
        for reason in result.empty_gold_reasons():
            typer.echo(f"gold is empty: {reason}")
        typer.echo(f"manifest: {result.manifest_path}")
