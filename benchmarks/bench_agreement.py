"""Benchmark of the agreement package on a synthetic corpus (seeded, not a test).

    uv run python benchmarks/bench_agreement.py [--docs 10000] [--nltk-docs 20]

10,000 documents × 3 annotators × about 20 spans each. Prints one table: the time of each
measure, of the whole ``compute_agreement``, the peak resident memory, and NLTK's
``AnnotationTask.alpha`` on the same character-level data. NLTK is timed on the first
``--nltk-docs`` documents and extrapolated linearly to the whole corpus (said in the table).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from workbench.agreement import AnnotatedDoc, Span, compute_agreement
from workbench.agreement import coding as char_coding
from workbench.agreement.alpha_u import alpha_u_by_document, corpus_alpha_u
from workbench.agreement.corpus import Corpus, build_corpus
from workbench.agreement.disagreements import find_disagreements
from workbench.agreement.matching import greedy_matches, overlapping_pairs, pair_counts

LABELS = ("CLAIM", "SOURCE", "NUMBER", "DATE", "QUOTE")
ANNOTATORS = ("amal", "bilal", "salma")


def synthetic(n_docs: int, seed: int = 20240601) -> list[AnnotatedDoc]:
    """Each document has about 20 reference spans; each annotator keeps most of them, moves
    some boundaries, relabels a few and adds a few of their own."""
    rng = np.random.default_rng(seed)
    out: list[AnnotatedDoc] = []
    for d in range(n_docs):
        length = int(rng.integers(1500, 3000))
        n = int(rng.integers(16, 25))
        cuts = np.sort(rng.choice(length - 1, size=2 * n, replace=False)) + 1
        base = [
            (int(cuts[2 * i]), int(cuts[2 * i + 1]), LABELS[int(rng.integers(5))]) for i in range(n)
        ]
        for name in ANNOTATORS:
            spans = []
            for s, e, lab in base:
                if rng.random() < 0.08:
                    continue
                if rng.random() < 0.3:
                    s = min(length - 1, max(0, s + int(rng.integers(-4, 5))))
                    e = min(length, max(s + 1, e + int(rng.integers(-4, 5))))
                if rng.random() < 0.06:
                    lab = LABELS[int(rng.integers(5))]
                spans.append(Span(s, e, lab))
            if rng.random() < 0.5:
                s = int(rng.integers(0, length - 30))
                spans.append(Span(s, s + int(rng.integers(5, 30)), LABELS[int(rng.integers(5))]))
            out.append(AnnotatedDoc(f"doc{d:05d}", name, length, tuple(spans)))
    return out


CPU: dict[str, float] = {}


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Result and wall-clock seconds; the CPU seconds of the same call go to ``CPU["last"]``."""
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    CPU["last"] = time.process_time() - c0
    return result, time.perf_counter() - t0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def nltk_alpha(docs: list[AnnotatedDoc]) -> tuple[float, float, int]:
    """NLTK's α on the character-level coding of ``docs`` (same coding: label set or none)."""
    from nltk.metrics.agreement import AnnotationTask

    triples = []
    for rec in docs:
        values = [""] * rec.length
        for span in rec.spans:
            for i in range(span.start, span.end):
                values[i] = "+".join(sorted(set(filter(None, values[i].split("+") + [span.label]))))
        triples += [(rec.annotator, f"{rec.doc}:{i}", v or "none") for i, v in enumerate(values)]
    task, build = timed(lambda: AnnotationTask(data=triples))
    value, seconds = timed(task.alpha)
    return value, seconds + build, len(triples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--nltk-docs", type=int, default=20)
    args = parser.parse_args()

    docs, t_gen = timed(lambda: synthetic(args.docs))
    n_spans = sum(len(r.spans) for r in docs)
    corpus, t_corpus = timed(lambda: build_corpus(docs))
    rows: list[tuple[str, float, float]] = [
        ("build corpus arrays (validation included)", t_corpus, CPU["last"])
    ]

    def row(name: str, fn: Callable[[], Any]) -> Any:
        result, seconds = timed(fn)
        rows.append((name, seconds, CPU["last"]))
        return result

    def f1() -> None:
        cand = overlapping_pairs(corpus)
        for threshold in (1.0, 0.5):
            pair_counts(corpus, greedy_matches(corpus, cand, threshold))

    def chars(c: Corpus) -> tuple[char_coding.Coding, float | None]:
        coding = char_coding.code_characters(c)
        return coding, char_coding.corpus_alpha(coding)

    row("span F1, exact and overlap (matching + counts)", f1)
    row("unitizing alpha, corpus continuum", lambda: corpus_alpha_u(corpus))
    row("unitizing alpha, per document", lambda: alpha_u_by_document(corpus))
    coding, _ = row("character coding + Krippendorff alpha", lambda: chars(corpus))
    t_alpha = rows[-1][1]
    row("Fleiss kappa (characters)", lambda: char_coding.corpus_fleiss(coding))
    row("Cohen kappa per pair (characters)", lambda: char_coding.pair_kappas(coding, corpus))
    row("disagreements", lambda: find_disagreements(corpus))
    report = row("compute_agreement: everything, end to end", lambda: compute_agreement(docs))
    rss = peak_rss_mb()

    subset = [r for r in docs if int(r.doc[3:]) < args.nltk_docs]
    (nltk_value, nltk_seconds, n_triples) = nltk_alpha(subset)
    sub_corpus = build_corpus(subset)
    (_, ours_sub), ours_sub_t = timed(lambda: chars(sub_corpus))
    total_chars = corpus.total_length
    scale = total_chars * len(ANNOTATORS) / n_triples
    nltk_full = nltk_seconds * scale

    print(
        f"corpus: {args.docs} documents x {len(ANNOTATORS)} annotators, {n_spans} spans "
        f"({n_spans / len(docs):.1f} per annotator and document), {total_chars:,} characters; "
        f"generated in {t_gen:.1f} s"
    )
    width = max(len(r[0]) for r in rows) + 2
    print(f"\n{'measure'.ljust(width)}   wall s    CPU s")
    print(f"{'-' * (width - 2)}  -------  -------")
    for name, seconds, cpu in rows:
        print(f"{name.ljust(width)}{seconds:9.2f}{cpu:9.2f}")
    print(f"{'peak RSS (getrusage ru_maxrss)'.ljust(width)}{rss:9.0f} MB")
    print(
        f"\nalpha_char {report['alpha_char']:.6f}, alpha_u {report['alpha_u']['pooled']:.6f}, "
        f"F1 overlap micro {report['f1']['overlap']['micro']:.4f}, "
        f"{len(report['disagreements'])} disagreements"
    )
    print(
        f"\nNLTK AnnotationTask.alpha on the first {args.nltk_docs} documents "
        f"({n_triples:,} character triples): {nltk_seconds:.2f} s, alpha {nltk_value:.6f} "
        f"(ours on the same subset: {ours_sub:.6f} in {ours_sub_t * 1000:.1f} ms, "
        f"{nltk_seconds / ours_sub_t:.0f}x faster)"
    )
    print(
        f"NLTK extrapolated linearly to all {total_chars * len(ANNOTATORS):,} triples: "
        f"{nltk_full:,.0f} s, {nltk_full / t_alpha:,.0f}x our character alpha "
        f"({t_alpha:.2f} s)"
    )


if __name__ == "__main__":
    main()


def write_jsonl(docs: list[AnnotatedDoc], path: str) -> None:
    """``docs`` in the input format of ``workbench agree --input``."""
    import json

    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            spans = [{"start": s.start, "end": s.end, "label": s.label} for s in d.spans]
            row = {"doc": d.doc, "annotator": d.annotator, "length": d.length, "spans": spans}
            fh.write(json.dumps(row) + "\n")


#: The baseline: the report built as one tree, written with the json module (what the
#: command did before it streamed).
TREE = (
    "import json, sys\n"
    "from workbench.agreement import compute_agreement, load_jsonl\n"
    "docs, _ = load_jsonl(sys.argv[1])\n"
    "json.dump(compute_agreement(docs), sys.stdout, ensure_ascii=False, indent=2)\n"
)


def summary_rows(n_docs: int = 10_000) -> list[dict[str, Any]]:
    """``make bench``: ``workbench agree --input F --format json`` end to end (a process of
    its own, output written to a file), and the tree-built baseline in the same run."""
    import sys
    import tempfile
    from pathlib import Path

    from benchmarks.common import run_measured, summary_row

    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "agree.jsonl")
        write_jsonl(synthetic(n_docs), data)
        cli = str(Path(sys.executable).with_name("workbench"))
        with open(Path(tmp) / "out.json", "wb") as out:
            figure = run_measured([cli, "agree", "--input", data, "--format", "json"], stdout=out)
        size = (Path(tmp) / "out.json").stat().st_size
        with open(Path(tmp) / "tree.json", "wb") as out:
            base = run_measured([sys.executable, "-c", TREE, data], stdout=out)
    return [
        summary_row(
            f"agree --format json ({n_docs:,} docs x 3 annotators)",
            figure=figure,
            target_s=5.0,
            baseline=base,
            baseline_name="one tree + json module",
            note=f"{size / 1e6:.0f} MB of JSON",
        )
    ]
