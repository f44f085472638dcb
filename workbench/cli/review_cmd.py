"""``workbench review``: the review queue, decisions and undo, as in the dashboard."""

from __future__ import annotations

from types import EllipsisType

import typer

from workbench.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    emit_json,
    refresh_summary,
    run,
    settings,
    table,
)
from workbench.errors import InputError
from workbench.review import STATUSES, QueueFilters, decide, review_queue, undo


def _engine():  # type: ignore[no-untyped-def]
    from workbench.store import open_store

    return open_store(settings().database_url, create=False)


def _seen(value: str | None) -> int | None | EllipsisType:
    """``--seen``: absent (no check), ``none`` or a review id."""
    if value is None:
        return ...
    if value.strip().lower() == "none":
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError("--seen", None, f"expected a review id or 'none', not {value!r}") from None


def register(app: typer.Typer) -> None:
    """Adds the ``review`` group to ``app``."""
    group = typer.Typer(help="The editors' review queue: list, decide, undo.", no_args_is_help=True)
    app.add_typer(group, name="review")

    @group.command("list")
    def list_items(
        check: str = typer.Option(
            None, "--check", help="Only this check ('disagreement' for annotator disagreements)."
        ),
        label: str = typer.Option(None, "--label", help="Only disagreements involving this label."),
        article: str = typer.Option(None, "--article", help="Only this article (external id)."),
        annotator: str = typer.Option(
            None, "--annotator", help="Only disagreements among this annotator's articles."
        ),
        kind: str = typer.Option(None, "--kind", help="finding or disagreement."),
        status: str = typer.Option("open", "--status", help=f"One of {', '.join(STATUSES)}."),
        limit: int = typer.Option(50, "--limit", help="Show at most this many (0: all)."),
        output: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """List review items, worst first."""

        def action():  # type: ignore[no-untyped-def]
            filters = QueueFilters(
                kind=kind,
                check=check,
                label=label,
                article=article,
                annotator=annotator,
                status=status,
            )
            return review_queue(_engine(), filters)

        items = run(action)
        shown = items[:limit] if limit else items
        if output is OutputFormat.json:
            emit_json([i.as_json() for i in shown])
            return
        rows = [
            [i.id, i.status, i.check, i.category, i.article, f"{i.start}-{i.end}", i.message[:70]]
            for i in shown
        ]
        typer.echo(table(rows, ["id", "status", "check", "what", "article", "range", "message"]))
        if len(shown) < len(items):
            typer.echo(f"... {len(items) - len(shown)} more (--limit 0 for all)", err=True)

    @group.command("decide")
    def decide_cmd(
        item_id: str = typer.Argument(..., help="Item id from `review list` (f-12, d-3-…)."),
        decision: str = typer.Argument(
            ..., help="confirm or dismiss (finding); gold or reject (disagreement)."
        ),
        editor: str = typer.Option(..., "--editor", help="Your name, recorded with the decision."),
        label: str = typer.Option(None, "--label", help="Gold label (gold decisions)."),
        start: int = typer.Option(
            None, "--start", help="Gold start offset (code points; default: the region's)."
        ),
        end: int = typer.Option(None, "--end", help="Gold end offset (exclusive)."),
        note: str = typer.Option(None, "--note", help="A note kept with the decision."),
        seen: str = typer.Option(
            None,
            "--seen",
            help="The decision you looked at: its review id (`decision.review_id` in "
            "`review list --format json`), or 'none' for an undecided item. If another "
            "decision landed since, nothing is written and you are told who decided when.",
        ),
        output: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Record a decision on one item (a new row in the review log)."""
        row = run(
            lambda: decide(
                _engine(),
                item_id,
                editor,
                decision,
                label=label,
                start=start,
                end=end,
                note=note,
                seen=_seen(seen),
            )
        )
        run(lambda: refresh_summary(_engine()))
        if output is OutputFormat.json:
            emit_json(row.as_json())
        else:
            typer.echo(f"review {row.id}: {row.decision} on {item_id} by {row.editor}")

    @group.command("undo")
    def undo_cmd(
        review_id: int = typer.Argument(..., help="The review id `review decide` printed."),
        editor: str = typer.Option(..., "--editor", help="Your name, recorded with the undo."),
        output: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Take back a decision (a new row; the previous decision is in force again)."""
        row = run(lambda: undo(_engine(), review_id, editor))
        run(lambda: refresh_summary(_engine()))
        if output is OutputFormat.json:
            emit_json(row.as_json())
        else:
            typer.echo(f"review {row.id}: undid review {row.undoes_id}")
