"""Assignment for a team on Label Studio Community, which has no per-user task assignment:
one project per annotator, holding exactly the tasks planned for them
(:func:`workbench.assignment.plan_assignment`), all pulled back into the one store.

The assignment is remembered in the ``state`` table (``labelstudio.assignment``, JSON:
annotator email → project id, server URL and articles), so running ``assign`` again keeps
everyone's articles and only adds what is new.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from workbench.assignment import plan_assignment
from workbench.config import Settings
from workbench.labelstudio import sync
from workbench.labelstudio.client import LSClient
from workbench.store import labelstudio as store
from workbench.store.engine import session_scope

ASSIGNMENT_KEY = "labelstudio.assignment"


@dataclass
class AnnotatorAssignment:
    email: str
    project_id: int
    project_created: bool
    articles: list[str]
    tasks_created: int = 0


@dataclass
class AssignReport:
    per_task: int
    annotators: list[AnnotatorAssignment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def annotator_project_title(settings: Settings, email: str) -> str:
    return f"{settings.labelstudio_project_title} · {email}"


def load_assignment(engine: Engine) -> dict[str, dict[str, Any]]:
    """The remembered assignment: email → {project_id, url, articles}."""
    with session_scope(engine) as session:
        raw = store.get_state(session=session, key=ASSIGNMENT_KEY)
    return dict(json.loads(raw)) if raw else {}


def _save_assignment(engine: Engine, assignment: dict[str, dict[str, Any]]) -> None:
    with session_scope(engine) as session:
        store.set_state(
            session=session,
            key=ASSIGNMENT_KEY,
            value=json.dumps(assignment, ensure_ascii=False, sort_keys=True),
        )


def _annotator_project(
    client: LSClient, settings: Settings, email: str, known: dict[str, Any] | None
) -> tuple[int, bool]:
    fields = dict(sync._project_fields(settings))
    fields.update(title=annotator_project_title(settings, email), maximum_annotations=1)
    if known and known.get("url") == client.url and client.project_exists(int(known["project_id"])):
        client.update_project(int(known["project_id"]), **fields)
        return int(known["project_id"]), False
    return client.create_project(**fields), True


def assign(
    engine: Engine,
    settings: Settings,
    *,
    annotators: Sequence[str],
    article_ids: Sequence[str] | None = None,
    per_task: int | None = None,
    client: LSClient | None = None,
) -> AssignReport:
    """Plan who annotates which articles (None: every stored article), make each annotator's
    account and project, and send each of them exactly their tasks, with the checks'
    suggestions. Earlier assignments are kept."""
    per_task = per_task or settings.annotators_per_task
    with session_scope(engine) as session:
        articles = [
            a.external_id
            for a in store.articles_for_push(session=session, external_ids=article_ids)
        ]
    client = client or sync.connect(settings)
    remembered = load_assignment(engine)
    current = {
        email: entry.get("articles", [])
        for email, entry in remembered.items()
        if entry.get("url") == client.url
    }
    plan = plan_assignment(
        articles, list(annotators), per_task, {a: current.get(a, []) for a in annotators}
    )
    report = AssignReport(per_task=per_task)
    for email, theirs in plan.items():
        sync.add_annotator(settings, email, client=client)
        project_id, created = _annotator_project(client, settings, email, remembered.get(email))
        pushed = (
            sync.push(engine, settings, article_ids=theirs, client=client, project_id=project_id)
            if theirs
            else None
        )
        remembered[email] = {"project_id": project_id, "url": client.url, "articles": theirs}
        _save_assignment(engine, remembered)
        report.annotators.append(
            AnnotatorAssignment(
                email=email,
                project_id=project_id,
                project_created=created,
                articles=theirs,
                tasks_created=pushed.created if pushed else 0,
            )
        )
    return report


def assigned_projects(engine: Engine, url: str) -> dict[str, int]:
    """Each assigned annotator's project id on the server at ``url``."""
    return {
        email: int(entry["project_id"])
        for email, entry in load_assignment(engine).items()
        if entry.get("url") == url
    }


def pull_assigned(
    engine: Engine, settings: Settings, *, client: LSClient | None = None, source: str = "export"
) -> list[sync.PullReport]:
    """Pull every annotator's project, one after the other (each in its own transaction)."""
    client = client or sync.connect(settings)
    return [
        sync.pull(engine, settings, client=client, source=source, project_id=pid)
        for pid in sorted(set(assigned_projects(engine, client.url).values()))
    ]


@dataclass(frozen=True)
class Progress:
    annotator: str
    project_id: int
    assigned: int
    submitted: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def progress(engine: Engine) -> list[Progress]:
    """Per assigned annotator: how many articles they were given and how many of those they
    have submitted (as last pulled)."""
    assignment = load_assignment(engine)
    with session_scope(engine) as session:
        done = store.annotated_by_project(
            session=session, project_ids=[int(e["project_id"]) for e in assignment.values()]
        )
    rows = []
    for email, entry in sorted(assignment.items()):
        theirs = set(entry.get("articles", []))
        got = done.get((int(entry["project_id"]), email.lower()), set())
        rows.append(Progress(email, int(entry["project_id"]), len(theirs), len(got & theirs)))
    return rows


PULL_COUNTS = ("created", "updated", "deleted", "unchanged", "quarantined", "skipped_tasks")


def merge_pulls(reports: Sequence[sync.PullReport]) -> dict[str, Any]:
    """One pull report for several projects: the documented keys summed (``project_id`` and
    ``source`` of the first), and ``projects`` with each project's own counts."""
    first = reports[0].to_dict()
    merged: dict[str, Any] = {k: first[k] for k in ("project_id", "source")}
    for key in PULL_COUNTS:
        merged[key] = sum(getattr(r, key) for r in reports)
    merged["quarantined_spans"] = [q for r in reports for q in r.quarantined_spans]
    merged["projects"] = [
        {"project_id": r.project_id, **{k: getattr(r, k) for k in PULL_COUNTS}} for r in reports
    ]
    return merged
