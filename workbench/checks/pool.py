"""Checking many articles: in this process, or in a pool of worker processes.

The results come back in the order of the input whatever the number of workers, and at most
a few batches are in flight at a time, so memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from itertools import chain, islice
from typing import NamedTuple

from workbench.checks.base import ArticleInput, Finding
from workbench.checks.runner import CheckPlan

#: With no number of workers given, a run of at least this many articles uses every core.
AUTO_MIN_ARTICLES = 300
#: Articles sent to a worker at a time.
BATCH = 32


class Job(NamedTuple):
    """One article to check: what a worker needs, nothing more."""

    external_id: str
    text: str
    published: date | None = None

    def article(self) -> ArticleInput:
        return ArticleInput(self.text, published=self.published, external_id=self.external_id)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def check_jobs(
    jobs: Iterable[Job], plan: CheckPlan, *, workers: int | None = None
) -> Iterator[tuple[Job, list[Finding]]]:
    """``(job, findings)`` for every job, in order. ``workers=None`` uses every core when
    there are at least :data:`AUTO_MIN_ARTICLES` articles, else this process."""
    it = iter(jobs)
    if workers is None:
        head = list(islice(it, AUTO_MIN_ARTICLES))
        workers = available_cores() if len(head) == AUTO_MIN_ARTICLES else 1
        it = chain(head, it)
    if workers <= 1:
        for job in it:
            yield job, plan.run(job.article())
        return
    yield from _pooled(it, plan, workers)


def _batches(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    while batch := list(islice(jobs, size)):
        yield batch


_PLAN: CheckPlan | None = None


def _start_worker(plan: CheckPlan) -> None:
    global _PLAN
    _PLAN = plan


def _check_batch(batch: list[Job]) -> list[list[Finding]]:
    assert _PLAN is not None
    return [_PLAN.run(job.article()) for job in batch]


def _pooled(
    jobs: Iterator[Job], plan: CheckPlan, workers: int
) -> Iterator[tuple[Job, list[Finding]]]:
    # Forked workers start at once with the checks already imported; elsewhere, spawned.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[tuple[list[Job], Future[list[list[Finding]]]]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(plan,)
    ) as pool:
        for batch in _batches(jobs, BATCH):
            pending.append((batch, pool.submit(_check_batch, batch)))
            if len(pending) > 2 * workers:
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        while pending:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)
