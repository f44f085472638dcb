"""Checking stored articles on a Dask cluster (the optional ``dask`` extra).

The same check plan as the local engine runs on the partitions of a ``dask.bag``: each
partition is a range of article ids; its worker reads those articles' texts from the store
itself (PostgreSQL for a cluster of several machines) and returns only the findings. This
process keeps the store's findings in step, partition by partition in id order, exactly as
the local engine does, so both write the same findings and report them in the same order.

The corpus checks then run on the same cluster: their batches (a range of texts to sign, a
batch of candidate pairs to align) are tasks whose worker reads the texts it needs from
the store; the client holds each article's id, date, title and source, never every text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from workbench.checks.base import ArticleInput, Finding
from workbench.checks.corpus_service import check_store_distributed
from workbench.checks.pool import available_cores
from workbench.checks.runner import CheckPlan
from workbench.checks.service import (
    CheckReport,
    FindingSink,
    store_findings,
    stored_run,
)
from workbench.checks.stored_texts import worker_engine
from workbench.errors import ConfigError

if TYPE_CHECKING:
    from distributed import Client
    from sqlalchemy.engine import Engine

#: Articles per partition (one task of the cluster).
PARTITION = 500

Checked = list[tuple[int, str, list[Finding]]]


def check_articles_dask(
    database_url: str,
    *,
    article_ids: Sequence[str] | None = None,
    all: bool = False,
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partition: int = PARTITION,
    sink: FindingSink | None = None,
) -> CheckReport:
    """:func:`workbench.checks.service.check_articles` on a Dask cluster: the scheduler at
    ``scheduler``, or a local cluster of ``workers`` processes (every core by default)."""
    try:
        import dask.bag as db
    except ImportError:
        raise ConfigError(
            "the dask engine needs the optional extra: uv sync --extra dask"
        ) from None
    from workbench.store.articles import article_keys
    from workbench.store.engine import open_store, session_scope

    plan, report, selection = stored_run(article_ids, all, only, disable, config, sink)
    engine = open_store(database_url)
    with session_scope(engine) as session:
        keys = article_keys(session=session, external_ids=None if all else article_ids)
    chunks = [[i for i, _ in keys[lo : lo + partition]] for lo in range(0, len(keys), partition)]
    if not chunks:
        return report
    with _client(scheduler, workers) as client:
        bag = db.from_sequence(chunks, npartitions=len(chunks)).map(_check_ids, database_url, plan)
        # One future per partition; kept in step with the store in id order as they finish.
        futures = client.compute(bag.to_delayed())
        for future in futures:
            for checked in future.result():
                _store(engine, report, plan, checked)
        # The corpus checks' batches on the same cluster, each worker reading its own texts.
        rows, counts = check_store_distributed(
            engine,
            database_url,
            selection,
            DaskMapper(client),
            targets=None if all else [e for _, e in keys],
        )
    report.add_rows(rows)
    for key, n in counts.items():
        report.counts[key] += n
    return report


class DaskMapper:
    """A :class:`~workbench.checks.texts.Mapper` on a Dask cluster: ``state`` is sent to
    every worker once, each batch is one task, the results come back in batch order."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))

    def __call__(
        self, func: Callable[[Any, Any], Any], state: Any, batches: Sequence[Any]
    ) -> list[Any]:
        if not batches:
            return []
        shared = self.client.scatter(state, broadcast=True, hash=False)
        futures = self.client.map(_apply, [func] * len(batches), batches, state=shared, pure=False)
        return list(self.client.gather(futures))


def _apply(func: Callable[[Any, Any], Any], batch: Any, *, state: Any) -> Any:
    return func(state, batch)


def _store(engine: Engine, report: CheckReport, plan: CheckPlan, checked: Checked) -> None:
    from workbench.store.engine import session_scope

    with session_scope(engine) as session:
        for article_id, external_id, findings in checked:
            store_findings(session, report, plan, article_id, external_id, findings)


def _check_ids(ids: list[int], database_url: str, plan: CheckPlan) -> Checked:
    """On a worker: read the articles ``ids`` from the store and check them."""
    from workbench.store.articles import article_texts
    from workbench.store.engine import session_scope

    with session_scope(worker_engine(database_url)) as session:
        rows = article_texts(session=session, ids=ids)
    return [
        (i, e, plan.run(ArticleInput(text, published=published, external_id=e)))
        for i, e, text, published in rows
    ]


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=20)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc.__class__.__name__})"
            ) from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or available_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
