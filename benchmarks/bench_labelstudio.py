"""Pull from a real Label Studio: N tasks x 3 annotations, N = 500, 1000, 2000.

Starts a throwaway local server (loopback, free port, temporary data), stores N articles
(the sample article, each with its own numbered last line), imports them as tasks with three
annotators' annotations each through the API (import endpoint: ``annotations.create`` runs
at about 2-4 per second on the development server), then times ``pull`` with the full JSON
export and with the paged task list, on fresh stores (best of REPEAT runs), and a second,
unchanged pull.
Target: the 2,000-task pull under 20 s. Run: ``uv run python benchmarks/bench_labelstudio.py``.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from workbench.config import Settings, load_settings
from workbench.labelstudio import convert, server, sync
from workbench.labelstudio.client import LSClient
from workbench.records import Record
from workbench.samples import sample_article_path
from workbench.store import labelstudio as ls_store
from workbench.store import open_store, session_scope
from workbench.store.articles import add_articles

SIZES = (500, 1000, 2000)
REPEAT = 2  # the machine is shared: each figure is the best of REPEAT runs
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def article(i: int, sample: str) -> str:
    return f"{sample}\nنسخة رقم {i}"


def result_for(text: str, who: int) -> list[dict[str, Any]]:
    """A realistic annotation: five spans with verdicts and notes, two relations."""
    lines = text.split("\n")
    picks = [
        (lines[11][:73], "duplicate"),
        (lines[13][1:74], "fact"),
        (lines[20][:40], "fact"),
        (lines[20][-60:], "claim"),
        (lines[27][:58], "opinion"),
    ]
    items: list[dict[str, Any]] = []
    ids = []
    for n, (passage, label) in enumerate(picks):
        start = text.index(passage, text.index(lines[[11, 13, 20, 20, 27][n]]))
        rid = f"r{who}{n}"
        ids.append(rid)
        where = {"start": start, "end": start + len(passage)}
        items.append(
            {
                "id": rid,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {**where, "text": passage, "labels": [label]},
            }
        )
        items.append(
            {
                "id": rid,
                "from_name": "verdict",
                "to_name": "text",
                "type": "choices",
                "value": {**where, "text": passage, "choices": [convert.VERDICTS[(n + who) % 4]]},
            }
        )
        items.append(
            {
                "id": rid,
                "from_name": "note",
                "to_name": "text",
                "type": "textarea",
                "value": {**where, "text": [f"ملاحظة {who}-{n}"]},
            }
        )
    items.append(
        {
            "type": "relation",
            "from_id": ids[0],
            "to_id": ids[1],
            "direction": "right",
            "labels": ["duplicate_of"],
        }
    )
    items.append(
        {
            "type": "relation",
            "from_id": ids[2],
            "to_id": ids[3],
            "direction": "right",
            "labels": ["contradicts"],
        }
    )
    return items


def make_store(tmp: Path, name: str, n: int, sample: str, project_id: int, url: str) -> Engine:
    engine = open_store(f"sqlite:///{tmp / name}.db")
    records = [Record(external_id=f"bench-{i}", text=article(i, sample)) for i in range(n)]
    with session_scope(engine) as session:
        add_articles(session=session, records=records)
        ls_store.set_state(session=session, key=ls_store.PROJECT_KEY, value=str(project_id))
        ls_store.set_state(session=session, key=ls_store.PROJECT_URL_KEY, value=url)
    return engine


def timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def run_size(
    n: int, client: LSClient, settings: Settings, users: list[int], tmp: Path
) -> list[Any]:
    sample = sample_article_path().read_text(encoding="utf-8")
    project_id = client.create_project(
        title=f"bench-{n}",
        label_config=sync.label_config(),
        maximum_annotations=3,
        overlap_cohort_percentage=100,
    )
    tasks = []
    for i in range(n):
        text = article(i, sample)
        data = convert.task_data(external_id=f"bench-{i}", title="", text=text)
        anns = [{"result": result_for(text, w), "completed_by": uid} for w, uid in enumerate(users)]
        tasks.append({"data": data, "annotations": anns})
    _, t_import = timed(lambda: client.import_tasks(project_id, tasks))
    t_export = min(timed(lambda: client.export_json(project_id))[1] for _ in range(REPEAT))
    t_list = min(timed(lambda: client.list_tasks_json(project_id))[1] for _ in range(REPEAT))
    pulls: dict[str, list[float]] = {"export": [], "tasks": []}
    for k in range(REPEAT):
        for source in pulls:
            engine = make_store(tmp, f"{source}-{n}-{k}", n, sample, project_id, client.url)
            rep, seconds = timed(
                lambda e=engine, s=source: sync.pull(e, settings, client=client, source=s)
            )
            assert rep.created == 3 * n and rep.quarantined == 0, rep
            pulls[source].append(seconds)
    again, t_again = timed(lambda: sync.pull(engine, settings, client=client, source="export"))
    assert again.unchanged == 3 * n and again.created == again.updated == again.deleted == 0
    client.delete_project(project_id)
    best = min(pulls["export"])
    return [
        n,
        3 * n,
        f"{t_import:.1f}",
        f"{t_export:.1f}",
        f"{t_list:.1f}",
        f"{best:.1f}",
        f"{min(pulls['tasks']):.1f}",
        f"{t_again:.1f}",
        f"{best / n * 1000:.1f}",
    ]


def print_table(rows: list[list[Any]], headers: list[str]) -> None:
    cells = [headers] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for k, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main(sizes: tuple[int, ...] = SIZES) -> None:
    os.environ.setdefault(server.ENV_OVERRIDE, str(ROOT / ".workbench" / "labelstudio-env"))
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        local = load_settings(
            environ={},
            secrets_file=tmp / "none.toml",
            data_dir=str(tmp / "data"),
            labelstudio_port=free_port(),
        )
        print(
            f"starting Label Studio {server.LS_VERSION} on {server.local_url(local)} ...",
            flush=True,
        )
        status, t_start = timed(lambda: server.start(local))
        print(f"up in {t_start:.0f} s", flush=True)
        try:
            token = server.local_token(local) or ""
            settings = local.with_overrides(labelstudio_url=status.url, labelstudio_token=token)
            client = LSClient(status.url, token)
            users = [
                int(
                    sync.add_annotator(
                        settings, f"bench{k}@news.test", password="bench-pass-1", client=client
                    )["id"]
                )
                for k in range(3)
            ]
            rows = [run_size(n, client, settings, users, tmp) for n in sizes]
        finally:
            server.stop(local)
    print_table(
        rows,
        [
            "tasks",
            "annotations",
            "import s",
            "export GET s",
            "task pages GET s",
            "pull (export) s",
            "pull (pages) s",
            "re-pull s",
            "pull s / 1000 tasks",
        ],
    )


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)


def summary_rows(n: int = 500) -> list[dict[str, Any]]:
    """``make bench``: pull ``n`` tasks x 3 annotations from a throwaway local Label Studio
    (full JSON export), and the baseline: the same pull through the paged task list."""
    from benchmarks.common import peak_rss_mb, summary_row

    os.environ.setdefault(server.ENV_OVERRIDE, str(ROOT / ".workbench" / "labelstudio-env"))
    sample = sample_article_path().read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        local = load_settings(
            environ={},
            secrets_file=tmp / "none.toml",
            data_dir=str(tmp / "data"),
            labelstudio_port=free_port(),
        )
        status = server.start(local)
        try:
            token = server.local_token(local) or ""
            settings = local.with_overrides(labelstudio_url=status.url, labelstudio_token=token)
            client = LSClient(status.url, token)
            users = [
                int(
                    sync.add_annotator(
                        settings, f"bench{k}@news.test", password="bench-pass-1", client=client
                    )["id"]
                )
                for k in range(3)
            ]
            project_id = client.create_project(
                title=f"bench-{n}",
                label_config=sync.label_config(),
                maximum_annotations=3,
                overlap_cohort_percentage=100,
            )
            tasks = []
            for i in range(n):
                text = article(i, sample)
                data = convert.task_data(external_id=f"bench-{i}", title="", text=text)
                anns = [
                    {"result": result_for(text, w), "completed_by": uid}
                    for w, uid in enumerate(users)
                ]
                tasks.append({"data": data, "annotations": anns})
            client.import_tasks(project_id, tasks)
            figures = {}
            for source in ("export", "tasks"):
                engine = make_store(tmp, f"row-{source}", n, sample, project_id, client.url)
                t0, c0 = time.perf_counter(), time.process_time()
                rep = sync.pull(engine, settings, client=client, source=source)
                figures[source] = {
                    "wall_s": time.perf_counter() - t0,
                    "cpu_s": time.process_time() - c0,
                    "peak_rss_mb": peak_rss_mb(),
                }
                assert rep.created == 3 * n, rep
        finally:
            server.stop(local)
    return [
        summary_row(
            f"pull ({n:,} tasks x 3 annotations)",
            figure=figures["export"],
            target_s=20.0 * n / 2000,
            baseline=figures["tasks"],
            baseline_name="paged task list",
            note="CPU of the workbench process (Label Studio's own not counted)",
        )
    ]
