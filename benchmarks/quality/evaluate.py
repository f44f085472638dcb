"""Matching a check's findings to labelled items, and the figures that follow. Pure.

A finding matches a single-range item when one of its ranges (the finding's own or a
``related`` one) overlaps the item's range. It matches a pair item when one of its ranges
overlaps each side of the pair (in either order). Then:

Each finding is assigned to the one item it overlaps most (so a finding on a repeated
sentence that grazes a labelled heading beside it counts for the sentence). Then:

- recall = positive items with at least one finding assigned / positive items;
- precision = findings assigned to a positive item / findings assigned to any item
  (findings that match no item are counted as ``unlabelled``: the labels say nothing about
  them);
- a miss is a positive item no finding matches; a false alarm a negative item some finding
  matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.quality.labels import Item
from workbench.checks.base import Finding


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ranges(f: Finding) -> list[tuple[int, int]]:
    return [(f.start, f.end), *((r.start, r.end) for r in f.related)]


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlap(f: Finding, item: Item) -> int:
    """How many code points ``f`` shares with ``item`` (0: no match): for a single-range item
    the best of the finding's ranges; for a pair the best sum over two distinct ranges of the
    finding, one on each side, each overlapping."""
    ranges = _ranges(f)
    main = (item.start, item.end)
    if item.other is None:
        return max(_shared(r, main) for r in ranges)
    best = 0
    for i, r in enumerate(ranges):
        for j, s in enumerate(ranges):
            if i != j and _shared(r, main) and _shared(s, item.other):
                best = max(best, _shared(r, main) + _shared(s, item.other))
    return best


def matches(f: Finding, item: Item) -> bool:
    return overlap(f, item) > 0


def assign(found: Sequence[Finding], items: Sequence[Item]) -> dict[int, list[Finding]]:
    """Each finding goes to the one item it overlaps most (by index in ``items``): a finding
    on a repeated sentence that also grazes a labelled heading next to it counts for the
    sentence only."""
    out: dict[int, list[Finding]] = defaultdict(list)
    for f in found:
        scored = [(overlap(f, item), -n, n) for n, item in enumerate(items)]
        best = max(scored, default=(0, 0, -1))
        if best[0] > 0:
            out[best[2]].append(f)
    return out


@dataclass
class Score:
    """The figures of one check on one set of labelled articles."""

    articles: int = 0
    positives: int = 0
    negatives: int = 0
    found: int = 0  # positive items matched
    labelled_findings: int = 0
    true_findings: int = 0  # labelled findings that match a positive item
    unlabelled_findings: int = 0
    false_alarms: int = 0  # negative items matched
    by_class: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def recall(self) -> float | None:
        return self.found / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        return self.true_findings / self.labelled_findings if self.labelled_findings else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "positives": self.positives,
            "negatives": self.negatives,
            "found": self.found,
            "recall": _round(self.recall),
            "labelled_findings": self.labelled_findings,
            "true_findings": self.true_findings,
            "precision": _round(self.precision),
            "false_alarms": self.false_alarms,
            "unlabelled_findings": self.unlabelled_findings,
            "classes": {
                cls: c | {"share_reported": _round(c["reported"] / c["items"])}
                for cls, c in sorted(self.by_class.items())
            },
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


@dataclass
class Outcome:
    score: Score
    misses: list[Item]
    false_alarms: list[tuple[Item, Finding]]


def score(items: Sequence[Item], findings: Mapping[tuple[str, str], Iterable[Finding]]) -> Outcome:
    """``findings`` maps ``(corpus_file, record)`` to the check's findings on that article
    (errors excluded); every article of ``items`` must be a key."""
    by_article: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        by_article[(item.corpus_file, item.record)].append(item)
    s = Score(articles=len(by_article))
    misses: list[Item] = []
    alarms: list[tuple[Item, Finding]] = []
    for key, its in by_article.items():
        found = list(findings[key])
        assigned = assign(found, its)
        s.labelled_findings += sum(len(fs) for fs in assigned.values())
        s.true_findings += sum(len(fs) for n, fs in assigned.items() if its[n].positive)
        s.unlabelled_findings += len(found) - sum(len(fs) for fs in assigned.values())
        for n, item in enumerate(its):
            hits = assigned.get(n, [])
            c = s.by_class.setdefault(f"{item.label}:{item.cls}", {"items": 0, "reported": 0})
            c["items"] += 1
            c["reported"] += bool(hits)
            if item.positive:
                s.positives += 1
                s.found += bool(hits)
                if not hits:
                    misses.append(item)
            else:
                s.negatives += 1
                if hits:
                    s.false_alarms += 1
                    alarms.append((item, hits[0]))
    return Outcome(s, misses, alarms)
