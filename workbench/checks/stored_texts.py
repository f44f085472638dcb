"""The texts of stored articles as a :class:`~workbench.checks.texts.TextSource`: read from
the store by whoever runs a batch (a worker of a cluster reads its own), never all at once
by the client."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


#: Ids in one query (well under the bound parameters SQLite allows).
QUERY_IDS = 2000


@cache
def worker_engine(database_url: str) -> Engine:
    """One engine per process and store (the schema is the client's to migrate)."""
    from workbench.store.engine import make_engine

    return make_engine(database_url)


class StoredTexts:
    """The texts of the articles ``ids`` (database ids, in this order) of the store at
    ``database_url``. Picklable: it holds the address, the ids and the lengths only."""

    def __init__(self, database_url: str, ids: Sequence[int], lengths: Sequence[int]) -> None:
        if len(ids) != len(lengths):
            raise ValueError("one length per article")
        self.database_url = database_url
        self._ids = list(ids)
        self._lengths = list(lengths)

    def __len__(self) -> int:
        return len(self._ids)

    def lengths(self) -> list[int]:
        return self._lengths

    def take(self, indices: Sequence[int]) -> list[str]:
        from workbench.store.articles import article_texts
        from workbench.store.engine import session_scope

        wanted = [self._ids[i] for i in indices]
        by_id: dict[int, str] = {}
        with session_scope(worker_engine(self.database_url)) as session:
            for lo in range(0, len(wanted), QUERY_IDS):
                rows = article_texts(session=session, ids=wanted[lo : lo + QUERY_IDS])
                by_id.update((i, text) for i, _, text, _ in rows)
        return [by_id[i] for i in wanted]
