"""The Dask engine on a local cluster of two worker processes (loopback only): it stores and
reports what the local engine does, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.checks.test_cross_article_workers import corpus
from tests.cli.test_check_workers import articles
from workbench.checks.cross_article import find_duplicates, find_duplicates_in
from workbench.checks.service import check_articles
from workbench.checks.stored_texts import StoredTexts
from workbench.cli import build_app
from workbench.ingest import ingest_paths
from workbench.store.articles import article_meta_rows
from workbench.store.engine import make_engine, session_scope, upgrade

distributed = pytest.importorskip("distributed")
from workbench.checks.dask_engine import DaskMapper, check_articles_dask  # noqa: E402


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def _store(url: str, tmp_path: Path, sample_path: Path, n: int) -> Engine:
    path = tmp_path / "articles.jsonl"
    rows = articles(n, sample_path.read_text(encoding="utf-8"), seed=11)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    engine = make_engine(url)
    upgrade(engine)
    ingest_paths(engine, [path])
    return engine


def test_dask_engine_finds_and_stores_what_the_local_engine_does(
    db_url: str, tmp_path: Path, sample_path: Path, scheduler: str
) -> None:
    engine = _store(db_url, tmp_path, sample_path, 40)
    # Small partitions, so the articles are spread over both workers and several tasks.
    first = check_articles_dask(db_url, all=True, scheduler=scheduler, partition=9)
    assert first.articles == 40 and first.counts["created"] == len(first.findings) > 10
    # The articles are copies of one story: the corpus check, run on the cluster, links them.
    assert sum(f["check"] == "cross_article_duplicate" for f in first.findings) > 10
    local = check_articles(engine, all=True)
    assert local.findings == first.findings
    assert local.counts == {
        "created": 0,
        "unchanged": len(first.findings),
        "resolved": 0,
        "reopened": 0,
    }
    # Fewer checks on the cluster: what the others found is left alone, nothing is added.
    again = check_articles_dask(
        db_url, all=True, only=["repeated_word"], scheduler=scheduler, partition=25
    )
    assert again.findings == [f for f in local.findings if f["check"] == "repeated_word"]
    assert again.counts["created"] == again.counts["resolved"] == 0
    engine.dispose()


def test_cli_engine_dask_with_a_scheduler(
    tmp_path: Path, sample_path: Path, scheduler: str
) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    _store(url, tmp_path, sample_path, 12).dispose()
    runner = CliRunner()
    args = ["--db", url, "check", "--all", "--format", "json"]
    dask = runner.invoke(build_app(), [*args, "--engine", "dask", "--scheduler", scheduler])
    assert dask.exit_code == 0, dask.output
    local = runner.invoke(build_app(), args)
    assert json.loads(dask.stdout)["findings"] == json.loads(local.stdout)["findings"]
    refused = runner.invoke(build_app(), ["check", str(sample_path), "--engine", "dask"])
    assert refused.exit_code == 2 and "--all" in refused.stderr


def test_corpus_check_on_the_cluster_reads_the_texts_on_the_workers(
    tmp_path: Path, sample_path: Path, scheduler: str
) -> None:
    """Stories of the sample's words, a third reprinted with edits: the cluster, each task
    reading its texts from the store, finds the pairs one process finds in memory."""
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    articles = corpus(sample_path.read_text(encoding="utf-8"), n=120)
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": a.key, "text": a.text, "date_extracted": str(a.published)} for a in articles]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    engine = make_engine(url)
    upgrade(engine)
    ingest_paths(engine, [path])
    with session_scope(engine) as session:
        meta = article_meta_rows(session=session)
    assert [m[1] for m in meta] == [a.key for a in articles]
    assert [m[5] for m in meta] == [len(a.text) for a in articles]
    texts = StoredTexts(url, [m[0] for m in meta], [m[5] for m in meta])
    assert texts.take([5, 2]) == [articles[5].text, articles[2].text]
    with distributed.Client(scheduler) as client:
        mapper = DaskMapper(client)
        assert mapper.workers == 2
        on_cluster = find_duplicates_in(texts, {}, mapper)
    in_memory = find_duplicates(articles, {})
    assert len(in_memory.duplicates) >= 10
    assert on_cluster.duplicates == in_memory.duplicates
    assert on_cluster.candidates == in_memory.candidates
    engine.dispose()
