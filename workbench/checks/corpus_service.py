"""The corpus checks' part of the check action: over the records of files (nothing stored)
or over the stored corpus (findings synced into the store, on the articles checked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from workbench.checks.base import Finding
from workbench.checks.corpus_runner import Selection, run_corpus_checks, run_distributed
from workbench.checks.registry import CorpusArticle
from workbench.checks.texts import Mapper
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

    if not selection.corpus:
        return [], dict.fromkeys(SYNC_COUNTS, 0)
    with session_scope(engine) as session:
        rows = article_rows(session=session)
    articles = [CorpusArticle(ext, text, pub, title, src) for _, ext, text, pub, title, src in rows]
    found = run_corpus_checks(articles, selection, targets=targets, workers=workers)
    keys = [ext for _, ext, *_ in rows]
    return _rows(found), _sync(engine, selection, found, [r[0] for r in rows], keys, targets)


def check_store_distributed(
    engine: Engine,
    database_url: str,
    selection: Selection,
    mapper: Mapper,
    *,
    targets: Sequence[str] | None,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """:func:`check_store` with the corpus checks' batches run by ``mapper`` (a cluster),
    each reading its texts from the store at ``database_url``: this process holds the
    articles' ids, dates, titles and sources, and the texts of those with a finding."""
    from workbench.checks.stored_texts import StoredTexts
    from workbench.store.articles import article_meta_rows
    from workbench.store.engine import session_scope

    if not selection.corpus:
        return [], dict.fromkeys(SYNC_COUNTS, 0)
    with session_scope(engine) as session:
        rows = article_meta_rows(session=session)
    articles = [CorpusArticle(ext, "", pub, title, src) for _, ext, pub, title, src, _ in rows]
    ids = [r[0] for r in rows]
    texts = StoredTexts(database_url, ids, [r[5] for r in rows])
    found = run_distributed(articles, texts, selection, mapper, targets=targets)
    keys = [ext for _, ext, *_ in rows]
    return _rows(found), _sync(engine, selection, found, ids, keys, targets)


#: What syncing findings into the store counts.
SYNC_COUNTS = ("created", "unchanged", "resolved", "reopened")


def _sync(
    engine: Engine,
    selection: Selection,
    found: Mapping[str, Sequence[Finding]],
    ids: Sequence[int],
    keys: Sequence[str],
    targets: Sequence[str] | None,
) -> dict[str, int]:
    """Sync the corpus checks' findings of the ``targets`` (every article when None) into
    the store; ``ids[k]`` is the database id of the article ``keys[k]``."""
    from workbench.store.engine import session_scope
    from workbench.store.findings import sync_findings

    counts = dict.fromkeys(SYNC_COUNTS, 0)
    names = [s.name for s in selection.corpus]
    by_key = dict(zip(keys, ids, strict=True))
    wanted = None if targets is None else set(targets)
    synced_keys = [k for k in keys if wanted is None or k in wanted]
    for lo in range(0, len(synced_keys), BATCH):
        with session_scope(engine) as session:
            for key in synced_keys[lo : lo + BATCH]:
                synced = sync_findings(
                    session=session,
                    article_id=by_key[key],
                    findings=found.get(key, []),
                    checks_run=names,
                )
                for k, n in synced.items():
                    counts[k] += n
    return counts
