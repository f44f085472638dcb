"""``workbench check`` and ``workbench checks list``: run the inconsistency checks."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
import typer

from workbench.checks.registry import REGISTRY
from workbench.checks.service import CheckReport, check_paths
from workbench.cli.common import (
    FORMAT_OPTION,
    OutputFormat,
    emit_json,
    fail,
    published_date,
    refresh_summary,
    settings,
    table,
    user_errors,
)
from workbench.errors import ConfigError, InputError

JSON_KEYS = (
    "article",
    "check",
    "version",
    "severity",
    "start",
    "end",
    "text",
    "related",
    "message",
    "evidence",
)


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def _names(values: list[str] | None) -> list[str] | None:
    """``--only a,b --only c`` → ``[a, b, c]``."""
    if not values:
        return None
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: CheckReport) -> str:
    rows = [
        [
            f["article"],
            f["check"],
            f["severity"],
            f"{f['start']}-{f['end']}",
            _short(f["text"]),
            f["message"],
        ]
        for f in report.findings
    ]
    headers = ["article", "check", "severity", "range", "text", "message"]
    lines = [table(rows, headers)] if rows else []
    summary = f"{len(report.findings)} finding(s) in {report.articles} article(s)"
    if report.counts:
        c = report.counts
        summary += (
            f"; stored: {c['created']} new, {c['unchanged']} unchanged, "
            f"{c['resolved']} resolved, {c['reopened']} reopened"
        )
    lines.append(summary)
    return "\n".join(lines)


def _dumps(payload: Any, *, indent: bool) -> bytes:
    """JSON as ``json.dumps(..., ensure_ascii=False)`` writes it (indented by two or on one
    line), by orjson; anything orjson declines goes through :mod:`json`."""
    try:
        return orjson.dumps(payload, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:
        separators = None if indent else (",", ":")
        text = json.dumps(
            payload, ensure_ascii=False, indent=2 if indent else None, separators=separators
        )
        return text.encode("utf-8")


def _emit(report: CheckReport, fmt: CheckFormat) -> None:
    if fmt is not CheckFormat.jsonl:
        for err in report.failed:
            typer.echo(f"error: {err}", err=True)
    if fmt is CheckFormat.jsonl:
        return  # streamed as the articles were checked
    if fmt is CheckFormat.json:
        payload: dict[str, Any] = {
            "checks_version": report.checks_version,
            "findings": [{k: f[k] for k in JSON_KEYS} for f in report.findings],
        }
        if report.counts:
            payload["stored"] = report.counts
        sys.stdout.flush()
        sys.stdout.buffer.write(_dumps(payload, indent=True) + b"\n")
        sys.stdout.buffer.flush()
    else:
        typer.echo(render(report))


def _stream_lines(external_id: str, rows: list[dict[str, Any]]) -> None:
    """``--format jsonl``: one line per finding, written as each article is checked."""
    if rows:
        out = sys.stdout.buffer
        for f in rows:
            out.write(_dumps({k: f[k] for k in JSON_KEYS}, indent=False) + b"\n")


def _report_error(err: InputError) -> None:
    typer.echo(f"error: {err}", err=True)


def parse_settings(items: list[str]) -> dict[str, dict[str, Any]]:
    """``["check.key=value", ...]`` as ``{check: {key: value}}``; values are read as JSON
    (``true``, ``12``, ``["a"]``) and otherwise kept as text."""
    config: dict[str, dict[str, Any]] = {}
    for item in items:
        target, sep, raw = item.partition("=")
        check, dot, key = target.strip().partition(".")
        if not (sep and dot and check and key):
            raise ConfigError(f"--set {item!r}: write CHECK.SETTING=VALUE")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        config.setdefault(check, {})[key] = value
    return config


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        paths: list[Path] = typer.Argument(
            None, help="Files (.txt, .json, .jsonl, .zip) or directories to check (not stored)."
        ),
        article: list[str] = typer.Option(
            None, "--article", help="External id of a stored article (repeatable)."
        ),
        all_: bool = typer.Option(False, "--all", help="Check every stored article."),
        published: str = typer.Option(
            None, help="Publication date (YYYY-MM-DD) of checked files that carry none."
        ),
        only: list[str] = typer.Option(
            None, "--only", help="Run only these checks (comma-separated or repeated)."
        ),
        disable: list[str] = typer.Option(
            None, "--disable", help="Skip these checks (comma-separated or repeated)."
        ),
        set_: list[str] = typer.Option(
            None,
            "--set",
            help="Configure a check: CHECK.SETTING=VALUE, the value as JSON or plain text "
            "(repeatable), e.g. --set repeated_passage.report_parallel=true.",
        ),
        fmt: CheckFormat = typer.Option(
            CheckFormat.table,
            "--format",
            help="table (readable), json, or jsonl (one finding a line, streamed).",
        ),
        workers: int = typer.Option(
            None,
            "--workers",
            min=1,
            help="Processes checking articles (default: every core for more than a few "
            "hundred articles, else one). The output is the same whatever the number.",
        ),
        engine_: Engine = typer.Option(
            Engine.local,
            "--engine",
            help="local (this machine) or dask (a Dask cluster; with --all or --article).",
        ),
        scheduler: str = typer.Option(
            None,
            "--scheduler",
            help="Address of the Dask scheduler (tcp://host:8786); without it, a local cluster.",
        ),
    ) -> None:
        """Run the inconsistency checks on files, or on stored articles (--article, --all),
        whose findings are then kept in the store: re-running adds nothing, and a finding no
        longer reported is marked resolved."""
        modes = sum([bool(paths), bool(article), all_])
        if modes != 1:
            fail("give files to check, or --article ID, or --all (exactly one of them)", code=2)
        if engine_ is Engine.dask and paths:
            fail("--engine dask checks stored articles: use --all or --article", code=2)
        if scheduler and engine_ is not Engine.dask:
            fail("--scheduler goes with --engine dask", code=2)
        pub = published_date(published)
        names, skip = _names(only), _names(disable) or []
        stream = fmt is CheckFormat.jsonl
        sink = _stream_lines if stream else None
        with user_errors():
            config = parse_settings(set_ or [])
            if paths:
                report = check_paths(
                    paths,
                    published=pub,
                    only=names,
                    disable=skip,
                    config=config,
                    workers=workers,
                    sink=sink,
                    on_error=_report_error if stream else None,
                )
            elif engine_ is Engine.dask:
                from workbench.checks.dask_engine import check_articles_dask

                report = check_articles_dask(
                    settings().database_url,
                    article_ids=article,
                    all=all_,
                    only=names,
                    disable=skip,
                    config=config,
                    scheduler=scheduler,
                    workers=workers,
                    sink=sink,
                )
            else:
                from workbench.checks.service import check_articles
                from workbench.store import open_store

                engine = open_store(settings().database_url, create=False)
                report = check_articles(
                    engine,
                    article_ids=article,
                    all=all_,
                    only=names,
                    disable=skip,
                    config=config,
                    workers=workers,
                    sink=sink,
                )
                refresh_summary(engine)
        sys.stdout.flush()
        _emit(report, fmt)
        if not report.ok:
            sys.exit(1)

    checks_app = typer.Typer(help="The registered checks.", no_args_is_help=True)

    @checks_app.command("list")
    def list_checks(fmt: OutputFormat = FORMAT_OPTION) -> None:
        """Describe every registered check: name, version, description and settings."""
        specs: list[Any] = [*REGISTRY.all(), *REGISTRY.corpus_checks()]
        if fmt is OutputFormat.json:
            emit_json(
                {
                    "checks": [
                        {
                            "name": s.name,
                            "version": s.version,
                            "description": s.description,
                            "defaults": dict(s.defaults),
                            "scope": getattr(s, "scope", "article"),
                        }
                        for s in specs
                    ],
                    "load_errors": REGISTRY.load_errors,
                }
            )
            return
        for s in specs:
            scope = " (corpus: across articles)" if getattr(s, "scope", "") == "corpus" else ""
            typer.echo(f"{s.qualified_name}{scope}\n  {s.description}")
            for key, value in s.defaults.items():
                typer.echo(f"  {key} = {value!r}")
        for name, error in REGISTRY.load_errors.items():
            typer.echo(f"error: the check {name!r} could not be loaded ({error})", err=True)

    app.add_typer(checks_app, name="checks")
