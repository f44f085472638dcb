"""Draw article pairs for labelling ``cross_article_duplicate``, without the check (not a test).

    uv run python -m benchmarks.quality.cross_article_draw [--anchors 900] [--per-band 12]

An independent way to find pairs worth reading: no shingles, no MinHash, no alignment.
Every article of the July files is a set of folded words (``fold``, words of three letters
or more); a word's weight is its inverse document frequency, and words found in more than
``--max-df`` articles are left out. Seeded anchors are drawn evenly across the days; each
anchor's nearest other article by the weighted cosine of the word sets is its pair. The
pairs are then drawn, seeded, from bands of that cosine (0.25, 0.4, 0.6, 0.8): ``--per-band``
from each, at most one pair an article, none already labelled. A pair printed on two days
and a pair of the same day are both kept (the ``stratum`` says which band and which).

Prints one JSON object a line: the label fields bar ``label`` and ``note`` (which a reader
fills in), with the pair's titles, dates, sources and the start of both texts for reading
(the text never goes into the label file).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict

import numpy as np

from benchmarks.quality.cross_article import CORPUS, LABELS
from workbench.arabic.normalize import fold
from workbench.records import Record, iter_records

BANDS = (0.25, 0.4, 0.6, 0.8, 1.01)
_WORD = re.compile(r"\w{3,}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", type=int, default=900)
    parser.add_argument("--per-band", type=int, default=12)
    parser.add_argument("--max-df", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20150801)
    parser.add_argument("--preview", type=int, default=400, help="Characters shown of each.")
    parser.add_argument(
        "--same-source-other-day",
        action="store_true",
        help="Only pairs of one source on two days (where daily templates are).",
    )
    parser.add_argument(
        "--skip",
        type=argparse.FileType("r"),
        default=None,
        help="A JSONL of pairs drawn before, left out.",
    )
    args = parser.parse_args(argv)

    records = [r for r in iter_records(sorted(CORPUS.glob("*.zip"))) if isinstance(r, Record)]
    vocab: dict[str, int] = {}
    doc_words = [
        np.unique([vocab.setdefault(w, len(vocab)) for w in _WORD.findall(fold(r.text))])
        for r in records
    ]
    df = np.bincount(np.concatenate(doc_words), minlength=len(vocab))
    idf = np.log(len(records) / np.maximum(df, 1))
    weight = np.where(df <= args.max_df, idf, 0.0) ** 2
    postings: dict[int, list[int]] = defaultdict(list)
    for d, words in enumerate(doc_words):
        for w in words[weight[words] > 0].tolist():
            postings[w].append(d)
    post = {w: np.asarray(p) for w, p in postings.items()}
    norm = np.sqrt([weight[w].sum() for w in doc_words])

    labelled = set()
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        lab = json.loads(line)
        labelled.add(
            frozenset(
                {
                    (lab["corpus_file"], lab["record"]),
                    (lab["other_corpus_file"], lab["other_record"]),
                }
            )
        )

    source = np.asarray([r.source for r in records], dtype=object)
    day = np.asarray([r.published for r in records], dtype=object)
    if args.skip:
        for line in args.skip:
            lab = json.loads(line)
            labelled.add(
                frozenset(
                    {
                        (lab["corpus_file"], lab["record"]),
                        (lab["other_corpus_file"], lab["other_record"]),
                    }
                )
            )
    rng = random.Random(args.seed)
    by_day: dict[object, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_day[r.published].append(i)
    per_day = math.ceil(args.anchors / len(by_day))
    anchors = [i for day in sorted(by_day) for i in rng.sample(by_day[day], per_day)]
    pairs = []
    for a in anchors:
        if norm[a] == 0:
            continue
        scores = np.zeros(len(records))
        for w in doc_words[a][weight[doc_words[a]] > 0].tolist():
            scores[post[w]] += weight[w]
        scores[a] = 0
        if args.same_source_other_day:
            scores[~((source == records[a].source) & (day != records[a].published))] = 0
        scores /= norm[a] * np.maximum(norm, 1e-9)
        b = int(scores.argmax())
        pairs.append((float(scores[b]), min(a, b), max(a, b)))

    def where(i: int) -> tuple[str, int]:
        name, _, record = records[i].external_id.partition(".json#")
        return f"{name}.zip", int(record)

    used: set[int] = set()
    out = []
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        band = sorted({p for p in pairs if lo <= p[0] < hi})
        rng.shuffle(band)
        taken = 0
        for score, i, j in band:
            if taken == args.per_band:
                break
            if i in used or j in used or frozenset({where(i), where(j)}) in labelled:
                continue
            used.update((i, j))
            taken += 1
            ri, rj = records[i], records[j]
            when = "same_day" if ri.published == rj.published else "other_day"
            if args.same_source_other_day:
                when = "same source, other day"
            out.append(
                {
                    "corpus_file": where(i)[0],
                    "record": where(i)[1],
                    "text_sha256": hashlib.sha256(ri.text.encode("utf-8")).hexdigest(),
                    "other_corpus_file": where(j)[0],
                    "other_record": where(j)[1],
                    "other_text_sha256": hashlib.sha256(rj.text.encode("utf-8")).hexdigest(),
                    "split": "held_out",
                    "stratum": f"cosine {lo:g}-{min(hi, 1):g}, {when}",
                    "cosine": round(score, 3),
                    "read": [
                        [r.title, r.source, str(r.published), len(r.text), r.text[: args.preview]]
                        for r in (ri, rj)
                    ],
                }
            )
    print(Counter(o["stratum"] for o in out), file=sys.stderr)
    for o in out:
        print(json.dumps(o, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
