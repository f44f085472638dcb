"""Precision and recall of ``cross_article_duplicate`` on labelled pairs (not a test).

    uv run python -m benchmarks.quality.cross_article [--set NAME=VALUE ...] [--format json]

The labels (``labels/cross_article_duplicate.jsonl``) name two articles of the SaudiNewsNet
July files by file and record, with the SHA-256 of each stored text (never the text): a
``positive`` pair prints the same story (or one prints the other's story inside a longer
article), a ``negative`` pair shares a topic, a template or a boilerplate paragraph but
tells different news. The check runs once over every article of the files (it is a corpus
check: candidates come from the whole corpus); a labelled pair counts as reported when the
check links the two articles. Precision is over the labelled pairs reported, recall over
the labelled positives.

Splits: a label's ``split`` is ``tune`` (the default when absent: the pairs the check's
settings were chosen on) or ``held_out`` (pairs drawn afterwards by
``benchmarks.quality.cross_article_draw``, an independent method, and labelled by reading;
never used to choose a setting). The figures are given for ``tune``, ``held_out`` and
``all``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from workbench.checks.cross_article import find_duplicates
from workbench.checks.registry import CorpusArticle
from workbench.records import Record, iter_records

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels" / "cross_article_duplicate.jsonl"
#: Beside the checkout (``../shared``), or beside the directory of worktrees.
CORPUS = next(
    (
        p / "shared" / "corpora" / "saudinewsnet"
        for p in (HERE.parents[2], HERE.parents[3])
        if (p / "shared" / "corpora" / "saudinewsnet").is_dir()
    ),
    HERE.parents[2] / "shared" / "corpora" / "saudinewsnet",
)


def _value(raw: str) -> object:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


SPLITS = ("tune", "held_out", "all")


def _score(c: Counter[str]) -> dict[str, object]:
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
    return {
        "pairs": tp + fp + fn + tn,
        "positives": tp + fn,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "true_negatives": tn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    config = {k: _value(v) for k, _, v in (s.partition("=") for s in args.set)}

    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    files = sorted(
        {lab["corpus_file"] for lab in labels} | {lab["other_corpus_file"] for lab in labels}
    )
    paths = sorted(args.corpus.glob("*.zip"))
    if not all((args.corpus / f).exists() for f in files):
        print(f"the labels need {', '.join(files)} in {args.corpus}", file=sys.stderr)
        return 2
    articles: list[CorpusArticle] = []
    where: dict[tuple[str, int], int] = {}
    for item in iter_records(paths, max_chars=1_000_000):
        if not isinstance(item, Record):
            continue
        name, _, record = item.external_id.partition(".json#")
        where[(f"{name}.zip", int(record))] = len(articles)
        articles.append(
            CorpusArticle(item.external_id, item.text, item.published, item.title, item.source)
        )

    def index(file: str, record: int, sha: str) -> int:
        i = where[(file, record)]
        if hashlib.sha256(articles[i].text.encode("utf-8")).hexdigest() != sha:
            raise SystemExit(f"{file}:{record}: the stored text differs from the labelled one")
        return i

    t0, c0 = time.perf_counter(), time.process_time()
    result = find_duplicates(articles, config)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    reported = {(d.a, d.b) for d in result.duplicates}
    counts = {name: Counter() for name in SPLITS}
    errors = []
    for lab in labels:
        i = index(lab["corpus_file"], lab["record"], lab["text_sha256"])
        j = index(lab["other_corpus_file"], lab["other_record"], lab["other_text_sha256"])
        hit = (min(i, j), max(i, j)) in reported
        positive = lab["label"] == "positive"
        split = lab.get("split", "tune")
        outcome = ("tp" if positive else "fp") if hit else ("fn" if positive else "tn")
        counts[split][outcome] += 1
        counts["all"][outcome] += 1
        if hit != positive:
            errors.append(f"  [{split}] {'missed' if positive else 'false '}  {lab['note']}")
    out = {
        "articles": len(articles),
        "candidates": result.candidates,
        "duplicates": len(result.duplicates),
        "labelled_pairs": len(labels),
        "splits": {name: _score(c) for name, c in counts.items()},
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "config": config,
    }
    if args.format == "json":
        print(json.dumps(out, indent=2))
        return 0
    for key, value in out.items():
        if key != "splits":
            print(f"{key:>16}  {value}")
    header = ["split", "pairs", "positives", "reported", "true", "false", "precision", "recall"]
    rows = [
        [
            name,
            sc["pairs"],
            sc["positives"],
            sc["true_positives"] + sc["false_positives"],
            sc["true_positives"],
            sc["false_positives"],
            sc["precision"],
            sc["recall"],
        ]
        for name, sc in out["splits"].items()
    ]
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    if errors:
        print("errors:")
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
