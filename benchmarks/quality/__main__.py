"""Labelled evaluation of the checks on real newspaper text (not a test).

    uv run python -m benchmarks.quality [--check NAME ...] [--format table|json]
                                        [--held-out-from 2015-07-26] [--out PATH]
                                        [--stratum-contains TEXT]

For each ``labels/<check>.jsonl``: reads the labelled articles from the corpus exactly as
``workbench ingest`` stores them, verifies each item's ``text_sha256`` (items whose article is
gone or changed are listed as stale and left out), runs the check with its default settings,
matches its findings to the items (``evaluate.py``) and prints, per split of the days (tuning
days, held-out days, all), recall over the labelled positives, precision over the labelled
findings, the counts per class, and the misses and false alarms. With ``--stratum-contains``
only the items whose ``stratum`` holds that text are scored (one draw: ``'seed 59'``). Writes the same as JSON to
``benchmarks/results/quality.json``. Without the corpus it says so in one line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_table
from benchmarks.quality.corpus import CORPUS, Article, read_corpus_file
from benchmarks.quality.evaluate import Outcome, score
from benchmarks.quality.labels import LABELS_DIR, Item, LabelError, label_files, read_labels
from workbench.checks.base import ArticleInput, Finding
from workbench.checks.registry import REGISTRY
from workbench.checks.runner import run_check, settings_for

RESULTS = ROOT / "benchmarks" / "results" / "quality.json"
#: Labels are tuned on the days before this one; the days from it on are held out.
HELD_OUT_FROM = "2015-07-26"


def _load_articles(items: list[Item], corpus: Path) -> dict[tuple[str, str], Article]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in items:
        wanted[item.corpus_file].add(item.record)
    out: dict[tuple[str, str], Article] = {}
    for name, records in sorted(wanted.items()):
        path = corpus / name
        if not path.is_file():
            continue
        for article in read_corpus_file(path):
            if article.record in records:
                out[(name, article.record)] = article
    return out


def _stale(items: list[Item], articles: dict[tuple[str, str], Article]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        article = articles.get((item.corpus_file, item.record))
        if article is None:
            reason = "record not found in the corpus"
        elif article.sha256 != item.text_sha256:
            reason = "stored text differs from text_sha256"
        elif item.end > len(article.text) or (item.other and item.other[1] > len(article.text)):
            reason = "range beyond the end of the text"
        else:
            continue
        out.append({"line": item.line, "corpus_file": item.corpus_file, "record": item.record,
                    "reason": reason})  # fmt: skip
    return out


def _excerpt(text: str, start: int, end: int, width: int = 70) -> str:
    s = " ".join(text[start:end].split())
    return s if len(s) <= width else s[: width - 1] + "…"


def evaluate_check(
    check: str, items: list[Item], articles: dict[tuple[str, str], Article], held_out_from: str
) -> dict[str, Any]:
    spec = REGISTRY.get(check)
    settings = settings_for(spec, None)
    stale = _stale(items, articles)
    stale_lines = {s["line"] for s in stale}
    live = [i for i in items if i.line not in stale_lines]
    findings: dict[tuple[str, str], list[Finding]] = {}
    errors = 0
    cpu = time.process_time()
    for key in {(i.corpus_file, i.record) for i in live}:
        article = articles[key]
        found = run_check(spec, ArticleInput(article.text, published=article.published), settings)
        errors += sum(f.severity == "error" for f in found)
        findings[key] = [f for f in found if f.severity != "error"]
    cpu = time.process_time() - cpu
    splits = {
        "tune": [i for i in live if i.day < held_out_from],
        "held_out": [i for i in live if i.day >= held_out_from],
        "all": live,
    }
    outcomes: dict[str, Outcome] = {name: score(its, findings) for name, its in splits.items()}

    def text_of(i: Item) -> str:
        return articles[(i.corpus_file, i.record)].text

    result: dict[str, Any] = {
        "version": spec.version,
        "labels": len(items),
        "stale": stale,
        "errors": errors,
        "cpu_seconds": round(cpu, 2),
        "splits": {name: o.score.to_dict() for name, o in outcomes.items()},
        "misses": [
            i.to_dict()
            | {
                "split": "held_out" if i.day >= held_out_from else "tune",
                "excerpt": _excerpt(text_of(i), i.start, i.end),
            }  # fmt: skip
            for i in outcomes["all"].misses
        ],
        "false_alarms": [
            i.to_dict()
            | {
                "split": "held_out" if i.day >= held_out_from else "tune",
                "finding": {"start": f.start, "end": f.end, "kind": f.evidence.get("kind", "")},
                "excerpt": _excerpt(text_of(i), i.start, i.end),
            }
            for i, f in outcomes["all"].false_alarms
        ],
    }
    return result


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def print_report(report: dict[str, Any]) -> None:
    print(f"corpus: {report['corpus']}  (held out: the days from {report['held_out_from']})")
    if report.get("stratum_contains") is not None:
        print(f"only the items whose stratum holds {report['stratum_contains']!r}")
    for check, r in report["checks"].items():
        print(f"\n== {check} (v{r['version']}): {r['labels']} labelled items, "
              f"{len(r['stale'])} stale, {r['errors']} errors, {r['cpu_seconds']} s CPU")  # fmt: skip
        rows = []
        for name in ("tune", "held_out", "all"):
            s = r["splits"][name]
            rows.append([name, s["articles"], s["positives"], s["found"], _fmt(s["recall"]),
                         s["labelled_findings"], _fmt(s["precision"]), s["negatives"],
                         s["false_alarms"], s["unlabelled_findings"]])  # fmt: skip
        print_table(rows, ["split", "articles", "positives", "found", "recall", "labelled findings",
                           "precision", "negatives", "false alarms", "unlabelled findings"])  # fmt: skip
        print()
        classes = sorted(set().union(*(r["splits"][n]["classes"] for n in ("tune", "held_out"))))
        rows = []
        for cls in classes:
            row: list[object] = [cls]
            for name in ("tune", "held_out"):
                c = r["splits"][name]["classes"].get(cls)
                row.append(f"{c['reported']}/{c['items']}" if c else "—")
            rows.append(row)
        print_table(rows, ["label:class", "reported (tune)", "reported (held out)"])
        for title, key in (("misses", "misses"), ("false alarms", "false_alarms")):
            entries = r[key]
            print(f"\n{title}: {len(entries)}")
            for e in entries:
                print(f"  [{e['split']}] {e['record']} [{e['start']}, {e['end']}) "
                      f"{e['class']}: {e['note']} — {e['excerpt']}")  # fmt: skip
        for s in r["stale"]:
            print(f"  stale: line {s['line']}: {s['corpus_file']} {s['record']}: {s['reason']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="append", default=[], help="Only this check.")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--held-out-from", default=HELD_OUT_FROM, help="First held-out day.")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS_DIR)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--stratum-contains",
        default=None,
        metavar="TEXT",
        help="Only the items whose stratum holds TEXT (one draw: 'seed 59').",
    )
    args = parser.parse_args(argv)

    if not sorted(args.corpus.glob("*.zip")):
        print(f"quality eval skipped: no corpus at {args.corpus} (set WORKBENCH_CORPUS)")
        return 0
    files = [f for f in label_files(args.labels) if not args.check or f.stem in args.check]
    known = set(REGISTRY.names())
    #: Corpus checks label pairs of articles: benchmarks.quality.cross_article measures them.
    corpus = {s.name for s in REGISTRY.corpus_checks()}
    files = [f for f in files if f.stem not in corpus]
    report: dict[str, Any] = {
        "corpus": str(args.corpus),
        "held_out_from": args.held_out_from,
        "stratum_contains": args.stratum_contains,
        "checks": {},
    }
    for path in files:
        if path.stem not in known:
            print(f"{path.name}: no check named {path.stem!r}", file=sys.stderr)
            return 1
        try:
            items = read_labels(path)
        except LabelError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        if args.stratum_contains is not None:
            items = [i for i in items if args.stratum_contains in i.stratum]
        articles = _load_articles(items, args.corpus)
        report["checks"][path.stem] = evaluate_check(path.stem, items, articles, args.held_out_from)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)
        print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
