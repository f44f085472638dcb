"""Ingest the whole shared SaudiNewsNet corpus into a fresh SQLite file, on one core.

Prints articles per second and peak memory. Target: the whole corpus in under a minute.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import corpus_files, peak_rss_mb, print_table, summary_row
from workbench.ingest import ingest_paths
from workbench.store import open_store


def main() -> None:
    files = corpus_files()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0 = time.perf_counter()
        report = ingest_paths(engine, files)
        seconds = time.perf_counter() - t0
        chars = sum(a["chars"] for a in report.articles)
        t1 = time.perf_counter()
        again = ingest_paths(engine, files)
        seconds_again = time.perf_counter() - t1
    rows = [
        [
            "first ingest",
            report.created,
            report.unchanged,
            len(report.failed),
            f"{seconds:.1f}",
            f"{(report.created + report.unchanged) / seconds:,.0f}",
            f"{chars / seconds / 1e6:.2f}",
        ],
        [
            "re-ingest",
            again.created,
            again.unchanged,
            len(again.failed),
            f"{seconds_again:.1f}",
            f"{(again.created + again.unchanged) / seconds_again:,.0f}",
            "",
        ],
    ]
    print_table(
        rows, ["run", "created", "unchanged", "failed", "seconds", "records/s", "M chars/s"]
    )
    print(f"peak RSS {peak_rss_mb():.0f} MB; failed records are empty-content rows of the corpus")


if __name__ == "__main__":
    main()


def summary_rows() -> list[dict[str, Any]]:
    """``make bench``: the whole corpus into a fresh SQLite file, in this process."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0, c0 = time.perf_counter(), time.process_time()
        report = ingest_paths(engine, corpus_files())
        figure = {
            "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - c0,
            "peak_rss_mb": peak_rss_mb(),
        }
    n = report.created + report.unchanged
    return [
        summary_row(
            f"ingest ({n:,} SaudiNewsNet articles)",
            figure=figure,
            target_s=60.0,
            note=f"{n / figure['wall_s']:,.0f} articles/s",
        )
    ]
