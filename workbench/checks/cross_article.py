"""The same story printed in two articles: an agency story carried by several papers, or a
story rerun the next day under a new lead.

Candidates come from MinHash LSH over word shingles of the matching view (linear in the
corpus); each candidate pair is then aligned word by word (exact runs chained across small
edits) and reported when the shared passages make up a large part of either article. Each
article of a pair gets one finding: its range spans its shared passages, and the evidence
names the other article and lists the passages' stored ranges in both.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench.checks import minhash
from workbench.checks.align import Passage, seed_keys, shared_passages_batch
from workbench.checks.base import Hit
from workbench.checks.registry import CorpusArticle, CorpusHit, register_corpus_check
from workbench.checks.texts import ListTexts, LocalMapper, Mapper, TextSource

NAME = "cross_article_duplicate"
VERSION = "1"
DEFAULTS: dict[str, Any] = {
    #: Words per shingle for the MinHash candidates.
    "shingle": 3,
    #: LSH bands and rows per band (``bands * rows`` hash functions).
    "bands": 20,
    "rows": 3,
    #: Signatures are taken over windows of this many shingles (a story printed inside a
    #: long article is found through the windows it fills).
    "window": 100,
    #: Articles with fewer words are not compared.
    "min_article_words": 30,
    #: A shared passage is built from identical runs of at least this many words ...
    "seed_words": 4,
    #: ... chained across at most this many differing words on each side ...
    "max_gap": 3,
    #: ... and holds at least this many identical words.
    "min_passage_words": 12,
    #: Reported when the shared passages cover at least this share of either article's words.
    "min_share": 0.6,
    #: An LSH bucket shared by more articles than this is boilerplate and yields no pairs.
    "max_bucket": 200,
}


@dataclass(frozen=True)
class _Words:
    """An article's words for the alignment: ids (a 64-bit hash of each word of the
    matching view: equal words, equal ids), the stored range of each word, and the keys of
    its runs of ``seed`` words."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    keys: np.ndarray


def article_words(text: str, seed: int) -> _Words:
    """The words of ``text`` (one numpy scan of the stored text, see :func:`minhash.scan`)."""
    ids, starts, ends = minhash.scan(text)
    return _Words(ids, starts, ends, seed_keys(ids, seed))


@dataclass(frozen=True)
class Duplicate:
    """Articles ``a`` and ``b`` (indices) share ``passages`` (word indices of each), whose
    stored ranges are ``ranges``: ``(a_start, a_end, b_start, b_end)`` per passage."""

    a: int
    b: int
    passages: tuple[Passage, ...]
    share_a: float
    share_b: float
    ranges: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True)
class Result:
    duplicates: list[Duplicate]
    candidates: int
    #: CPU seconds of this process in the two steps: ``candidates`` (shingles, MinHash,
    #: LSH) and ``align`` (worker processes, when there are, are not counted).
    seconds: dict[str, float] = field(default_factory=dict)


def _coverage(spans: Sequence[tuple[int, int]], total: int) -> float:
    covered = sum(e - s for s, e in spans)
    return covered / total if total else 0.0


@dataclass(frozen=True)
class _Settings:
    seed: int
    max_gap: int
    min_words: int
    min_share: float


#: Candidate pairs aligned per batch (the words of a batch's articles are built once).
ALIGN_BATCH = 2048
#: Characters of text per batch of the candidate step.
PREPARE_CHARS = 2_000_000


