"""``workbench demo``: the sample article through the whole flow, then the dashboard."""

from __future__ import annotations

import typer

from workbench.cli.common import settings, user_errors


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        dashboard: bool = typer.Option(
            True, "--dashboard/--no-dashboard", help="Serve the dashboard at the end."
        ),
    ) -> None:
        """Ingest the sample article, check it, annotate it in a local Label Studio with three
        sample fact-checkers, pull, report agreement, and serve the editors' dashboard."""
        from workbench.agreement import format_report
        from workbench.cli.check_cmd import render as render_findings
        from workbench.cli.dashboard_cmd import serve
        from workbench.demo import run_demo
        from workbench.store import open_store

        cfg = settings()
        with user_errors():
            engine = open_store(cfg.database_url)
            report = run_demo(engine, cfg, echo=typer.echo)
        if report.checks is not None:
            typer.echo("\nFindings on the sample article:\n" + render_findings(report.checks))
        typer.echo(
            "\nAgreement between the three fact-checkers:\n" + format_report(report.agreement)
        )
        typer.echo(
            f"\nLabel Studio: {report.labelstudio_url} (admin {cfg.labelstudio_admin_email}; "
            f"password and token under {cfg.data_path / 'labelstudio'}, never printed)"
        )
        if report.practice_url:
            typer.echo(
                "A task of your own to try the annotator's view (a practice copy of the sample; "
                f"the three sample fact-checkers have filled the original):\n  {report.practice_url}"
            )
        if dashboard:
            with user_errors():
                serve(cfg)
