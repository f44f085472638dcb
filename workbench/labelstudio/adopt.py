"""Adopt a project that already exists in a Label Studio: check that its labelling config
is one the workbench can read, ingest its task texts as articles (through the normal ingest
path, so stored exactly as received), then pull its annotations like any other project."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from workbench.config import Settings
from workbench.errors import ConfigError, InputError, LabelStudioError
from workbench.ingest import ingest_records
from workbench.labelstudio import convert, sync
from workbench.labelstudio.client import LSClient, config_tags
from workbench.records import Record, record_from_object


def compatibility_problems(tags: Sequence[Mapping[str, Any]]) -> list[str]:
    """What a config lacks for the workbench (empty: compatible). Needed: a ``Text`` named
    ``text`` and ``Labels`` named ``label`` on it, whose labels the workbench knows."""
    by_name = {(t["tag"], t["name"]): t for t in tags}
    problems = []
    if ("Text", convert.TEXT_TAG) not in by_name:
        problems.append(f'<Text name="{convert.TEXT_TAG}" value="$text"/>')
    labels = by_name.get(("Labels", convert.LABEL_TAG))
    if labels is None:
        problems.append(f'<Labels name="{convert.LABEL_TAG}" toName="{convert.TEXT_TAG}">')
    else:
        if convert.TEXT_TAG not in labels["to_name"]:
            problems.append(f'toName="{convert.TEXT_TAG}" on <Labels name="{convert.LABEL_TAG}">')
        unknown = [v for v in labels["labels"] if v not in convert.LABELS]
        if unknown:
            problems.append(
                f"labels the workbench does not know: {', '.join(unknown)} "
                f"(it knows {', '.join(convert.LABELS)})"
            )
    return problems


def text_key(tags: Sequence[Mapping[str, Any]]) -> str:
    """The task data key the ``text`` object shows (``$text`` → ``text``)."""
    value = next(
        str(t["value"] or "") for t in tags if (t["tag"], t["name"]) == ("Text", convert.TEXT_TAG)
    )
    return value.lstrip("$") or convert.TEXT_TAG


@dataclass
class AdoptReport:
    project_id: int
    title: str
    tasks: int = 0
    articles_created: int = 0
    articles_unchanged: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    pull: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _records(
    tasks: Sequence[Mapping[str, Any]], key: str, project_id: int, max_chars: int
) -> Iterator[Record | InputError]:
    where = f"labelstudio project {project_id}"
    for task in tasks:
        data = task.get("data") or {}
        task_id = int(task["id"])
        obj = {
            "id": convert.task_article_id(data, project_id, task_id),
            "text": data.get(key),
            "title": str(data.get("title") or ""),
        }
        if obj["text"] is None:
            yield InputError(where, f"task {task_id}", f"no data field '{key}'")
            continue
        try:
            yield record_from_object(
                obj, where=where, record=task_id, default_id=obj["id"], max_chars=max_chars
            )
        except InputError as exc:
            yield InputError(where, f"task {task_id}", exc.reason)


def adopt(
    engine: Engine,
    settings: Settings,
    project_id: int,
    *,
    client: LSClient | None = None,
    source: str = "export",
) -> AdoptReport:
    """Check the project's config (refused, naming what is missing, when incompatible),
    ingest every task's text as an article, and pull the project's annotations."""
    client = client or sync.connect(settings)
    if not client.project_exists(project_id):
        raise LabelStudioError(f"no project {project_id} on {client.url}")
    title, xml = client.project_config(project_id)
    tags = config_tags(xml)
    problems = compatibility_problems(tags)
    if problems:
        raise ConfigError(
            f"project {project_id} ({title}) cannot be adopted; its labelling config lacks: "
            + "; ".join(problems)
        )
    tasks = client.list_tasks_json(project_id)
    report = AdoptReport(project_id=project_id, title=title, tasks=len(tasks))
    ingested = ingest_records(
        engine, _records(tasks, text_key(tags), project_id, settings.max_article_chars)
    )
    report.articles_created, report.articles_unchanged = ingested.created, ingested.unchanged
    report.failed = ingested.to_dict()["failed"]
    pulled = sync.pull(engine, settings, client=client, source=source, project_id=project_id)
    report.pull = pulled.to_dict()
    return report
