"""``workbench agree``: agreement among annotators, from a JSONL file or the store."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.agreement import AnnotatedDoc, compute_agreement, format_report, load_jsonl
from workbench.cli.common import FORMAT_OPTION, OutputFormat, emit_json, fail, settings, user_errors

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
    ) -> None:
        """Inter-annotator agreement: span F1, unitizing alpha, character-level alpha and
        kappa, per document and annotator, the disagreements to review, and a diagnosis."""
        errors: list[str] = []
        with user_errors():
            if input_path is None:
                docs = _load_from_store()
            else:
                docs, errors = load_jsonl(input_path)
            report = compute_agreement(docs, iou=iou)
        for line in errors:
            typer.echo(line, err=True)
        if output is OutputFormat.json:
            emit_json(report)
        else:
            typer.echo(format_report(report), nl=False)
        if errors:
            raise typer.Exit(1)
