"""``workbench export`` killed at random points, and run out of disk space: the output
directory holds the previous complete export or the new complete one with its manifest,
never a part of either, and the user gets one line."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest import seed_sample
from workbench.cli import build_app
from workbench.export import export_corpus
from workbench.exporters.manifest import MANIFEST, sha256_file
from workbench.exporters.publish import exchange
from workbench.ingest import ingest_paths
from workbench.store import session_scope
from workbench.store.annotations import RelationIn, SpanIn, add_annotation
from workbench.store.engine import make_engine, upgrade
from workbench.store.models import Article

FORMATS = "jsonl,conll,labelstudio"
ANNOTATORS = ("reem@example.org", "omar@example.org", "lina@example.org")
SENTENCE = "قال المتحدث إن الاجتماع عقد في العاصمة يوم الخميس وحضره نحو 150 مشاركا. "


def build_store(path: Path, articles: int, *, extra: bool = False) -> tuple[Engine, str]:
    """``articles`` synthetic articles, each annotated by three annotators (a claim they
    agree on, a fact only two mark, and a relation); ``extra`` adds a fourth annotator to
    every article, so a second export differs from the first in every file."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    src = path.with_suffix(".jsonl")
    src.write_text(
        "".join(
            json.dumps(
                {"id": f"art-{i:04d}", "title": f"t{i}", "text": f"خبر {i}. " + SENTENCE * 12}
            )
            + "\n"
            for i in range(articles)
        ),
        encoding="utf-8",
    )
    assert not ingest_paths(engine, [src]).failed
    add_annotators(engine, ANNOTATORS)
    if extra:
        add_annotators(engine, ("sami@example.org",))
    return engine, url


def add_annotators(engine: Engine, emails: tuple[str, ...]) -> None:
    with session_scope(engine) as s:
        for art in s.exec(select(Article)).all():
            claim = art.text.index("قال")
            fact = art.text.index("نحو 150")
            for n, email in enumerate(emails):
                spans = [SpanIn(claim, claim + 30, "claim", "true")]
                if n < 2:
                    spans.append(SpanIn(fact, fact + 7, "fact", None, "العدد"))
                rels = [RelationIn(1, 0, "supports")] if len(spans) == 2 else []
                add_annotation(
                    session=s, article=art, annotator_email=email, spans=spans, relations=rels
                )


def state(out: Path) -> dict[str, str]:
    """Name → sha256 of every entry of the output directory."""
    if not out.exists():
        return {}
    return {p.name: sha256_file(p) if p.is_file() else "<dir>" for p in out.iterdir()}


def assert_complete(out: Path) -> dict[str, Any]:
    """The directory is one complete export: its manifest lists exactly the files there,
    with their sizes and hashes. Returns the manifest."""
    names = {p.name for p in out.iterdir()}
    assert MANIFEST in names, f"no manifest among {sorted(names)}"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["name"]: f for f in manifest["files"]}
    assert names == set(listed) | {MANIFEST}, sorted(names)
    for name, f in listed.items():
        assert (out / name).stat().st_size == f["bytes"], name
        assert sha256_file(out / name) == f["sha256"], name
    return manifest


def without_time(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k != "created_at"}


