"""Storing findings: upsert by fingerprint, resolve what is gone, reopen what comes back,
never delete a row a review points at."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from workbench.checks.base import Finding
from workbench.records import Record
from workbench.store import session_scope
from workbench.store.articles import add_articles
from workbench.store.findings import list_findings, open_findings, sync_findings
from workbench.store.models import Finding as FindingRow
from workbench.store.models import Review

TEXT = "نص قصير فيه كلمة كلمة مكررة."


def _article(engine: Engine) -> int:
    with session_scope(engine) as session:
        (stored,) = add_articles(session=session, records=[Record("a1", TEXT)])
        assert not isinstance(stored, Exception) and stored.article.id is not None
        return stored.article.id


def _finding(start: int, end: int, check: str = "repeated_word", **kw: object) -> Finding:
    return Finding(
        check=check,
        version=str(kw.get("version", "1")),
        severity=str(kw.get("severity", "warning")),
        start=start,
        end=end,
        text=TEXT[start:end],
        message=str(kw.get("message", "doubled")),
        evidence={"kind": "exact"},
    )


A, B = _finding(13, 22), _finding(0, 2)
OTHER = _finding(3, 7, check="spelling_variant")


def _sync(engine: Engine, aid: int, findings: list[Finding], checks: list[str]) -> dict[str, int]:
    with session_scope(engine) as session:
        return sync_findings(session=session, article_id=aid, findings=findings, checks_run=checks)


def test_rerunning_adds_nothing(engine: Engine) -> None:
    aid = _article(engine)
    assert _sync(engine, aid, [A, B, OTHER], ["repeated_word", "spelling_variant"]) == {
        "created": 3,
        "unchanged": 0,
        "resolved": 0,
        "reopened": 0,
    }
    assert _sync(engine, aid, [A, B, OTHER], ["repeated_word", "spelling_variant"]) == {
        "created": 0,
        "unchanged": 3,
        "resolved": 0,
        "reopened": 0,
    }
    with session_scope(engine) as session:
        assert len(list_findings(session=session, article_id=aid)) == 3


def test_gone_is_resolved_and_back_is_reopened(engine: Engine) -> None:
    aid = _article(engine)
    _sync(engine, aid, [A, B, OTHER], ["repeated_word", "spelling_variant"])
    # Only repeated_word ran: OTHER stays open although it is not in the list.
    assert _sync(engine, aid, [A], ["repeated_word"]) == {
        "created": 0,
        "unchanged": 1,
        "resolved": 1,
        "reopened": 0,
    }
    with session_scope(engine) as session:
        rows = {(r.start, r.status) for r in list_findings(session=session, article_id=aid)}
        assert rows == {(13, "open"), (0, "resolved"), (3, "open")}
        resolved = list_findings(session=session, status="resolved")[0]
        assert resolved.resolved_at is not None
        assert [r.start for r in open_findings(session=session, check="repeated_word")] == [13]
    assert _sync(engine, aid, [A, B], ["repeated_word"]) == {
        "created": 0,
        "unchanged": 1,
        "resolved": 0,
        "reopened": 1,
    }
    with session_scope(engine) as session:
        row = session.exec(select(FindingRow).where(FindingRow.start == 0)).one()
        assert (row.status, row.resolved_at) == ("open", None)


def test_a_known_finding_gets_the_new_version_message_and_last_seen(engine: Engine) -> None:
    aid = _article(engine)
    _sync(engine, aid, [A], ["repeated_word"])
    later = datetime(2030, 1, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        sync_findings(
            session=session,
            article_id=aid,
            findings=[_finding(13, 22, version="2", message="doubled again")],
            checks_run=["repeated_word"],
            now=later,
        )
    with session_scope(engine) as session:
        (row,) = list_findings(session=session, article_id=aid)
        assert (row.version, row.message) == ("2", "doubled again")
        assert row.last_seen.replace(tzinfo=UTC) == later
        assert row.first_seen.replace(tzinfo=UTC) < later


def test_a_crashed_check_resolves_nothing(engine: Engine) -> None:
    aid = _article(engine)
    _sync(engine, aid, [A, B], ["repeated_word"])
    crash = Finding("repeated_word", "1", "error", 0, 0, "", "failed", evidence={"kind": "crash"})
    counts = _sync(engine, aid, [crash], ["repeated_word"])
    assert counts == {"created": 1, "unchanged": 0, "resolved": 0, "reopened": 0}
    with session_scope(engine) as session:
        assert len(open_findings(session=session, article_id=aid)) == 3


def test_reviews_stay_attached_to_resolved_findings(engine: Engine) -> None:
    aid = _article(engine)
    _sync(engine, aid, [A], ["repeated_word"])
    with session_scope(engine) as session:
        (row,) = list_findings(session=session, article_id=aid)
        session.add(
            Review(
                editor="ed",
                article_id=aid,
                target_type="finding",
                target_key=str(row.id),
                decision="confirm",
            )
        )
        fid = row.id
    _sync(engine, aid, [], ["repeated_word"])
    _sync(engine, aid, [A], ["repeated_word"])
    with session_scope(engine) as session:
        (row,) = list_findings(session=session, article_id=aid)
        assert row.id == fid and row.status == "open"
        review = session.exec(select(Review)).one()
        assert review.target_key == str(fid)


def test_check_articles_runs_and_stores(engine: Engine) -> None:
    from workbench.checks.service import check_articles
    from workbench.ingest import ingest_sample

    ingest_sample(engine)
    first = check_articles(engine, all=True, only=["repeated_passage", "repeated_word"])
    assert first.counts["created"] == 4 and first.articles == 1
    assert {f["article"] for f in first.findings} == {"sample-article"}
    again = check_articles(
        engine, article_ids=["sample-article"], only=["repeated_passage", "repeated_word"]
    )
    assert again.counts == {"created": 0, "unchanged": 4, "resolved": 0, "reopened": 0}
    with session_scope(engine) as session:
        assert len(open_findings(session=session)) == 4
