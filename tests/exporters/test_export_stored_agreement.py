"""An export of every article takes the agreement report the dashboard stores after a pull
(``workbench.summary``) when, and only when, it is the report of the very annotations the
export reads: same files as when the export computes it, never a stale one. On SQLite and
PostgreSQL (``engine``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from tests.conftest import seed_sample
from workbench import summary
from workbench.export import export_corpus, plan
from workbench.exporters.model import ANNOTATORS, GOLD
from workbench.store import cache, session_scope, snapshot_scope
from workbench.store.gold import export_source
from workbench.store.models import KeyValue, Span

FORMATS = ["jsonl", "conll", "labelstudio"]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "manifest.json"}


def _manifest(report) -> dict:  # type: ignore[no-untyped-def]
    return {k: v for k, v in report.manifest.items() if k != "created_at"}


def _export(engine: Engine, out: Path):  # type: ignore[no-untyped-def]
    return export_corpus(engine, formats=FORMATS, scope="both", out_dir=out)


def _forget(engine: Engine, *names: str) -> None:
    with session_scope(engine) as session:
        for name in names:
            session.execute(delete(KeyValue).where(KeyValue.key == cache.PREFIX + name))


def _forget_stored_report(engine: Engine) -> None:
    _forget(engine, summary.AGREEMENT, summary.AGREEMENT_FIGURES)


def _stored_report_is_current(engine: Engine) -> bool:
    with snapshot_scope(engine) as session:
        return summary.stored_agreement_report(session) is not None


def _drop_one_span(engine: Engine) -> None:
    """One annotator took back one region (what a pull of the edited annotation stores)."""
    with session_scope(engine) as session:
        first = session.execute(select(Span.id).order_by(Span.id).limit(1)).scalar_one()
        session.execute(delete(Span).where(Span.id == first))


def test_stored_report_gives_the_same_export(engine: Engine, tmp_path: Path) -> None:
    seed_sample(engine, with_checks=False)
    assert not _stored_report_is_current(engine)  # nothing stored yet
    computed = _export(engine, tmp_path / "a")
    summary.refresh(engine, target=3)  # what a pull does
    assert _stored_report_is_current(engine)
    stored = _export(engine, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _manifest(computed) == _manifest(stored)
    assert computed.manifest["agreement"]["disagreements"] > 0
    # a store summarised before the figures were kept apart: the whole report is read
    _forget(engine, summary.AGREEMENT_FIGURES)
    assert _stored_report_is_current(engine)
    whole = _export(engine, tmp_path / "c")
    assert _files(tmp_path / "a") == _files(tmp_path / "c")
    assert _manifest(computed) == _manifest(whole)
    summary.refresh(engine, target=3)  # the next pull stores the figures again
    with session_scope(engine) as session:
        figures = cache.read(session=session, name=summary.AGREEMENT_FIGURES)
        report = cache.read(session=session, name=summary.AGREEMENT)
    assert figures is not None and report is not None and figures[0] == report[0]


def test_a_changed_annotation_is_never_exported_with_the_stale_report(
    engine: Engine, tmp_path: Path
) -> None:
    seed_sample(engine, with_checks=False)
    summary.refresh(engine, target=3)
    before = _export(engine, tmp_path / "before")
    _drop_one_span(engine)  # after the report was stored
    assert not _stored_report_is_current(engine)
    after = _export(engine, tmp_path / "after")  # computes the figures again
    _forget_stored_report(engine)
    fresh = _export(engine, tmp_path / "fresh")  # nothing stored to take
    assert _files(tmp_path / "after") == _files(tmp_path / "fresh")
    assert _manifest(after) == _manifest(fresh)
    assert after.manifest["agreement"] != before.manifest["agreement"]
    assert _files(tmp_path / "after") != _files(tmp_path / "before")


def test_report_and_annotations_come_from_one_snapshot(engine: Engine) -> None:
    """A pull that commits while the export reads is not seen by it at all: the stored
    report it took is that of the annotations it read, whatever came in meanwhile."""
    seed_sample(engine, with_checks=False)
    summary.refresh(engine, target=3)
    with session_scope(engine) as session:
        spans_before = len(session.execute(select(Span.id)).all())
    with snapshot_scope(engine) as session:
        stored = summary.stored_agreement_report(session)
        assert stored is not None
        _drop_one_span(engine)  # committed by another connection, after the report was read
        sources = export_source(session=session)
    with session_scope(engine) as session:
        assert len(session.execute(select(Span.id)).all()) == spans_before - 1
    assert sum(len(a.spans) for s in sources for a in s.annotations) == spans_before
    scopes = [GOLD, ANNOTATORS]
    _, _, _, taken = plan(sources, scopes=scopes, stored_report=stored)
    _, _, _, computed = plan(sources, scopes=scopes)
    assert taken == computed