def export_cmd(db: str, out: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from workbench.cli import main; main()",
        "--db",
        db,
        "export",
        "-f",
        FORMATS,
        "--scope",
        "both",
        "--out",
        str(out),
    ]


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_export_killed_at_random_points(tmp_path: Path) -> None:
    out = tmp_path / "exports" / "corpus"
    engine, db = build_store(tmp_path / "wb.db", 200)
    previous = export_corpus(engine, formats=FORMATS.split(","), scope="both", out_dir=out)
    before = state(out)
    assert_complete(out)
    add_annotators(engine, ("sami@example.org",))  # the next export differs in every file
    engine.dispose()

    reference = tmp_path / "reference"
    started = time.monotonic()
    done = subprocess.run(export_cmd(db, reference), capture_output=True, text=True, timeout=300)
    full = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    new = without_time(assert_complete(reference))
    assert new != without_time(previous.manifest)

    rng = random.Random(20190124)
    outcomes = []
    for trial in range(4):
        proc = subprocess.Popen(
            export_cmd(db, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if trial % 2:  # anywhere in the run, start-up included
            time.sleep(rng.uniform(0.5, 1.0) * full)
        else:  # while the files are being written: once the staging directory appears
            deadline = time.monotonic() + full * 2
            while not any(".staging-" in n for n in siblings(out)) and proc.poll() is None:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stderr.close()  # type: ignore[union-attr]
        manifest = assert_complete(out)  # never a partial file, never a mixed set
        if state(out) == before:
            outcomes.append("previous")
        else:
            assert without_time(manifest) == new, f"trial {trial}: neither export"
            outcomes.append("new")
            before = state(out)  # the new one is now the previous one
        assert not [n for n in os.listdir(out) if n.startswith(".") or n.endswith(".part")]
    # whatever was left beside it by the kills is cleaned up by the next export
    engine = make_engine(db)
    export_corpus(engine, formats=FORMATS.split(","), scope="both", out_dir=out)
    assert without_time(assert_complete(out)) == new
    assert siblings(out) == [], siblings(out)
    assert outcomes  # (how the trials ended is random; each one was checked)


def test_other_files_in_the_output_directory_are_kept(tmp_path: Path) -> None:
    engine, _ = build_store(tmp_path / "wb.db", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.txt").write_text("notes of the team", encoding="utf-8")
    export_corpus(engine, formats=["jsonl"], out_dir=out)
    export_corpus(engine, formats=["jsonl", "conll"], out_dir=out)
    assert (out / "README.txt").read_text(encoding="utf-8") == "notes of the team"
    assert {"gold.jsonl", "gold.conll", MANIFEST} <= {p.name for p in out.iterdir()}
    assert siblings(out) == []


def test_a_previous_export_renamed_aside_is_put_back(tmp_path: Path) -> None:
    """Where directories cannot be exchanged in one step, the old export is renamed aside
    first; an export killed right then leaves it there, and the next one puts it back."""
    engine, _ = build_store(tmp_path / "wb.db", 3)
    out = tmp_path / "out"
    export_corpus(engine, formats=["jsonl"], out_dir=out)
    kept = state(out)
    aside = out.parent / ".out.old-999999999-abcd1234"  # a process that no longer runs
    out.rename(aside)
    (out.parent / ".out.staging-999999999-abcd1234").mkdir()  # and its half-written stage
    from workbench.exporters.publish import recover

    recover(out)
    assert state(out) == kept and siblings(out) == []


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_directories_are_exchanged_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not exchange(a, b):
        pytest.skip("this filesystem cannot exchange directories; the fallback is tested above")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


# -- disk full --------------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A real 128 KiB filesystem (tmpfs), mounted for the test: needs root."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mnt = tmp_path / "small"
    mnt.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_disk_full_is_one_line_and_leaves_the_previous_export(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    out = small_disk / "corpus"
    small = make_engine(f"sqlite:///{tmp_path / 'small.db'}")
    upgrade(small)
    seed_sample(small, with_checks=False)
    export_corpus(small, formats=["jsonl"], out_dir=out)  # fits
    before = state(out)
    _, big = build_store(tmp_path / "big.db", 300)
    result = CliRunner().invoke(
        build_app(), ["--db", big, "export", "-f", FORMATS, "--scope", "both", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: cannot write the export to {out}: No space left on device; free some space or "
        "choose another --out, and export again (the previous export there is unchanged)"
    ]
    assert state(out) == before  # the previous export, whole
    assert_complete(out)
    assert sorted(p.name for p in small_disk.iterdir()) == ["corpus"]  # nothing partial left
