"""Push the sample article to a real Label Studio, annotate it as three users through the API,
pull, and compare exactly; then pull again, edit, delete, and corrupt offsets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.conftest_labelstudio import LabelStudioServer
from tests.labelstudio.helpers import locate, relation, span
from workbench.checks.runner import checks_version
from workbench.ingest import ingest_sample
from workbench.labelstudio import sync
from workbench.samples import SAMPLE_EXTERNAL_ID
from workbench.store import session_scope
from workbench.store.engine import make_engine, upgrade
from workbench.store.models import (
    Annotation,
    Annotator,
    Article,
    Finding,
    QuarantinedSpan,
    Span,
    SpanRelation,
)

pytestmark = pytest.mark.labelstudio

LINE12 = "خلفت المعارك الدائرة بين تنظيم داعش وقوات قسد آلاف القتلى في صفوف الطرفين"
CLAIM = "قال المرصد السوري لحقوق الإنسان: “ارتفع عدد الضحايا إلى 388 بينهم 141 طفلًا و86 مواطنة"
FACT = "نحو 500 مدني"
OPINION = "تنظيم الدولة كان أحد الأسباب الرئيسية لفشل الثورة السورية"


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'wb.db'}")
    upgrade(engine)
    ingest_sample(engine)
    return engine


def article_text(engine: Engine) -> tuple[int, str]:
    with session_scope(engine) as s:
        art = s.exec(select(Article).where(Article.external_id == SAMPLE_EXTERNAL_ID)).one()
        return int(art.id or 0), art.text


def add_repeated_passage(engine: Engine) -> None:
    """An open finding as the repeated-passage check stores it: line 14 repeats line 12."""
    article_id, text = article_text(engine)
    lines = text.split("\n")
    start12 = text.index(lines[11])
    start14 = text.index(lines[13])
    with session_scope(engine) as s:
        s.add(
            Finding(
                article_id=article_id,
                check="repeated_passage",
                version="1",
                severity="info",
                start=start14,
                end=start14 + len(lines[13]),
                text=lines[13],
                related=[{"start": start12, "end": start12 + len(lines[11]), "text": lines[11]}],
                message="repeats paragraph 12",
                evidence={},
                fingerprint="fp-rp",
            )
        )


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything pull writes, by annotator email, in comparable form."""
    with session_scope(engine) as s:
        emails = {a.id: a.email for a in s.exec(select(Annotator))}
        anns = {a.id: a for a in s.exec(select(Annotation))}
        spans = {sp.id: sp for sp in s.exec(select(Span))}
        out: dict[str, Any] = {}
        for ann in anns.values():
            mine = [sp for sp in spans.values() if sp.annotation_id == ann.id]
            rels = [r for r in s.exec(select(SpanRelation)) if r.annotation_id == ann.id]
            out[emails[ann.annotator_id]] = {
                "spans": sorted(
                    (sp.start, sp.end, sp.label, sp.text, sp.verdict, sp.note) for sp in mine
                ),
                "relations": sorted(
                    (
                        (spans[r.from_span_id].start, spans[r.from_span_id].end),
                        (spans[r.to_span_id].start, spans[r.to_span_id].end),
                        r.kind,
                    )
                    for r in rels
                ),
            }
        quarantined = sorted(
            (q.ls_annotation_id, q.region_id, q.reason) for q in s.exec(select(QuarantinedSpan))
        )
        return {
            "annotations": out,
            "quarantined": quarantined,
            "rows": sorted((a.id, a.ls_annotation_id, a.result_sha256) for a in anns.values()),
        }


