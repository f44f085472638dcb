"""The check action, shared by the CLI and the dashboard: run the checks on files (nothing
stored) or on stored articles (findings synced into the store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.checks.base import ArticleInput, Finding
from workbench.checks.pool import Job, check_jobs
from workbench.checks.runner import checks_version, plan_checks, select_checks
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
    sink: FindingSink | None = None,
) -> CheckReport:
    """Run the checks on stored articles (by external id, or all of them) and sync the
    findings into the store. Re-running adds nothing; what is no longer found is resolved."""
    from workbench.store.articles import list_articles
    from workbench.store.engine import session_scope
    from workbench.store.findings import sync_findings

    if not all and not article_ids:
        raise ConfigError("name the articles to check, or check them all")
    disable = tuple(disable)
    specs = select_checks(only, disable)
    names = [s.name for s in specs]
    plan = plan_checks(names, (), config)
    report = CheckReport(checks_version(only, disable), sink=sink)
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
                findings = plan.run(inp)
                assert article_id is not None
                counts = sync_findings(
                    session=session, article_id=article_id, findings=findings, checks_run=names
                )
                for key, n in counts.items():
                    report.counts[key] += n
                report.add(external_id, findings)
    return report
