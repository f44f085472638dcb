"""Assignment on a real Label Studio Community: one project per annotator holding exactly
their tasks; what an annotator sees is checked with that annotator's own login and token."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.conftest_labelstudio import LabelStudioServer
from tests.labelstudio.helpers import span
from workbench.cli import build_app
from workbench.ingest import ingest_paths
from workbench.labelstudio import team
from workbench.labelstudio.client import LSClient

pytestmark = pytest.mark.labelstudio

ARTICLES = {
    "team-1": "قال المرصد إن القصف أسفر عن مقتل ١٢ شخصًا.",
    "team-2": "أعلنت الوزارة افتتاح ثلاث مدارس جديدة في المدينة.",
    "team-3": "ذكرت مصادر محلية أن الطريق أغلق صباح الاثنين.",
    "team-4": "وبلغ عدد النازحين ٢٥٠٠ شخص خلال أسبوع واحد.",
}
ANNOTATORS = ["team.a@news.test", "team.b@news.test", "team.c@news.test"]
PASSWORD = "team-pass-2468"


def _own_token(url: str, email: str, password: str) -> str:
    """Log in through the login form, as the annotator would, and read their own API token."""
    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as web:
        form = web.get("/user/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert csrf, "no login form"
        done = web.post(
            "/user/login/",
            data={"csrfmiddlewaretoken": csrf.group(1), "email": email, "password": password},
            headers={"Referer": f"{url}/user/login/"},
        )
        assert done.status_code == 302, f"login refused for {email}"
        token = web.get("/api/current-user/token")
        assert token.status_code == 200, token.text
        return str(token.json()["token"])


def test_an_annotator_sees_exactly_the_articles_assigned_to_them(
    labelstudio_server: LabelStudioServer, sqlite_engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    ingest_paths(sqlite_engine, [tmp_path / f"{n}.txt" for n in ARTICLES])
    settings = labelstudio_server.settings(
        labelstudio_project_title="team under test", data_dir=str(tmp_path / "data")
    )
    monkeypatch.setenv("WORKBENCH_ANNOTATOR_PASSWORD", PASSWORD)
    client = labelstudio_server.client()
    for email in ANNOTATORS:  # accounts with a known password, to log in with below
        from workbench.labelstudio.sync import add_annotator

        add_annotator(settings, email, password=PASSWORD, client=client)

    report = team.assign(
        sqlite_engine, settings, annotators=ANNOTATORS, article_ids=None, per_task=2, client=client
    )
    plan = {a.email: a.articles for a in report.annotators}
    ids = [f"{n}.txt" for n in ARTICLES]
    assert plan == {
        ANNOTATORS[0]: [ids[0], ids[1], ids[3]],
        ANNOTATORS[1]: [ids[0], ids[2], ids[3]],
        ANNOTATORS[2]: [ids[1], ids[2]],
    }
    projects = {a.email: a.project_id for a in report.annotators}
    assert len(set(projects.values())) == 3

    # the third annotator, logged in with their own account, finds exactly their two articles
    own = LSClient(
        labelstudio_server.url, _own_token(labelstudio_server.url, ANNOTATORS[2], PASSWORD)
    )
    assert own.whoami()["email"] == ANNOTATORS[2]
    seen = own.list_tasks_json(projects[ANNOTATORS[2]])
    assert sorted(t["data"]["article_id"] for t in seen) == [ids[1], ids[2]]
    nxt = own._http("GET", f"api/projects/{projects[ANNOTATORS[2]]}/next")
    assert nxt["data"]["article_id"] in (ids[1], ids[2])

    # running it again changes nobody's work and makes no second task
    again = team.assign(
        sqlite_engine, settings, annotators=ANNOTATORS, article_ids=None, per_task=2, client=client
    )
    assert {a.email: a.articles for a in again.annotators} == plan
    assert all(a.tasks_created == 0 and not a.project_created for a in again.annotators)

    # the third annotator submits one of their two; pulled back together, progress shows it
    task = next(t for t in seen if t["data"]["article_id"] == ids[2])
    text = ARTICLES["team-3"]
    own.create_annotation(
        task["id"], span("r1", text, "ذكرت مصادر محلية", "claim"), completed_by=own.whoami()["id"]
    )
    env = {
        "WORKBENCH_DATABASE_URL": str(sqlite_engine.url),
        "WORKBENCH_LABELSTUDIO_URL": labelstudio_server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
    }
    pulled = CliRunner().invoke(build_app(), ["pull", "--format", "json"], env=env)
    assert pulled.exit_code == 0, pulled.output
    body = json.loads(pulled.stdout)
    assert body["created"] == 1 and len(body["projects"]) == 3
    status = CliRunner().invoke(build_app(), ["assignments", "--format", "json"], env=env)
    assert status.exit_code == 0, status.output
    progress = {p["annotator"]: (p["assigned"], p["submitted"]) for p in json.loads(status.stdout)}
    assert progress == {ANNOTATORS[0]: (3, 0), ANNOTATORS[1]: (3, 0), ANNOTATORS[2]: (2, 1)}
