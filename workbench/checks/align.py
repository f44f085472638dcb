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
    taken_a = bytearray(max((r.i + r.n for r in found), default=0))
    taken_b = bytearray(max((r.j + r.n for r in found), default=0))
    kept: list[Run] = []
    for r in sorted(found, key=lambda r: (-r.n, r.i, r.j)):
        if taken_a.find(1, r.i, r.i + r.n) >= 0 or taken_b.find(1, r.j, r.j + r.n) >= 0:
            continue
        kept.append(r)
        taken_a[r.i : r.i + r.n] = b"\x01" * r.n
        taken_b[r.j : r.j + r.n] = b"\x01" * r.n
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


def run_arrays(
    a: np.ndarray, b: np.ndarray, seed: int, keys_a: np.ndarray, keys_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The maximal common runs of :func:`runs` as arrays ``(i, j, n)`` in any order, on
    numpy, repeated seeds included: every pair of equal seeds, grouped by diagonal, and
    consecutive seeds on a diagonal make one run. Every run is checked word by word; None
    when one fails (a hash collision: :func:`runs` then decides) or when the seeds pair up
    in more than ``MAX_SEED_PAIRS`` ways."""
    empty = np.zeros(0, dtype=np.int64)
    if len(keys_a) == 0 or len(keys_b) == 0:
        return empty, empty, empty
    order = np.argsort(keys_b, kind="stable")
    sorted_b = keys_b[order]
    lo = np.searchsorted(sorted_b, keys_a, "left")
    count = np.searchsorted(sorted_b, keys_a, "right") - lo
    total = int(count.sum())
    if total == 0:
        return empty, empty, empty
    if total > MAX_SEED_PAIRS:
        return None
    i = np.repeat(np.arange(len(keys_a)), count)
    within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    j = order[np.repeat(lo, count) + within]
    diagonal = j - i
    by_diagonal = np.lexsort((i, diagonal))
    i, diagonal = i[by_diagonal], diagonal[by_diagonal]
    cont = np.zeros(total, dtype=bool)
    cont[1:] = (diagonal[1:] == diagonal[:-1]) & (i[1:] == i[:-1] + 1)
    first = np.flatnonzero(~cont)
    last = np.append(first[1:], total) - 1
    i0 = i[first]
    j0 = i0 + diagonal[first]
    n = i[last] - i0 + seed
    # Word by word: a key match never makes a run on its own.
    step = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    if not np.array_equal(a[np.repeat(i0, n) + step], b[np.repeat(j0, n) + step]):
        return None
    return i0, j0, n


#: Beyond this many pairs of equal seeds (a text repeating one phrase many times) the
#: runs are found by :func:`runs`.
MAX_SEED_PAIRS = 200_000


def chain_arrays(
    i: np.ndarray, j: np.ndarray, n: np.ndarray, *, max_gap: int
) -> list[Passage] | None:
    """:func:`chain` on arrays, when no two runs overlap in ``a`` or in ``b`` (the usual
    case: every run is kept); None when some do."""
    if len(i) == 0:
        return []
    by_i = np.argsort(i, kind="stable")
    i, j, n = i[by_i], j[by_i], n[by_i]
    if (i[1:] < (i + n)[:-1]).any():
        return None
    by_j = np.argsort(j, kind="stable")
    if (j[by_j][1:] < (j + n)[by_j][:-1]).any():
        return None
    gap_a = i[1:] - (i + n)[:-1]
    gap_b = j[1:] - (j + n)[:-1]
    joins = (gap_a >= 0) & (gap_a <= max_gap) & (gap_b >= 0) & (gap_b <= max_gap)
    first = np.flatnonzero(np.concatenate(([True], ~joins)))
    last = np.append(first[1:], len(i)) - 1
    matched = np.add.reduceat(n, first)
    ends_a = (i + n)[last]
    ends_b = (j + n)[last]
    return [
        Passage(*row)
        for row in zip(
            i[first].tolist(),
            ends_a.tolist(),
            j[first].tolist(),
            ends_b.tolist(),
            matched.tolist(),
            strict=True,
        )
    ]


def shared_passages(
    a: Sequence[int] | np.ndarray,
    b: Sequence[int] | np.ndarray,
    *,
    seed: int,
    max_gap: int,
    min_words: int,
    keys_a: np.ndarray | None = None,
    keys_b: np.ndarray | None = None,
) -> list[Passage]:
    """The passages ``a`` and ``b`` share, each with at least ``min_words`` identical words.
    On numpy (:func:`run_arrays`, :func:`chain_arrays`) when it can decide, else the word
    by word path; both give the same passages."""
    ids_a = np.asarray(a, dtype=np.uint64)
    ids_b = np.asarray(b, dtype=np.uint64)
    if keys_a is None:
        keys_a = seed_keys(ids_a, seed)
    if keys_b is None:
        keys_b = seed_keys(ids_b, seed)
    passages: list[Passage] | None = None
    arrays = run_arrays(ids_a, ids_b, seed, keys_a, keys_b)
    if arrays is not None:
        passages = chain_arrays(*arrays, max_gap=max_gap)
    if passages is None:
        if arrays is not None:
            found = [Run(*r) for r in zip(*(x.tolist() for x in arrays), strict=True)]
        else:
            found = runs(ids_a.tolist(), ids_b.tolist(), seed, keys_a, keys_b)
        passages = chain(found, max_gap=max_gap)
    return [p for p in passages if p.matched >= min_words]


def _pair_keys(keys: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """One key for (pair, key): equal only for equal keys of one pair (a bijective mix of
    ``key + pair * odd``, so for one pair it is exact)."""
    h = keys + pair.astype(np.uint64) * np.uint64(_MULTIPLIERS[0])
    h ^= h >> np.uint64(31)
    h *= np.uint64(_MULTIPLIERS[1])
    return h ^ (h >> np.uint64(29))


def _concat(arrays: Sequence[np.ndarray], dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """The arrays end to end, and where each starts."""
    lengths = np.fromiter((len(x) for x in arrays), dtype=np.int64, count=len(arrays))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(arrays) else lengths
    if not len(arrays) or not lengths.sum():
        return np.zeros(0, dtype=dtype), starts
    return np.concatenate(arrays).astype(dtype, copy=False), starts


def _single(
    pair: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    seed: int,
    max_gap: int,
    min_words: int,
) -> list[Passage]:
    a, b, ka, kb = pair
    return shared_passages(
        a, b, seed=seed, max_gap=max_gap, min_words=min_words, keys_a=ka, keys_b=kb
    )


def shared_passages_batch(
    pairs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    *,
    seed: int,
    max_gap: int,
    min_words: int,
) -> list[list[Passage]]:
    """:func:`shared_passages` of many pairs ``(ids_a, ids_b, keys_a, keys_b)`` at once: the
    seeds of every pair matched in one sort, the runs found and checked word by word in one
    pass, and chained on numpy where no two runs of a pair overlap. A pair that needs more
    (a failed check, overlapping runs, too many seed pairs) takes :func:`shared_passages`.
    The passages are the same either way."""
    n_pairs = len(pairs)
    out: list[list[Passage] | None] = [None] * n_pairs
    keys_a, off_ka = _concat([p[2] for p in pairs], np.uint64)
    keys_b, off_kb = _concat([p[3] for p in pairs], np.uint64)
    ids_a, off_a = _concat([p[0] for p in pairs], np.uint64)
    ids_b, off_b = _concat([p[1] for p in pairs], np.uint64)
    len_ka = np.diff(np.append(off_ka, len(keys_a)))
    len_kb = np.diff(np.append(off_kb, len(keys_b)))
    pair_a = np.repeat(np.arange(n_pairs), len_ka)
    pair_b = np.repeat(np.arange(n_pairs), len_kb)
    ck_b = _pair_keys(keys_b, pair_b)
    order = np.argsort(ck_b, kind="stable")
    sorted_b = ck_b[order]
    ck_a = _pair_keys(keys_a, pair_a)
    # Sorted queries: searchsorted then walks the sorted keys of b in order.
    order_a = np.argsort(ck_a)
    sorted_a = ck_a[order_a]
    lo = np.searchsorted(sorted_b, sorted_a, "left")
    count = np.searchsorted(sorted_b, sorted_a, "right") - lo
    per_pair = np.bincount(pair_a[order_a], weights=count, minlength=n_pairs)
    slow = per_pair > MAX_SEED_PAIRS
    total = int(count.sum())
    a_at = np.repeat(order_a, count)
    b_at = order[
        np.repeat(lo, count) + np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    ]
    p = pair_a[a_at]
    keep = (pair_b[b_at] == p) & ~slow[p]
    a_at, b_at, p = a_at[keep], b_at[keep], p[keep]
    i = a_at - off_ka[p]
    j = b_at - off_kb[p]
    diagonal = j - i
    by = np.lexsort((i, diagonal, p))
    i, diagonal, p = i[by], diagonal[by], p[by]
    m = len(i)
    if m == 0:  # no seed in common anywhere (pairs with too many seed pairs aside)
        return [
            _single(pairs[k], seed, max_gap, min_words) if slow[k] else [] for k in range(n_pairs)
        ]
    cont = np.zeros(m, dtype=bool)
    cont[1:] = (p[1:] == p[:-1]) & (diagonal[1:] == diagonal[:-1]) & (i[1:] == i[:-1] + 1)
    first = np.flatnonzero(~cont)
    last = np.append(first[1:], m) - 1
    rp = p[first]
    ri = i[first]
    rj = ri + diagonal[first]
    rn = i[last] - ri + seed
    # Word by word: a pair with a run that fails the check (a key collision) takes the
    # single-pair path.
    step = np.arange(int(rn.sum())) - np.repeat(np.cumsum(rn) - rn, rn)
    same = (
        ids_a[np.repeat(off_a[rp] + ri, rn) + step] == ids_b[np.repeat(off_b[rp] + rj, rn) + step]
    )
    run_of_word = np.repeat(np.arange(len(rn)), rn)
    broken = np.zeros(n_pairs, dtype=bool)
    broken[rp[run_of_word[~same]]] = True
    bad = broken.copy()
    # Runs overlapping in a or in b: that pair is chained word by word.
    ends_i, ends_j = ri + rn, rj + rn
    by_j = np.lexsort((rj, rp))
    sj, ej, pj = rj[by_j], ends_j[by_j], rp[by_j]
    bad[pj[1:][(pj[1:] == pj[:-1]) & (sj[1:] < ej[:-1])]] = True
    by_i = np.lexsort((ri, rp))
    si, ei, sj2, ej2, pi, ni = ri[by_i], ends_i[by_i], rj[by_i], ends_j[by_i], rp[by_i], rn[by_i]
    bad[pi[1:][(pi[1:] == pi[:-1]) & (si[1:] < ei[:-1])]] = True
    good = ~bad[pi]
    si, ei, sj2, ej2, pi, ni = si[good], ei[good], sj2[good], ej2[good], pi[good], ni[good]
    gap_a = si[1:] - ei[:-1]
    gap_b = sj2[1:] - ej2[:-1]
    joins = (
        (pi[1:] == pi[:-1]) & (gap_a >= 0) & (gap_a <= max_gap) & (gap_b >= 0) & (gap_b <= max_gap)
    )
    if len(pi):
        pfirst = np.flatnonzero(np.concatenate(([True], ~joins)))
        plast = np.append(pfirst[1:], len(pi)) - 1
        matched = np.add.reduceat(ni, pfirst)
    else:
        pfirst = plast = matched = np.zeros(0, dtype=np.int64)
    wanted = matched >= min_words
    for k in np.flatnonzero(~bad).tolist():
        out[k] = []
    rows = zip(
        pi[pfirst][wanted].tolist(),
        si[pfirst][wanted].tolist(),
        ei[plast][wanted].tolist(),
        sj2[pfirst][wanted].tolist(),
        ej2[plast][wanted].tolist(),
        matched[wanted].tolist(),
        strict=True,
    )
    for k, a0, a1, b0, b1, n in rows:
        out[k].append(Passage(a0, a1, b0, b1, n))  # type: ignore[union-attr]
    # Overlapping runs: the greedy chain, on the runs found here.
    bounds = np.searchsorted(rp, np.arange(n_pairs + 1))
    for k in np.flatnonzero(bad & ~broken & ~slow).tolist():
        lo_k, hi_k = int(bounds[k]), int(bounds[k + 1])
        found = [
            Run(*r)
            for r in zip(
                ri[lo_k:hi_k].tolist(), rj[lo_k:hi_k].tolist(), rn[lo_k:hi_k].tolist(), strict=True
            )
        ]
        out[k] = [c for c in chain(found, max_gap=max_gap) if c.matched >= min_words]
    for k in np.flatnonzero(broken | slow).tolist():
        out[k] = _single(pairs[k], seed, max_gap, min_words)
    return out  # type: ignore[return-value]
