"""Benchmark of the export (seeded, not a test).

    uv run python -m benchmarks.bench_export [--articles 10000] [--spans 1000000]

Builds the data **in memory** (no database): ``--articles`` synthetic Arabic articles of about
3,000 characters, each annotated by three annotators, ``--spans`` spans in all (about 85% of
spans marked identically by all three, the rest disagreements). Then times, in one process:

- *plan*: agreement report (``workbench.agreement``), adjudication of the gold of every
  article, and building the export records of both scopes (``workbench.export.plan``);
- *jsonl* and *conll*: writing each format for the gold and the annotators scope to a
  temporary directory (the store read is not timed: it is the store's, not the exporters').

Prints one table with the wall and CPU seconds of each part (on a busy machine the CPU
seconds are the fairer figure), the total, the file sizes and the peak
resident memory of the process (data included). Target: under 30 s and 2 GB.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import peak_rss_mb, print_table
from workbench.export import plan
from workbench.exporters.model import ANNOTATORS, GOLD
from workbench.exporters.registry import REGISTRY
from workbench.store.annotations import AnnotationOut, SpanOut

WORDS = (
    "قال",
    "الوزير",
    "إن",
    "نحو",
    "150",
    "عنصرًا",
    "من",
    "عناصر",
    "التنظيم",
    "سلموا",
    "أنفسهم",
    "لقوات",
    "سوريا",
    "الديمقراطية",
    "خلال",
    "الـ48",
    "ساعة",
    "الماضية",
    "بعد",
    "مفاوضات",
    "وتنسيق",
    "بين",
    "الطرفين",
    "وخلفت",
    "المعارك",
    "آلاف",
    "القتلى",
    "1,168",
)
PUNCT = ("،", ".", "؟", ":", "«", "»")
LABELS = ("fact", "claim", "duplicate", "opinion")
ANNOTATOR_NAMES = ("amal@example.org", "badr@example.org", "huda@example.org")


@dataclass(frozen=True)
class Source:
    """What ``plan`` reads of an article (the store's ``SourceArticle`` shape)."""

    external_id: str
    title: str
    source: str
    url: str
    published: str
    text: str
    annotations: tuple[AnnotationOut, ...]
    decisions: dict
    findings: tuple = ()


def make_text(rng: random.Random, chars: int) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    pos = 0
    while pos < chars:
        w = rng.choice(WORDS)
        words.append((pos, pos + len(w)))
        parts.append(w)
        pos += len(w)
        r = rng.random()
        sep = f"{rng.choice(PUNCT)} " if r < 0.08 else ("\n" if r < 0.09 else " ")
        parts.append(sep)
        pos += len(sep)
    return "".join(parts), words


def build(n_articles: int, n_spans: int, seed: int = 7) -> list[Source]:
    rng = random.Random(seed)
    per_article = n_spans // n_articles  # spans of all annotators together
    shared = round(per_article * 0.85 / len(ANNOTATOR_NAMES))
    sid = 0
    out = []
    for i in range(n_articles):
        text, words = make_text(rng, 3000)
        step = max(1, len(words) // (per_article // len(ANNOTATOR_NAMES) + 2))
        slots = [words[j] for j in range(0, len(words) - 3, step)]
        agreed = [
            (
                s,
                words[min(len(words) - 1, words.index(s) + rng.randint(0, 2))][1],
                rng.choice(LABELS),
            )
            for s in (slot for slot in slots[:shared])
        ]
        agreed = [(s[0], e, lab) for s, e, lab in agreed]
        anns = []
        left = per_article - shared * len(ANNOTATOR_NAMES)
        for k, name in enumerate(ANNOTATOR_NAMES):
            own = list(agreed)
            extra = left // len(ANNOTATOR_NAMES) + (1 if k < left % len(ANNOTATOR_NAMES) else 0)
            for s in slots[shared : shared + extra]:
                own.append((s[0] + (1 if rng.random() < 0.1 else 0), s[1], rng.choice(LABELS)))
            spans = []
            for start, end, lab in sorted(own):
                sid += 1
                spans.append(
                    SpanOut(
                        sid,
                        start,
                        end,
                        lab,
                        text[start:end],
                        rng.choice(("true", "false", None)),
                        None,
                    )
                )
            anns.append(AnnotationOut(i * 3 + k, i, f"a{i:05d}", name, len(text), tuple(spans)))
        out.append(Source(f"a{i:05d}", f"عنوان {i}", "bench", "", "", text, tuple(anns), {}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=1_000_000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    sources = build(args.articles, args.spans)
    built = time.perf_counter() - t0
    n_spans = sum(len(a.spans) for s in sources for a in s.annotations)
    rows: list[list[object]] = [["build data (not timed in total)", f"{built:.1f}", "", "", ""]]
    total = cpu_total = 0.0
    t, c = time.perf_counter(), time.process_time()
    buckets, _report, totals, _summary = plan(sources, scopes=[GOLD, ANNOTATORS])
    took, cpu = time.perf_counter() - t, time.process_time() - c
    total += took
    cpu_total += cpu
    rows.append(
        [
            "plan: agreement + gold + records",
            f"{took:.1f}",
            f"{cpu:.1f}",
            "",
            f"{totals['gold']['gold_spans']:,} gold spans",
        ]
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("jsonl", "conll"):
            spec = REGISTRY.get(name)
            for scope in (GOLD, ANNOTATORS):
                path = Path(tmp) / f"{scope}{spec.suffix}"
                t, c = time.perf_counter(), time.process_time()
                with path.open("wb") as fh:
                    counts = spec.write(buckets[scope].articles, fh, scope)
                took, cpu = time.perf_counter() - t, time.process_time() - c
                total += took
                cpu_total += cpu
                rows.append(
                    [
                        f"{name} ({scope})",
                        f"{took:.1f}",
                        f"{cpu:.1f}",
                        f"{path.stat().st_size / 1e6:,.0f} MB",
                        f"{counts.get('spans', 0):,} spans",
                    ]
                )
    rows.append(["total (plan + writing)", f"{total:.1f}", f"{cpu_total:.1f}", "", ""])
    rows.append(["peak RSS", f"{peak_rss_mb():,.0f} MB", "", "", ""])
    print(f"{args.articles:,} articles, 3 annotators, {n_spans:,} spans (in memory)")
    print_table(rows, ["part", "wall s", "CPU s", "size", "note"])


def build_store(url: str, n_articles: int, n_spans: int) -> None:
    """A migrated SQLite store holding :func:`build`'s articles and annotations, with the
    dashboard's stored agreement report and overview counts as a user's store has them after
    ``workbench pull`` (the store is summarised by the function the pull calls,
    ``workbench.cli.common.refresh_summary``): an export of the whole store takes that
    report instead of computing it."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from workbench.arabic.stored import text_sha256
    from workbench.store.engine import make_engine, upgrade
    from workbench.store.models import Annotation, Annotator, Article, Span

    sources = build(n_articles, n_spans)
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    names = {e: i + 1 for i, e in enumerate(ANNOTATOR_NAMES)}
    with engine.begin() as conn:
        conn.execute(
            insert(Annotator),
            [{"id": i, "email": e, "name": e.split("@")[0]} for e, i in names.items()],
        )
        conn.execute(
            insert(Article),
            [
                {
                    "id": i + 1,
                    "external_id": s.external_id,
                    "title": s.title,
                    "source": s.source,
                    "url": "",
                    "text": s.text,
                    "sha256": text_sha256(s.text),
                    "created_at": now,
                }
                for i, s in enumerate(sources)
            ],
        )
        anns, spans = [], []
        for i, s in enumerate(sources):
            for a in s.annotations:
                aid = len(anns) + 1
                anns.append(
                    {
                        "id": aid,
                        "article_id": i + 1,
                        "annotator_id": names[a.annotator],
                        "result_sha256": "",
                        "pulled_at": now,
                    }
                )
                spans += [
                    {
                        "annotation_id": aid,
                        "region_id": f"r{sp.id}",
                        "start": sp.start,
                        "end": sp.end,
                        "label": sp.label,
                        "text": sp.text,
                        "verdict": sp.verdict,
                        "note": sp.note,
                    }
                    for sp in a.spans
                ]
        conn.execute(insert(Annotation), anns)
        for j in range(0, len(spans), 50_000):
            conn.execute(insert(Span), spans[j : j + 50_000])
    from workbench.cli.common import refresh_summary

    refresh_summary(engine)  # as after a pull
    engine.dispose()


def cli_baseline(argv: list[str]) -> None:
    """``workbench`` with the export's writing as it was: each scope tokenised on its own,
    JSON lines through the json module (the baseline of ``make bench``)."""
    import sys

    from workbench.cli import main as cli_main
    from workbench.exporters import conll, jsonl
    from workbench.exporters.tokens import Layout

    conll.layout = lambda article: Layout(article.text)  # type: ignore[assignment]
    jsonl.dump_line = lambda row: jsonl.dumps(row).encode("utf-8") + b"\n"  # type: ignore[assignment]
    sys.argv = ["workbench", *argv]
    cli_main()


def summary_rows(n_articles: int = 10_000, n_spans: int = 1_000_000) -> list[dict[str, Any]]:
    """``make bench``: ``workbench export -f jsonl,conll --scope both`` end to end over a
    store of ``n_spans`` spans as it is after a pull (the dashboard's agreement report
    stored, see :func:`build_store`), and the baseline writing in the same run."""
    import subprocess
    import sys

    from benchmarks.common import ROOT, run_measured, summary_row

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'export.db'}"
        # built in a process of its own: the measured processes are started from this one,
        # and a child's peak resident memory (``wait4``) counts what this one held at the fork
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from benchmarks.bench_export import build_store; "
                f"build_store({url!r}, {n_articles}, {n_spans})",
            ],
            check=True,
            cwd=ROOT,
        )
        args = ["--db", url, "export", "-f", "jsonl,conll", "--scope", "both", "--out"]
        cli = str(Path(sys.executable).with_name("workbench"))
        figure = run_measured([cli, *args, str(Path(tmp) / "new")])
        size = sum(p.stat().st_size for p in (Path(tmp) / "new").iterdir())
        base = run_measured(
            [sys.executable, "-m", "benchmarks.bench_export", "--baseline-cli", *args]
            + [str(Path(tmp) / "old")]
        )
    return [
        summary_row(
            f"export jsonl+conll, gold+annotators ({n_spans:,} spans)",
            figure=figure,
            target_s=20.0,
            baseline=base,
            baseline_name="scopes tokenised apart, json module",
            note=f"{size / 1e6:,.0f} MB written",
        )
    ]


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--baseline-cli"]:
        cli_baseline(sys.argv[2:])
    else:
        main()
