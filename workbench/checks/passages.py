"""Where two passages of an article could repeat each other, found before any diff.

A passage is a :class:`Span`: its stored range and its range of tokens. Two cheap indexes
name the pairs worth diffing, each from what the two passages share:

- :func:`trigram_pairs`: word trigrams (a repeat written again, slightly edited);
- :func:`shared_word_pairs`: content words in any order (a repeat in other words).

Both work on token positions: only what an article writes twice can be shared by two
passages that do not overlap, so what it writes once is never indexed. A word's content
form comes from a :class:`WordTable`, computed once per distinct word for the process.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, combinations, compress, count, repeat
from operator import is_
from typing import NamedTuple


class Span(NamedTuple):
    """A passage: stored range ``[start, end)``, tokens ``[lo, hi)`` of the article."""

    kind: str  # "paragraph" or "sentence"
    start: int
    end: int
    lo: int
    hi: int


def ordered(spans: Sequence[Span], i: int, j: int) -> tuple[int, int] | None:
    """``(earlier, later)`` for two passages, or None when they overlap (a sentence and
    the paragraph it belongs to)."""
    a, b = (i, j) if spans[i].start < spans[j].start else (j, i)
    return (a, b) if spans[a].end <= spans[b].start else None


class WordTable:
    """``fn`` of each word, computed once per distinct word for the whole process (articles
    share most of their words). Forgotten wholesale past ``limit`` words, so a long-running
    process does not grow without bound."""

    def __init__(self, fn: Callable[[str], str], limit: int = 1_000_000) -> None:
        self._fn = fn
        self._limit = limit
        self._table: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._table)

    def map(self, words: Sequence[str]) -> list[str]:
        """``[fn(w) for w in words]``."""
        table = self._table
        out = list(map(table.get, words))
        if None in out:
            missing = set(compress(words, map(is_, out, repeat(None))))
            if len(table) + len(missing) > self._limit:
                table.clear()
            new = {w: self._fn(w) for w in missing}
            table.update(new)
            out = list(map(new.get, words, out))  # the new ones in, the others kept
        return out  # type: ignore[return-value]


def _pair_counts(holders: Iterable[list[int]]) -> Counter[tuple[int, int]]:
    """How many of the lists hold each pair ``(i, j)``, ``i < j`` (each list ascending)."""
    return Counter(chain.from_iterable(combinations(h, 2) for h in holders))


def trigram_pairs(
    spans: Sequence[Span],
    words: Sequence[str],
    *,
    max_holders: int = 50,
    min_shared: int = 2,
    min_share: float = 0.3,
) -> set[tuple[int, int]]:
    """Pairs ``(a, b)``, ``spans[a]`` wholly before ``spans[b]``, that share at least
    ``min_shared`` distinct word trigrams and ``min_share`` of the distinct trigrams of the
    one with fewer. A trigram held by more than ``max_holders`` passages is boilerplate and
    not counted.

    The set is filled in a fixed order (trigrams by first position), so its iteration
    order, which breaks ties between pairs sorted on the passages' places, does not depend
    on the hash seed.
    """
    grams = list(zip(words, words[1:], words[2:], strict=False))
    counts = Counter(grams)
    if len(counts) == len(grams):
        return set()  # no trigram written twice: most articles
    repeated = set(compress(counts, map((1).__lt__, counts.values())))
    least = max(min_shared, 1)
    if len(repeated) < least:
        return set()
    # Positions of the trigrams written twice or more, and an id per such trigram.
    positions = list(compress(count(), map(repeated.__contains__, grams)))
    ids: dict[tuple[str, ...], int] = {}
    gid = [ids.setdefault(grams[p], len(ids)) for p in positions]
    holders = [0] * len(ids)
    index: list[list[int]] = [[] for _ in ids]
    sizes: dict[int, int] = {}
    for i, s in enumerate(spans):
        # The passage's trigrams start at positions lo .. hi - 3.
        x = bisect_left(positions, s.lo)
        y = max(x, bisect_left(positions, s.hi - 2))
        own = set(gid[x:y])
        for g in own:
            holders[g] += 1
        if len(own) < least:
            continue  # too few to share enough with any other passage
        # Distinct trigrams: each of the others occurs once in the whole article.
        sizes[i] = max(s.hi - s.lo - 2, 0) - (y - x) + len(own)
        for g in own:
            index[g].append(i)
    out: set[tuple[int, int]] = set()
    shared = _pair_counts(h for g, h in enumerate(index) if holders[g] <= max_holders)
    for (i, j), n in shared.items():
        pair = ordered(spans, i, j)
        if pair is not None and n >= max(min_shared, min_share * min(sizes[i], sizes[j])):
            out.add(pair)
    return out


def repeated_content(stems: Sequence[str]) -> set[str]:
    """The content stems written twice or more (not "" nor a figure)."""
    counts = Counter(stems)
    out = set(compress(counts, map((1).__lt__, counts.values())))
    out.discard("")
    out.difference_update([s for s in out if s[0].isdigit()])
    return out


def shared_word_pairs(
    spans: Sequence[Span],
    stems: Sequence[str],
    repeated: set[str],
    indexed: Sequence[bool],
    *,
    min_shared: int,
    min_rare: int,
    max_holders: int = 12,
) -> list[tuple[int, int]]:
    """Pairs ``(a, b)``, ``spans[a]`` wholly before ``spans[b]``, both ``indexed``, that share
    at least ``min_rare`` content stems held by ``max_holders`` passages or fewer (a topic
    word of many passages says little about any two of them) and at least ``min_shared``
    content stems in all. ``stems[k]`` is the content stem of token ``k``, ``repeated``
    those written twice or more (:func:`repeated_content`). In no particular order.
    """
    own: list[set[str]] = [
        repeated.intersection(stems[s.lo : s.hi]) if ok else set()
        for s, ok in zip(spans, indexed, strict=True)
    ]
    holders = Counter(chain.from_iterable(own))
    rare = {w for w, n in holders.items() if 2 <= n <= max_holders}
    # Only passages with enough words of both kinds can be in a pair (rarity is counted on
    # all passages above); and two of them must not overlap.
    enough, least_rare = max(min_shared, 1), max(min_rare, 1)
    kept = [
        (i, own_rare)
        for i, words in enumerate(own)
        if len(words) >= enough and len(own_rare := words & rare) >= least_rare
    ]
    if len(kept) < 2 or min(spans[i].end for i, _ in kept) > max(spans[i].start for i, _ in kept):
        return []
    # Each passage's rare words as bits of an int: two passages share as many rare words
    # as the bits of the AND of theirs.
    bit = dict(zip(rare, map((1).__lshift__, count()), strict=False))
    masks = [(i, sum(map(bit.__getitem__, words))) for i, words in kept]
    out = []
    for x, (i, mask) in enumerate(masks):
        for j, other in masks[x + 1 :]:
            if (mask & other).bit_count() >= least_rare:
                pair = ordered(spans, i, j)
                if pair is not None and len(own[i] & own[j]) >= min_shared:
                    out.append(pair)
    return out


def lead_pairs(
    spans: Sequence[Span],
    stems: Sequence[str],
    repeated: set[str],
    indexed: Sequence[bool],
    lead: tuple[int, int],
    *,
    min_shared: int,
) -> list[tuple[int, int]]:
    """Pairs ``(a, b)``: ``spans[a]`` inside the ``lead`` range, ``spans[b]`` wholly after
    ``spans[a]``, both ``indexed``, sharing at least ``min_shared`` content stems, with no test of
    rarity. A lead said again further down may bring its words back in other forms (matched
    later, one letter apart), so fewer of them are shared exactly than elsewhere."""
    first = [
        i for i, s in enumerate(spans) if indexed[i] and lead[0] <= s.start and s.end <= lead[1]
    ]
    if not first:
        return []
    own = {i: repeated.intersection(stems[spans[i].lo : spans[i].hi]) for i in first}
    out = []
    for j, s in enumerate(spans):
        if not indexed[j] or s.start < min(spans[i].end for i in first):
            continue
        words = repeated.intersection(stems[s.lo : s.hi])
        if len(words) < min_shared:
            continue
        out += [
            (i, j) for i in first if spans[i].end <= s.start and len(own[i] & words) >= min_shared
        ]
    return out