def expected(
    text: str,
    items: list[tuple[str, str, str | None, str | None]],
    rels: list[tuple[str, str, str]],
) -> dict[str, Any]:
    where = {passage: locate(text, passage) for passage, _, _, _ in items}
    return {
        "spans": sorted((*where[p], label, p, v, n) for p, label, v, n in items),
        "relations": sorted((where[a], where[b], k) for a, b, k in rels),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def labelstudio_on(request: pytest.FixtureRequest) -> LabelStudioServer:
    """The session's Label Studio on SQLite, and the one on PostgreSQL."""
    name = "labelstudio_server" if request.param == "sqlite" else "labelstudio_server_postgres"
    return request.getfixturevalue(name)


def test_round_trip_three_annotators(labelstudio_on: LabelStudioServer, store: Engine) -> None:
    labelstudio_server = labelstudio_on
    settings = labelstudio_server.settings(annotators_per_task=3)
    client = labelstudio_server.client()
    add_repeated_passage(store)
    _, text = article_text(store)

    first = sync.push(store, settings, article_ids=[SAMPLE_EXTERNAL_ID], client=client)
    assert (first.created, first.updated, first.unchanged, first.predictions) == (1, 0, 0, 1)
    assert first.model_version == checks_version()
    again = sync.push(store, settings, article_ids=None, client=client)
    assert (again.project_id, again.created, again.updated, again.unchanged) == (
        first.project_id,
        0,
        0,
        1,
    )

    project = client.sdk.projects.get(id=first.project_id)
    assert project.maximum_annotations == 3
    (task,) = client.list_tasks_json(first.project_id)
    assert task["data"]["text"] == text and task["data"]["article_id"] == SAMPLE_EXTERNAL_ID
    (pred,) = client.sdk.predictions.list(task=task["id"])
    labels = sorted(r["value"]["labels"][0] for r in pred.result if r["type"] == "labels")
    assert labels == ["duplicate", "fact"]
    assert [r["labels"] for r in pred.result if r["type"] == "relation"] == [["duplicate_of"]]

    users = {
        e: labelstudio_server.user(e)
        for e in ("amal@news.test", "badr@news.test", "cyrine@news.test")
    }
    one = (
        span("c1", text, CLAIM, "claim", verdict="misleading", note="388 ≠ نحو 500")
        + span("f1", text, FACT, "fact", verdict="unverifiable")
        + [relation("f1", "c1", "contradicts")]
    )
    two = (
        span("d1", text, LINE12, "duplicate", occurrence=1)
        + span("o1", text, LINE12, "fact")
        + span("p1", text, OPINION, "opinion", note="رأي")
        + [relation("d1", "o1", "duplicate_of")]
    )
    three = span("x1", text, FACT, "claim", verdict="false")
    ids = {
        email: client.create_annotation(task["id"], result, completed_by=users[email])
        for email, result in zip(users, (one, two, three), strict=True)
    }

    pulled = sync.pull(store, settings, client=client)
    counts = {
        k: getattr(pulled, k) for k in ("created", "updated", "deleted", "unchanged", "quarantined")
    }
    assert counts == {"created": 3, "updated": 0, "deleted": 0, "unchanged": 0, "quarantined": 0}
    snap = snapshot(store)
    assert snap["annotations"] == {
        "amal@news.test": expected(
            text,
            [(CLAIM, "claim", "misleading", "388 ≠ نحو 500"), (FACT, "fact", "unverifiable", None)],
            [(FACT, CLAIM, "contradicts")],
        ),
        "badr@news.test": {
            "spans": sorted(
                [
                    (*locate(text, LINE12, 1), "duplicate", LINE12, None, None),
                    (*locate(text, LINE12), "fact", LINE12, None, None),
                    (*locate(text, OPINION), "opinion", OPINION, None, "رأي"),
                ]
            ),
            "relations": [(locate(text, LINE12, 1), locate(text, LINE12), "duplicate_of")],
        },
        "cyrine@news.test": expected(text, [(FACT, "claim", "false", None)], []),
    }

    second = sync.pull(store, settings, client=client)
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 3)
    assert snapshot(store) == snap

    client.update_annotation(
        ids["badr@news.test"], span("o1", text, LINE12, "fact", verdict="true")
    )
    client.delete_annotation(ids["cyrine@news.test"])
    third = sync.pull(store, settings, client=client)
    assert (third.created, third.updated, third.deleted, third.unchanged) == (0, 1, 1, 1)
    after = snapshot(store)["annotations"]
    assert set(after) == {"amal@news.test", "badr@news.test"}
    assert after["amal@news.test"] == snap["annotations"]["amal@news.test"]
    assert after["badr@news.test"] == expected(text, [(LINE12, "fact", "true", None)], [])


def test_offsets_that_do_not_match_are_quarantined(
    labelstudio_server: LabelStudioServer, store: Engine
) -> None:
    settings = labelstudio_server.settings()
    client = labelstudio_server.client()
    pushed = sync.push(store, settings, article_ids=[SAMPLE_EXTERNAL_ID], client=client)
    (task,) = client.list_tasks_json(pushed.project_id)
    _, text = article_text(store)
    bad = (
        span("b1", text, CLAIM, "claim", shift=1)
        + span("g1", text, FACT, "fact")
        + [relation("g1", "b1", "contradicts")]
    )
    outside = [
        {
            "id": "z1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": len(text) - 2,
                "end": len(text) + 5,
                "text": "xxxxxxx",
                "labels": ["fact"],
            },
        }
    ]
    ann_id = client.create_annotation(
        task["id"], bad + outside, completed_by=labelstudio_server.user("dana@news.test")
    )

    report = sync.pull(store, settings, client=client)
    assert (report.created, report.quarantined) == (1, 3)
    reasons = {q["region"]: q["reason"] for q in report.quarantined_spans}
    assert set(reasons) == {"b1", "z1", "g1->b1"}
    assert "does not equal" in reasons["b1"] and "not inside" in reasons["z1"]
    assert all(
        q["task"] == task["id"] and q["annotation"] == ann_id for q in report.quarantined_spans
    )
    spans = snapshot(store)["annotations"]["dana@news.test"]
    assert spans == expected(text, [(FACT, "fact", None, None)], [])

    again = sync.pull(store, settings, client=client)
    assert (again.unchanged, again.quarantined, again.created) == (1, 3, 0)
    with session_scope(store) as s:
        assert len(list(s.exec(select(QuarantinedSpan)))) == 3


def test_push_sends_only_changes_and_annotators_can_work(
    labelstudio_server: LabelStudioServer, store: Engine
) -> None:
    settings = labelstudio_server.settings(annotators_per_task=2)
    client = labelstudio_server.client()
    first = sync.push(store, settings, article_ids=[SAMPLE_EXTERNAL_ID], client=client)
    assert (first.created, first.predictions, first.model_version) == (1, 0, checks_version())
    assert client.sdk.projects.get(id=first.project_id).maximum_annotations == 2
    (task,) = client.list_tasks_json(first.project_id)
    assert client.sdk.predictions.list(task=task["id"]) == []

    add_repeated_passage(store)  # a new open finding: the predictions change, the text does not
    second = sync.push(store, settings, article_ids=None, client=client)
    assert (second.project_id, second.created, second.updated, second.unchanged) == (
        first.project_id,
        0,
        1,
        0,
    )
    (pred,) = client.sdk.predictions.list(task=task["id"])
    assert pred.model_version == checks_version()
    assert client.sdk.projects.get(id=first.project_id).model_version == checks_version()
    third = sync.push(store, settings, article_ids=None, client=client)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 1)
    assert len(client.list_tasks_json(first.project_id)) == 1

    uid = labelstudio_server.user("eman@news.test")
    org = client.whoami()["organization"]
    assert client.sdk.users.get(id=uid).active_organization == org
