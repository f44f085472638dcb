"""Shared helpers for the benchmark scripts."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from pathlib import Path
from typing import Any

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


def run_measured(
    cmd: list[str], *, env: dict[str, str] | None = None, stdout: Any = None, cwd: Path = ROOT
) -> dict[str, float]:
    """Run ``cmd`` to its end; its wall seconds, CPU seconds (user + system) and peak
    resident memory (MB), from the kernel's accounting of that one process (``wait4``)."""
    out = subprocess.DEVNULL if stdout is None else stdout
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.PIPE, cwd=cwd)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {err[-2000:]!r}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def summary_row(
    job: str,
    *,
    figure: dict[str, float],
    target_s: float | None,
    baseline: dict[str, float] | None = None,
    baseline_name: str = "",
    note: str = "",
) -> dict[str, Any]:
    """One row of ``make bench``'s table (see ``benchmarks/__main__.py``)."""
    return {
        "job": job,
        "wall_s": round(figure["wall_s"], 2),
        "cpu_s": round(figure["cpu_s"], 2),
        "target_s": target_s,
        "baseline": baseline_name,
        "baseline_wall_s": round(baseline["wall_s"], 2) if baseline else None,
        "baseline_cpu_s": round(baseline["cpu_s"], 2) if baseline else None,
        "peak_rss_mb": round(figure.get("peak_rss_mb", 0.0)),
        "note": note,
    }
