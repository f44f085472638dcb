"""The same story printed in two articles: an agency story carried by several papers, or a
story rerun the next day under a new lead.

Candidates come from MinHash LSH over word shingles of the matching view (linear in the
corpus); each candidate pair is then aligned word by word (exact runs chained across small
edits) and reported when the shared passages make up a large part of either article. Each
article of a pair gets one finding: its range spans its shared passages, and the evidence
names the other article and lists the passages' stored ranges in both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from workbench.arabic.normalize import normalize
from workbench.checks import minhash
from workbench.checks.align import Passage, seed_keys, shared_passages
from workbench.checks.base import Hit
from workbench.checks.registry import CorpusArticle, CorpusHit, register_corpus_check

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

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Words:
    """An article's words for the alignment: ids (equal words, equal ids), the stored range
    of each word, and the keys of its runs of ``seed`` words. Compact numpy arrays: every
    candidate article keeps them while the pairs are aligned."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    keys: np.ndarray


class _Doc:
    """An article and, for candidates only, its words (built on first use)."""

    def __init__(self, article: CorpusArticle, vocabulary: dict[str, int], seed: int) -> None:
        self.article = article
        self._vocabulary = vocabulary
        self._seed = seed

    @cached_property
    def words(self) -> _Words:
        view = normalize(self.article.text)
        vocab, index = self._vocabulary, view.index
        ids, starts, ends = [], [], []
        for m in _WORD.finditer(view.text):
            ids.append(vocab.setdefault(m.group(), len(vocab)))
            # Stored range of view [s, e), as ``NormalizedText.to_stored``: up to the next
            # kept character, so the marks dropped from the view (diacritics, tatweel) stay
            # with their word (and never short of the last character).
            starts.append(index[m.start()])
            ends.append(max(index[m.end() - 1] + 1, index[m.end()]))
        id_array = np.asarray(ids, dtype=np.int32)
        return _Words(
            id_array,
            np.asarray(starts, dtype=np.int32),
            np.asarray(ends, dtype=np.int32),
            seed_keys(id_array, self._seed),
        )

    def stored(self, first_word: int, end_word: int) -> tuple[int, int]:
        """Stored ``[start, end)`` of words ``[first_word, end_word)``."""
        w = self.words
        return int(w.starts[first_word]), int(w.ends[end_word - 1])


@dataclass(frozen=True)
class Duplicate:
    """Articles ``a`` and ``b`` (indices) share ``passages`` (word indices of each)."""

    a: int
    b: int
    passages: tuple[Passage, ...]
    share_a: float
    share_b: float


@dataclass(frozen=True)
class Result:
    duplicates: list[Duplicate]
    candidates: int
    docs: list[_Doc]
    #: CPU seconds of the two steps: ``candidates`` (shingles, MinHash, LSH) and ``align``.
    seconds: dict[str, float] = field(default_factory=dict)


def _coverage(spans: Sequence[tuple[int, int]], total: int) -> float:
    covered = sum(e - s for s, e in spans)
    return covered / total if total else 0.0


def find_duplicates(articles: Sequence[CorpusArticle], config: Mapping[str, Any]) -> Result:
    """Candidate pairs by MinHash LSH, verified by alignment; every pair reported once."""
    cfg = {**DEFAULTS, **config}
    t0 = time.process_time()
    params = minhash.LshParams(int(cfg["shingle"]), int(cfg["bands"]), int(cfg["rows"]))
    seed = int(cfg["seed_words"])
    vocabulary: dict[str, int] = {}
    docs = [_Doc(a, vocabulary, seed) for a in articles]
    hashes, doc, counts = minhash.corpus_shingles([a.text for a in articles], params.shingle)
    window = minhash.windows(doc, int(cfg["window"]))
    n_windows = int(window[-1]) + 1 if len(window) else 0
    owner = np.zeros(n_windows, dtype=np.int64)
    owner[window] = doc
    keys = minhash.band_keys(minhash.signatures(hashes, window, n_windows, params), params)
    usable = counts >= int(cfg["min_article_words"])
    pairs = minhash.candidates(keys, owner, usable, max_bucket=int(cfg["max_bucket"]))
    t1 = time.process_time()
    found = []
    for i, j in sorted(pairs):
        wa, wb = docs[i].words, docs[j].words
        ids_a, ids_b = wa.ids.tolist(), wb.ids.tolist()
        keys_a, keys_b = wa.keys, wb.keys
        passages = shared_passages(
            ids_a,
            ids_b,
            seed=seed,
            max_gap=int(cfg["max_gap"]),
            min_words=int(cfg["min_passage_words"]),
            keys_a=keys_a,
            keys_b=keys_b,
        )
        if not passages:
            continue
        share_a = _coverage([(p.a_start, p.a_end) for p in passages], len(ids_a))
        share_b = _coverage([(p.b_start, p.b_end) for p in passages], len(ids_b))
        if max(share_a, share_b) >= float(cfg["min_share"]):
            found.append(Duplicate(i, j, tuple(passages), share_a, share_b))
    seconds = {"candidates": t1 - t0, "align": time.process_time() - t1}
    return Result(found, len(pairs), docs, seconds)


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


def _hit(this: _Doc, other: _Doc, passages: list[tuple[Passage, bool]], shares) -> Hit:
    """The finding on ``this``; ``passages`` are (passage, this-is-side-a)."""
    ranges = []
    for p, is_a in passages:
        s0, s1 = (p.a_start, p.a_end) if is_a else (p.b_start, p.b_end)
        o0, o1 = (p.b_start, p.b_end) if is_a else (p.a_start, p.a_end)
        start, end = this.stored(s0, s1)
        other_start, other_end = other.stored(o0, o1)
        ranges.append(
            {
                "start": start,
                "end": end,
                "other_start": other_start,
                "other_end": other_end,
                "words": p.matched,
            }
        )
    ranges.sort(key=lambda r: r["start"])
    share, other_share = shares
    first = _first(this.article, other.article)
    o = other.article
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


def hits(result: Result) -> Iterator[CorpusHit]:
    """Two hits per duplicate pair, one on each article."""
    for d in result.duplicates:
        a, b = result.docs[d.a], result.docs[d.b]
        yield CorpusHit(
            a.article.key, _hit(a, b, [(p, True) for p in d.passages], (d.share_a, d.share_b))
        )
        yield CorpusHit(
            b.article.key, _hit(b, a, [(p, False) for p in d.passages], (d.share_b, d.share_a))
        )


@register_corpus_check(
    NAME,
    VERSION,
    description="The same story (or a large part of it) printed in another article: other "
    "papers, other days. Names the other article, the shared passages in both, the share in "
    "common of each and which came first.",
    defaults=DEFAULTS,
)
def cross_article_duplicate(
    articles: Sequence[CorpusArticle], config: Mapping[str, Any]
) -> Iterator[CorpusHit]:
    yield from hits(find_duplicates(articles, config))
