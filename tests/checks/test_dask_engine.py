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

from tests.cli.test_check_workers import articles
from workbench.checks.service import check_articles
from workbench.cli import build_app
from workbench.ingest import ingest_paths
from workbench.store.engine import make_engine, upgrade

distributed = pytest.importorskip("distributed")
from workbench.checks.dask_engine import check_articles_dask  # noqa: E402


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
