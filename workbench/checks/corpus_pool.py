"""Batches of a corpus check's work in a pool of worker processes.

The corpus (what every batch reads) is handed to the workers once: forked workers inherit
it, spawned ones receive it when they start. Results come back in the order of the
batches, whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

B = TypeVar("B")
R = TypeVar("R")

_STATE: Any = None


def _start(state: Any) -> None:
    global _STATE
    _STATE = state


def _call(func: Callable[[Any, Any], Any], batch: Any) -> Any:
    return func(_STATE, batch)


def map_batches(
    func: Callable[[Any, B], R],
    state: Any,
    batches: Sequence[B],
    *,
    workers: int = 1,
    method: str | None = None,
) -> list[R]:
    """``[func(state, batch) for batch in batches]``, in ``workers`` processes when more than
    one (``func`` must then be a module-level function). ``method``: how workers start,
    ``fork`` (the default where there is one) or ``spawn``."""
    if workers <= 1 or len(batches) <= 1:
        return [func(state, b) for b in batches]
    global _STATE
    if method is None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _STATE = state  # inherited by the forked workers, never pickled
        context, initializer, initargs = multiprocessing.get_context("fork"), None, ()
    else:
        context, initializer, initargs = multiprocessing.get_context("spawn"), _start, (state,)
    try:
        with ProcessPoolExecutor(
            min(workers, len(batches)),
            mp_context=context,
            initializer=initializer,
            initargs=initargs,
        ) as pool:
            return list(pool.map(_call, [func] * len(batches), batches))
    finally:
        _STATE = None
