"""MinHash signatures and LSH banding over word shingles, on numpy.

The words of the matching view are hashed on numpy, all texts of a chunk at once (a
polynomial hash of the folded characters, so the same word gets the same hash in every run
and every process); a shingle of ``k`` consecutive words is a 64-bit mix of its
words' hashes; each of the ``bands * rows`` MinHash functions is a multiply-shift hash of the
shingle hashes, and an article's signature is the minimum of each function over its
shingles. Two articles whose signatures agree on all ``rows`` values of one band are a
candidate pair. The cost grows with the number of shingles (linear in the corpus); only the
pairs in shared buckets are compared afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from workbench.arabic.normalize import _bmp_table, normalize

#: Odd 64-bit multipliers for the word positions of a shingle (fixed: signatures are stable).
_POSITION_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
    0x94D049BB133111EB,
    0xBF58476D1CE4E5B9,
)


def _functions(n: int, seed: int = 20150721) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=n, dtype=np.uint64)
    return a, b


@dataclass(frozen=True)
class LshParams:
    shingle: int = 3
    bands: int = 20
    rows: int = 3

    @property
    def functions(self) -> int:
        return self.bands * self.rows


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """For each code point of the Basic Multilingual Plane: its folded form (0 when the fold
    drops it, the first character when it folds to several) and whether it is a word
    character (``\\w``). Built once, on first use."""
    table = _bmp_table()  # the fold of each code point: itself, its fold, or None (dropped)
    folded = np.fromiter(
        (v if isinstance(v, int) else ord(v[0]) if v else 0 for v in table),
        dtype=np.uint32,
        count=0x10000,
    )
    folded[0xD800:0xE000] = 0x20
    word = np.fromiter(
        (chr(cp).isalnum() or cp == 0x5F for cp in range(0x10000)), dtype=bool, count=0x10000
    )
    word[0xD800:0xE000] = False
    return folded, word


def _powers(base: int, n: int) -> np.ndarray:
    """``base**0 .. base**(n-1)`` modulo 2**64."""
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, dtype=np.uint64)


_BASE = 0x100000001B3
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)


def _mix(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    return h ^ (h >> np.uint64(29))


def word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The words of the folded texts, hashed, all texts in one pass: ``(hashes, doc)`` with
    ``doc[w]`` the index of the text word ``w`` comes from. A word is a run of word
    characters of the matching view (folded, diacritics and tatweel dropped); a word's hash
    depends on its characters only, so it is the same in every run."""
    fold_table, word_table = _tables()
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc_of_char = np.repeat(np.arange(len(texts)), lengths)[: len(cps)]
    bmp = cps < 0x10000
    f = np.where(bmp, fold_table[np.where(bmp, cps, 0)], np.uint32(0x20))
    keep = f != 0
    f, doc_of_char = f[keep], doc_of_char[keep]
    is_word = word_table[f]
    edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    n = len(f)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(np.where(is_word, f, 0).astype(np.uint64) * _cached_powers(_BASE, n), out=prefix[1:])
    h = (prefix[ends] - prefix[starts]) * _cached_powers(_BASE_INVERSE, n)[starts]
    h = _mix(h + (ends - starts).astype(np.uint64))
    return h, doc_of_char[starts]


def shingle_hashes(words: np.ndarray, doc: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One 64-bit hash per run of ``k`` consecutive words of one text: ``(hashes, doc)``."""
    m = len(words) - k + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    out = np.zeros(m, dtype=np.uint64)
    for j in range(k):
        out = (out ^ words[j : j + m]) * np.uint64(_POSITION_MULTIPLIERS[j % 8])
        out ^= out >> np.uint64(29)
    within = doc[:m] == doc[k - 1 :]
    return out[within], doc[:m][within]


def corpus_shingles(
    texts: Sequence[str], k: int, *, chunk_chars: int = 4_000_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shingles (``k`` consecutive words) of every text: ``(hashes, doc, words)``, the
    shingle hashes in text order, the text index of each, and each text's number of words.
    Texts are read in chunks of about ``chunk_chars`` characters (memory stays bounded)."""
    hashes: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    lo = 0
    while lo < len(texts):
        hi, size = lo, 0
        while hi < len(texts) and (hi == lo or size + len(texts[hi]) <= chunk_chars):
            size += len(texts[hi])
            hi += 1
        words, doc = word_hashes(texts[lo:hi])
        counts[lo:hi] = np.bincount(doc, minlength=hi - lo)
        h, d = shingle_hashes(words, doc, k)
        hashes.append(h)
        docs.append(d + lo)
        lo = hi
    if not hashes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), counts
    return np.concatenate(hashes), np.concatenate(docs), counts


