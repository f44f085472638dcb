"""The review queue service and ``workbench review``: worst first, filters, decisions as new
rows, undo, deep-link ids, one-line errors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.dashboard.seed import seed
from workbench.cli import build_app
from workbench.errors import InputError, NotFound
from workbench.review import (
    QueueFilters,
    build_queue,
    decide,
    get_item,
    parse_item_id,
    review_queue,
    undo,
)
from workbench.store import session_scope
from workbench.store.reviews import current_decision, review_log


@pytest.fixture
def store(engine: Engine) -> Engine:
    seed(engine)
    return engine


def test_queue_holds_open_findings_and_disagreements_worst_first(store: Engine) -> None:
    items = review_queue(store)
    kinds = {i.kind for i in items}
    assert kinds == {"finding", "disagreement"}
    assert len({i.id for i in items}) == len(items)
    ranks = [i.rank for i in items]
    assert ranks == sorted(ranks, reverse=True)
    assert items[0].kind == "disagreement" and items[0].category == "label"
    checks = {i.check for i in items}
    assert {"repeated_passage", "disagreement"} <= checks
    for i in items:
        assert i.status == "open"
        assert parse_item_id(i.id)[0] == i.kind
        if i.kind == "disagreement":
            assert i.annotators and i.labels
            assert {a["annotator"] for a in i.annotations} == set(i.annotators)


def test_filters(store: Engine) -> None:
    everything = review_queue(store)
    only = review_queue(store, QueueFilters(check="repeated_passage"))
    assert only and {i.check for i in only} == {"repeated_passage"}
    dis = review_queue(store, QueueFilters(kind="disagreement"))
    assert dis and {i.kind for i in dis} == {"disagreement"}
    assert review_queue(store, QueueFilters(check="disagreement")) == dis
    by_label = review_queue(store, QueueFilters(label="opinion"))
    assert by_label and all("opinion" in i.labels for i in by_label)
    by_person = review_queue(store, QueueFilters(annotator="huda@example.org"))
    assert len(by_person) == len(dis)
    assert review_queue(store, QueueFilters(annotator="nobody@example.org")) == []
    assert len(review_queue(store, QueueFilters(article="sample-article"))) == len(everything)
    with pytest.raises(NotFound):
        review_queue(store, QueueFilters(article="no-such-article"))
    with pytest.raises(InputError):
        QueueFilters(status="maybe")


def test_finding_decision_is_a_new_row_and_undo_restores(store: Engine) -> None:
    item = review_queue(store, QueueFilters(kind="finding"))[0]
    first = decide(store, item.id, "Editor A", "confirm", note="checked the source")
    assert (first.target_type, first.target_key, first.decision) == (
        "finding",
        item.target_key,
        "confirm",
    )
    assert first.previous == {}
    assert item.id not in {i.id for i in review_queue(store)}
    decided = review_queue(store, QueueFilters(status="decided"))
    assert [i.id for i in decided] == [item.id]
    assert decided[0].decision["note"] == "checked the source"
    second = decide(store, item.id, "Editor B", "dismiss")
    assert second.previous["decision"] == "confirm" and second.previous["editor"] == "Editor A"
    back = undo(store, second.id, "Editor B")
    assert back.decision == "undo" and back.undoes_id == second.id
    with session_scope(store) as session:
        now = current_decision(session=session, target_type="finding", target_key=item.target_key)
        assert now is not None and now.review_id == first.id
        assert [r.decision for r in review_log(session=session)] == ["confirm", "dismiss", "undo"]
    undo(store, first.id, "Editor A")
    assert item.id in {i.id for i in review_queue(store)}


def test_gold_decision_on_a_disagreement(store: Engine) -> None:
    item = review_queue(store, QueueFilters(kind="disagreement"))[0]
    row = decide(
        store, item.id, "Editor", "gold", label="claim", start=item.start, end=item.end - 1
    )
    assert (row.label, row.start, row.end, row.article_id) == (
        "claim",
        item.start,
        item.end - 1,
        item.article_id,
    )
    again = get_item(store, item.id)
    assert again.status == "decided" and again.decision["label"] == "claim"
    reject = decide(
        store, review_queue(store, QueueFilters(kind="disagreement"))[0].id, "Editor", "reject"
    )
    assert reject.label is None and reject.start is None


@pytest.mark.parametrize(
    ("decision", "kwargs", "message"),
    [
        ("confirm", {}, "is decided by gold or reject"),
        ("gold", {}, "needs a label"),
        ("gold", {"label": "claim", "start": 5, "end": 5}, "0 <= start < end"),
        ("gold", {"label": "claim", "start": 0, "end": 10**7}, "0 <= start < end"),
    ],
)
def test_bad_decisions_are_refused(
    store: Engine, decision: str, kwargs: dict, message: str
) -> None:
    item = review_queue(store, QueueFilters(kind="disagreement"))[0]
    with pytest.raises(InputError, match=message):
        decide(store, item.id, "Editor", decision, **kwargs)
    with pytest.raises(InputError, match="editor"):
        decide(store, item.id, "  ", "reject")


def test_unknown_ids(store: Engine) -> None:
    for bad in ("x-1", "f-", "d-1", "f-99999", "d-1-000000000000", "d-999-abc"):
        with pytest.raises(NotFound):
            get_item(store, bad)
    with pytest.raises(NotFound):
        undo(store, 4242, "Editor")


def test_build_queue_is_pure_and_limits(store: Engine) -> None:
    from workbench.review import article_refs, disagreements, open_findings
    from workbench.store.reviews import effective_decisions

    with session_scope(store) as session:
        parts = dict(
            findings=open_findings(session),
            disagreements=disagreements(session),
            articles=article_refs(session),
            decisions=effective_decisions(session=session),
        )
    full = build_queue(**parts)
    assert [i.id for i in build_queue(**parts, limit=3)] == [i.id for i in full[:3]]
    assert [i.id for i in full] == [i.id for i in review_queue(store)]


def _cli(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), args)


def test_cli_list_decide_undo(store: Engine) -> None:
    db = str(store.url)
    listed = _cli(["--db", db, "review", "list", "--format", "json", "--limit", "0"])
    assert listed.exit_code == 0, listed.output
    items = json.loads(listed.stdout)
    assert items and {"id", "kind", "status", "check", "article", "start", "end"} <= set(items[0])
    target = next(i for i in items if i["kind"] == "finding")
    done = _cli(
        [
            "--db",
            db,
            "review",
            "decide",
            target["id"],
            "dismiss",
            "--editor",
            "Ed",
            "--note",
            "a style choice",
            "--format",
            "json",
        ]
    )
    assert done.exit_code == 0, done.output
    row = json.loads(done.stdout)
    assert row["decision"] == "dismiss" and row["editor"] == "Ed"
    table = _cli(["--db", db, "review", "list", "--status", "decided"])
    assert target["id"] in table.stdout
    back = _cli(["--db", db, "review", "undo", str(row["id"]), "--editor", "Ed"])
    assert back.exit_code == 0 and f"undid review {row['id']}" in back.stdout
    bad = _cli(["--db", db, "review", "decide", target["id"], "gold", "--editor", "Ed"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.stderr.startswith("error: ") and len(bad.stderr.strip().splitlines()) == 1
