"""The main job on the embedded defaults: the sample article through the whole flow.

ingest → checks → local Label Studio → push (findings as pre-annotations) → three
fact-checkers' sample annotations created through the Label Studio API → pull → agreement.
The three annotations fill the sample task's overlap, so a newcomer who logs in would meet
"No More Tasks Left in Queue": the demo also leaves a practice copy of the sample (same text
and suggestions, marked ``practice`` in its data, never pulled into the store) and reports
its link. The dashboard is started by the caller. Running it again adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from workbench.checks.service import CheckReport
from workbench.config import Settings
from workbench.exporters.labelstudio import result as ls_result
from workbench.exporters.model import ExportRelation, ExportSpan
from workbench.labelstudio.client import LSClient
from workbench.samples import SAMPLE_EXTERNAL_ID, SAMPLE_TITLE
from workbench.samples.annotations import SampleAnnotation, sample_annotations

Echo = Callable[[str], None]

#: The title prefix of the sample's practice copy, the newcomer's own task.
PRACTICE_TITLE = "Practice copy (not pulled)"
#: The initial password of the sample annotators' Label Studio accounts (demo only).
SAMPLE_ANNOTATOR_PASSWORD_LENGTH = 16


@dataclass
class DemoReport:
    ingest: dict[str, Any] = field(default_factory=dict)
    checks: CheckReport | None = None
    labelstudio_url: str = ""
    push: dict[str, Any] = field(default_factory=dict)
    sample_annotations_created: int = 0
    pull: dict[str, Any] = field(default_factory=dict)
    agreement: dict[str, Any] = field(default_factory=dict)
    practice_task_id: int | None = None
    practice_url: str = ""


def _sample_result(ann: SampleAnnotation, text: str) -> list[dict[str, Any]]:
    spans = [
        ExportSpan(s.start, s.end, s.label, text[s.start : s.end], s.verdict or "", s.note or "")
        for s in ann.spans
    ]
    relations = [ExportRelation(a, b, kind) for a, b, kind in ann.relations]
    return ls_result(spans, relations)


def seed_sample_annotations(
    settings: Settings, client: LSClient, project_id: int, text: str
) -> int:
    """Create the three sample fact-checkers (if absent) and their annotations of the sample
    task (if they have none yet), through the Label Studio API. Returns how many were made."""
    from workbench.labelstudio import sync

    tasks = sync.fetch_tasks(client, project_id, source="tasks")
    task = next((t for t in tasks if t["data"].get("article_id") == SAMPLE_EXTERNAL_ID), None)
    if task is None:
        return 0
    done_by = {_completed_by(a) for a in task.get("annotations", [])}
    made = 0
    for ann in sample_annotations(text):
        user = sync.add_annotator(settings, ann.email, client=client)
        if user["id"] in done_by:
            continue
        client.create_annotation(task["id"], _sample_result(ann, text), completed_by=user["id"])
        made += 1
    return made


def ensure_practice_task(engine: Engine, client: LSClient, project_id: int) -> tuple[int, bool]:
    """The sample's practice copy in the project: found by its ``practice`` mark, or imported
    with the sample's text and its current suggestions. Returns (task id, created)."""
    from workbench.checks.runner import checks_version
    from workbench.labelstudio import convert
    from workbench.store import session_scope
    from workbench.store.articles import get_article
    from workbench.store.labelstudio import open_findings

    for task in client.list_tasks_json(project_id):
        if (task.get("data") or {}).get(convert.PRACTICE_KEY):
            return int(task["id"]), False
    with session_scope(engine) as session:
        article = get_article(session=session, external_id=SAMPLE_EXTERNAL_ID)
        text, title = article.text, article.title or SAMPLE_TITLE
        findings = open_findings(session=session, article_ids=[int(article.id or 0)])
    data = convert.task_data(
        external_id=SAMPLE_EXTERNAL_ID, title=f"{PRACTICE_TITLE}: {title}", text=text
    )
    prediction = convert.prediction(text, findings.get(int(article.id or 0), []), checks_version())
    task = {
        "data": {**data, convert.PRACTICE_KEY: True},
        "predictions": [prediction] if prediction else [],
    }
    (task_id,) = client.import_tasks(project_id, [task])
    return task_id, True


def practice_url(labelstudio_url: str, project_id: int, task_id: int) -> str:
    """Where a newcomer opens the practice copy (the project's data view, task open)."""
    return f"{labelstudio_url.rstrip('/')}/projects/{project_id}/data?task={task_id}"


def _completed_by(annotation: dict[str, Any]) -> int:
    who = annotation.get("completed_by")
    return int(who["id"] if isinstance(who, dict) else who)


def run_demo(engine: Engine, settings: Settings, *, echo: Echo) -> DemoReport:
    from workbench.agreement import compute_agreement
    from workbench.checks.service import check_articles
    from workbench.ingest import ingest_sample
    from workbench.labelstudio import server, sync
    from workbench.store import session_scope
    from workbench.store.annotations import agreement_docs
    from workbench.store.articles import get_article

    report = DemoReport()
    echo("1/6 ingest the sample article")
    report.ingest = ingest_sample(engine).to_dict()
    echo(f"    created {report.ingest['created']}, unchanged {report.ingest['unchanged']}")

    echo("2/6 run the checks")
    report.checks = check_articles(engine, all=True)
    echo(f"    {len(report.checks.findings)} findings")

    echo("3/6 start the local Label Studio (the first start installs it: about a minute)")
    if settings.labelstudio_url:
        report.labelstudio_url = settings.labelstudio_url
    else:
        report.labelstudio_url = server.start(settings).url
    echo(f"    up at {report.labelstudio_url}")

    echo("4/6 push the article with the findings as pre-annotations")
    client = sync.connect(settings)
    pushed = sync.push(engine, settings, client=client)
    report.push = pushed.to_dict()
    echo(
        f"    project {pushed.project_id}: created {pushed.created}, updated {pushed.updated}, "
        f"unchanged {pushed.unchanged}"
    )

    echo("5/6 three fact-checkers annotate (sample annotations, through the API), then pull")
    with session_scope(engine) as session:
        text = get_article(session=session, external_id=SAMPLE_EXTERNAL_ID).text
    report.sample_annotations_created = seed_sample_annotations(
        settings, client, pushed.project_id, text
    )
    report.pull = sync.pull(engine, settings, client=client).to_dict()
    echo(
        f"    {report.sample_annotations_created} annotations created; pulled: "
        + ", ".join(
            f"{k} {report.pull[k]}"
            for k in ("created", "updated", "unchanged", "deleted", "quarantined")
        )
    )

    echo("6/6 agreement")
    with session_scope(engine) as session:
        docs = agreement_docs(session)
    report.agreement = compute_agreement(docs)

    report.practice_task_id, made = ensure_practice_task(engine, client, pushed.project_id)
    report.practice_url = practice_url(client.url, pushed.project_id, report.practice_task_id)
    echo(
        f"    a practice copy of the sample for a newcomer: task {report.practice_task_id}"
        f"{' (created)' if made else ''}"
    )
    return report
