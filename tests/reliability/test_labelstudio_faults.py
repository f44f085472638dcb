"""Label Studio failing under ``workbench pull``: the real server killed while the pull reads
500 annotated tasks, and small real HTTP servers on loopback that answer 500/502, stall or
are not there at all. Nothing is lost or duplicated; the user gets one line."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest_labelstudio import LabelStudioServer, free_port
from tests.labelstudio.helpers import span
from workbench.cli import build_app
from workbench.errors import LabelStudioError
from workbench.ingest import ingest_paths
from workbench.labelstudio import server, sync
from workbench.labelstudio.client import LSClient
from workbench.store import labelstudio as ls_store
from workbench.store import session_scope
from workbench.store.engine import make_engine, upgrade
from workbench.store.models import Annotation, QuarantinedSpan, Span, SpanRelation

ARTICLES = 500
FIRST = 250  # annotated before the first pull; the rest arrive before the killed one
PASSAGE = "قال المتحدث إن الاجتماع عقد في العاصمة"


# -- helpers ----------------------------------------------------------------------------------
@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(args: list[str], env: dict[str, str]) -> Ran:
    """``workbench ARGS`` as a user runs it (in this process: the SDK is imported once)."""
    result = CliRunner().invoke(build_app(), args, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback the user would have seen
    return Ran(result.exit_code, result.stdout, result.stderr)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything a pull writes, as plain rows (ids included: nothing may be renumbered)."""
    with session_scope(engine) as s:
        return {
            "annotations": sorted(
                (a.id, a.ls_annotation_id, a.article_id, a.annotator_id, a.result_sha256)
                for a in s.exec(select(Annotation))
            ),
            "spans": sorted(
                (x.id, x.annotation_id, x.start, x.end, x.label, x.text)
                for x in s.exec(select(Span))
            ),
            "relations": sorted(
                (r.id, r.annotation_id, r.from_span_id, r.to_span_id)
                for r in s.exec(select(SpanRelation))
            ),
            "quarantined": sorted(
                (q.id, q.ls_annotation_id, q.reason) for q in s.exec(select(QuarantinedSpan))
            ),
        }


def article_text(i: int) -> str:
    return (
        f"تقرير رقم {i} من دير الزور.\n{PASSAGE} يوم الخميس.\n"
        f"وأضاف أن عدد المشاركين بلغ {i + 10} مشاركا."
    )


def make_store(tmp_path: Path) -> tuple[Engine, str]:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    engine = make_engine(url)
    upgrade(engine)
    src = tmp_path / "articles.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"a{i:03d}", "title": f"t{i}", "text": article_text(i)}) + "\n"
            for i in range(ARTICLES)
        ),
        encoding="utf-8",
    )
    report = ingest_paths(engine, [src])
    assert len(report.articles) == ARTICLES and not report.failed
    return engine, url


def remember_project(engine: Engine, project_id: int, url: str) -> None:
    with session_scope(engine) as s:
        ls_store.set_state(session=s, key=ls_store.PROJECT_KEY, value=str(project_id))
        ls_store.set_state(session=s, key=ls_store.PROJECT_URL_KEY, value=url)


def annotated_tasks(engine: Engine, ids: range, users: list[int]) -> list[dict[str, Any]]:
    """Tasks as push makes them, each with one annotation per user (a span and a relation
    for the first user, one span for the others)."""
    from workbench.labelstudio import convert

    with session_scope(engine) as s:
        texts = ls_store.article_texts(session=s, external_ids={f"a{i:03d}" for i in ids})
    tasks = []
    for i in ids:
        ext = f"a{i:03d}"
        text = texts[ext][1]
        anns = []
        for n, uid in enumerate(users):
            result = span(f"c{i}", text, PASSAGE, "claim", verdict="true")
            if n == 0:
                result += span(f"f{i}", text, f"تقرير رقم {i}", "fact")
                result.append(
                    {
                        "type": "relation",
                        "from_id": f"c{i}",
                        "to_id": f"f{i}",
                        "direction": "right",
                        "labels": ["supports"],
                    }
                )
            anns.append({"result": result, "completed_by": uid})
        tasks.append(
            {
                "data": convert.task_data(external_id=ext, title=f"t{i}", text=text),
                "annotations": anns,
            }
        )
    return tasks


