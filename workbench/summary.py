"""What the dashboard opens with, computed ahead and kept in the store's ``state`` table: the
agreement report and the overview counts. Each is stored under a fingerprint of what it
depends on (the annotations; for the counts also the articles, findings, reviews and the
annotators-per-task setting), so a freshly started dashboard reads them instead of computing
them, and a stale entry (fingerprint mismatch) is computed again and stored.

``refresh`` runs after each pull, ingest, check and review decision (CLI); the dashboard
stores the counts again after an editor's decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workbench.errors import StoreError
from workbench.store import cache, session_scope, snapshot_scope

AGREEMENT = "agreement"
#: The agreement report without its list of disagreements (their number instead), stored
#: with it under the same fingerprint: what an export reads, a fraction of the size.
AGREEMENT_FIGURES = "agreement_figures"
OVERVIEW = "overview"
AGREEMENT_PARTS = ("annotations",)
OVERVIEW_PARTS = ("annotations", "articles", "findings", "reviews")


def _loads(payload: str) -> Any:
    from workbench.agreement.corpus import no_cyclic_gc

    with no_cyclic_gc():  # many small dicts: the cyclic collector would double the time
        return orjson.loads(payload)


def _lookup(
    session: Session, name: str, parts: tuple[str, ...], extra: str = ""
) -> tuple[str, Any]:
    """In ``session``: the fingerprint of what it sees, and the stored value when it was
    computed from that."""
    key = cache.fingerprint(session=session, parts=parts, extra=extra)
    found = cache.read(session=session, name=name)
    if found is not None and found[0] == key:
        return key, _loads(found[1])
    return key, None


def _cached(engine: Engine, name: str, parts: tuple[str, ...], extra: str = "") -> tuple[str, Any]:
    """The current fingerprint, and the stored value when it was computed from that."""
    with session_scope(engine) as session:
        return _lookup(session, name, parts, extra)


def agreement_key(session: Session) -> str:
    """The fingerprint of the annotations ``session`` sees (what the agreement report is
    stored under)."""
    return cache.fingerprint(session=session, parts=AGREEMENT_PARTS)


def agreement_figures(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with an empty list of disagreements and their number under
    ``disagreements_total``."""
    return {**report, "disagreements": [], "disagreements_total": len(report["disagreements"])}


def stored_agreement_report(session: Session) -> dict[str, Any] | None:
    """The stored agreement report's :func:`agreement_figures` when the report was computed
    from the annotations ``session`` sees, else None; never computes one. Read in a snapshot
    session (:func:`~workbench.store.engine.snapshot_scope`) together with the annotations,
    it is that of exactly those (the export reads it so)."""
    key = agreement_key(session)
    for name in (AGREEMENT_FIGURES, AGREEMENT):  # a store summarised before the figures
        found = cache.read(session=session, name=name)
        if found is not None and found[0] == key:
            value = _loads(found[1])
            return dict(value) if name == AGREEMENT_FIGURES else agreement_figures(value)
    return None


def _store(engine: Engine, name: str, key: str, value: Any, **more: Any) -> None:
    """Keep ``value`` (and the ``more`` entries, by name) for the next reader, in one
    transaction. A store that cannot be written now (locked by another program, or
    read-only) is left as it is: the value was computed and is used, and a later writer
    stores it."""
    try:
        with session_scope(engine) as session:
            for n, v in {name: value, **more}.items():
                cache.write(session=session, name=n, key=key, payload=orjson.dumps(v).decode())
    except StoreError:
        return


def _current(engine: Engine, name: str, parts: tuple[str, ...], extra: str = "") -> bool:
    with session_scope(engine) as session:
        key = cache.fingerprint(session=session, parts=parts, extra=extra)
        return cache.read_key(session=session, name=name) == key


def agreement_report(
    engine: Engine, annotations: Iterable[Any] | None = None, *, key: str | None = None
) -> dict[str, Any]:
    """The agreement report of the stored annotations: the stored one when current, else
    computed and stored. ``annotations``: those already read, if the caller has them, with
    ``key``, the :func:`agreement_key` of the session that read them (without it the report
    is computed from them but not stored: what it would be stored under is unknown).

    The fingerprint and the annotations are read in one snapshot, so a stored report is
    always that of the annotations its fingerprint describes."""
    from workbench.agreement import compute_agreement
    from workbench.agreement.model import docs_from_annotations

    if annotations is None:
        from workbench.store.annotations import annotations as read_annotations

        with snapshot_scope(engine) as session:
            key, report = _lookup(session, AGREEMENT, AGREEMENT_PARTS)
            if report is not None:
                return dict(report)
            annotations = read_annotations(session=session)
    elif key is not None:
        with session_scope(engine) as session:
            found = cache.read(session=session, name=AGREEMENT)
        if found is not None and found[0] == key:
            return dict(_loads(found[1]))
    report = compute_agreement(docs_from_annotations(annotations))
    if key is not None:
        _store(engine, AGREEMENT, key, report, **{AGREEMENT_FIGURES: agreement_figures(report)})
    return report


def _store_figures(engine: Engine) -> None:
    """Store the figures of the stored report when it is current (a store summarised before
    the figures were kept apart)."""
    with snapshot_scope(engine) as session:
        key, report = _lookup(session, AGREEMENT, AGREEMENT_PARTS)
    if report is not None:
        _store(engine, AGREEMENT_FIGURES, key, agreement_figures(report))


def overview(
    engine: Engine, *, target: int, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The overview counts: the stored ones when current, else ``compute()`` stored."""
    extra = f"annotators_per_task={target}"
    key, counts = _cached(engine, OVERVIEW, OVERVIEW_PARTS, extra)
    if counts is not None:
        return dict(counts)
    counts = compute()
    _store(engine, OVERVIEW, key, counts)
    return counts


def refresh(engine: Engine, *, target: int) -> None:
    """Bring both entries up to date (each computed only if what it depends on changed)."""
    from workbench.dashboard.data import load_corpus, overview_counts
    from workbench.store.reviews import effective_decisions

    def compute() -> dict[str, Any]:
        corpus = load_corpus(engine)
        with session_scope(engine) as session:
            decisions = effective_decisions(session=session)
        return overview_counts(corpus, decisions, target)

    if not _current(engine, AGREEMENT, AGREEMENT_PARTS):
        agreement_report(engine)
    elif not _current(engine, AGREEMENT_FIGURES, AGREEMENT_PARTS):
        _store_figures(engine)
    overview(engine, target=target, compute=compute)
