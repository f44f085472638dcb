"""``make bench``: one table with every main job's row, written to ``results/bench.json``.

Each ``bench_*.py`` that defines ``summary_rows()`` is run in its own process; its rows
(dicts made by :func:`benchmarks.common.summary_row`: job, wall and CPU seconds, target,
a baseline measured in the same run, peak resident memory) are collected into one table:
check (``bench_check_cli``: one worker and two), agree, export, dashboard first visit,
ingest and pull. ``ratio`` is the baseline's wall time over the job's (how many times
faster). ``python -m benchmarks agree export`` runs only the named ones. The detailed
tables of each benchmark stay with ``python -m benchmarks.bench_<name>``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

from benchmarks.common import ROOT, print_table

RESULTS = ROOT / "benchmarks" / "results"
#: In the table's order.
BENCHES = (
    "bench_check_cli",
    "bench_agreement",
    "bench_export",
    "bench_dashboard",
    "bench_ingest",
    "bench_labelstudio",
)
MARK = "BENCH-ROWS "
CHILD = (
    "import importlib, json, sys\n"
    "m = importlib.import_module('benchmarks.' + sys.argv[1])\n"
    "fn = getattr(m, 'summary_rows', None)\n"
    f"print({MARK!r} + json.dumps(fn() if fn else None), flush=True)\n"
)


def run_one(name: str) -> list[dict[str, Any]]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, name], cwd=ROOT, capture_output=True, text=True
    )
    took = time.perf_counter() - t0
    found = [line[len(MARK) :] for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not found:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"{name}: failed after {took:.0f} s: {last}", file=sys.stderr, flush=True)
        return [{"job": name, "error": last[:200]}]
    rows = json.loads(found[0])
    if rows is None:
        print(f"{name}: no summary_rows(); run it alone for its table", flush=True)
        return []
    print(f"{name}: {len(rows)} row(s) in {took:.0f} s", flush=True)
    return rows


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    out = []
    for r in rows:
        if "error" in r:
            out.append([r["job"], "failed", "", "", "", "", "", r["error"]])
            continue
        ratio = (
            f"{r['baseline_wall_s'] / r['wall_s']:.1f}x"
            if r.get("baseline_wall_s") and r["wall_s"]
            else "—"
        )
        base = (
            f"{r['baseline']}: {r['baseline_wall_s']:.2f} s wall, {r['baseline_cpu_s']:.2f} s CPU"
            if r.get("baseline_wall_s") is not None
            else "—"
        )
        out.append(
            [
                r["job"],
                _fmt(r["wall_s"]),
                _fmt(r["cpu_s"]),
                _fmt(r["target_s"], 1),
                ratio,
                f"{r['peak_rss_mb']:,}",
                base,
                r.get("note", ""),
            ]
        )
    return out


HEADERS = ["job", "wall s", "CPU s", "target s", "ratio", "peak MB", "baseline", "note"]


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def main(argv: list[str]) -> int:
    names = [b for b in BENCHES if not argv or any(a in b for a in argv)]
    started = datetime.now(UTC)
    load_before = os.getloadavg()[0]
    rows: list[dict[str, Any]] = []
    for name in names:
        print(f"=== {name}", flush=True)
        rows += run_one(name)
    info = machine()
    info["load_average_at_start"] = round(load_before, 1)
    print()
    print_table(table_rows(rows), HEADERS)
    print(
        f"\n{info['cpus']} CPUs, load average {load_before:.1f} at start and "
        f"{info['load_average'][0]:.1f} at the end (wall time includes waiting for a CPU)"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"started": started.isoformat(timespec="seconds"), "machine": info, "rows": rows}
    (RESULTS / "bench.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"written: {(RESULTS / 'bench.json').relative_to(ROOT)}")
    return 0 if all("error" not in r for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
