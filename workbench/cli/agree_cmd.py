"""``workbench agree``: agreement among annotators, from a JSONL file or the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from workbench.agreement import AnnotatedDoc, format_report
from workbench.agreement.jsonl import load_jsonl_table
from workbench.agreement.report import agreement_parts
from workbench.agreement.stream import report_json
from workbench.agreement.table import AnnotationTable
from workbench.agreement.text import SHOWN_DISAGREEMENTS
from workbench.cli.common import FORMAT_OPTION, OutputFormat, fail, settings, user_errors

NO_STORE = "no --input given and the store has no annotations yet"


def _load_from_store() -> list[AnnotatedDoc]:
    """Every article annotated by two or more annotators, from the store (once the store
    provides ``workbench.store.annotations.agreement_docs(*, session)``)."""
    try:
        from workbench.store.annotations import agreement_docs  # type: ignore[import-not-found]
    except ImportError:
        fail(NO_STORE)
        raise AssertionError("unreachable") from None
    from workbench.store import open_store, session_scope

    with session_scope(open_store(settings().database_url, create=False)) as session:
        return list(agreement_docs(session=session))


def _how_many(value: str | None, output: OutputFormat) -> int | None:
    """``--disagreements``: a number, ``all`` (None), or the default of the output format."""
    if value is None:
        return None if output is OutputFormat.json else SHOWN_DISAGREEMENTS
    if value.strip().lower() == "all":
        return None
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        fail(f"--disagreements must be a number (0 or more) or all, not {value!r}")
    return n


def register(app: typer.Typer) -> None:
    """Adds ``agree`` to ``app``."""

    @app.command("agree")
    def agree(
        input_path: Path = typer.Option(
            None,
            "--input",
            help="JSONL file, one annotator's work on one document per line "
            "(default: the store's articles annotated by two or more annotators).",
        ),
        iou: float = typer.Option(
            0.5,
            "--iou",
            help="Least intersection over union for two "
            "spans to match in overlap F1 (0 < IoU <= 1).",
        ),
        output: OutputFormat = FORMAT_OPTION,
        disagreements: str = typer.Option(
            None,
            "--disagreements",
            metavar="N|all",
            help="How many disagreements to list (default: all in JSON, "
            f"the first {SHOWN_DISAGREEMENTS} in the table).",
        ),
        per_document: bool = typer.Option(
            True,
            "--per-document/--no-per-document",
            help="List the per-document figures (in JSON, per_document is [] without).",
        ),
    ) -> None:
        """Inter-annotator agreement: span F1, unitizing alpha, character-level alpha and
        kappa, per document and annotator, the disagreements to review, and a diagnosis."""
        limit = _how_many(disagreements, output)
        errors: list[str] = []
        docs: list[AnnotatedDoc] | AnnotationTable
        with user_errors():
            if input_path is None:
                docs = _load_from_store()
            else:
                docs, errors = load_jsonl_table(input_path)
            parts = agreement_parts(docs, iou=iou, per_document=per_document)
        del docs
        for line in errors:
            typer.echo(line, err=True)
        if output is OutputFormat.json:
            out = sys.stdout.buffer
            for chunk in report_json(parts, disagreements=limit, per_document=per_document):
                out.write(chunk)
            out.flush()
        else:
            report = parts.report(disagreements=limit, per_document=per_document)
            text = format_report(
                report, disagreements=None, total_disagreements=len(parts.disagreements)
            )
            typer.echo(text, nl=False)
        if errors:
            raise typer.Exit(1)
