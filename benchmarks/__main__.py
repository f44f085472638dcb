"""Run every ``bench_*.py`` in its own process and print a summary table."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, print_table


def main(argv: list[str]) -> int:
    scripts = sorted(Path(__file__).parent.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(a in s.stem for a in argv)]
    rows = []
    for script in scripts:
        print(f"\n=== {script.stem}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, "-m", f"benchmarks.{script.stem}"], cwd=ROOT)
        rows.append(
            [script.stem, "ok" if rc == 0 else f"exit {rc}", f"{time.perf_counter() - t0:.1f}"]
        )
    print()
    print_table(rows, ["benchmark", "status", "wall s"])
    return 0 if all(r[1] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
