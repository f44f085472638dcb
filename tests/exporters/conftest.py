"""Fixtures of the export tests: the sample store and exports of it; the real Label Studio."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import seed_sample
from tests.conftest_labelstudio import labelstudio_server  # noqa: F401  (the fixture)
from workbench.export import ExportReport, export_corpus
from workbench.exporters.model import ExportArticle, ExportRelation, ExportSpan


@pytest.fixture
def sample_store(sqlite_engine: Engine) -> Engine:
    """The sample article with its three annotators (no checks needed here)."""
    seed_sample(sqlite_engine, with_checks=False)
    return sqlite_engine


@pytest.fixture
def exported(sample_store: Engine, tmp_path: Path) -> ExportReport:
    """jsonl, conll and labelstudio of both scopes (spaCy has its own tests)."""
    return export_corpus(
        sample_store,
        formats=["jsonl", "conll", "labelstudio"],
        scope="both",
        out_dir=tmp_path / "out",
    )


TEXT = (
    "قال الوزير: «نحو 150 عنصرًا سلموا أنفسهم» خلال الـ48 ساعة الماضية.\n"
    "وهذا رأي الكاتب،  لا أكثر!  ارتفع العدد إلى 1,168 قتيلًا."
)


def synthetic_article(
    spans: list[tuple[int, int, str]],
    *,
    annotator: str = "",
    relations: tuple[ExportRelation, ...] = (),
) -> ExportArticle:
    return ExportArticle(
        id="syn-1",
        title="عنوان",
        source="src",
        url="",
        published="",
        text=TEXT,
        spans=tuple(ExportSpan(s, e, lab, TEXT[s:e], annotator=annotator) for s, e, lab in spans),
        relations=relations,
        annotators=(annotator,) if annotator else (),
    )
