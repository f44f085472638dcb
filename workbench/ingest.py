"""The ingest action: read files, store each good record completely or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from workbench.errors import InputError
from workbench.records import Record, iter_records, read_records
from workbench.store.articles import Stored, add_articles
from workbench.store.engine import session_scope

__all__ = ["IngestReport", "ingest_paths", "read_records"]

BATCH = 500


@dataclass
class IngestReport:
    created: int = 0
    unchanged: int = 0
    failed: list[InputError] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "unchanged": self.unchanged,
            "failed": [
                {"path": e.path, "record": e.record, "error": e.reason} for e in self.failed
            ],
            "articles": self.articles,
        }


def _batches(
    items: Iterable[Record | InputError], size: int
) -> Iterator[list[Record | InputError]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _store_batch(engine: Engine, records: list[Record]) -> list[Stored | InputError]:
    """One transaction for the batch; if the database refuses it, retry record by record so
    one bad record cannot take the good ones with it."""
    try:
        with session_scope(engine) as session:
            return add_articles(session=session, records=records)
    except SQLAlchemyError as exc:
        if len(records) == 1:
            r = records[0]
            return [
                InputError(
                    r.origin,
                    r.record_no,
                    f"the database refused the record ({exc.__class__.__name__})",
                )
            ]
    results: list[Stored | InputError] = []
    for record in records:
        results.extend(_store_batch(engine, [record]))
    return results


def ingest_records(
    engine: Engine,
    stream: Iterable[Record | InputError],
    *,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Store every good record of ``stream`` and list every bad one."""
    report = IngestReport()
    for batch in _batches(stream, BATCH):
        good = [r for r in batch if isinstance(r, Record)]
        report.failed.extend(r for r in batch if isinstance(r, InputError))
        for result in _store_batch(engine, good) if good else []:
            if isinstance(result, InputError):
                report.failed.append(result)
                continue
            if result.created:
                report.created += 1
            else:
                report.unchanged += 1
            art = result.article
            report.articles.append(
                {
                    "id": art.external_id,
                    "title": art.title,
                    "chars": len(art.text),
                    "paragraphs": result.paragraphs,
                }
            )
        if progress:
            progress(len(batch))
    return report


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    title: str | None = None,
    published: date | None = None,
    max_chars: int = 1_000_000,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest every record below ``paths``. Re-ingesting the same text adds nothing."""
    stream = iter_records(list(paths), max_chars=max_chars, title=title, published=published)
    return ingest_records(engine, stream, progress=progress)


def ingest_sample(engine: Engine) -> IngestReport:
    """Ingest the sample article that ships with the package (idempotent)."""
    from workbench.samples import (
        SAMPLE_EXTERNAL_ID,
        SAMPLE_PUBLISHED,
        SAMPLE_TITLE,
        sample_article_path,
    )

    stream = read_records(
        sample_article_path(),
        title=SAMPLE_TITLE,
        published=SAMPLE_PUBLISHED,
        external_id=SAMPLE_EXTERNAL_ID,
    )
    return ingest_records(engine, stream)
