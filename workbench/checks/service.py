"""The check action, shared by the CLI and the dashboard: run the checks on files (nothing
stored) or on stored articles (findings synced into the store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.checks import corpus_service
from workbench.checks.base import Finding
from workbench.checks.corpus_runner import Selection, split
from workbench.checks.pool import Job, check_jobs
from workbench.checks.registry import CorpusArticle
from workbench.checks.runner import CheckPlan, checks_version, plan_checks, select_checks
from workbench.errors import ConfigError, InputError
from workbench.records import iter_records

if TYPE_CHECKING:  # the store is imported only when stored articles are checked
    from sqlalchemy.engine import Engine

#: Called with each checked article's external id and its findings (as ``to_dict`` rows).
FindingSink = Callable[[str, list[dict[str, Any]]], None]

#: Stored articles checked per transaction.
BATCH = 200


@dataclass
class CheckReport:
    checks_version: str
    articles: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: When set, each article's findings go to the sink instead of ``findings`` (streaming).
    sink: FindingSink | None = None
    #: Findings reported, kept or streamed.
    found: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, external_id: str, findings: Iterable[Finding]) -> None:
        self.articles += 1
        rows = [{"article": external_id, **f.to_dict()} for f in findings]
        self.found += len(rows)
        if self.sink is not None:
            self.sink(external_id, rows)
        else:
            self.findings.extend(rows)

    def add_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Findings of corpus checks, as report rows (grouped by article for the sink)."""
        self.found += len(rows)
        if self.sink is None:
            self.findings.extend(rows)
            return
        by_article: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_article.setdefault(str(row["article"]), []).append(row)
        for external_id, group in by_article.items():
            self.sink(external_id, group)

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
    workers: int | None = 1,
    sink: FindingSink | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> CheckReport:
    """Check the articles in files without storing them. ``published`` is the date of the
    articles whose record carries none (a ``.txt``).

    ``workers``: processes checking articles (None: every core for a large input); the
    findings are the same, in the same order. ``sink`` receives each article's findings as
    it is checked (nothing is kept); ``on_error`` each bad record as it is read. Corpus
    checks (duplicates across articles) then run once over all the records."""
    selection = split(only, tuple(disable), config)
    only, disable, config = selection.only, selection.disable, selection.config
    plan = plan_checks(only, disable, config)
    report = CheckReport(selection.version(checks_version(only, disable)), sink=sink)
    records: list[CorpusArticle] = []

    def jobs() -> Iterator[Job]:
        for item in iter_records(list(paths), max_chars=max_chars, published=published):
            if isinstance(item, InputError):
                report.failed.append(item)
                if on_error is not None:
                    on_error(item)
                continue
            if selection.corpus:
                records.append(corpus_service.corpus_article(item, published))
            yield Job(item.external_id, item.text, item.published or published)

    for job, findings in check_jobs(jobs(), plan, workers=workers):
        report.add(job.external_id, findings)
    report.add_rows(corpus_service.check_records(records, selection, workers=workers))
    return report


def check_articles(
    engine: Engine,
    *,
    article_ids: Sequence[str] | None = None,
    all: bool = False,
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    workers: int | None = 1,
    sink: FindingSink | None = None,
) -> CheckReport:
    """Run the checks on stored articles (by external id, or all of them) and sync the
    findings into the store. Re-running adds nothing; what is no longer found is resolved.
    ``workers`` as for :func:`check_paths`; the store is written by this process only."""
    from workbench.store.articles import article_keys, article_texts
    from workbench.store.engine import session_scope

    plan, report, selection = stored_run(article_ids, all, only, disable, config, sink)
    with session_scope(engine) as session:
        keys = article_keys(session=session, external_ids=None if all else article_ids)

    def jobs() -> Iterator[Job]:
        for lo in range(0, len(keys), BATCH):
            with session_scope(engine) as session:
                rows = article_texts(session=session, ids=[i for i, _ in keys[lo : lo + BATCH]])
            for _, external_id, text, published in rows:
                yield Job(external_id, text, published)

    results = check_jobs(jobs(), plan, workers=workers)
    for lo in range(0, len(keys), BATCH):
        chunk = keys[lo : lo + BATCH]
        with session_scope(engine) as session:
            for (article_id, _), (job, findings) in zip(
                chunk, islice(results, len(chunk)), strict=True
            ):
                store_findings(session, report, plan, article_id, job.external_id, findings)
    corpus_step(engine, report, selection, None if all else [e for _, e in keys])
    return report


def corpus_step(
    engine: Engine,
    report: CheckReport,
    selection: Selection,
    targets: Sequence[str] | None,
    *,
    workers: int | None = 1,
) -> None:
    """The corpus checks over every stored article, synced for ``targets`` (all when None)."""
    rows, counts = corpus_service.check_store(engine, selection, targets=targets, workers=workers)
    report.add_rows(rows)
    for key, n in counts.items():
        report.counts[key] += n


def stored_run(
    article_ids: Sequence[str] | None,
    all: bool,
    only: Sequence[str] | None,
    disable: Iterable[str],
    config: Mapping[str, Mapping[str, Any]] | None,
    sink: FindingSink | None,
) -> tuple[CheckPlan, CheckReport, Selection]:
    """The plan, the empty report and the corpus checks of a run on stored articles (any
    engine)."""
    if not all and not article_ids:
        raise ConfigError("name the articles to check, or check them all")
    selection = split(only, tuple(disable), config)
    only, disable, config = selection.only, selection.disable, selection.config
    names = [s.name for s in select_checks(only, disable)]
    report = CheckReport(selection.version(checks_version(only, disable)), sink=sink)
    report.counts = {"created": 0, "unchanged": 0, "resolved": 0, "reopened": 0}
    return plan_checks(names, (), config), report, selection


def store_findings(
    session: Any,  # the store's session (only workbench.store names its type)
    report: CheckReport,
    plan: CheckPlan,
    article_id: int,
    external_id: str,
    findings: list[Finding],
) -> None:
    """Sync one article's findings into the store and count them into ``report``."""
    from workbench.store.findings import sync_findings

    counts = sync_findings(
        session=session, article_id=article_id, findings=findings, checks_run=plan.names
    )
    for key, n in counts.items():
        report.counts[key] += n
    report.add(external_id, findings)
