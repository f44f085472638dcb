"""Malformed Label Studio data: results without a value, offsets past the end, a label not
in the config, a relation to a missing span, an unknown user, a task whose text no longer
matches the stored article. Each is quarantined with its reason, the good work of the same
pull lands, ``pull --format json`` counts them, and pulling again duplicates nothing.

Driven through the real server where it accepts such data (annotations created through the
API with bad results, task data edited through the API), and through the pure conversion
with tasks shaped as the server's JSON export for what the server refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest_labelstudio import LabelStudioServer
from tests.labelstudio.helpers import relation, span
from workbench.cli import build_app
from workbench.config import Settings
from workbench.labelstudio import convert, sync
from workbench.store import labelstudio as ls_store
from workbench.store import session_scope
from workbench.store.engine import make_engine, upgrade
from workbench.store.models import Annotation, QuarantinedSpan, Span, SpanRelation

TEXT = "قال المرصد إن 5% من القتلى مدنيون.\nوأضاف أن المعارك استمرت يوم الخميس.\nرأيي أنها حرب."
CLAIM = "قال المرصد إن 5% من القتلى مدنيون."
FACT = "المعارك استمرت يوم الخميس"


def good_result() -> list[dict[str, Any]]:
    return [
        *span("g1", TEXT, CLAIM, "claim", verdict="true"),
        *span("g2", TEXT, FACT, "fact"),
        relation("g2", "g1", "supports"),
    ]


def no_value() -> dict[str, Any]:
    return {"id": "nv", "from_name": "label", "to_name": "text", "type": "labels"}


def past_the_end() -> dict[str, Any]:
    return {
        "id": "pe",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": len(TEXT) - 3,
            "end": len(TEXT) + 40,
            "text": "حرب.",
            "labels": ["fact"],
        },
    }


def unknown_label() -> list[dict[str, Any]]:
    return span("ul", TEXT, "رأيي أنها حرب", "rumour")


#: case → (bad result items, the reason's start)
CASES: dict[str, tuple[list[dict[str, Any]], str]] = {
    "no value": ([no_value()], convert.NO_VALUE),
    "past the end": ([past_the_end()], f"range [{len(TEXT) - 3}, {len(TEXT) + 40})"),
    "label not in config": (unknown_label(), "unknown label 'rumour' (not in the labelling"),
    "relation to a missing span": (
        [relation("g1", "ghost", "contradicts")],
        "relation not stored: its span ghost is quarantined or missing",
    ),
}


#: What the real server accepts through its API (it answers 500 to a region without a value,
#: so that one is driven through the export's shape only).
SERVER_CASES = ("past the end", "label not in config", "relation to a missing span")


# -- the pure conversion, on the export's shape -----------------------------------------------
@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_item_is_quarantined_and_the_good_ones_kept(case: str) -> None:
    bad, reason = CASES[case]
    parsed = convert.parse_result(good_result() + bad, TEXT)
    assert [(s.region_id, s.label) for s in parsed.spans] == [("g1", "claim"), ("g2", "fact")]
    assert parsed.relations == [convert.RelationIn("g2", "g1", "supports")]
    assert len(parsed.quarantined) == 1 and parsed.quarantined[0].reason.startswith(reason)


def test_garbage_in_a_result_is_quarantined_never_raised() -> None:
    weird: list[Any] = [
        "not an object",
        None,
        {"id": "v", "from_name": "label", "type": "labels", "value": "a string"},
        {"id": "l", "from_name": "label", "type": "labels", "value": {"start": 0, "end": 3}},
        {"type": "relation", "from_id": "g1", "to_id": "g2", "labels": "supports"},
    ]
    parsed = convert.parse_result(good_result() + weird, TEXT)
    assert len(parsed.spans) == 2
    reasons = [q.reason for q in parsed.quarantined]
    assert reasons[:2] == [
        f"{convert.NOT_AN_OBJECT}: 'not an object'",
        f"{convert.NOT_AN_OBJECT}: 'None'",
    ]
    assert convert.NO_VALUE in reasons and len(reasons) == 4
    assert convert.parse_result("not a list", TEXT).spans == []  # type: ignore[arg-type]


def export_task(task_id: int, text: str, annotations: list[dict[str, Any]]) -> dict[str, Any]:
    """One task as ``GET /api/projects/<id>/export?exportType=JSON`` returns it."""
    return {
        "id": task_id,
        "data": convert.task_data(external_id="art-1", title="عنوان", text=text),
        "annotations": annotations,
        "predictions": [],
        "meta": {},
        "created_at": "2026-01-05T10:00:00.000000Z",
        "updated_at": "2026-01-05T10:00:00.000000Z",
        "inner_id": task_id,
        "total_annotations": len(annotations),
        "cancelled_annotations": 0,
        "total_predictions": 0,
        "project": 1,
    }


def export_annotation(ann_id: int, completed_by: Any, result: list[Any]) -> dict[str, Any]:
    return {
        "id": ann_id,
        "completed_by": completed_by,
        "result": result,
        "was_cancelled": False,
        "ground_truth": False,
        "created_at": "2026-01-05T10:00:00.000000Z",
        "updated_at": "2026-01-05T10:00:00.000000Z",
        "lead_time": 12.5,
        "task": 1,
        "project": 1,
    }


class ExportClient:
    """Serves a fixed export (what the real server refuses to hold: an annotation without a
    user) to :func:`sync.pull`; every other path of the pull is the real one."""

    url = "http://127.0.0.1:1"

    def __init__(self, tasks: list[dict[str, Any]], users: dict[int, str]) -> None:
        self.tasks, self._users = tasks, users

    def export_json(self, project_id: int) -> list[dict[str, Any]]:
        return json.loads(json.dumps(self.tasks))

    def users(self) -> dict[int, str]:
        return dict(self._users)


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    from workbench.ingest import ingest_records
    from workbench.records import Record

    engine = make_engine(f"sqlite:///{tmp_path / 'wb.db'}")
    upgrade(engine)
    rec = Record(origin="t", record_no=1, external_id="art-1", title="عنوان", text=TEXT)
    assert not ingest_records(engine, [rec]).failed
    with session_scope(engine) as s:
        ls_store.set_state(session=s, key=ls_store.PROJECT_KEY, value="1")
        ls_store.set_state(session=s, key=ls_store.PROJECT_URL_KEY, value=ExportClient.url)
    return engine


def test_an_annotation_without_a_known_user_is_held_whole(store: Engine) -> None:
    tasks = [
        export_task(
            1,
            TEXT,
            [
                export_annotation(11, 5, good_result()),
                export_annotation(12, None, good_result()),  # its user was deleted
                export_annotation(13, {"id": 77, "email": "gone@x"}, good_result()),
            ],
        )
    ]
    client = ExportClient(tasks, {5: "reem@example.org"})
    report = sync.pull(store, Settings(), client=client)  # type: ignore[arg-type]
    assert (report.created, report.quarantined_annotations) == (1, 2)
    reasons = {q["annotation"]: q["reason"] for q in report.quarantined_spans}
    assert reasons[12].startswith("no known annotator (the annotation names no user)")
    assert reasons[13].startswith(
        "no known annotator (Label Studio user 77 is not in the organization)"
    )
    assert report.quarantined == 2 * 3  # two spans and a relation each
    again = sync.pull(store, Settings(), client=client)  # type: ignore[arg-type]
    assert (again.created, again.unchanged, again.quarantined) == (0, 1, 6)
    with session_scope(store) as s:
        assert s.exec(select(func.count()).select_from(QuarantinedSpan)).one() == 6
        assert s.exec(select(func.count()).select_from(Annotation)).one() == 1
    # the user is added to the organization: the held work lands, its quarantine goes
    client._users[77] = "gone@example.org"
    client.tasks[0]["annotations"][2]["completed_by"] = 77
    fixed = sync.pull(store, Settings(), client=client)  # type: ignore[arg-type]
    assert (fixed.created, fixed.quarantined_annotations, fixed.quarantined) == (1, 1, 3)


def test_each_bad_annotation_is_counted_by_pull(store: Engine) -> None:
    annotations = [export_annotation(20, 5, good_result())] + [
        export_annotation(21 + n, 5, good_result() + CASES[case][0]) for n, case in enumerate(CASES)
    ]
    client = ExportClient([export_task(1, TEXT, annotations)], {5: "reem@example.org"})
    report = sync.pull(store, Settings(), client=client)  # type: ignore[arg-type]
    assert (report.created, report.quarantined, report.quarantined_annotations) == (5, 4, 0)
    reasons = {q["annotation"]: q["reason"] for q in report.quarantined_spans}
    for n, case in enumerate(CASES):
        assert reasons[21 + n].startswith(CASES[case][1]), case
    with session_scope(store) as s:
        assert s.exec(select(func.count()).select_from(Span)).one() == 5 * 2
    again = sync.pull(store, Settings(), client=client)  # type: ignore[arg-type]
    assert (again.created, again.unchanged, again.quarantined) == (0, 5, 4)


# -- through the real server -------------------------------------------------------------------
def cli_pull(db: str, server: LabelStudioServer, tmp_path: Path) -> dict[str, Any]:
    env = {
        "WORKBENCH_LABELSTUDIO_URL": server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": server.token,
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "no-secrets.toml"),
    }
    result = CliRunner().invoke(build_app(), ["--db", db, "pull", "--format", "json"], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.labelstudio
def test_malformed_annotations_through_the_real_server(
    labelstudio_server: LabelStudioServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'wb.db'}"
    engine = make_engine(db)
    upgrade(engine)
    from workbench.ingest import ingest_records
    from workbench.records import Record

    # two texts (the store keeps one article per text); the regions of good_result() are in both
    texts = {"clean": TEXT, "edited": TEXT + "\nخاتمة التقرير."}
    records = [
        Record(origin="t", record_no=n, external_id=ext, title=ext, text=texts[ext])
        for n, ext in enumerate(texts, 1)
    ]
    assert not ingest_records(engine, records).failed
    client = labelstudio_server.client()
    project = client.create_project(
        title=f"malformed {tmp_path.name}", label_config=sync.label_config()
    )
    clean_task, edited_task = client.import_tasks(
        project,
        [{"data": convert.task_data(external_id=e, title=e, text=t)} for e, t in texts.items()],
    )
    with session_scope(engine) as s:
        ls_store.set_state(session=s, key=ls_store.PROJECT_KEY, value=str(project))
        ls_store.set_state(session=s, key=ls_store.PROJECT_URL_KEY, value=client.url)
    users = {
        name: labelstudio_server.user(f"{name}@malformed.test")
        for name in ("good", "pe", "ul", "rel", "edit")
    }
    ids = {"good": client.create_annotation(clean_task, good_result(), completed_by=users["good"])}
    for name, case in zip(("pe", "ul", "rel"), SERVER_CASES, strict=True):
        ids[name] = client.create_annotation(
            clean_task, good_result() + CASES[case][0], completed_by=users[name]
        )
    ids["edit"] = client.create_annotation(edited_task, good_result(), completed_by=users["edit"])
    # the task's text is changed in Label Studio after it was annotated
    client.update_task_data(
        edited_task,
        convert.task_data(
            external_id="edited", title="edited", text=texts["edited"].replace("5%", "7%")
        ),
    )

    report = cli_pull(db, labelstudio_server, tmp_path)
    assert report["created"] == 5 and report["quarantined_annotations"] == 0
    by_annotation: dict[int, list[str]] = {}
    for q in report["quarantined_spans"]:
        by_annotation.setdefault(q["annotation"], []).append(q["reason"])
    for name, case in zip(("pe", "ul", "rel"), SERVER_CASES, strict=True):
        (reason,) = by_annotation[ids[name]]
        assert reason.startswith(CASES[case][1]), (case, reason)
    edited = by_annotation[ids["edit"]]
    assert len(edited) == 3 and all(r.startswith(convert.TEXT_CHANGED) for r in edited)
    assert ids["good"] not in by_annotation
    assert report["quarantined"] == 3 + 3
    with session_scope(engine) as s:
        spans = s.exec(select(func.count()).select_from(Span)).one()
        rels = s.exec(select(func.count()).select_from(SpanRelation)).one()
    assert spans == 4 * 2 and rels == 4  # every good span of the four clean annotations

    again = cli_pull(db, labelstudio_server, tmp_path)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    assert again["quarantined"] == report["quarantined"]
    with session_scope(engine) as s:
        assert s.exec(select(func.count()).select_from(QuarantinedSpan)).one() == 6
        assert s.exec(select(func.count()).select_from(Span)).one() == spans
    engine.dispose()
