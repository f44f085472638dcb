"""Push articles to Label Studio and pull annotations back: one function per user action.

Nothing assumes the local server: a configured URL and token (settings) take precedence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from workbench.checks.runner import checks_version
from workbench.config import Settings
from workbench.errors import ConfigError, LabelStudioError, NotFound
from workbench.labelstudio import convert, server
from workbench.labelstudio.client import LSClient, ServerUnavailable
from workbench.labelstudio.environment import local_paths, read_or_create_secret
from workbench.store import labelstudio as store
from workbench.store.engine import session_scope

CONFIG_DIR = Path(__file__).resolve().parents[2] / "annotation_configs"
LABEL_CONFIG = "fact_check.xml"
GUIDELINES = "guidelines.md"
WRITE_CHUNK = 500


def connect(settings: Settings) -> LSClient:
    """A client for the configured Label Studio, or for the local one when none is set."""
    budget = dict(
        timeout=float(settings.labelstudio_timeout),
        attempts=int(settings.labelstudio_attempts),
        backoff=settings.labelstudio_backoff_ms / 1000.0,
    )
    if settings.labelstudio_url:
        if not settings.labelstudio_token:
            raise ConfigError(
                "WORKBENCH_LABELSTUDIO_URL is set but WORKBENCH_LABELSTUDIO_TOKEN is empty"
            )
        return LSClient(settings.labelstudio_url, settings.labelstudio_token, **budget)
    token = server.local_token(settings)
    if not token:
        raise LabelStudioError(
            "no Label Studio configured and no local one: run "
            "`workbench labelstudio start` or set WORKBENCH_LABELSTUDIO_URL"
        )
    return LSClient(server.local_url(settings), token, **budget)


def label_config() -> str:
    return (CONFIG_DIR / LABEL_CONFIG).read_text(encoding="utf-8")


def guidelines() -> str:
    return (CONFIG_DIR / GUIDELINES).read_text(encoding="utf-8")


def _project_fields(settings: Settings) -> dict[str, Any]:
    return dict(
        title=settings.labelstudio_project_title,
        label_config=label_config(),
        expert_instruction=convert.guidelines_html(guidelines()),
        show_instruction=True,
        maximum_annotations=settings.annotators_per_task,
        overlap_cohort_percentage=100,
        show_collab_predictions=True,
    )


def ensure_project(engine: Engine, client: LSClient, settings: Settings) -> tuple[int, bool]:
    """The remembered project, updated; or a new one, remembered. Returns (id, created)."""
    with session_scope(engine) as session:
        remembered = store.get_state(session=session, key=store.PROJECT_KEY)
        url = store.get_state(session=session, key=store.PROJECT_URL_KEY)
    fields = _project_fields(settings)
    if remembered and url == client.url and client.project_exists(int(remembered)):
        client.update_project(int(remembered), **fields)
        return int(remembered), False
    project_id = client.create_project(**fields)
    with session_scope(engine) as session:
        store.set_state(session=session, key=store.PROJECT_KEY, value=str(project_id))
        store.set_state(session=session, key=store.PROJECT_URL_KEY, value=client.url)
    return project_id, True


@dataclass
class PushReport:
    project_id: int
    project_created: bool
    model_version: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    predictions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def push(
    engine: Engine,
    settings: Settings,
    *,
    article_ids: Sequence[str] | None = None,
    client: LSClient | None = None,
    project_id: int | None = None,
) -> PushReport:
    """Create or update the project and send each article (None: all) that is new or changed,
    with its open findings as predictions. Each batch is recorded as soon as Label Studio
    has it, so pushing again after a failure sends only what is missing. ``project_id``
    sends them to that existing project instead (its settings left as they are)."""
    try:
        return _push(
            engine, settings, article_ids=article_ids, client=client, project_id=project_id
        )
    except ServerUnavailable as exc:
        raise exc.again("push again (what was sent is not sent twice)") from None


def _push(
    engine: Engine,
    settings: Settings,
    *,
    article_ids: Sequence[str] | None,
    client: LSClient | None,
    project_id: int | None,
) -> PushReport:
    with session_scope(engine) as session:
        articles = store.articles_for_push(session=session, external_ids=article_ids)
        findings = store.open_findings(session=session)
    version = checks_version()
    client = client or connect(settings)
    if project_id is None:
        project_id, created = ensure_project(engine, client, settings)
    else:
        created = False
    report = PushReport(project_id=project_id, project_created=created, model_version=version)
    with session_scope(engine) as session:
        pushed = store.pushed_tasks(session=session, project_id=project_id)
    new: list[tuple[int, dict[str, Any], str, str]] = []
    for art in articles:
        data = convert.task_data(external_id=art.external_id, title=art.title, text=art.text)
        pred = convert.prediction(art.text, findings.get(art.id or -1, []), version)
        preds = [pred] if pred else []
        data_sha, pred_sha = convert.sha256_json(data), convert.sha256_json(preds)
        report.predictions += len(preds)
        before = pushed.get(art.id or -1)
        if before is None:
            new.append((int(art.id or 0), {"data": data, "predictions": preds}, data_sha, pred_sha))
            continue
        if before.text_sha256 == data_sha and before.predictions_sha256 == pred_sha:
            report.unchanged += 1
            continue
        if before.text_sha256 != data_sha:
            client.update_task_data(before.ls_task_id, data)
        if before.predictions_sha256 != pred_sha:
            client.replace_predictions(before.ls_task_id, preds)
        with session_scope(engine) as session:
            store.record_pushed(
                session=session,
                project_id=project_id,
                article_id=int(art.id or 0),
                task_id=before.ls_task_id,
                text_sha256=data_sha,
                predictions_sha256=pred_sha,
            )
        report.updated += 1
    for i in range(0, len(new), 250):
        batch = new[i : i + 250]
        task_ids = client.import_tasks(project_id, [task for _, task, _, _ in batch])
        with session_scope(engine) as session:
            for (article_id, _, data_sha, pred_sha), task_id in zip(batch, task_ids, strict=True):
                store.record_pushed(
                    session=session,
                    project_id=project_id,
                    article_id=article_id,
                    task_id=task_id,
                    text_sha256=data_sha,
                    predictions_sha256=pred_sha,
                )
        report.created += len(batch)
    if version and report.predictions:
        # Label Studio accepts a model version only once predictions carry it; the pushed
        # predictions do (an unchanged one has the same hash, hence the same version).
        client.update_project(project_id, model_version=version)
    return report


@dataclass
class PullReport:
    """Counts are of annotations, except ``quarantined`` (spans and relations held aside for
    the pulled annotations, old or new) and ``skipped_tasks`` (tasks of unknown articles)."""

    project_id: int
    source: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    quarantined: int = 0
    skipped_tasks: int = 0
    quarantined_spans: list[dict[str, Any]] = field(default_factory=list)
    #: Annotations held aside whole (no known annotator): their regions are quarantined.
    quarantined_annotations: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _user_id(completed_by: Any) -> int | None:
    """The Label Studio user id of ``completed_by`` (an id or a user object), or None."""
    raw = completed_by.get("id") if isinstance(completed_by, dict) else completed_by
    try:
        return int(raw) if raw is not None and not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        return None


def _task_text_changed(task: dict[str, Any], stored: str) -> bool:
    """Whether the task's text (when it has one) is no longer the stored article's."""
    data = task.get("data")
    shown = data.get(convert.TEXT_TAG) if isinstance(data, dict) else None
    return isinstance(shown, str) and shown != stored


def has_project(engine: Engine) -> bool:
    """Whether a project has been pushed to (and is remembered)."""
    with session_scope(engine) as session:
        return bool(store.get_state(session=session, key=store.PROJECT_KEY))


def fetch_tasks(client: LSClient, project_id: int, source: str = "export") -> list[dict[str, Any]]:
    """Every annotated task with its annotations: the full JSON export, or the paged task list."""
    if source == "export":
        return client.export_json(project_id)
    if source == "tasks":
        return client.list_tasks_json(project_id)
    raise ConfigError(f"unknown pull source {source!r}: use 'export' or 'tasks'")


def pull(
    engine: Engine,
    settings: Settings,
    *,
    client: LSClient | None = None,
    source: str = "export",
    project_id: int | None = None,
) -> PullReport:
    """Read every annotation back and bring the store in line with it, in one transaction.
    ``project_id`` reads that project instead of the remembered one."""
    with session_scope(engine) as session:
        remembered = store.get_state(session=session, key=store.PROJECT_KEY)
        url = store.get_state(session=session, key=store.PROJECT_URL_KEY)
    if project_id is not None:
        remembered, url = str(project_id), None
    if not remembered:
        raise NotFound("no Label Studio project yet: run `workbench push` first")
    client = client or connect(settings)
    if url and url != client.url:
        raise LabelStudioError(
            f"the project was pushed to {url}, not {client.url}: "
            "point the settings at that server or push again"
        )
    project_id = int(remembered)
    try:  # everything is read before the store is touched: a failure here changes nothing
        tasks = fetch_tasks(client, project_id, source)
        users = client.users()
    except ServerUnavailable as exc:
        raise exc.again("pull again") from None
    report = PullReport(project_id=project_id, source=source)
    with session_scope(engine) as session:
        texts = store.article_texts(
            session=session,
            external_ids={
                convert.task_article_id(
                    t["data"] if isinstance(t.get("data"), dict) else {}, project_id, int(t["id"])
                )
                for t in tasks
            },
        )
        annotators = store.annotators_by_email(
            session=session,
            users={uid: email or f"user-{uid}@labelstudio.invalid" for uid, email in users.items()},
        )
        stored = store.stored_annotations(session=session, project_id=project_id)
        seen: set[int] = set()
        pending: list[store.AnnotationIn] = []
        held: list[store.AnnotationIn] = []  # no known annotator: quarantined whole
        for task in tasks:
            data = task.get("data") if isinstance(task.get("data"), dict) else {}
            if data.get(convert.PRACTICE_KEY):
                continue  # a practice copy (see workbench.demo): nobody's work to keep
            known = texts.get(convert.task_article_id(data, project_id, int(task["id"])))
            if known is None:
                report.skipped_tasks += 1
                continue
            article_id, text = known
            changed = _task_text_changed(task, text)
            for ann in task.get("annotations") or []:
                if not isinstance(ann, dict) or ann.get("was_cancelled") or ann.get("id") is None:
                    continue
                ls_id = int(ann["id"])
                result = ann.get("result") or []
                # the text's state is part of the hash: restoring the text re-reads the spans
                sha = convert.sha256_json(
                    {"result": result, "text": "changed"} if changed else result
                )
                uid = _user_id(ann.get("completed_by"))
                if uid is None or uid not in users:
                    who = (
                        "the annotation names no user"
                        if uid is None
                        else f"Label Studio user {uid} is not in the organization"
                    )
                    held.append(
                        store.AnnotationIn(
                            article_id=article_id,
                            annotator_id=0,
                            project_id=project_id,
                            task_id=int(task["id"]),
                            ls_annotation_id=ls_id,
                            created_at=None,
                            updated_at=None,
                            result_sha256=sha,
                            parsed=convert.hold_all(
                                result,
                                f"{convert.UNKNOWN_USER} ({who}): add the user to the "
                                "organization or reassign the annotation",
                            ),
                        )
                    )
                    continue
                seen.add(ls_id)
                prior = stored.get(ls_id)
                if prior is not None and prior.result_sha256 == sha:
                    report.unchanged += 1
                    continue
                if uid not in annotators:
                    annotators.update(
                        store.annotators_by_email(
                            session=session, users={uid: f"user-{uid}@labelstudio.invalid"}
                        )
                    )
                parsed = (
                    convert.hold_all(
                        result,
                        f"{convert.TEXT_CHANGED} (edited in Label Studio?): its offsets "
                        "cannot be trusted; restore the text there",
                    )
                    if changed
                    else convert.parse_result(result, text)
                )
                pending.append(
                    store.AnnotationIn(
                        article_id=article_id,
                        annotator_id=annotators[uid],
                        project_id=project_id,
                        task_id=int(task["id"]),
                        ls_annotation_id=ls_id,
                        created_at=_when(ann.get("created_at")),
                        updated_at=_when(ann.get("updated_at")),
                        result_sha256=sha,
                        parsed=parsed,
                    )
                )
                if prior is None:
                    report.created += 1
                else:
                    report.updated += 1
        for i in range(0, len(pending), WRITE_CHUNK):
            store.write_annotations(
                session=session, items=pending[i : i + WRITE_CHUNK], replacing=stored
            )
        gone = [s for ls_id, s in stored.items() if ls_id not in seen]
        store.delete_annotations(session=session, stored=gone)
        report.deleted = len(gone)
        store.hold_annotations(session=session, items=held)
        report.quarantined_annotations = len(held)
        session.flush()
        report.quarantined_spans = store.quarantined_spans(
            session=session, ls_annotation_ids=seen | {h.ls_annotation_id for h in held}
        )
        report.quarantined = len(report.quarantined_spans)
    return report


def add_annotator(
    settings: Settings, email: str, *, password: str | None = None, client: LSClient | None = None
) -> dict[str, Any]:
    """Create an annotator account in the project's organization, able to work at once.
    An existing account is left as it is. Returns id, email, created and the password set."""
    client = client or connect(settings)
    existing = {e.lower(): uid for uid, e in client.users().items()}
    if email.lower() in existing:
        return {"id": existing[email.lower()], "email": email, "created": False, "password": None}
    password_file = None
    if not password:
        password_file = annotator_password_file(settings, email)
        password = read_or_create_secret(password_file, length=12)
    # Through the invite link: an account made by the users API has no password to log in with.
    user_id = client.sign_up(email=email, password=password)
    return {
        "id": user_id,
        "email": email,
        "created": True,
        "password": password,
        "password_file": str(password_file) if password_file else None,
    }


def annotator_password_file(settings: Settings, email: str) -> Path:
    """Where a generated initial password of an annotator is kept (0600), never printed."""
    safe = "".join(c if c.isalnum() or c in "@._-" else "_" for c in email.lower())
    return local_paths(settings).root / "annotators" / f"{safe}.password"
