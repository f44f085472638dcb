"""Shared passages of two word sequences: exact runs of at least ``seed`` words, chained
into passages across small edits (a changed word or two on either side).

Pure and word-level: words are given as integer ids (equal words, equal ids); the caller
maps word indices back to stored offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Run:
    """``a[i:i+n] == b[j:j+n]``, maximal."""

    i: int
    j: int
    n: int


@dataclass(frozen=True)
class Passage:
    """Words ``a[a_start:a_end]`` and ``b[b_start:b_end]`` are the same passage; ``matched``
    words of it are identical in both (the rest are small edits between the runs)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    matched: int


_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


def seed_keys(ids: np.ndarray, seed: int) -> np.ndarray:
    """One 64-bit key per run of ``seed`` consecutive ids (equal runs, equal keys)."""
    m = len(ids) - seed + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    ids = ids.astype(np.uint64)
    out = np.zeros(m, dtype=np.uint64)
    for j in range(seed):
        out = (out ^ ids[j : j + m]) * np.uint64(_MULTIPLIERS[j % 4])
        out ^= out >> np.uint64(31)
    return out


def runs(
    a: Sequence[int], b: Sequence[int], seed: int, keys_a: np.ndarray, keys_b: np.ndarray
) -> list[Run]:
    """Every maximal common run of at least ``seed`` words, by position in ``a``. ``keys_a``
    and ``keys_b`` are :func:`seed_keys` of ``a`` and ``b``; a key match is checked word by
    word, so a hash collision cannot make a run."""
    if len(keys_a) == 0 or len(keys_b) == 0:
        return []
    fast = _runs_unique(a, b, seed, keys_a, keys_b)
    return fast if fast is not None else _runs_general(a, b, seed, keys_a, keys_b)


def _runs_unique(
    a: Sequence[int], b: Sequence[int], seed: int, keys_a: np.ndarray, keys_b: np.ndarray
) -> list[Run] | None:
    """The runs on numpy when every seed of ``a`` found in ``b`` occurs there once (the usual
    case): consecutive seed matches on one diagonal make one run. None when a seed repeats
    in ``b`` or a run fails the word-by-word check (the general path then decides)."""
    order = np.argsort(keys_b, kind="stable")
    sorted_b = keys_b[order]
    pos = np.minimum(np.searchsorted(sorted_b, keys_a), len(sorted_b) - 1)
    found = sorted_b[pos] == keys_a
    if not found.any():
        return []
    repeated = np.zeros(len(sorted_b), dtype=bool)
    same = sorted_b[1:] == sorted_b[:-1]
    repeated[1:] |= same
    repeated[:-1] |= same
    if (found & repeated[pos]).any():
        return None
    j = np.where(found, order[pos], -2)
    cont = np.zeros(len(keys_a), dtype=bool)
    cont[1:] = found[1:] & found[:-1] & (j[1:] == j[:-1] + 1)
    starts = np.flatnonzero(found & ~cont)
    # A run of seeds from start to the next non-continuing position.
    stops = np.flatnonzero(found & ~np.concatenate((cont[1:], [False])))
    out = []
    for i0, i1 in zip(starts.tolist(), stops.tolist(), strict=True):
        j0 = int(j[i0])
        n = i1 - i0 + seed
        if a[i0 : i0 + n] != b[j0 : j0 + n]:
            return None
        out.append(Run(i0, j0, n))
    return out


def _runs_general(
    a: Sequence[int], b: Sequence[int], seed: int, keys_a: np.ndarray, keys_b: np.ndarray
) -> list[Run]:
    common = np.intersect1d(keys_a, keys_b, assume_unique=False)
    if len(common) == 0:
        return []
    index: dict[int, list[int]] = defaultdict(list)
    in_b = np.flatnonzero(np.isin(keys_b, common))
    kb = keys_b[in_b].tolist()
    for j, key in zip(in_b.tolist(), kb, strict=True):
        index[key].append(j)
    in_a = np.flatnonzero(np.isin(keys_a, common))
    ka = keys_a[in_a].tolist()
    out: list[Run] = []
    na, nb = len(a), len(b)
    for i, key in zip(in_a.tolist(), ka, strict=True):
        for j in index[key]:
            if i > 0 and j > 0 and a[i - 1] == b[j - 1]:
                continue  # inside a run that started earlier
            if a[i : i + seed] != b[j : j + seed]:
                continue
            n = seed
            while i + n < na and j + n < nb and a[i + n] == b[j + n]:
                n += 1
            out.append(Run(i, j, n))
    return out


def chain(found: Sequence[Run], *, max_gap: int) -> list[Passage]:
    """Runs in order in both texts, at most ``max_gap`` words apart on each side, become one
    passage. Each word of ``a`` and of ``b`` belongs to at most one run (longest first)."""
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    kept: list[Run] = []
    for r in sorted(found, key=lambda r: (-r.n, r.i, r.j)):
        span_a, span_b = range(r.i, r.i + r.n), range(r.j, r.j + r.n)
        if not taken_a.isdisjoint(span_a) or not taken_b.isdisjoint(span_b):
            continue
        kept.append(r)
        taken_a.update(span_a)
        taken_b.update(span_b)
    kept.sort(key=lambda r: r.i)
    passages: list[Passage] = []
    cur: Passage | None = None
    for r in kept:
        if cur is not None:
            gap_a = r.i - cur.a_end
            gap_b = r.j - cur.b_end
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                cur = Passage(cur.a_start, r.i + r.n, cur.b_start, r.j + r.n, cur.matched + r.n)
                continue
            passages.append(cur)
        cur = Passage(r.i, r.i + r.n, r.j, r.j + r.n, r.n)
    if cur is not None:
        passages.append(cur)
    return passages


def shared_passages(
    a: Sequence[int],
    b: Sequence[int],
    *,
    seed: int,
    max_gap: int,
    min_words: int,
    keys_a: np.ndarray | None = None,
    keys_b: np.ndarray | None = None,
) -> list[Passage]:
    """The passages ``a`` and ``b`` share, each with at least ``min_words`` identical words."""
    if keys_a is None:
        keys_a = seed_keys(np.asarray(a, dtype=np.uint64), seed)
    if keys_b is None:
        keys_b = seed_keys(np.asarray(b, dtype=np.uint64), seed)
    found = runs(a, b, seed, keys_a, keys_b)
    return [p for p in chain(found, max_gap=max_gap) if p.matched >= min_words]
