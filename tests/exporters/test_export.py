"""The export action: determinism, the manifest, filters, empty cases, the CLI, the registry."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.conftest import seed_sample
from workbench import gold
from workbench.export import ExportReport, export_corpus
from workbench.exporters import REGISTRY, ExportError, UnknownFormat
from workbench.exporters.registry import Registry
from workbench.ingest import ingest_sample
from workbench.store import session_scope
from workbench.store.annotations import SpanIn, add_annotation
from workbench.store.articles import get_article
from workbench.store.reviews import record_decision

ALL = ["jsonl", "conll", "labelstudio"]


def manifest(report: ExportReport) -> dict:
    return json.loads(report.manifest_path.read_text("utf-8"))


def test_same_data_same_bytes_but_the_creation_time(sample_store: Engine, tmp_path: Path) -> None:
    a = export_corpus(
        sample_store,
        formats=ALL,
        scope="both",
        out_dir=tmp_path / "a",
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    b = export_corpus(sample_store, formats=ALL, scope="both", out_dir=tmp_path / "b")
    for f in a.files:
        assert (tmp_path / "a" / f.name).read_bytes() == (tmp_path / "b" / f.name).read_bytes()
    ma, mb = manifest(a), manifest(b)
    assert ma.pop("created_at") == "2025-01-01T00:00:00+00:00"
    mb.pop("created_at")
    assert ma == mb


def test_manifest_contents(exported: ExportReport) -> None:
    m = manifest(exported)
    assert m["workbench_version"] and "checks_version" in m
    assert m["database"].startswith("sqlite:///")
    assert m["label_set"] == ["claim", "duplicate", "fact", "opinion"]
    assert m["options"]["scope"] == "both" and m["options"]["rule"] == "unanimous"
    for f in m["files"]:
        data = (exported.out_dir / f["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
    g = m["scopes"]["gold"]
    assert g["gold"]["unresolved"] == 5 and g["spans"] == 4
    assert g["spans_per_label"] == {"claim": 1, "duplicate": 1, "fact": 2}
    assert g["spans_per_annotator"] == {
        "amal@example.org": 4,
        "badr@example.org": 4,
        "huda@example.org": 4,
    }
    assert m["scopes"]["annotators"]["spans_per_annotator"]["huda@example.org"] == 7
    assert m["agreement"]["disagreements"] == 5


def test_credentials_never_reach_the_manifest(tmp_path: Path) -> None:
    from workbench.export import safe_database
    from workbench.store.engine import make_engine

    url = "postgresql://editor:s3cret@db.example:5432/newsroom?password=x"
    safe = safe_database(make_engine(url))
    assert "s3cret" not in safe and "editor" not in safe and "password" not in safe
    assert safe.endswith("db.example:5432/newsroom")


def test_majority_rule_and_editor_decisions(sample_store: Engine, tmp_path: Path) -> None:
    report = export_corpus(sample_store, formats=["jsonl"], rule="majority", out_dir=tmp_path / "m")
    assert manifest(report)["scopes"]["gold"]["gold"]["unresolved"] == 1
    (row,) = [json.loads(x) for x in (tmp_path / "m" / "gold.jsonl").read_text().splitlines()]
    lead = next(d for d in gold_regions(sample_store) if d.start == 0)
    with session_scope(sample_store) as session:
        record_decision(
            session=session,
            editor="ed",
            target_type="disagreement",
            target_key=lead.key,
            decision="gold",
            label="fact",
            start=lead.start,
            end=lead.end,
            note="the lead is a fact",
        )
    report = export_corpus(sample_store, formats=["jsonl"], rule="majority", out_dir=tmp_path / "e")
    (after,) = [json.loads(x) for x in (tmp_path / "e" / "gold.jsonl").read_text().splitlines()]
    assert manifest(report)["scopes"]["gold"]["gold"]["unresolved"] == 0
    assert len(after["spans"]) == len(row["spans"]) + 1
    assert (
        after["spans"][0]["basis"] == "editor" and after["spans"][0]["note"] == "the lead is a fact"
    )


def gold_regions(engine: Engine) -> tuple[gold.Region, ...]:
    from workbench.store.gold import gold_for_articles

    (article,) = gold_for_articles(engine)
    return article.gold.disagreements


def test_label_and_article_filters(sample_store: Engine, tmp_path: Path) -> None:
    report = export_corpus(
        sample_store,
        formats=["jsonl"],
        scope="annotators",
        labels=["claim"],
        articles=["sample-article"],
        out_dir=tmp_path,
    )
    (row,) = [json.loads(x) for x in (tmp_path / "annotators.jsonl").read_text().splitlines()]
    assert {s["label"] for s in row["spans"]} == {"claim"}
    assert row["relations"] == []  # civ388 (claim) contradicts civ500 (fact): one end is gone
    assert manifest(report)["options"]["labels"] == ["claim"]


def test_min_agreement_leaves_articles_out_with_the_reason(
    sample_store: Engine, tmp_path: Path
) -> None:
    report = export_corpus(sample_store, formats=["jsonl"], min_agreement=0.9, out_dir=tmp_path)
    g = manifest(report)["scopes"]["gold"]
    assert g["articles"]["included"] == []
    assert "below 0.9" in g["articles"]["excluded"][0]["reason"]
    assert (tmp_path / "gold.jsonl").read_bytes() == b""


def test_no_annotations(sqlite_engine: Engine, tmp_path: Path) -> None:
    ingest_sample(sqlite_engine)
    report = export_corpus(sqlite_engine, formats=ALL, scope="both", out_dir=tmp_path)
    m = manifest(report)
    assert m["scopes"]["gold"]["empty_because"] == [gold.NO_ANNOTATIONS]
    assert m["scopes"]["annotators"]["articles"]["excluded"][0]["reason"] == gold.NO_ANNOTATIONS
    assert json.loads((tmp_path / "gold.labelstudio.json").read_text()) == []


def test_empty_store(sqlite_engine: Engine, tmp_path: Path) -> None:
    report = export_corpus(sqlite_engine, formats=ALL, out_dir=tmp_path)
    assert manifest(report)["scopes"]["gold"]["empty_because"] == ["no articles"]


def _annotate(engine: Engine, who: str, spans: list[tuple[str, str]]) -> None:
    with session_scope(engine) as session:
        art = get_article(session=session, external_id="sample-article")
        ins = []
        for quote, label in spans:
            start = art.text.index(quote)
            ins.append(SpanIn(start, start + len(quote), label))
        add_annotation(session=session, article=art, annotator_email=who, spans=ins)


def test_one_annotator(sqlite_engine: Engine, tmp_path: Path) -> None:
    ingest_sample(sqlite_engine)
    _annotate(sqlite_engine, "solo@example.org", [("داعش", "fact")])
    report = export_corpus(sqlite_engine, formats=ALL, scope="both", out_dir=tmp_path)
    m = manifest(report)
    assert m["scopes"]["gold"]["empty_because"] == [gold.SINGLE_ANNOTATOR]
    assert m["scopes"]["annotators"]["spans"] == 1


def test_every_disagreement_unresolved(sqlite_engine: Engine, tmp_path: Path) -> None:
    ingest_sample(sqlite_engine)
    _annotate(sqlite_engine, "a@example.org", [("داعش", "fact")])
    _annotate(sqlite_engine, "b@example.org", [("داعش", "claim")])
    report = export_corpus(sqlite_engine, formats=ALL, out_dir=tmp_path)
    g = manifest(report)["scopes"]["gold"]
    assert g["empty_because"] == [gold.ALL_UNRESOLVED]
    assert g["gold"]["unresolved"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"formats": []}, "at least one format"),
        ({"formats": ["xml"]}, "unknown export format"),
        ({"formats": ["jsonl"], "scope": "all"}, "unknown scope"),
        ({"formats": ["jsonl"], "rule": "plurality"}, "unknown gold rule"),
        ({"formats": ["jsonl"], "min_agreement": 1.5}, "between 0 and 1"),
        ({"formats": ["jsonl"], "labels": [" "]}, "names no label"),
    ],
)
def test_bad_options_are_typed_errors(
    sqlite_engine: Engine, tmp_path: Path, options: dict, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        export_corpus(sqlite_engine, out_dir=tmp_path / "x", **options)
    assert not (tmp_path / "x").exists()


def test_registry_refuses_duplicates_and_lists_builtins() -> None:
    assert REGISTRY.names() == ["jsonl", "conll", "labelstudio", "spacy"]
    reg = Registry()
    reg._loaded = True
    reg.register("x", suffix=".x", description="x")(lambda a, o, s: {})
    with pytest.raises(ValueError, match="already registered"):
        reg.register("x", suffix=".x", description="x")(lambda a, o, s: {})
    with pytest.raises(UnknownFormat):
        reg.get("y")


def test_every_format_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")
    for spec in REGISTRY.all():
        assert f"`{spec.name}`" in docs


def test_cli(sqlite_engine: Engine, tmp_path: Path) -> None:
    from workbench.cli import build_app

    seed_sample(sqlite_engine, with_checks=False)
    url = str(sqlite_engine.url)
    runner = CliRunner()
    out = tmp_path / "cli"
    res = runner.invoke(
        build_app(),
        [
            "--db",
            url,
            "export",
            "-f",
            "jsonl,conll",
            "--scope",
            "both",
            "--out",
            str(out),
            "--report",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert [f["file"] for f in body["files"]] == [
        "gold.jsonl",
        "gold.conll",
        "annotators.jsonl",
        "annotators.conll",
    ]
    assert body["summary"]["gold"]["unresolved"] == 5
    res = runner.invoke(build_app(), ["--db", url, "export", "-f", "jsonl", "--out", str(out)])
    assert res.exit_code == 0 and "manifest:" in res.stdout and "5 unresolved" in res.stdout
    res = runner.invoke(build_app(), ["--db", url, "export", "-f", "pdf", "--out", str(out)])
    assert res.exit_code == 1 and "unknown export format 'pdf'" in res.output