def signatures(hashes: np.ndarray, doc: np.ndarray, n_docs: int, params: LshParams) -> np.ndarray:
    """The MinHash signature of each text's shingles (``hashes`` grouped by ``doc``, in
    order): an ``(n_docs, functions)`` array. A text without shingles gets the all-ones
    signature (and is never a candidate: too short, see ``candidates``)."""
    sig = np.full((n_docs, params.functions), np.iinfo(np.uint64).max, dtype=np.uint64)
    if not len(hashes):
        return sig
    starts = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    present = doc[starts]
    a, b = _functions(params.functions)
    for f in range(params.functions):
        values = (hashes * a[f] + b[f]) >> np.uint64(16)
        sig[present, f] = np.minimum.reduceat(values, starts)
    return sig


def band_keys(sig: np.ndarray, params: LshParams) -> np.ndarray:
    """One 64-bit key per article and band: ``(articles, bands)``."""
    n = sig.shape[0]
    keys = np.zeros((n, params.bands), dtype=np.uint64)
    for band in range(params.bands):
        h = np.full(n, band + 1, dtype=np.uint64)
        for r in range(params.rows):
            h = (h ^ sig[:, band * params.rows + r]) * np.uint64(_POSITION_MULTIPLIERS[r % 8])
            h ^= h >> np.uint64(31)
        keys[:, band] = h
    return keys


