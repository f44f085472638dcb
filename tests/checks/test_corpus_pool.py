"""corpus_pool.map_batches: the same results, in the order of the batches, in this process
and in forked or spawned workers."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from workbench.checks.corpus_pool import map_batches


def _sum_and_pid(texts: list[str], span: tuple[int, int]) -> tuple[int, int]:
    lo, hi = span
    return sum(len(t) for t in texts[lo:hi]), os.getpid()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_return_what_one_process_returns(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    texts = [f"word {k} " * (k % 7) for k in range(500)]
    spans = [(lo, lo + 37) for lo in range(0, 500, 37)]
    one = map_batches(_sum_and_pid, texts, spans, workers=1)
    two = map_batches(_sum_and_pid, texts, spans, workers=2, method=method)
    assert [s for s, _ in two] == [s for s, _ in one]
    assert {pid for _, pid in one} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in two}  # the batches ran in the workers
