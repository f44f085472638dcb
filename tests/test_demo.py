"""The main job end to end against a real Label Studio: the sample article, its findings as
pre-annotations, three fact-checkers' work created through the API, pulled back, compared."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.conftest_labelstudio import LabelStudioServer
from tests.labelstudio.helpers import span
from workbench.demo import run_demo
from workbench.samples.annotations import sample_annotations
from workbench.store import session_scope
from workbench.store.annotations import annotations
from workbench.store.articles import get_article


def test_demo_runs_the_whole_flow_and_is_idempotent(
    labelstudio_server: LabelStudioServer, sqlite_engine: Engine
) -> None:
    settings = labelstudio_server.settings(labelstudio_project_title="demo under test")
    lines: list[str] = []
    first = run_demo(sqlite_engine, settings, echo=lines.append)
    assert first.ingest["created"] == 1
    assert first.checks is not None
    assert {f["check"] for f in first.checks.findings} == {
        "repeated_passage",
        "spelling_variant",
        "weekday_date_mismatch",
        "numeric_conflict",
        "repeated_word",
    }
    assert first.push["created"] == 1 and first.push["predictions"] == 1
    assert first.sample_annotations_created == 3
    assert (first.pull["created"], first.pull["quarantined"]) == (3, 0)
    assert first.agreement["annotators"] == [
        "amal@example.org",
        "badr@example.org",
        "huda@example.org",
    ]
    assert 0 < first.agreement["alpha_u"]["pooled"] < 1
    assert any(line.startswith("6/6") for line in lines)

    with session_scope(sqlite_engine) as session:
        stored = annotations(session=session)
        text_by_annotator = {
            a.annotator: [(s.start, s.end, s.label) for s in a.spans] for a in stored
        }
        article_text = get_article(session=session, external_id="sample-article").text
    for ann in sample_annotations(article_text):
        expected = sorted((s.start, s.end, s.label) for s in ann.spans)
        assert sorted(text_by_annotator[ann.email]) == expected

    # a newcomer is not met by "No More Tasks Left in Queue": the practice copy is next
    client = labelstudio_server.client()
    project = first.push["project_id"]
    assert first.practice_task_id is not None
    assert first.practice_url == (
        f"{labelstudio_server.url}/projects/{project}/data?task={first.practice_task_id}"
    )
    newcomer = labelstudio_server.user("newcomer@example.org")
    practice = client._http("GET", f"api/tasks/{first.practice_task_id}")
    assert practice["data"]["practice"] is True and practice["data"]["text"] == article_text
    assert len(practice["predictions"]) == 1
    nxt = client._http("GET", f"api/projects/{project}/next")
    assert nxt["id"] == first.practice_task_id
    # the newcomer's practice work is never pulled into the store
    client.create_annotation(
        first.practice_task_id,
        [*span("p1", article_text, article_text[:20], "fact")],
        completed_by=newcomer,
    )

    second = run_demo(sqlite_engine, settings, echo=lines.append)
    assert (second.ingest["created"], second.push["created"], second.push["unchanged"]) == (0, 0, 1)
    assert second.sample_annotations_created == 0
    assert (second.pull["created"], second.pull["unchanged"]) == (0, 3)
    assert second.pull["skipped_tasks"] == 0
    assert second.practice_task_id == first.practice_task_id
    assert second.agreement == first.agreement
