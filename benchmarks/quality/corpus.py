"""The labelled corpus: articles read exactly as ``workbench ingest`` stores them.

A record is named as the workbench names it when it ingests a daily zip: the member and the
item of its JSON array, ``2015-07-26.json#17``. Pure apart from reading the zip files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.common import CORPUS as CORPUS  # re-exported for the quality scripts
from workbench.arabic.stored import text_sha256
from workbench.records import Record, read_records


@dataclass(frozen=True)
class Article:
    corpus_file: str  # "2015-07-26.zip"
    record: str  # "2015-07-26.json#17": the external id the workbench gives it
    text: str  # the stored text
    published: date | None

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def _article(path: Path, rec: Record) -> Article:
    return Article(path.name, rec.external_id, rec.text, rec.published)


def read_corpus_file(path: Path) -> Iterator[Article]:
    """Every good record of one daily zip (bad records are skipped: they are not stored)."""
    for rec in read_records(path):
        if isinstance(rec, Record):
            yield _article(path, rec)


def corpus_files(root: Path) -> list[Path]:
    return sorted(root.glob("*.zip"))