def _prepare(
    texts: TextSource, span: tuple[int, int, minhash.LshParams, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate step's part for texts ``[lo, hi)``: the LSH band keys of each window,
    the text of each window, and each text's number of words."""
    lo, hi, params, window = span
    hashes, doc, counts = minhash.corpus_shingles(texts.take(range(lo, hi)), params.shingle)
    win = minhash.windows(doc, window)
    n_windows = int(win[-1]) + 1 if len(win) else 0
    owner = np.zeros(n_windows, dtype=np.int64)
    owner[win] = doc + lo
    keys = minhash.band_keys(minhash.signatures(hashes, win, n_windows, params), params)
    return keys, owner, counts


def _align(texts: TextSource, batch: tuple[list[tuple[int, int]], _Settings]) -> list[Duplicate]:
    """Align a batch of candidate pairs; the duplicates among them."""
    pairs, cfg = batch
    members = sorted({k for pair in pairs for k in pair})
    words = {
        k: _Words(ids, starts, ends, seed_keys(ids, cfg.seed))
        for k, (ids, starts, ends) in zip(
            members, minhash.scan_many(texts.take(members)), strict=True
        )
    }
    found = []
    shared = shared_passages_batch(
        [(words[i].ids, words[j].ids, words[i].keys, words[j].keys) for i, j in pairs],
        seed=cfg.seed,
        max_gap=cfg.max_gap,
        min_words=cfg.min_words,
    )
    for (i, j), passages in zip(pairs, shared, strict=True):
        wa, wb = words[i], words[j]
        if not passages:
            continue
        share_a = _coverage([(p.a_start, p.a_end) for p in passages], len(wa.ids))
        share_b = _coverage([(p.b_start, p.b_end) for p in passages], len(wb.ids))
        if max(share_a, share_b) >= cfg.min_share:
            ranges = tuple(
                (
                    int(wa.starts[p.a_start]),
                    int(wa.ends[p.a_end - 1]),
                    int(wb.starts[p.b_start]),
                    int(wb.ends[p.b_end - 1]),
                )
                for p in passages
            )
            found.append(Duplicate(i, j, tuple(passages), share_a, share_b, ranges))
    return found


def _spans(lengths: Sequence[int], size: int) -> list[tuple[int, int]]:
    """Consecutive ``[lo, hi)`` ranges of texts of about ``size`` characters each."""
    out, lo = [], 0
    while lo < len(lengths):
        hi, chars = lo, 0
        while hi < len(lengths) and (hi == lo or chars + lengths[hi] <= size):
            chars += lengths[hi]
            hi += 1
        out.append((lo, hi))
        lo = hi
    return out


def _size(lengths: Sequence[int], workers: int) -> int:
    """Characters per batch of the candidate step: at most :data:`PREPARE_CHARS`, and at
    least four batches per worker."""
    if workers <= 1:
        return PREPARE_CHARS
    return max(1, min(PREPARE_CHARS, sum(lengths) // (4 * workers)))


def find_duplicates(
    articles: Sequence[CorpusArticle], config: Mapping[str, Any], *, workers: int = 1
) -> Result:
    """Candidate pairs by MinHash LSH, verified by alignment; every pair reported once.
    ``workers`` processes share the per-text work (the findings are the same)."""
    return find_duplicates_in(ListTexts([a.text for a in articles]), config, LocalMapper(workers))


def find_duplicates_in(texts: TextSource, config: Mapping[str, Any], mapper: Mapper) -> Result:
    """:func:`find_duplicates` over ``texts``, its batches run by ``mapper``: the texts are
    read where each batch runs, never all in this process."""
    cfg = {**DEFAULTS, **config}
    t0 = time.process_time()
    workers = mapper.workers
    lengths = texts.lengths()
    params = minhash.LshParams(int(cfg["shingle"]), int(cfg["bands"]), int(cfg["rows"]))
    window = int(cfg["window"])
    parts = mapper(
        _prepare,
        texts,
        [(lo, hi, params, window) for lo, hi in _spans(lengths, _size(lengths, workers))],
    )
    keys = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, 1), np.uint64)
    owner = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    counts = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
    usable = counts >= int(cfg["min_article_words"])
    pairs = sorted(minhash.candidates(keys, owner, usable, max_bucket=int(cfg["max_bucket"])))
    t1 = time.process_time()
    settings = _Settings(
        int(cfg["seed_words"]),
        int(cfg["max_gap"]),
        int(cfg["min_passage_words"]),
        float(cfg["min_share"]),
    )
    size = min(ALIGN_BATCH, -(-len(pairs) // (4 * workers)) or 1)
    batches = [(pairs[k : k + size], settings) for k in range(0, len(pairs), size)]
    found = [d for part in mapper(_align, texts, batches) for d in part]
    seconds = {"candidates": t1 - t0, "align": time.process_time() - t1}
    return Result(found, len(pairs), seconds)


def _first(this: CorpusArticle, other: CorpusArticle) -> str:
    if this.published is None or other.published is None:
        return "unknown"
    if this.published == other.published:
        return "same_day"
    return "this" if this.published < other.published else "other"


_FIRST_TEXT = {
    "this": "this one came first",
    "other": "the other came first",
    "same_day": "both the same day",
    "unknown": "which came first is unknown",
}


def _hit(
    this: CorpusArticle,
    other: CorpusArticle,
    passages: list[tuple[tuple[int, int, int, int], int]],
    shares: tuple[float, float],
) -> Hit:
    """The finding on ``this``; ``passages`` are (stored ``(start, end, other_start,
    other_end)``, identical words)."""
    ranges = [
        {"start": s0, "end": s1, "other_start": o0, "other_end": o1, "words": matched}
        for (s0, s1, o0, o1), matched in passages
    ]
    ranges.sort(key=lambda r: r["start"])
    share, other_share = shares
    first = _first(this, other)
    o = other
    where = ", ".join(x for x in (o.source, o.published.isoformat() if o.published else "") if x)
    name = f"«{o.title}»" if o.title else o.key
    return Hit(
        start=ranges[0]["start"],
        end=max(r["end"] for r in ranges),
        severity="info",
        message=f"Also printed in {name}{f' ({where})' if where else ''}: {share:.0%} of this "
        f"article in common, {other_share:.0%} of the other; {_FIRST_TEXT[first]}.",
        evidence={
            "kind": "cross_article",
            "other": {
                "external_id": o.key,
                "title": o.title,
                "source": o.source,
                "published": o.published.isoformat() if o.published else None,
            },
            "share": round(share, 4),
            "other_share": round(other_share, 4),
            "first": first,
            "passages": ranges,
        },
        key=o.key,
    )


def hits(articles: Sequence[CorpusArticle], result: Result) -> Iterator[CorpusHit]:
    """Two hits per duplicate pair, one on each article."""
    for d in result.duplicates:
        a, b = articles[d.a], articles[d.b]
        on_a = [(r, p.matched) for r, p in zip(d.ranges, d.passages, strict=True)]
        on_b = [
            ((r[2], r[3], r[0], r[1]), p.matched) for r, p in zip(d.ranges, d.passages, strict=True)
        ]
        yield CorpusHit(a.key, _hit(a, b, on_a, (d.share_a, d.share_b)))
        yield CorpusHit(b.key, _hit(b, a, on_b, (d.share_b, d.share_a)))


def _distributed(
    articles: Sequence[CorpusArticle],
    texts: TextSource,
    config: Mapping[str, Any],
    mapper: Mapper,
) -> Iterator[CorpusHit]:
    yield from hits(articles, find_duplicates_in(texts, config, mapper))


@register_corpus_check(
    NAME,
    VERSION,
    description="The same story (or a large part of it) printed in another article: other "
    "papers, other days. Names the other article, the shared passages in both, the share in "
    "common of each and which came first.",
    defaults=DEFAULTS,
    parallel=True,
    distributed=_distributed,
)
def cross_article_duplicate(
    articles: Sequence[CorpusArticle], config: Mapping[str, Any], *, workers: int = 1
) -> Iterator[CorpusHit]:
    yield from hits(articles, find_duplicates(articles, config, workers=workers))