def kill_server(local: Any) -> None:
    """SIGKILL the real server's whole process group: no chance to finish a response."""
    pid = server.status(local).pid
    assert pid is not None, "the Label Studio under test is not running"
    os.killpg(pid, signal.SIGKILL)


class KillingClient(LSClient):
    """The real client; the server is killed while the second page of tasks is being read
    (a timer fires mid-request), so the pull is cut off in the middle of its reading."""

    def __init__(self, *args: Any, local: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.local = local
        self.pages = 0
        self.killed = threading.Event()

    def _kill(self) -> None:
        if not self.killed.is_set():
            self.killed.set()
            kill_server(self.local)

    def _http(self, method: str, path: str, **kwargs: Any) -> Any:
        if path == "api/tasks":
            self.pages += 1
            if self.pages == 2:
                threading.Timer(0.05, self._kill).start()
            elif self.pages > 2:
                self._kill()  # the second page outran the timer: kill before the third
        return super()._http(method, path, **kwargs)

    def list_tasks_json(self, project_id: int, page_size: int = 500) -> list[dict[str, Any]]:
        return super().list_tasks_json(project_id, page_size=100)


# -- the real server killed mid-pull -----------------------------------------------------------
@pytest.mark.labelstudio
def test_server_killed_mid_pull_loses_and_duplicates_nothing(
    labelstudio_server: LabelStudioServer, tmp_path: Path
) -> None:
    engine, db_url = make_store(tmp_path)
    admin = labelstudio_server.client()
    users = [int(admin.whoami()["id"]), labelstudio_server.user("faults-reader@example.org")]
    project_id = admin.create_project(
        title=f"faults {tmp_path.name}", label_config=sync.label_config()
    )
    remember_project(engine, project_id, admin.url)
    settings = labelstudio_server.settings(labelstudio_backoff_ms=20)
    env = {
        "WORKBENCH_DATABASE_URL": db_url,
        "WORKBENCH_LABELSTUDIO_URL": labelstudio_server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
        "WORKBENCH_LABELSTUDIO_BACKOFF_MS": "20",
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "no-secrets.toml"),
    }
    try:
        admin.import_tasks(project_id, annotated_tasks(engine, range(FIRST), users))
        first = sync.pull(engine, settings)
        assert first.created == FIRST * len(users) and first.quarantined == 0
        admin.import_tasks(project_id, annotated_tasks(engine, range(FIRST, ARTICLES), users))
        before = snapshot(engine)

        killing = KillingClient(
            labelstudio_server.url,
            labelstudio_server.token,
            backoff=0.02,
            local=labelstudio_server.local,
        )
        with pytest.raises(LabelStudioError) as cut:
            sync.pull(engine, settings, client=killing, source="tasks")
        assert killing.killed.is_set() and killing.pages >= 2
        assert str(cut.value).startswith(f"Label Studio at {labelstudio_server.url} ")
        assert str(cut.value).endswith("(workbench labelstudio status) and pull again")
        assert snapshot(engine) == before  # exactly as before the pull

        down = cli(["pull"], env)  # the server is still down: one line, nothing written
        assert down.returncode == 1
        line = one_line(down.stderr)
        assert line.startswith(
            f"error: Label Studio at {labelstudio_server.url} could not be reached"
        )
        assert snapshot(engine) == before
    finally:
        server.start(labelstudio_server.local, timeout=240)

    again = cli(["pull", "--format", "json"], env)
    assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout)
    assert counts["created"] == (ARTICLES - FIRST) * len(users)
    assert counts["unchanged"] == FIRST * len(users)
    assert counts["deleted"] == counts["updated"] == counts["quarantined"] == 0
    after = snapshot(engine)
    assert set(before["annotations"]) <= set(after["annotations"])  # old rows kept, same ids
    with session_scope(engine) as s:
        rows = s.exec(select(func.count()).select_from(Annotation)).one()
        distinct = s.exec(select(func.count(func.distinct(Annotation.ls_annotation_id)))).one()
        spans = s.exec(select(func.count()).select_from(Span)).one()
        rels = s.exec(select(func.count()).select_from(SpanRelation)).one()
    assert rows == distinct == ARTICLES * len(users)
    assert spans == ARTICLES * (len(users) + 1) and rels == ARTICLES
    steady = sync.pull(engine, settings)
    assert (steady.created, steady.updated, steady.deleted) == (0, 0, 0)
    assert steady.unchanged == ARTICLES * len(users)
    assert snapshot(engine) == after


