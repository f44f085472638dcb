"""Where a corpus check reads its texts, and who runs its batches.

A corpus check that can run past one machine does not take the texts in its arguments: it
reads them from a :class:`TextSource` (a list in memory, or the store, read by whoever runs
a batch) and hands its batches to a :class:`Mapper` (this process, a pool of processes, or a
cluster). The findings are the same whichever source and mapper run it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from workbench.checks.corpus_pool import map_batches


class TextSource(Protocol):
    """The texts of a corpus, by position."""

    def __len__(self) -> int: ...

    def lengths(self) -> Sequence[int]:
        """Characters of each text (to cut batches of even size without reading them)."""
        ...

    def take(self, indices: Sequence[int]) -> list[str]:
        """The texts at ``indices``, in that order."""
        ...


class ListTexts:
    """Texts held in memory."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts

    def __len__(self) -> int:
        return len(self._texts)

    def lengths(self) -> list[int]:
        return list(map(len, self._texts))

    def take(self, indices: Sequence[int]) -> list[str]:
        texts = self._texts
        if isinstance(indices, range) and indices.step == 1:
            return list(texts[indices.start : indices.stop])
        return [texts[i] for i in indices]


class Mapper(Protocol):
    """Runs ``func(state, batch)`` for every batch; the results in the order of the batches.
    ``func`` must be a module-level function and ``state`` and the batches picklable (they
    may cross to other processes or machines). ``workers`` is how many run at once."""

    workers: int

    def __call__(
        self, func: Callable[[Any, Any], Any], state: Any, batches: Sequence[Any]
    ) -> list[Any]: ...


class LocalMapper:
    """This process (one worker), or a pool of ``workers`` processes of this machine."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def __call__(
        self, func: Callable[[Any, Any], Any], state: Any, batches: Sequence[Any]
    ) -> list[Any]:
        return map_batches(func, state, batches, workers=self.workers)
