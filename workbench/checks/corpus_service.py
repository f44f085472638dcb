"""The corpus checks' part of the check action: over the records of files (nothing stored)
or over the stored corpus (findings synced into the store, on the articles checked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from workbench.checks.base import Finding
from workbench.checks.corpus_runner import Selection, run_corpus_checks
from workbench.checks.registry import CorpusArticle
from workbench.records import Record

if TYPE_CHECKING:  # the store is imported only when stored articles are checked
    from sqlalchemy.engine import Engine

#: Articles synced per transaction.
BATCH = 500


def corpus_article(record: Record, published: date | None = None) -> CorpusArticle:
    """A record of a file as a corpus check sees it (``published`` when it carries none)."""
    return CorpusArticle(
        record.external_id,
        record.text,
        record.published or published,
        record.title,
        record.source,
    )


def _rows(found: Mapping[str, Sequence[Finding]]) -> list[dict[str, Any]]:
    return [{"article": key, **f.to_dict()} for key in sorted(found) for f in found[key]]


def check_records(
    articles: Sequence[CorpusArticle], selection: Selection, *, workers: int | None = 1
) -> list[dict[str, Any]]:
    """The corpus checks over records of files: their findings as report rows (``workers``
    as for :func:`run_corpus_checks`)."""
    if not selection.corpus:
        return []
    return _rows(run_corpus_checks(articles, selection, workers=workers))


def check_store(
    engine: Engine,
    selection: Selection,
    *,
    targets: Sequence[str] | None,
    workers: int | None = 1,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The corpus checks over every stored article; the findings of the ``targets`` (all
    articles when None) are synced into the store. Returns the report rows and the counts
    ``{created, unchanged, resolved, reopened}``."""
    from workbench.store.articles import article_rows
    from workbench.store.engine import session_scope
    from workbench.store.findings import sync_findings

    counts = {"created": 0, "unchanged": 0, "resolved": 0, "reopened": 0}
    if not selection.corpus:
        return [], counts
    with session_scope(engine) as session:
        rows = article_rows(session=session)
    articles = [CorpusArticle(ext, text, pub, title, src) for _, ext, text, pub, title, src in rows]
    ids = {ext: article_id for article_id, ext, *_ in rows}
    found = run_corpus_checks(articles, selection, targets=targets, workers=workers)
    names = [s.name for s in selection.corpus]
    keys = [ext for _, ext, *_ in rows if targets is None or ext in set(targets)]
    for lo in range(0, len(keys), BATCH):
        with session_scope(engine) as session:
            for key in keys[lo : lo + BATCH]:
                synced = sync_findings(
                    session=session,
                    article_id=ids[key],
                    findings=found.get(key, []),
                    checks_run=names,
                )
                for k, n in synced.items():
                    counts[k] += n
    return _rows(found), counts