def windows(doc: np.ndarray, size: int) -> np.ndarray:
    """Split each text's shingles (``doc``, grouped and in order) into windows of ``size``
    shingles, the last one taking the remainder: the window number (from 0, in order) of each
    shingle. A story printed inside a much longer article fills whole windows of it, which
    MinHash then finds (over the whole article its Jaccard similarity would be too low)."""
    n = len(doc)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    lengths = np.diff(np.concatenate((starts, [n])))
    pos = np.arange(n) - np.repeat(starts, lengths)
    last = np.repeat(np.maximum(lengths // size - 1, 0), lengths)
    local = np.minimum(pos // size, last)
    new = np.concatenate(([True], (doc[1:] != doc[:-1]) | (local[1:] != local[:-1])))
    return np.cumsum(new) - 1


def candidates(
    keys: np.ndarray, owner: np.ndarray, usable: np.ndarray, *, max_bucket: int = 200
) -> set[tuple[int, int]]:
    """Pairs of texts ``(i, j)``, ``i < j``, with windows in one bucket of at least one band.
    ``keys`` has one row per window, ``owner[w]`` is the text of window ``w``. Texts not
    ``usable`` (too short) are left out; a bucket larger than ``max_bucket`` (boilerplate
    shared by hundreds of windows) yields no pairs."""
    idx = np.flatnonzero(usable[owner])
    pairs: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        col = keys[idx, band]
        order = np.argsort(col, kind="stable")
        sorted_keys = col[order]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        # Runs of equal keys: where a run starts and where it ends, in sorted order.
        flags = np.concatenate(([False], same, [False])).astype(np.int8)
        run_starts = np.flatnonzero(np.diff(flags) == 1)
        run_ends = np.flatnonzero(np.diff(flags) == -1) + 1
        for lo, hi in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
            if hi - lo > max_bucket:
                continue
            members = sorted(set(owner[idx[order[lo:hi]]].tolist()))
            for p, i in enumerate(members):
                for j in members[p + 1 :]:
                    pairs.add((i, j))
    return pairs


_POWER_CACHE: dict[int, np.ndarray] = {}


def _cached_powers(base: int, n: int) -> np.ndarray:
    """``base**0 .. base**(n-1)``, from a table grown as longer texts come."""
    table = _POWER_CACHE.get(base)
    if table is None or len(table) < n:
        table = _powers(base, max(n, 2 * len(table) if table is not None else 1 << 16))
        _POWER_CACHE[base] = table
    return table[:n]


def hash_word(word: str) -> int:
    """The hash :func:`word_hashes` gives a word of the matching view (one word, in Python)."""
    h, mask = 0, (1 << 64) - 1
    for k, ch in enumerate(word):
        h = (h + ord(ch) * pow(_BASE, k, 1 << 64)) & mask
    out = _mix(np.array([(h + len(word)) & mask], dtype=np.uint64))
    return int(out[0])


_WIDE = re.compile("[\U00010000-\U0010ffff]")


def scan(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The words of ``text``'s matching view: ``(hashes, starts, ends)``, each word's hash (as
    :func:`word_hashes`) and stored ``[start, end)`` as ``NormalizedText.to_stored`` gives it
    (up to the next kept character, so marks dropped from the view stay with their word).
    On numpy; a text holding characters that fold to several (or astral ones) takes the
    reference path through :func:`normalize`."""
    if _WIDE.search(text) or _wide_folds().search(text):
        return _scan_reference(text)
    return _scan_joined([text])[0]


@cache
def _wide_folds() -> re.Pattern[str]:
    from workbench.arabic.normalize import _tables as fold_tables

    return fold_tables()[2]


_WORD = re.compile(r"\w+")


def _scan_reference(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    view = normalize(text)
    index = view.index
    hashes, starts, ends = [], [], []
    for m in _WORD.finditer(view.text):
        hashes.append(hash_word(m.group()))
        starts.append(index[m.start()])
        ends.append(max(index[m.end() - 1] + 1, index[m.end()]))
    return (
        np.asarray(hashes, dtype=np.uint64),
        np.asarray(starts, dtype=np.int32),
        np.asarray(ends, dtype=np.int32),
    )


def scan_many(
    texts: Sequence[str], *, chunk_chars: int = 1_000_000
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`scan` of every text, the usual texts in chunks of about ``chunk_chars``
    characters at a time (one numpy pass a chunk instead of one a text)."""
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = [None] * len(texts)
    plain = []
    for k, text in enumerate(texts):
        if _WIDE.search(text) or _wide_folds().search(text):
            out[k] = _scan_reference(text)
        else:
            plain.append(k)
    lo = 0
    while lo < len(plain):
        hi, size = lo, 0
        while hi < len(plain) and (hi == lo or size + len(texts[plain[hi]]) <= chunk_chars):
            size += len(texts[plain[hi]]) + 1
            hi += 1
        members = plain[lo:hi]
        for k, words in zip(members, _scan_joined([texts[k] for k in members]), strict=True):
            out[k] = words
        lo = hi
    return out  # type: ignore[return-value]


def _scan_joined(texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`scan`'s numpy path over texts joined by newlines (a kept non-word character:
    words never cross it, and a text's last word ends at its length)."""
    fold_table, word_table = _tables()
    joined = "\n".join(texts)
    n = len(joined)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    f = fold_table[cps]
    kept = np.flatnonzero(f != 0)
    f = f[kept]
    is_word = word_table[f]
    edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
    s = np.flatnonzero(edges == 1)
    e = np.flatnonzero(edges == -1)
    m = len(f)
    prefix = np.zeros(m + 1, dtype=np.uint64)
    np.cumsum(f.astype(np.uint64) * _cached_powers(_BASE, m), out=prefix[1:])
    h = (prefix[e] - prefix[s]) * _cached_powers(_BASE_INVERSE, m)[s]
    h = _mix(h + (e - s).astype(np.uint64))
    index = np.append(kept, n)
    starts = index[s]
    ends = np.maximum(index[e - 1] + 1, index[e])
    doc = np.searchsorted(offsets, starts, "right") - 1
    starts = (starts - offsets[doc]).astype(np.int32)
    ends = (ends - offsets[doc]).astype(np.int32)
    cuts = np.cumsum(np.bincount(doc, minlength=len(texts)))[:-1]
    return list(zip(np.split(h, cuts), np.split(starts, cuts), np.split(ends, cuts), strict=True))
