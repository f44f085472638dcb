"""Dashboard benchmark: a synthetic store of 10,000 articles and 30,000 annotations in SQLite,
the app started as ``workbench dashboard`` would start it, and each page timed in Chromium
until an element that only that page shows is visible.

    uv run python benchmarks/bench_dashboard.py [--articles 10000] [--annotations 30000]
        [--db PATH] [--keep] [--rounds 3]

Prints one line per page and round (cold = first visit after start, warm = later visits)
and writes ``benchmarks/results/dashboard.json``. The data is deterministic (seeded).
Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LABELS = ("claim", "fact", "opinion", "duplicate")
CHECKS = (
    ("repeated_passage", "warning"),
    ("spelling_variant", "info"),
    ("weekday_date_mismatch", "warning"),
    ("numeric_conflict", "error"),
    ("repeated_word", "info"),
)
ANNOTATORS = tuple(f"annotator{i}@example.org" for i in range(1, 7))

#: page url path -> (css selector or text of an element only that page shows, how to load)
PAGES: dict[str, str] = {
    "overview": "[data-testid='stMetricLabel']:has-text('Open review items')",
    "agreement": "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
    "article": "div.wb-article mark",
    "review": "div.wb-item",
}


def generate(url: str, *, articles: int = 10_000, annotations: int = 30_000, seed: int = 7) -> None:
    """Fill the (migrated, empty) store at ``url`` with a deterministic synthetic corpus."""
    from workbench.arabic.segments import segments
    from workbench.arabic.stored import text_sha256
    from workbench.samples import sample_article_path
    from workbench.store.engine import make_engine, upgrade
    from workbench.store.models import (
        Annotation,
        Annotator,
        Article,
        Finding,
        Segment,
        Span,
    )

    rng = random.Random(seed)
    lines = sample_article_path().read_text(encoding="utf-8").split("\n")
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    per_article = max(1, round(annotations / max(articles, 1)))
    with engine.begin() as conn:
        conn.execute(
            insert(Annotator),
            [{"email": e, "name": e.split("@")[0]} for e in ANNOTATORS],
        )
        art_rows, seg_rows, ann_rows, span_rows, finding_rows = [], [], [], [], []
        texts: list[str] = []
        for n in range(articles):
            body = rng.sample(lines[1:], k=8)
            text = f"{lines[0]} ({n})\n" + "\n".join(body)
            texts.append(text)
            art_rows.append(
                {
                    "id": n + 1,
                    "external_id": f"art-{n:05d}",
                    "title": f"{lines[0][:40]} {n}",
                    "source": "synthetic",
                    "url": "",
                    "text": text,
                    "sha256": text_sha256(text),
                    "created_at": now,
                }
            )
            seg_rows.extend(
                {"article_id": n + 1, "idx": s.idx, "start": s.start, "end": s.end, "kind": s.kind}
                for s in segments(text)
            )
        conn.execute(insert(Article), art_rows)
        conn.execute(insert(Segment), seg_rows)
        ann_id = 0
        made = 0
        for n, text in enumerate(texts):
            aid = n + 1
            # a handful of "true" spans per article that annotators mostly agree on
            truth = []
            for _ in range(rng.randint(3, 6)):
                start = rng.randrange(0, max(1, len(text) - 120))
                truth.append((start, start + rng.randint(15, 110), rng.choice(LABELS)))
            who = rng.sample(range(len(ANNOTATORS)), k=min(per_article, len(ANNOTATORS)))
            for a in who:
                if made >= annotations:
                    break
                ann_id += 1
                made += 1
                ann_rows.append(
                    {
                        "id": ann_id,
                        "article_id": aid,
                        "annotator_id": a + 1,
                        "result_sha256": "",
                        "pulled_at": now,
                    }
                )
                for s, e, lab in truth:
                    if rng.random() < 0.15:
                        continue
                    if rng.random() < 0.2:
                        s, e = (
                            max(0, s + rng.randint(-5, 5)),
                            min(len(text), e + rng.randint(-5, 5)),
                        )
                    if rng.random() < 0.1:
                        lab = rng.choice(LABELS)
                    span_rows.append(
                        {
                            "annotation_id": ann_id,
                            "region_id": "",
                            "start": s,
                            "end": e,
                            "label": lab,
                            "text": text[s:e],
                            "verdict": rng.choice((None, "accurate", "misleading")),
                            "note": None,
                        }
                    )
            for k in range(rng.randint(0, 4)):
                check, severity = rng.choice(CHECKS)
                s = rng.randrange(0, max(1, len(text) - 60))
                e = s + rng.randint(5, 60)
                finding_rows.append(
                    {
                        "article_id": aid,
                        "check": check,
                        "version": "1",
                        "severity": severity,
                        "start": s,
                        "end": e,
                        "text": text[s:e],
                        "related": [],
                        "message": f"synthetic {check} finding",
                        "evidence": {},
                        "fingerprint": f"{aid}-{k}-{check}",
                        "status": "open",
                        "first_seen": now,
                        "last_seen": now,
                    }
                )
        conn.execute(insert(Annotation), ann_rows)
        for i in range(0, len(span_rows), 20_000):
            conn.execute(insert(Span), span_rows[i : i + 20_000])
        conn.execute(insert(Finding), finding_rows)
    # what the last pull (or ingest, check) leaves behind: the stored agreement report and
    # overview counts a freshly started dashboard reads
    from workbench.config import load_settings
    from workbench.summary import refresh

    refresh(engine, target=load_settings().annotators_per_task)
    engine.dispose()
    print(
        f"generated {articles} articles, {len(ann_rows)} annotations, {len(span_rows)} spans, "
        f"{len(finding_rows)} findings",
        file=sys.stderr,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_dashboard(url: str, port: int) -> subprocess.Popen[bytes]:
    """``workbench dashboard`` on a loopback port; returns once the health check answers."""
    env = {**os.environ, "WORKBENCH_DATABASE_URL": url}
    cli = Path(sys.executable).with_name("workbench")
    log = (RESULTS / "dashboard.log").open("wb")  # a file: a full pipe would block the app
    proc = subprocess.Popen(
        [str(cli), "--db", url, "dashboard", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_healthy(port, proc)
    return proc


def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = (RESULTS / "dashboard.log").read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"dashboard exited: {err[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("dashboard did not become healthy")


NAV_TITLES = {
    "overview": "Overview",
    "agreement": "Agreement",
    "article": "Article",
    "review": "Review queue",
}


def _wait(page: Any, name: str) -> None:
    page.locator(f"div.wb-page-end[data-page='{name}']").wait_for(state="attached", timeout=120_000)
    page.locator(PAGES[name]).first.wait_for(state="visible", timeout=60_000)


def time_pages(
    port: int, rounds: int, article: str, profile: Path | None = None
) -> list[dict[str, Any]]:
    """Each page, each round: a full load (``goto``, a new session) and, from another page,
    a click in the navigation bar (how an editor moves between pages).

    ``profile``: a Chromium profile folder kept between runs (its HTTP cache holds the
    dashboard's hashed script bundles once it has visited a server, as an editor's browser
    does); without it, a new empty profile (nothing cached)."""
    from playwright.sync_api import sync_playwright

    out = []
    base = f"http://127.0.0.1:{port}"
    viewport = {"width": 1400, "height": 2000}
    with sync_playwright() as p:
        if profile is None:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=viewport)
        else:
            browser = p.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=viewport
            )
            page = browser.new_page()
        for rnd in range(rounds):
            for name in PAGES:
                path = "" if name == "overview" else name
                query = f"?article={article}" if name == "article" else ""
                t0 = time.perf_counter()
                page.goto(f"{base}/{path}{query}")
                _wait(page, name)
                seconds = time.perf_counter() - t0
                out.append(
                    {"page": name, "how": "load", "round": rnd + 1, "seconds": round(seconds, 3)}
                )
                print(f"{name:10s} load     round {rnd + 1}: {seconds:6.2f} s", flush=True)
            for name in PAGES:
                t0 = time.perf_counter()
                page.locator(
                    "[data-testid='stTopNavLink']", has_text=NAV_TITLES[name]
                ).first.click()
                _wait(page, name)
                seconds = time.perf_counter() - t0
                out.append(
                    {
                        "page": name,
                        "how": "navigate",
                        "round": rnd + 1,
                        "seconds": round(seconds, 3),
                    }
                )
                print(f"{name:10s} navigate round {rnd + 1}: {seconds:6.2f} s", flush=True)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--annotations", type=int, default=30_000)
    ap.add_argument("--db", type=Path, default=RESULTS / "bench-dashboard.db")
    ap.add_argument("--keep", action="store_true", help="reuse --db if it exists")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"skipped: {CHROMIUM} not found (apt-get install -y chromium)", file=sys.stderr)
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    db = args.db.resolve()
    url = f"sqlite:///{db}"
    if not (args.keep and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        t0 = time.perf_counter()
        generate(url, articles=args.articles, annotations=args.annotations)
        print(f"generation: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    port = free_port()
    t0 = time.perf_counter()
    proc = start_dashboard(url, port)
    startup = time.perf_counter() - t0
    try:
        timings = time_pages(port, args.rounds, "art-00000")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    warm = [t["seconds"] for t in timings if t["round"] > 1]
    worst = (
        {
            how: {
                name: max(
                    t["seconds"]
                    for t in timings
                    if t["page"] == name and t["how"] == how and t["round"] > 1
                )
                for name in PAGES
            }
            for how in ("load", "navigate")
        }
        if args.rounds > 1
        else {}
    )
    summary = {
        "articles": args.articles,
        "annotations": args.annotations,
        "startup_seconds": round(startup, 2),
        "timings": timings,
        "worst_warm_seconds": max(warm) if warm else None,
        "worst_warm_by_page": worst,
    }
    (RESULTS / "dashboard.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"startup {startup:.1f} s; worst warm page {summary['worst_warm_seconds']} s")
    for how, pages in worst.items():
        print(f"  {how:8s} " + ", ".join(f"{k} {v:.2f} s" for k, v in pages.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _process_usage(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MB of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    hwm = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    return cpu, hwm


def first_visits(url: str, profile: Path | None = None) -> dict[str, Any]:
    """A freshly started server, each page visited once in Chromium: the slowest page's
    seconds (from start of the visit to its last element), the server's CPU (its start
    included) and memory, and the seconds from its start until its health check answered.
    ``profile``: as in ``time_pages`` (a returning browser when it has been used before)."""
    port = free_port()
    t0 = time.perf_counter()
    proc = start_dashboard(url, port)
    startup = time.perf_counter() - t0  # until the health check answers (data loaded)
    try:
        timings = time_pages(port, 1, "art-00000", profile)
        cpu, rss = _process_usage(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
    cold = [t for t in timings if t["how"] == "load"]
    worst = max(cold, key=lambda t: t["seconds"])
    return {
        "wall_s": worst["seconds"],
        "cpu_s": cpu,
        "peak_rss_mb": rss,
        "page": worst["page"],
        "startup_s": startup,
        "pages": {t["page"]: t["seconds"] for t in cold},
    }


def summary_rows(articles: int = 10_000, annotations: int = 30_000) -> list[dict[str, Any]]:
    """``make bench``: first visit of every page on a fresh server over a store the last
    pull left (stored report and counts), by a new browser (nothing cached) and by a
    returning one (its HTTP cache kept from a visit to an earlier server, as an editor's
    browser has it); the baseline: a new browser with nothing stored. One unmeasured visit
    first, so that every measured one finds the program files in the OS cache alike."""
    import tempfile

    from sqlalchemy import text

    from benchmarks.common import summary_row
    from workbench.store.engine import make_engine

    if not Path(CHROMIUM).exists():
        return []
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'dash.db'}"
        generate(url, articles=articles, annotations=annotations)
        # Once before measuring, with a profile then thrown away: the first start of the
        # server and of Chromium after an install reads their files from disk (0.5-1 s more
        # on the first page measured here), which is the machine's first start, not the server's.
        first_visits(url, Path(tmp) / "warm-up-profile")
        profile = Path(tmp) / "chromium-profile"
        figure = first_visits(url, profile)  # an empty profile: a new browser
        returning = first_visits(url, profile)  # the same profile, another fresh server
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM state WHERE key LIKE 'cache:%'"))
        engine.dispose()
        base = first_visits(url)

    def pages(fig: dict[str, Any]) -> str:
        return " / ".join(f"{k} {v:.2f}" for k, v in fig["pages"].items())

    return [
        summary_row(
            f"dashboard first visit, slowest page ({articles:,} articles), new browser",
            figure=figure,
            target_s=2.0,
            baseline=base,
            baseline_name="nothing stored: computed at start",
            note=f"pages s: {pages(figure)}; CPU (start included) and memory of the server; "
            f"start {figure['startup_s']:.1f} s (baseline {base['startup_s']:.1f} s)",
        ),
        summary_row(
            f"dashboard first visit, slowest page ({articles:,} articles), returning browser",
            figure=returning,
            target_s=2.0,
            baseline=base,
            baseline_name="nothing stored, new browser",
            note=f"pages s: {pages(returning)}; the browser's cache kept from an earlier "
            f"server; start {returning['startup_s']:.1f} s",
        ),
    ]
