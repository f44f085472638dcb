"""The labelled corpus: articles read exactly as ``workbench ingest`` stores them.

A record is named as the workbench names it when it ingests a daily zip: the member and the
item of its JSON array, ``2015-07-26.json#17``. Pure apart from reading the zip files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workbench.arabic.stored import text_sha256
from workbench.records import Record, read_records


def _default_corpus() -> Path:
    """``WORKBENCH_CORPUS``, else ``shared/corpora/saudinewsnet`` beside the checkout or one of
    its parents (a worktree sits a level deeper than the main checkout)."""
    if os.environ.get("WORKBENCH_CORPUS"):
        return Path(os.environ["WORKBENCH_CORPUS"])
    here = Path(__file__).resolve()
    for parent in here.parents[2:]:
        candidate = parent / "shared" / "corpora" / "saudinewsnet"
        if candidate.is_dir():
            return candidate
    return here.parents[3] / "shared" / "corpora" / "saudinewsnet"


#: Where the corpus is kept (outside the project, never committed).
CORPUS = _default_corpus()


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
