"""The check action, shared by the CLI and the dashboard: run the checks on files (nothing
stored) or on stored articles (findings synced into the store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.checks.base import Finding
from workbench.checks.pool import Job, check_jobs
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
    it is checked (nothing is kept); ``on_error`` each bad record as it is read."""
    disable = tuple(disable)
    plan = plan_checks(only, disable, config)
    report = CheckReport(checks_version(only, disable), sink=sink)

    def jobs() -> Iterator[Job]:
        for item in iter_records(list(paths), max_chars=max_chars, published=published):
            if isinstance(item, InputError):
                report.failed.append(item)
                if on_error is not None:
                    on_error(item)
                continue
            yield Job(item.external_id, item.text, item.published or published)

    for job, findings in check_jobs(jobs(), plan, workers=workers):
        report.add(job.external_id, findings)
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

    plan, report = stored_run(article_ids, all, only, disable, config, sink)
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
    return report


def stored_run(
    article_ids: Sequence[str] | None,
    all: bool,
    only: Sequence[str] | None,
    disable: Iterable[str],
    config: Mapping[str, Mapping[str, Any]] | None,
    sink: FindingSink | None,
) -> tuple[CheckPlan, CheckReport]:
    """The plan and the empty report of a run on stored articles (any engine)."""
    if not all and not article_ids:
        raise ConfigError("name the articles to check, or check them all")
    disable = tuple(disable)
    names = [s.name for s in select_checks(only, disable)]
    report = CheckReport(checks_version(only, disable), sink=sink)
    report.counts = {"created": 0, "unchanged": 0, "resolved": 0, "reopened": 0}
    return plan_checks(names, (), config), report


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
