"""cross_article_duplicate: the same story in two articles, found across the corpus."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from workbench.arabic.normalize import fold, normalize
from workbench.checks import minhash
from workbench.checks.align import shared_passages
from workbench.checks.corpus_runner import run_corpus_checks, split
from workbench.checks.cross_article import DEFAULTS, article_words
from workbench.checks.registry import REGISTRY
from workbench.checks.service import check_articles, check_paths
from workbench.cli import build_app
from workbench.export import export_corpus
from workbench.ingest import ingest_paths
from workbench.store.annotations import SpanIn, add_annotation
from workbench.store.articles import get_article
from workbench.store.engine import session_scope
from workbench.store.findings import list_findings

from .cross_article_data import BODY, LEAD, MARKET_1, RERUN, articles

NAME = "cross_article_duplicate"


def _findings(arts=None):  # type: ignore[no-untyped-def]
    return run_corpus_checks(arts or articles(), split([NAME], (), None))


def test_registered_as_a_corpus_check() -> None:
    spec = {s.name: s for s in REGISTRY.corpus_checks()}[NAME]
    assert spec.scope == "corpus" and spec.version == "1"
    assert NAME not in REGISTRY.names()  # the per-article runner never sees it


def test_rerun_with_a_new_lead_is_found_with_offsets_in_both() -> None:
    found = _findings()
    assert sorted(found) == ["paper-2", "spa-1"]
    [on_wire] = found["spa-1"]
    [on_rerun] = found["paper-2"]
    last = "والتمريضية"
    # The whole wire story (bar its final full stop) is the shared passage ...
    assert (on_wire.start, on_wire.end) == (0, BODY.index(last) + len(last))
    # ... and in the rerun it starts after the new lead.
    assert (on_rerun.start, on_rerun.end) == (len(LEAD), RERUN.index(last) + len(last))
    [p] = on_wire.evidence["passages"]
    assert (p["other_start"], p["other_end"]) == (on_rerun.start, on_rerun.end)
    assert on_wire.text == BODY[on_wire.start : on_wire.end]
    assert on_rerun.text == RERUN[on_rerun.start : on_rerun.end]
    # The stored texts differ (marks, tatweel, one word) but read the same once folded.
    assert fold(on_rerun.text).replace("القادم", "المقبل") == fold(on_wire.text)
    ev = on_wire.evidence
    assert ev["other"] == {
        "external_id": "paper-2",
        "title": "تبوك تستعد لمستشفاها",
        "source": "daily",
        "published": "2015-07-22",
    }
    assert ev["share"] == 1.0 and 0.7 < ev["other_share"] < 0.9
    assert ev["first"] == "this" and on_rerun.evidence["first"] == "other"
    assert on_rerun.evidence["share"] == ev["other_share"]
    assert "Also printed in «تبوك تستعد لمستشفاها» (daily, 2015-07-22)" in on_wire.message


def test_same_topic_and_template_are_not_duplicates() -> None:
    found = _findings()
    assert "paper-3" not in found  # same ministry, same stock phrases, another story
    assert "market-1" not in found and "market-2" not in found  # one frame, other figures


def test_same_day_and_unknown_dates() -> None:
    arts = articles()[:2]
    same = [arts[0], type(arts[1])(**{**arts[1].__dict__, "published": arts[0].published})]
    assert _findings(same)["spa-1"][0].evidence["first"] == "same_day"
    undated = [arts[0], type(arts[1])(**{**arts[1].__dict__, "published": None})]
    assert _findings(undated)["spa-1"][0].evidence["first"] == "unknown"


def test_fingerprints_are_stable_across_runs_and_orders() -> None:
    def prints(arts):  # type: ignore[no-untyped-def]
        return {(k, f.fingerprint) for k, fs in _findings(arts).items() for f in fs}

    first = prints(articles())
    shuffled = articles()
    random.Random(3).shuffle(shuffled)
    assert first == prints(articles()) == prints(shuffled)
    assert len(first) == 2


def test_the_sample_alone_yields_nothing(sample_path: Path) -> None:
    report = check_paths([sample_path], only=[NAME])
    assert report.findings == [] and report.articles == 1


def test_alignment_bridges_small_edits_only() -> None:
    a = list(range(40))
    b = list(range(20)) + [99] + list(range(21, 40))  # one word changed
    [p] = shared_passages(a, b, seed=4, max_gap=3, min_words=12)
    assert (p.a_start, p.a_end, p.b_start, p.b_end, p.matched) == (0, 40, 0, 40, 39)
    c = list(range(20)) + [97, 98, 99, 96, 95] + list(range(25, 40))  # five words changed
    assert [
        (p.a_start, p.a_end) for p in shared_passages(a, c, seed=4, max_gap=3, min_words=12)
    ] == [
        (0, 20),
        (25, 40),
    ]


def test_word_hashes_follow_the_matching_view() -> None:
    h, doc = minhash.word_hashes(["الصحّة كلّف", "الصحة كلف", "الصحه"])
    assert doc.tolist() == [0, 0, 1, 1, 2]
    assert h[0] == h[2] and h[1] == h[3] and h[0] != h[4]


def test_a_story_inside_a_long_article_is_found() -> None:
    arts = articles()
    filler = " ".join(f"كلمة{n}" for n in range(1500))
    long = type(arts[0])("roundup", filler + "\n" + BODY + "\n" + filler, None, "", "")
    found = _findings([arts[0], long])
    [f] = found["spa-1"]
    assert f.evidence["share"] == 1.0 and f.evidence["other_share"] < 0.05


def test_settings_are_checked() -> None:
    with pytest.raises(Exception, match="no setting"):
        split([NAME], (), {NAME: {"nope": 1}})
    assert split(None, (), {NAME: {"min_share": 0.9}}).corpus_settings[NAME]["min_share"] == 0.9
    assert set(DEFAULTS) >= {"shingle", "bands", "rows", "min_share"}


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    rows = [
        {
            "id": a.key,
            "text": a.text,
            "published": a.published.isoformat() if a.published else "",
            "title": a.title,
            "source": a.source,
        }
        for a in articles()
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def _run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), args)


def test_cli_on_files(tmp_path: Path) -> None:
    result = _run(["check", str(_jsonl(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["checks_version"].endswith("+cross_article_duplicate.v1")
    mine = [f for f in payload["findings"] if f["check"] == NAME]
    assert sorted(f["article"] for f in mine) == ["paper-2", "spa-1"]
    texts = {a.key: a.text for a in articles()}
    for f in mine:
        assert texts[f["article"]][f["start"] : f["end"]] == f["text"]
        assert f["related"] == []
        other = texts[f["evidence"]["other"]["external_id"]]
        for p in f["evidence"]["passages"]:
            assert fold(other[p["other_start"] : p["other_end"]]).split()[-1] == "والتمريضية"
    table = _run(["check", str(_jsonl(tmp_path)), "--only", NAME])
    assert table.exit_code == 0 and "2 finding(s) in 5 article(s)" in table.stdout
    skipped = _run(["check", str(_jsonl(tmp_path)), "--disable", NAME, "--format", "json"])
    assert all(f["check"] != NAME for f in json.loads(skipped.stdout)["findings"])


def test_on_the_store_rerun_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    ingest_paths(engine, [_jsonl(tmp_path)])
    first = check_articles(engine, all=True, only=[NAME])
    assert first.counts["created"] == 2
    again = check_articles(engine, all=True)
    assert again.counts["created"] == 0 and again.counts["resolved"] == 0
    assert sum(f["check"] == NAME for f in again.findings) == 2
    one = check_articles(engine, article_ids=["paper-2"], only=[NAME])
    assert [f["article"] for f in one.findings] == ["paper-2"]
    assert one.counts == {"created": 0, "unchanged": 1, "resolved": 0, "reopened": 0}
    with session_scope(engine) as session:
        rows = list_findings(session=session, check=NAME)
        assert {(r.status, r.evidence["other"]["external_id"]) for r in rows} == {
            ("open", "paper-2"),
            ("open", "spa-1"),
        }
    stricter = check_articles(engine, all=True, only=[NAME], config={NAME: {"min_share": 1.01}})
    assert stricter.counts["resolved"] == 2


def test_cli_on_the_store(db_url: str, tmp_path: Path) -> None:
    assert _run(["--db", db_url, "ingest", str(_jsonl(tmp_path))]).exit_code == 0
    first = _run(["--db", db_url, "check", "--all", "--format", "json"])
    assert first.exit_code == 0, first.output
    assert sum(f["check"] == NAME for f in json.loads(first.stdout)["findings"]) == 2
    again = _run(["--db", db_url, "check", "--all", "--only", NAME])
    assert "stored: 0 new, 2 unchanged, 0 resolved, 0 reopened" in again.stdout
    assert MARKET_1  # the template articles are stored and checked too


def test_export_manifest_lists_the_duplicates(sqlite_engine: Engine, tmp_path: Path) -> None:
    ingest_paths(sqlite_engine, [_jsonl(tmp_path)])
    check_articles(sqlite_engine, all=True, only=[NAME])
    with session_scope(sqlite_engine) as session:
        for ext in ("spa-1", "paper-2", "paper-3"):
            art = get_article(session=session, external_id=ext)
            start = art.text.index("وزارة")
            add_annotation(
                session=session,
                article=art,
                annotator_email="reem@example.org",
                spans=[SpanIn(start, start + len("وزارة"), "fact")],
            )
    report = export_corpus(
        sqlite_engine, formats=["jsonl"], scope="annotators", out_dir=tmp_path / "x"
    )
    prov = json.loads(report.manifest_path.read_text("utf-8"))["provenance"]
    assert prov["cross_article_duplicates"] == {
        "paper-2": [
            {
                "other": "spa-1",
                "share": pytest.approx(0.79, abs=0.05),
                "other_share": 1.0,
                "first": "other",
            }
        ],
        "spa-1": [
            {
                "other": "paper-2",
                "share": 1.0,
                "other_share": pytest.approx(0.79, abs=0.05),
                "first": "this",
            }
        ],
    }


def test_word_ranges_match_the_view_map_back() -> None:
    ligature = "قالَ الـمـتحدث: «كلّف ½ المشروعُ» \u200fأمس\u200f. ﻻ بأس"  # ﻻ folds to two letters
    # The numpy scan (no such character) and the reference path through normalize().
    for text in (ligature.replace("ﻻ", "لا"), ligature, ligature + " \U0001d400"):
        view = normalize(text)
        found = list(re.finditer(r"\w+", view.text))
        w = article_words(text, 4)
        assert list(zip(w.starts.tolist(), w.ends.tolist(), strict=True)) == [
            view.to_stored(*m.span()) for m in found
        ]
        # Equal words of the view, equal ids; different words, different ids.
        assert w.ids.tolist() == [minhash.hash_word(m.group()) for m in found]
        assert len(set(w.ids.tolist())) == len({m.group() for m in found})


def test_fast_and_general_run_finding_agree() -> None:
    from workbench.checks.align import _runs_general, _runs_unique, seed_keys

    rng = random.Random(5)
    compared = 0
    for _ in range(300):
        a = [rng.randrange(12) for _ in range(rng.randrange(0, 60))]
        b = list(a)
        for _ in range(rng.randrange(0, 8)):  # edits: replace, drop, insert
            k = rng.randrange(3)
            p = rng.randrange(len(b) + 1)
            if k == 0 and p < len(b):
                b[p] = rng.randrange(12)
            elif k == 1 and p < len(b):
                del b[p]
            else:
                b.insert(p, rng.randrange(12))
        ka = seed_keys(np.asarray(a, dtype=np.uint64), 3)
        kb = seed_keys(np.asarray(b, dtype=np.uint64), 3)
        if not len(ka) or not len(kb):
            continue
        fast = _runs_unique(a, b, 3, ka, kb)
        if fast is not None:
            compared += 1
            assert sorted(fast, key=lambda r: (r.i, r.j)) == sorted(
                _runs_general(a, b, 3, ka, kb), key=lambda r: (r.i, r.j)
            )
    assert compared >= 20


def test_numpy_runs_and_chain_agree_with_the_word_by_word_path() -> None:
    from workbench.checks.align import (
        Run,
        _runs_general,
        chain,
        chain_arrays,
        run_arrays,
        seed_keys,
    )

    rng = random.Random(11)
    chained = 0
    for _ in range(400):
        # A small vocabulary: seeds repeat within and across the two texts.
        a = [rng.randrange(6) for _ in range(rng.randrange(0, 70))]
        b = [x for x in a if rng.random() > 0.1] + [rng.randrange(6) for _ in range(5)]
        if rng.random() < 0.2:
            rng.shuffle(b)
        ia, ib = np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)
        ka, kb = seed_keys(ia, 3), seed_keys(ib, 3)
        arrays = run_arrays(ia, ib, 3, ka, kb)
        assert arrays is not None
        found = sorted(
            (Run(*r) for r in zip(*(x.tolist() for x in arrays), strict=True)),
            key=lambda r: (r.i, r.j, r.n),
        )
        general = _runs_general(a, b, 3, ka, kb) if len(ka) and len(kb) else []
        assert found == sorted(general, key=lambda r: (r.i, r.j, r.n))
        fast = chain_arrays(*arrays, max_gap=2)
        if fast is not None:
            chained += 1
            assert fast == chain(general, max_gap=2)
    assert chained >= 50


def test_batched_alignment_gives_each_pair_its_passages() -> None:
    from workbench.checks.align import seed_keys, shared_passages_batch

    rng = random.Random(17)
    pairs = []
    for _ in range(300):
        # Small vocabularies make repeated seeds and overlapping runs; larger ones clean runs.
        vocab = rng.choice((5, 40, 400))
        a = [rng.randrange(vocab) for _ in range(rng.randrange(0, 120))]
        b = [x for x in a if rng.random() > 0.05]
        b = [rng.randrange(vocab) if rng.random() < 0.05 else x for x in b]
        if rng.random() < 0.3:
            b = [rng.randrange(vocab) for _ in range(rng.randrange(0, 40))] + b + b[:20]
        ia, ib = np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)
        pairs.append((ia, ib, seed_keys(ia, 4), seed_keys(ib, 4)))
    batched = shared_passages_batch(pairs, seed=4, max_gap=3, min_words=6)
    single = [
        shared_passages(a, b, seed=4, max_gap=3, min_words=6, keys_a=ka, keys_b=kb)
        for a, b, ka, kb in pairs
    ]
    assert batched == single
    assert sum(len(x) for x in single) >= 200  # passages were found, not only empty lists


def test_batched_alignment_with_nothing_to_chain_on_numpy() -> None:
    from workbench.checks.align import seed_keys, shared_passages_batch

    def pair(a: list[int], b: list[int]):  # type: ignore[no-untyped-def]
        ia, ib = np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)
        return ia, ib, seed_keys(ia, 4), seed_keys(ib, 4)

    story = list(range(100, 130))
    disjoint = pair(list(range(30)), list(range(50, 80)))
    # The story twice in b: its runs overlap in a, so the pair is chained word by word.
    twice = pair(story, story + [1, 2, 3] + story)
    for batch in ([disjoint], [twice], [disjoint, twice], []):
        expected = [
            shared_passages(a, b, seed=4, max_gap=3, min_words=12, keys_a=ka, keys_b=kb)
            for a, b, ka, kb in batch
        ]
        assert shared_passages_batch(batch, seed=4, max_gap=3, min_words=12) == expected
    [passages] = shared_passages_batch([twice], seed=4, max_gap=3, min_words=12)
    assert [(p.a_start, p.a_end, p.matched) for p in passages] == [(0, 30, 30)]
