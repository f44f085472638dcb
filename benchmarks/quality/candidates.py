"""Candidate passage pairs to label for ``repeated_passage``, found independently of the check.

    uv run python -m benchmarks.quality.candidates [--per-band 3] [--seed 7] > pairs.txt

Each article's lines are cut into sentences (at . ! ? ؟, not at a decimal point); every pair of lines is scored by the
best token-set containment of its units (the line or one of its sentences): the share of the
smaller unit's content words (a crude fold, no stop words, no ``و``/``ال``) found in the other.
Pairs scoring at least 0.5 are grouped by day and by band (0.5, 0.65, 0.8, 0.95) and a seeded
random sample of ``--per-band`` is drawn from each (at most one pair an article), printed with
both passages for reading. Nothing here uses the checks, so their misses can be found.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from benchmarks.quality.corpus import CORPUS, Article, corpus_files, read_corpus_file

BANDS = (0.5, 0.65, 0.8, 0.95)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_SENTENCE_END = re.compile(r"[.!?؟]+(?![0-9])\s*")
_STOP = set(
    [
        "في",
        "من",
        "على",
        "الى",
        "إلى",
        "عن",
        "مع",
        "ان",
        "أن",
        "إن",
        "او",
        "أو",
        "ما",
        "لا",
        "لم",
        "لن",
        "قد",
        "كان",
        "كانت",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "بين",
        "كما",
        "حيث",
        "ثم",
        "هو",
        "هي",
        "هم",
        "وقد",
        "وفي",
        "وهو",
        "وهي",
        "عند",
        "بعد",
        "قبل",
        "كل",
        "غير",
        "أي",
        "اي",
        "منذ",
        "خلال",
    ]
)


def _fold(word: str) -> str:
    w = _DIACRITICS.sub("", word)
    w = re.sub("[أإآ]", "ا", w).replace("ة", "ه").replace("ى", "ي")
    if w.startswith("و") and len(w) > 3:
        w = w[1:]
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    return w


def content_words(text: str) -> frozenset[str]:
    return frozenset(
        f
        for w in _WORD.findall(text)
        if w not in _STOP and len(f := _fold(w)) >= 2 and f not in _STOP
    )


def _units(text: str, start: int, end: int) -> list[tuple[int, int, frozenset[str]]]:
    out = [(start, end, content_words(text[start:end]))]
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() - s < end - start:
            out.append((s, m.start() + 1, content_words(text[s : m.start() + 1])))
        s = m.end()
    if start < s < end:
        out.append((s, end, content_words(text[s:end])))
    return [u for u in out if len(u[2]) >= 4]


_FORMAL = re.compile(
    "أمرنا بما هو آت|قرر مجلس الوزراء|فيما يلي نصه|وفيما يلي نص|نص البيان|ما يلي نصه"
)


def pairs(article: Article, floor: float = BANDS[0]) -> list[dict[str, object]]:
    """Every pair of lines whose best units score at least ``floor``, later unit first."""
    text = article.text
    lines = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append(_units(text, pos, pos + len(line)))
        pos += len(line) + 1
    formal_at = min((m.start() for m in _FORMAL.finditer(text)), default=len(text))
    out = []
    for i, ua in enumerate(lines):
        for ub in lines[i + 1 :]:
            best = None
            for a in ua:
                for b in ub:
                    shared = len(a[2] & b[2])
                    if shared < 4:
                        continue
                    score = shared / min(len(a[2]), len(b[2]))
                    size = (a[1] - a[0]) + (b[1] - b[0])
                    if best is None or (score, size) > best[0]:
                        best = ((score, size), a, b)
            if best and best[0][0] >= floor:
                (score, _), a, b = best
                out.append(
                    {
                        "corpus_file": article.corpus_file,
                        "record": article.record,
                        "text_sha256": article.sha256,
                        "start": b[0],
                        "end": b[1],
                        "other_start": a[0],
                        "other_end": a[1],
                        "containment": round(score, 3),
                        "words": min(len(a[2]), len(b[2])),
                        "lead": i == 0,
                        "formal": a[1] <= formal_at < b[0],
                    }
                )
    return out


def band(score: float) -> float:
    return max(b for b in BANDS if score >= b)


#: The strata drawn from each day, after the plain random one by band: passages of at
#: least ten content words in the upper bands (headings and tag lines are short and crowd
#: them out), the lead against a later paragraph, and a passage after a formal preamble.
STRATA = {
    "long": lambda p: p["words"] >= 10 and p["containment"] >= 0.65,
    "lead": lambda p: p["lead"] and p["words"] >= 10,
    "formal": lambda p: p["formal"] and p["words"] >= 8,
}


def _draw(cands: list[dict[str, object]], n: int, taken: set[object], rng: random.Random):
    cands = list(cands)
    rng.shuffle(cands)
    seen: set[object] = set()
    for p in cands:
        if p["record"] in seen or p["record"] in taken:
            continue
        seen.add(p["record"])
        yield p
        if len(seen) >= n:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-band", type=int, default=3)
    parser.add_argument("--per-stratum", type=int, default=0, help="Also draw the strata.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    strata_rng = random.Random(args.seed + 1)  # so the band draws do not depend on the strata
    for path in corpus_files(args.corpus):
        texts: dict[object, str] = {}
        every: list[dict[str, object]] = []
        for article in read_corpus_file(path):
            found = pairs(article)
            if found:
                texts[article.record] = article.text
                every.extend(found)
        taken: set[object] = set()
        draws = [
            (f"band {b}", [p for p in every if band(p["containment"]) == b], args.per_band)
            for b in BANDS
        ]  # type: ignore[arg-type]
        if args.per_stratum:
            draws += [
                (name, [p for p in every if keep(p)], args.per_stratum)
                for name, keep in STRATA.items()
            ]
        for name, cands, n in draws:
            # Bands draw independently; a stratum skips the articles already drawn.
            stratum = name in STRATA
            for p in _draw(cands, n, taken if stratum else set(), strata_rng if stratum else rng):
                taken.add(p["record"])
                text = texts[p["record"]]
                print(json.dumps(p | {"stratum": name}, ensure_ascii=False))
                print("  A:", text[p["other_start"] : p["other_end"]])  # type: ignore[misc]
                print("  B:", text[p["start"] : p["end"]])  # type: ignore[misc]
            print(f"# {path.name} {name}: {len(cands)} pairs in the pool")


if __name__ == "__main__":
    main()
