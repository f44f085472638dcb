"""Benchmark of every registered check over the SaudiNewsNet corpus (not a test).

    uv run python -m benchmarks.bench_checks [--limit N] [--baseline-articles 300]

The corpus is read once. Then one pass over the articles: for each article the shared views
(normalised text, tokens, words, sentences, paragraphs) are built and timed, each as a
``prepare`` row, and each check is timed on its own on those views. Prints one table
(seconds, findings by severity, share of the total), the peak resident memory, and a naive
baseline for repeated passages: difflib on every pair of passages, no candidate filter, timed on the first
``--baseline-articles`` articles and extrapolated to the corpus by its number of passage pairs
(said in the table), with the ratio to ``repeated_passage`` (both timed on views built
beforehand, so the ratio compares the passage matching alone).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from benchmarks.common import corpus_files, peak_rss_mb, print_table
from workbench.checks.base import ArticleInput
from workbench.checks.registry import REGISTRY
from workbench.checks.repeated_passage import DEFAULTS as PASSAGE_DEFAULTS
from workbench.checks.repeated_passage import _units
from workbench.checks.runner import run_check, settings_for


@dataclass(frozen=True)
class Doc:
    text: str
    published: date | None


def load(limit: int | None) -> list[Doc]:
    docs: list[Doc] = []
    for path in corpus_files():
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                for item in json.loads(zf.read(name)):
                    text = item.get("content") or ""
                    stamp = (item.get("date_extracted") or "")[:10]
                    try:
                        published = date.fromisoformat(stamp)
                    except ValueError:
                        published = None
                    docs.append(Doc(text, published))
    return docs[:limit] if limit else docs


#: The views the checks read (``token_starts`` builds the token arrays; the checks no longer
#: read ``tokens``, a list of objects built only on demand).
VIEWS = ("normalized", "token_starts", "words", "sentences", "paragraphs")


def prepare(article: ArticleInput, seconds: dict[str, list[float]] | None = None) -> None:
    """Build the views the checks share, timing each one into ``seconds``."""
    for view in VIEWS:
        w, c = time.perf_counter(), time.process_time()
        getattr(article, view)
        if seconds is not None:
            acc = seconds[f"(prepare: {view})"]
            acc[0] += time.perf_counter() - w
            acc[1] += time.process_time() - c


def naive_pairs(article: ArticleInput, min_words: int) -> tuple[int, float]:
    """Every pair of passages through difflib, as one would without candidates: the number
    of pairs and the seconds spent diffing them (the passages are cut before the clock)."""
    units = _units(article, min_words)
    n = 0
    t = time.perf_counter()
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            if a.end <= b.start:
                SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()
                n += 1
    return n, time.perf_counter() - t


def passage_pairs(article: ArticleInput, min_words: int) -> int:
    units = _units(article, min_words)
    return sum(1 for i, a in enumerate(units) for b in units[i + 1 :] if a.end <= b.start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--baseline-articles", type=int, default=300)
    args = parser.parse_args()

    t0 = time.perf_counter()
    docs = load(args.limit)
    load_s = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    specs = REGISTRY.all()
    settings = {s.name: settings_for(s, None) for s in specs}
    #: name -> [wall seconds, CPU seconds of this process]
    seconds: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    found: dict[str, Counter[str]] = defaultdict(Counter)
    min_words = int(PASSAGE_DEFAULTS["min_words"])
    total_pairs = 0

    for doc in docs:
        article = ArticleInput(doc.text, published=doc.published)
        prepare(article, seconds)
        for spec in specs:
            w, c = time.perf_counter(), time.process_time()
            findings = run_check(spec, article, settings[spec.name])
            seconds[spec.name][0] += time.perf_counter() - w
            seconds[spec.name][1] += time.process_time() - c
            found[spec.name].update(f.severity for f in findings)
        total_pairs += passage_pairs(article, min_words)

    # The baseline and the check on the same subset, both on views built beforehand.
    subset = docs[: args.baseline_articles]
    runs = [naive_pairs(ArticleInput(d.text), min_words) for d in subset]
    subset_pairs, naive_s = sum(n for n, _ in runs), sum(s for _, s in runs)
    passage = REGISTRY.get("repeated_passage")
    check_subset_s = 0.0
    for d in subset:
        a = ArticleInput(d.text)
        prepare(a)
        t = time.perf_counter()
        run_check(passage, a, settings["repeated_passage"])
        check_subset_s += time.perf_counter() - t
    naive_corpus_s = naive_s / max(subset_pairs, 1) * total_pairs

    wall = sum(s[0] for s in seconds.values())
    cpu = sum(s[1] for s in seconds.values())
    rows = [
        [
            name,
            f"{s[0]:.2f}",
            f"{s[1]:.2f}",
            found[name]["warning"],
            found[name]["info"],
            found[name]["error"],
            f"{100 * s[1] / cpu:.0f}%",
        ]
        for name, s in sorted(seconds.items())
    ]
    rows.append(
        [
            "all checks (incl. prepare)",
            f"{wall:.2f}",
            f"{cpu:.2f}",
            sum(c["warning"] for c in found.values()),
            sum(c["info"] for c in found.values()),
            sum(c["error"] for c in found.values()),
            "100%",
        ]
    )
    print(f"{len(docs):,} articles, {chars / 1e6:.1f} M characters, read in {load_s:.1f} s")
    print_table(rows, ["check", "wall s", "cpu s", "warning", "info", "error", "share (cpu)"])
    print(
        f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(cpu s is this process's own time; wall s includes waiting for a shared CPU)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    print()
    print_table(
        [
            [
                "naive all-pairs difflib",
                f"{len(subset)} articles",
                f"{subset_pairs:,}",
                f"{naive_s:.2f}",
                f"{naive_corpus_s:.0f} (extrapolated by pairs)",
            ],
            [
                "repeated_passage",
                f"{len(subset)} articles",
                "-",
                f"{check_subset_s:.2f}",
                f"{seconds['repeated_passage'][0]:.2f} (measured)",
            ],
            [
                "ratio naive / check",
                "",
                "",
                f"{naive_s / max(check_subset_s, 1e-9):.0f}x",
                f"{naive_corpus_s / max(seconds['repeated_passage'][0], 1e-9):.0f}x",
            ],
        ],
        ["repeated passages", "subset", "pairs", "subset s", f"corpus s ({total_pairs:,} pairs)"],
    )


if __name__ == "__main__":
    main()