# -- servers that answer 5xx, stall, or are not there ------------------------------------------
class FaultServer:
    """A real HTTP server on loopback that answers every request with ``status``, or, with
    ``status=None``, accepts the request and never answers (until it is closed)."""

    def __init__(self, status: int | None) -> None:
        self.hits: list[float] = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                outer.hits.append(time.monotonic())
                if status is None:
                    outer.release.wait(30)
                    return
                body = b"<html><body>Bad Gateway</body></html>"
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def store_with_project(tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield engine, url
    engine.dispose()


def env_for(url: str, db_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "WORKBENCH_DATABASE_URL": db_url,
        "WORKBENCH_LABELSTUDIO_URL": url,
        "WORKBENCH_LABELSTUDIO_TOKEN": "not-a-real-token",
        "WORKBENCH_LABELSTUDIO_ATTEMPTS": "3",
        "WORKBENCH_LABELSTUDIO_BACKOFF_MS": "100",
        "WORKBENCH_LABELSTUDIO_TIMEOUT": "1",
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "no-secrets.toml"),
        **extra,
    }


@pytest.mark.parametrize("status", [500, 502])
def test_5xx_is_retried_with_backoff_then_one_line(
    status: int, store_with_project: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, db_url = store_with_project
    fault = FaultServer(status)
    try:
        remember_project(engine, 7, fault.url)
        before = snapshot(engine)
        result = cli(["pull"], env_for(fault.url, db_url, tmp_path))
    finally:
        fault.close()
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"error: Label Studio at {fault.url} answered {status} three times; check that it is "
        "running (workbench labelstudio status) and pull again"
    )
    assert len(fault.hits) == 3  # bounded: three tries, no more
    gaps = [b - a for a, b in zip(fault.hits, fault.hits[1:], strict=False)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2  # exponential backoff: 100 ms, then 200 ms
    assert snapshot(engine) == before


def test_a_stalled_server_times_out_and_is_retried(
    store_with_project: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, db_url = store_with_project
    fault = FaultServer(None)
    try:
        remember_project(engine, 7, fault.url)
        before = snapshot(engine)
        result = cli(
            ["pull"], env_for(fault.url, db_url, tmp_path, WORKBENCH_LABELSTUDIO_ATTEMPTS="2")
        )
    finally:
        fault.close()
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"error: Label Studio at {fault.url} did not answer within 1 s twice; check that it is "
        "running (workbench labelstudio status) and pull again"
    )
    assert len(fault.hits) == 2
    assert snapshot(engine) == before


def test_nothing_listening_is_one_line(
    store_with_project: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, db_url = store_with_project
    url = f"http://127.0.0.1:{free_port()}"
    remember_project(engine, 7, url)
    result = cli(["pull"], env_for(url, db_url, tmp_path, WORKBENCH_LABELSTUDIO_BACKOFF_MS="10"))
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"error: Label Studio at {url} could not be reached three times; check that it is "
        "running (workbench labelstudio status) and pull again"
    )


def test_a_post_is_not_repeated_after_the_server_got_it(tmp_path: Path) -> None:
    """Creating something is not retried on a 502 (it may have been created): one try."""
    fault = FaultServer(502)
    try:
        client = LSClient(fault.url, "not-a-real-token", attempts=3, backoff=0.01, timeout=2)
        with pytest.raises(LabelStudioError) as failed:
            client.create_project(title="x", label_config="<View/>")
    finally:
        fault.close()
    assert len(fault.hits) == 1
    assert str(failed.value).startswith(f"Label Studio at {fault.url} answered 502 once;")


def test_an_answer_cut_off_midway_is_retried(
    store_with_project: tuple[Engine, str], tmp_path: Path
) -> None:
    """The server promises 1,000 bytes of export and closes the connection after a few."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    hits: list[float] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            hits.append(time.monotonic())
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n[{"id": 1, "annotations": ['
            )
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    engine, db_url = store_with_project
    try:
        remember_project(engine, 7, url)
        before = snapshot(engine)
        result = cli(
            ["pull"], env_for(url, db_url, tmp_path, WORKBENCH_LABELSTUDIO_BACKOFF_MS="10")
        )
    finally:
        listener.close()
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"error: Label Studio at {url} dropped the connection (RemoteProtocolError) three "
        "times; check that it is running (workbench labelstudio status) and pull again"
    )
    assert len(hits) == 3
    assert snapshot(engine) == before
