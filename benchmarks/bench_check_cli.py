"""``workbench check FILE.jsonl --format json > file`` end to end, as a user runs it (not a test).

    uv run python -m benchmarks.bench_check_cli [--limit N] [--workers 1 2] [--baseline-articles 100]

Writes the non-empty articles of the SaudiNewsNet corpus to one JSONL file (``content`` and
``date_extracted`` of each), then runs the command as a subprocess for each ``--workers``
value: process start to exit, output written to a file. Each row gives the wall seconds, the
CPU seconds (user + system, of the command and its worker processes), the peak resident memory
of its largest process and the articles per second. The baseline row is a naive all-pairs
difflib pass over the passages of the first ``--baseline-articles`` articles (CPU seconds,
extrapolated to the corpus by its number of passage pairs); the last column of each run is
that baseline's seconds over the run's seconds. On a shared machine compare the CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, corpus_files, print_table

HEADERS = ["run", "articles", "wall s", "cpu s", "peak RSS MB", "articles/s (wall)", "x naive"]


def write_corpus(path: Path, limit: int | None) -> int:
    """The corpus as JSONL, empty articles left out; returns the number of articles."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for zpath in corpus_files():
            with zipfile.ZipFile(zpath) as zf:
                for name in sorted(zf.namelist()):
                    for item in json.loads(zf.read(name)):
                        if not (item.get("content") or "").strip():
                            continue
                        if limit is not None and n >= limit:
                            return n
                        row = {
                            "id": f"{zpath.stem}#{n}",
                            "content": item["content"],
                            "date_extracted": item.get("date_extracted") or "",
                        }
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                        n += 1
    return n


def run_command(args: list[str], output: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak RSS (MB) of one command, its children included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with output.open("wb") as out:
        subprocess.run(args, stdout=out, check=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def naive_baseline(path: Path, articles: int) -> tuple[float, int, int]:
    """CPU seconds of naive all-pairs difflib on the first ``articles`` articles, their
    passage pairs, and the passage pairs of the whole file."""
    from benchmarks.bench_checks import naive_pairs, passage_pairs
    from workbench.checks.base import ArticleInput
    from workbench.checks.repeated_passage import DEFAULTS

    min_words = int(DEFAULTS["min_words"])
    seconds, subset_pairs, total_pairs = 0.0, 0, 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            article = ArticleInput(json.loads(line)["content"])
            if n < articles:
                c = time.process_time()
                pairs, _ = naive_pairs(article, min_words)
                seconds += time.process_time() - c
                subset_pairs += pairs
                total_pairs += pairs
            else:
                total_pairs += passage_pairs(article, min_words)
    return seconds, subset_pairs, total_pairs


def run(
    limit: int | None = None, workers: tuple[int, ...] = (1, 2), baseline_articles: int = 100
) -> tuple[list[list[object]], list[str]]:
    """The benchmark's rows and headers (what ``main`` prints)."""
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        n = write_corpus(corpus, limit)
        naive_s, subset_pairs, total_pairs = naive_baseline(corpus, baseline_articles)
        naive_corpus = naive_s / max(subset_pairs, 1) * total_pairs
        exe = Path(sys.executable).with_name("workbench")
        for w in workers:
            args = [str(exe), "check", str(corpus), "--format", "json", "--workers", str(w)]
            wall, cpu, rss = run_command(args, Path(tmp) / f"findings-{w}.json")
            rows.append(
                [
                    f"check --format json --workers {w}",
                    n,
                    f"{wall:.1f}",
                    f"{cpu:.1f}",
                    f"{rss:.0f}",
                    f"{n / wall:,.0f}",
                    f"{naive_corpus / wall:.0f}x wall, {naive_corpus / cpu:.0f}x cpu",
                ]
            )
        rows.append(
            [
                f"naive all-pairs difflib ({baseline_articles} articles, extrapolated)",
                n,
                "",
                f"{naive_corpus:.0f}",
                "",
                "",
                "1x",
            ]
        )
    return rows, HEADERS


#: The issue's targets, wall seconds: one process, and two worker processes.
TARGETS = {1: 8.0, 2: 5.0}


def summary_rows(limit: int | None = None, baseline_articles: int = 100) -> list[dict[str, Any]]:
    """``make bench``: the command with one worker and with two, each a process of its own
    (its worker processes counted), against the naive all-pairs difflib pass measured in the
    same run on the first ``baseline_articles`` articles and extrapolated to the corpus."""
    from benchmarks.common import run_measured, summary_row

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        n = write_corpus(corpus, limit)
        if n == 0:
            raise RuntimeError("no corpus: ../shared/corpora/saudinewsnet is needed")
        naive_s, subset_pairs, total_pairs = naive_baseline(corpus, baseline_articles)
        naive = naive_s / max(subset_pairs, 1) * total_pairs
        exe = str(Path(sys.executable).with_name("workbench"))
        for w, target in TARGETS.items():
            with (Path(tmp) / f"findings-{w}.json").open("wb") as output:
                figure = run_measured(
                    [exe, "check", str(corpus), "--format", "json", "--workers", str(w)],
                    stdout=output,
                )
            out.append(
                summary_row(
                    f"check FILE.jsonl --format json --workers {w} ({n:,} articles)",
                    figure=figure,
                    target_s=target,
                    baseline={"wall_s": naive, "cpu_s": naive},
                    baseline_name=f"naive difflib, {baseline_articles} articles extrapolated",
                    note=f"{n / figure['wall_s']:,.0f} articles/s",
                )
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--baseline-articles", type=int, default=100)
    args = parser.parse_args()
    rows, headers = run(args.limit, tuple(args.workers), args.baseline_articles)
    print_table(rows, headers)
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: on a shared machine "
        "the wall seconds include waiting for a CPU; the CPU seconds do not"
    )


if __name__ == "__main__":
    main()
