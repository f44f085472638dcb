"""``cross_article_duplicate`` with worker processes finds what it finds in one process, in
the same order, on a few hundred generated articles: distinct stories, and copies of some
of them edited (words dropped or replaced, a new lead, printed inside a longer article)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from workbench.checks.base import Hit
from workbench.checks.corpus_runner import run_corpus_checks, run_distributed, split
from workbench.checks.cross_article import find_duplicates
from workbench.checks.registry import (
    REGISTRY,
    CorpusArticle,
    CorpusHit,
    Registry,
    register_corpus_check,
)
from workbench.checks.texts import ListTexts, LocalMapper
from workbench.cli import build_app

NAME = "cross_article_duplicate"


def corpus(sample: str, n: int = 320, seed: int = 7) -> list[CorpusArticle]:
    """``n`` articles: stories of words drawn from the sample article, a third of them
    reprinted with edits by another article."""
    rng = random.Random(seed)
    vocabulary = sorted(set(re.findall(r"\w+", sample)))
    stories: list[list[str]] = []
    out = []
    for k in range(n):
        if k < 2 * n // 3:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(40, 260))]
            stories.append(words)
        else:
            words = [
                rng.choice(vocabulary) if rng.random() < 0.04 else w
                for w in rng.choice(stories)
                if rng.random() > 0.03
            ]
            kind = rng.randrange(3)
            if kind == 1:  # a new lead
                words = [rng.choice(vocabulary) for _ in range(25)] + words
            elif kind == 2:  # inside a longer article
                words = words + [rng.choice(vocabulary) for _ in range(3 * len(words))]
        text = "، ".join(" ".join(words[p : p + 9]) for p in range(0, len(words), 9))
        published = date(2015, 7, 21 + k % 7)
        out.append(CorpusArticle(f"a{k:04d}", text, published, f"t{k}", "paper"))
    return out


def test_two_workers_find_what_one_finds(sample_path: Path) -> None:
    articles = corpus(sample_path.read_text(encoding="utf-8"))
    one = find_duplicates(articles, {}, workers=1)
    two = find_duplicates(articles, {}, workers=2)
    assert len(one.duplicates) >= 40  # the copies are found ...
    assert one.candidates > len(one.duplicates) // 2
    assert two.duplicates == one.duplicates and two.candidates == one.candidates
    selection = split([NAME], (), None)
    assert run_corpus_checks(articles, selection, workers=2) == run_corpus_checks(
        articles, selection, workers=1
    )


def test_check_command_writes_the_same_with_two_workers(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    rows = [
        {"id": a.key, "text": a.text, "date_extracted": a.published.isoformat()}
        for a in corpus(sample_path.read_text(encoding="utf-8"), seed=3)
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = []
    for workers in ("1", "2"):
        result = CliRunner().invoke(
            build_app(),
            ["check", str(path), "--only", NAME, "--format", "json", "--workers", workers],
        )
        assert result.exit_code == 0, result.output
        out.append(result.stdout)
    assert out[0] == out[1]
    findings = json.loads(out[0])["findings"]
    assert len(findings) >= 80 and {f["check"] for f in findings} == {NAME}


def test_distributed_run_finds_what_the_local_run_finds(sample_path: Path) -> None:
    """Articles without their texts, the texts in a source read batch by batch: the same
    findings as the articles in memory, for the check with a distributed form and for a
    corpus check without one (it is given every text)."""
    articles = corpus(sample_path.read_text(encoding="utf-8"), n=150, seed=5)
    reg = Registry()

    @register_corpus_check("first_words", "1", description="The opening words.", registry=reg)
    def first_words(items: Sequence[CorpusArticle], config: Mapping[str, Any]) -> Iterator[Any]:
        for a in items[:40]:
            yield CorpusHit(a.key, Hit(0, a.text.index(" "), "info", "first word"))

    reg.register_corpus(REGISTRY.corpus_checks()[0])
    selection = split(None, (), None, registry=reg)
    assert [s.name for s in selection.corpus] == ["cross_article_duplicate", "first_words"]
    bare = [replace(a, text="") for a in articles]
    local = run_corpus_checks(articles, selection, workers=1)
    distributed = run_distributed(
        bare, ListTexts([a.text for a in articles]), selection, LocalMapper()
    )
    assert distributed == local
    assert {f.check for fs in local.values() for f in fs} == {NAME, "first_words"}
    assert sum(len(fs) for fs in local.values()) >= 80
