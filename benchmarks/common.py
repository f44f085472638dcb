"""Shared helpers for the benchmark scripts."""

from __future__ import annotations

import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus_dir() -> Path:
    """``WORKBENCH_CORPUS``, else ``shared/corpora/saudinewsnet`` beside the checkout or beside
    one of its parents (a git worktree sits a level deeper than the main checkout)."""
    if os.environ.get("WORKBENCH_CORPUS"):
        return Path(os.environ["WORKBENCH_CORPUS"])
    for parent in ROOT.parents:
        candidate = parent / "shared" / "corpora" / "saudinewsnet"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "corpora" / "saudinewsnet"


#: The SaudiNewsNet subset (kept outside the project, never committed).
CORPUS = _corpus_dir()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.zip"))
    if not files:
        raise SystemExit(f"benchmark needs the corpus in {CORPUS}")
    return files


def print_table(rows: list[list[object]], headers: list[str]) -> None:
    cells = [headers] + [[str(c) for c in r] for r in rows]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
