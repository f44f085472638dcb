"""Benchmark of the cross-article duplicate check over the SaudiNewsNet corpus (not a test).

    uv run python -m benchmarks.bench_cross_article [--scales 1,2,4,8] [--limit N]

For each scale m the corpus is repeated m times: the first copy as it is, every other copy
perturbed. In copy c every word takes a suffix of its own (so a copy is a new corpus of
the same size and shape, not a reprint of the first: its stories are duplicates of each
other exactly where the first copy's are) and about one word in 25 is dropped or replaced.
Each scale runs in its own process, in one process (``--workers`` to use more), and prints
wall and CPU seconds of the check (corpus already in memory), split into the candidate step
(shingles, MinHash signatures, LSH buckets) and the alignment of the candidate pairs, the
candidates and duplicates found, and the peak resident memory. Both steps, the pairs and
the memory grow linearly with the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import CORPUS, ROOT, peak_rss_mb, print_table
from workbench.checks.cross_article import find_duplicates
from workbench.checks.registry import CorpusArticle
from workbench.records import Record, iter_records


def corpus_files() -> list[Path]:
    """The corpus beside the checkout (``../shared``) or beside the directory of worktrees."""
    for folder in (CORPUS, ROOT.parents[1] / "shared" / "corpora" / "saudinewsnet"):
        if files := sorted(folder.glob("*.zip")):
            return files
    raise SystemExit(f"benchmark needs the corpus in {CORPUS}")


def load(limit: int | None) -> list[CorpusArticle]:
    out = []
    for item in iter_records(corpus_files(), max_chars=1_000_000):
        if isinstance(item, Record):
            out.append(
                CorpusArticle(item.external_id, item.text, item.published, item.title, item.source)
            )
            if limit and len(out) >= limit:
                break
    return out


#: Letters of the suffix that makes copy ``c``'s words its own.
_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def suffix(copy: int) -> str:
    out = ""
    while True:
        copy, r = divmod(copy, len(_LETTERS))
        out += _LETTERS[r]
        if not copy:
            return out


def perturb(text: str, rng: random.Random, copy: int) -> str:
    """Every word of ``text`` with the copy's suffix; about one word in 25 dropped or
    replaced by another word of the text."""
    mark = suffix(copy)
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.02:
            continue
        out.append(rng.choice(words) if r < 0.04 else w)
    return re.sub(r"(\w+)", lambda m: m.group(1) + mark, " ".join(out))


def one_scale(scale: int, limit: int | None, workers: int = 1) -> dict[str, float]:
    base = load(limit)
    rng = random.Random(scale)
    corpus = list(base)
    for copy in range(1, scale):
        corpus.extend(
            CorpusArticle(
                f"{a.key}~{copy}", perturb(a.text, rng, copy), a.published, a.title, a.source
            )
            for a in base
        )
    t0, c0 = time.perf_counter(), time.process_time()
    result = find_duplicates(corpus, {}, workers=workers)
    return {
        "scale": scale,
        "articles": len(corpus),
        "chars": sum(len(a.text) for a in corpus),
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "workers": workers,
        "candidates_cpu_s": result.seconds["candidates"],
        "align_cpu_s": result.seconds["align"],
        "candidates": result.candidates,
        "duplicates": len(result.duplicates),
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,2,4,8")
    parser.add_argument("--limit", type=int, default=None, help="Articles of the corpus used.")
    parser.add_argument("--workers", type=int, default=1, help="Processes of the check.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the rows here.")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_scale(args.one, args.limit, args.workers)))
        return 0
    results = []
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        cmd = [sys.executable, "-m", "benchmarks.bench_cross_article", "--one", str(scale)]
        cmd += ["--workers", str(args.workers)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        rows.append(
            [
                f"{r['scale']}x",
                r["articles"],
                f"{r['chars'] / 1e6:.1f} M",
                f"{r['wall_s']:.1f}",
                f"{r['cpu_s']:.1f}",
                f"{r['candidates_cpu_s']:.1f}",
                f"{r['align_cpu_s']:.1f}",
                r["candidates"],
                r["duplicates"],
                f"{r['peak_rss_mb']:.0f}",
            ]
        )
        print("  " + "  ".join(str(c) for c in rows[-1]), flush=True)
    print_table(
        rows,
        [
            "scale",
            "articles",
            "chars",
            "wall s",
            "cpu s",
            "candidates cpu s",
            "align cpu s",
            "candidate pairs",
            "duplicates",
            "peak RSS MB",
        ],
    )
    print(
        "(wall and CPU of the check alone, corpus in memory, CPU of this process only; "
        "the machine may be shared)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
