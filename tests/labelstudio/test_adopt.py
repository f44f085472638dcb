"""Adopting a project that already exists in a real Label Studio: its task texts become
articles exactly as received, its annotations are pulled; an incompatible config is refused
with what it lacks named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest_labelstudio import LabelStudioServer
from tests.labelstudio.helpers import span
from workbench.cli import build_app
from workbench.labelstudio import sync
from workbench.labelstudio.adopt import compatibility_problems
from workbench.labelstudio.client import config_tags
from workbench.store import open_store, session_scope
from workbench.store.annotations import annotations
from workbench.store.articles import get_article

pytestmark = pytest.mark.labelstudio

TEXTS = [
    "قالت الوزارة إن ٣ مدارس افتُتحت في المدينة.\nوأضافت أن العمل مستمر.",
    "ذكرت مصادر محلية أن الطريق أغلق صباح الاثنين 😊 بعد الأمطار.",
]
FOREIGN_CONFIG = """<View>
  <Labels name="ner" toName="body"><Label value="PER"/><Label value="ORG"/></Labels>
  <Text name="body" value="$body"/>
</View>"""


def _env(server: LabelStudioServer, tmp_path: Path) -> dict[str, str]:
    return {
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'adopt.db'}",
        "WORKBENCH_LABELSTUDIO_URL": server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": server.token,
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
    }


def test_a_compatible_project_is_adopted_and_its_annotations_pulled(
    labelstudio_server: LabelStudioServer, tmp_path: Path
) -> None:
    client = labelstudio_server.client()
    project = client.create_project(
        title="an existing newsroom project", label_config=sync.label_config()
    )
    task_ids = client.import_tasks(
        project, [{"data": {"text": t, "title": f"story {i}"}} for i, t in enumerate(TEXTS)]
    )
    who = labelstudio_server.user("adopt.annotator@news.test")
    client.create_annotation(
        task_ids[1], span("s1", TEXTS[1], "ذكرت مصادر محلية", "claim"), completed_by=who
    )
    env = _env(labelstudio_server, tmp_path)
    out = CliRunner().invoke(
        build_app(), ["pull", "--project", str(project), "--format", "json"], env=env
    )
    assert out.exit_code == 0, out.output
    body = json.loads(out.stdout)
    assert body["adopted"]["articles_created"] == 2 and body["adopted"]["failed"] == []
    assert (body["created"], body["quarantined"], body["skipped_tasks"]) == (1, 0, 0)
    engine = open_store(env["WORKBENCH_DATABASE_URL"])
    with session_scope(engine) as session:
        for task_id, text in zip(task_ids, TEXTS, strict=True):
            stored = get_article(
                session=session, external_id=f"labelstudio-{project}-task-{task_id}"
            )
            assert stored.text == text  # exactly as received
        (ann,) = annotations(session=session)
    assert [(s.label, s.text) for s in ann.spans] == [("claim", "ذكرت مصادر محلية")]

    again = CliRunner().invoke(
        build_app(), ["pull", "--project", str(project), "--format", "json"], env=env
    )
    assert again.exit_code == 0, again.output
    body = json.loads(again.stdout)
    assert (body["adopted"]["articles_unchanged"], body["unchanged"]) == (2, 1)


def test_an_incompatible_project_is_refused_naming_what_its_config_lacks(
    labelstudio_server: LabelStudioServer, tmp_path: Path
) -> None:
    client = labelstudio_server.client()
    project = client.create_project(title="someone else's NER", label_config=FOREIGN_CONFIG)
    out = CliRunner().invoke(
        build_app(), ["pull", "--project", str(project)], env=_env(labelstudio_server, tmp_path)
    )
    assert out.exit_code == 1
    (line,) = out.stderr.strip().splitlines()
    assert f"project {project}" in line and "cannot be adopted" in line
    assert '<Text name="text"' in line and '<Labels name="label"' in line
    assert "Traceback" not in out.output


def test_compatibility_names_unknown_labels_and_a_wrong_target() -> None:
    config = sync.label_config().replace('value="opinion"', 'value="rumour"')
    assert compatibility_problems(config_tags(config)) == [
        "labels the workbench does not know: rumour (it knows fact, claim, duplicate, opinion)"
    ]
    assert compatibility_problems(config_tags(sync.label_config())) == []
