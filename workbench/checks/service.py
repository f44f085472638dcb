"""The check action, shared by the CLI and the dashboard: run the checks on files (nothing
stored) or on stored articles (findings synced into the store)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from workbench.checks import corpus_service
from workbench.checks.base import ArticleInput, Finding
from workbench.checks.corpus_runner import split
from workbench.checks.registry import CorpusArticle
from workbench.checks.runner import checks_version, run_checks, select_checks
from workbench.errors import ConfigError, InputError
from workbench.records import Record, iter_records
from workbench.store.articles import list_articles
from workbench.store.engine import session_scope
from workbench.store.findings import sync_findings

#: Stored articles checked per transaction.
BATCH = 200


@dataclass
class CheckReport:
    checks_version: str
    articles: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, external_id: str, findings: Iterable[Finding]) -> None:
        self.articles += 1
        self.findings.extend({"article": external_id, **f.to_dict()} for f in findings)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "checks_version": self.checks_version,
            "articles": self.articles,
            "findings": self.findings,
            "failed": [
                {"path": e.path, "record": e.record, "error": e.reason} for e in self.failed
            ],
        }
        if self.counts:
            out["stored"] = self.counts
        return out


def check_paths(
    paths: Sequence[Path],
    *,
    published: date | None = None,
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    max_chars: int = 1_000_000,
) -> CheckReport:
    """Check the articles in files without storing them. ``published`` is the date of the
    articles whose record carries none (a ``.txt``). Corpus checks (duplicates across
    articles) then run once over all the records."""
    selection = split(only, tuple(disable), config)
    only, disable, config = selection.only, selection.disable, selection.config
    report = CheckReport(selection.version(checks_version(only, disable)))
    records: list[CorpusArticle] = []
    for item in iter_records(list(paths), max_chars=max_chars, published=published):
        if isinstance(item, InputError):
            report.failed.append(item)
            continue
        if selection.corpus:
            records.append(corpus_service.corpus_article(item, published))
        report.add(item.external_id, _run(item, published, only, disable, config))
    report.findings.extend(corpus_service.check_records(records, selection))
    return report


def _run(
    record: Record,
    published: date | None,
    only: Sequence[str] | None,
    disable: tuple[str, ...],
    config: Mapping[str, Mapping[str, Any]] | None,
) -> list[Finding]:
    article = ArticleInput(
        record.text, published=record.published or published, external_id=record.external_id
    )
    return run_checks(article, only=only, disable=disable, config=config)


def check_articles(
    engine: Engine,
    *,
    article_ids: Sequence[str] | None = None,
    all: bool = False,
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
) -> CheckReport:
    """Run the checks on stored articles (by external id, or all of them) and sync the
    findings into the store. Re-running adds nothing; what is no longer found is resolved.
    Corpus checks then run once over every stored article, for the articles checked."""
    if not all and not article_ids:
        raise ConfigError("name the articles to check, or check them all")
    selection = split(only, tuple(disable), config)
    only, disable, config = selection.only, selection.disable, selection.config
    specs = select_checks(only, disable)
    names = [s.name for s in specs]
    report = CheckReport(selection.version(checks_version(only, disable)))
    report.counts = {"created": 0, "unchanged": 0, "resolved": 0, "reopened": 0}
    with session_scope(engine) as session:
        ids = [
            (a.id, a.external_id)
            for a in list_articles(session=session, external_ids=None if all else article_ids)
        ]
    for lo in range(0, len(ids), BATCH):
        with session_scope(engine) as session:
            chunk = ids[lo : lo + BATCH]
            stored = list_articles(session=session, external_ids=[e for _, e in chunk])
            batch = {a.id: a for a in stored}
            for article_id, external_id in chunk:
                art = batch[article_id]
                inp = ArticleInput(art.text, published=art.published, external_id=external_id)
                findings = run_checks(inp, only=names, disable=disable, config=config)
                assert article_id is not None
                counts = sync_findings(
                    session=session, article_id=article_id, findings=findings, checks_run=names
                )
                for key, n in counts.items():
                    report.counts[key] += n
                report.add(external_id, findings)
    rows, counts = corpus_service.check_store(
        engine, selection, targets=None if all else [e for _, e in ids]
    )
    report.findings.extend(rows)
    for key, n in counts.items():
        report.counts[key] += n
    return report
