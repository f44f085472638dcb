"""A passage (paragraph or sentence) that repeats an earlier one in the same article.

Candidates come from shared word trigrams and rapidfuzz; each candidate pair is then diffed
word by word (difflib, ``autojunk=False``) on the matching view. A pair whose differences are
only additions, removals and slight edits (a conjunction, a spelling) is a repeat: ``exact``,
``near``, ``extended`` (repeated with an added clause) or ``contained`` (one sits inside the
other). A pair that keeps the frame but changes names or figures — congratulation telegrams
to different presidents, results of different races — is ``parallel``: written on purpose,
reported at ``info`` only when asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz import fuzz

from workbench.arabic.tokens import Token, split_proclitic
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import register_check

NAME = "repeated_passage"
VERSION = "1"
DEFAULTS: dict[str, Any] = {
    #: Passages shorter than this many words are not compared.
    "min_words": 8,
    #: Share of the shorter passage's words that must reappear in the other.
    "min_coverage": 0.85,
    #: A passage repeated inside a longer one (extended, contained) shares this many words.
    "min_shared_words": 12,
    #: Report templated parallel passages (same frame, other names or figures) at info.
    "report_parallel": False,
    #: At most this many word-level differences are kept in the evidence.
    "max_diff_ops": 20,
}

#: Two words are the same word slightly edited when rapidfuzz rates them at least this.
_SAME_WORD = 80
#: A numbered item shorter than this is a list entry (job requirements, recipe steps).
_ENUMERATED = re.compile(r"[(\[]?[0-9٠-٩]{1,2}\s*[-–.)\]]")
_LIST_ITEM_WORDS = 20


@dataclass(frozen=True)
class Unit:
    """A passage: its stored range, its tokens ``tokens[lo:hi]`` and their matching forms."""

    kind: str  # "paragraph" or "sentence"
    start: int
    end: int
    tokens: Sequence[Token]
    words: tuple[str, ...]


def _units(article: ArticleInput, min_words: int) -> list[Unit]:
    toks = article.tokens
    starts = [t.start for t in toks]
    ranges = [("paragraph", p.start, p.end) for p in article.paragraphs if p.kind == "paragraph"]
    ranges += [("sentence", s.start, s.end) for s in article.sentences]
    seen: set[tuple[int, int]] = set()
    out: list[Unit] = []
    for kind, start, end in ranges:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        if hi - lo < min_words:
            continue
        if hi - lo < _LIST_ITEM_WORDS and _ENUMERATED.match(article.text, start):
            continue  # "2- شهادة تصنيف …": items of parallel lists repeat on purpose
        out.append(Unit(kind, start, end, toks[lo:hi], tuple(article.words[lo:hi])))
    return out


def _candidates(units: list[Unit], all_words: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``units[i]`` wholly before ``units[j]``, sharing enough trigrams.

    Only a word trigram that occurs twice in the article can be shared by two passages, so
    the rest are dropped before the index is built (most articles repeat none).
    """
    counts = Counter(zip(all_words, all_words[1:], all_words[2:], strict=False))
    repeated = {g for g, n in counts.items() if n > 1}
    if not repeated:
        return set()
    sizes: list[int] = []
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        grams = set(zip(u.words, u.words[1:], u.words[2:], strict=False))
        sizes.append(len(grams))
        for g in grams & repeated:
            index[g].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in index.values():
        if len(holders) > 50:
            continue  # a trigram in fifty passages is boilerplate, not a repeat
        for x, i in enumerate(holders):
            for j in holders[x + 1 :]:
                shared[(i, j)] += 1
    out: set[tuple[int, int]] = set()
    for (i, j), n in shared.items():
        a, b = (i, j) if units[i].start < units[j].start else (j, i)
        if units[a].end > units[b].start:
            continue  # a sentence and the paragraph it belongs to
        if n >= max(2, 0.3 * min(sizes[a], sizes[b])):
            out.add((a, b))
    return out


def _has_figure(words: tuple[str, ...]) -> bool:
    return any(ch.isdigit() for w in words for ch in w)


def _trivial(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """A slight edit: a clitic added or dropped, a spelling changed — not a new fact."""
    if _has_figure(old + new):
        return False
    if len(old) == len(new):
        return all(
            split_proclitic(a)[1] == split_proclitic(b)[1] or fuzz.ratio(a, b) >= _SAME_WORD
            for a, b in zip(old, new, strict=True)
        )
    return fuzz.ratio(" ".join(old), " ".join(new)) >= 85


def _range(unit: Unit, lo: int, hi: int, text: str) -> dict[str, Any] | None:
    if lo == hi:
        return None
    s, e = unit.tokens[lo].start, unit.tokens[hi - 1].end
    return {"start": s, "end": e, "text": text[s:e]}


def _compare(a: Unit, b: Unit, text: str, config: Mapping[str, Any]) -> Hit | None:
    if fuzz.ratio(" ".join(a.words), " ".join(b.words)) < 40 and fuzz.partial_ratio(
        " ".join(min(a.words, b.words, key=len)), " ".join(max(a.words, b.words, key=len))
    ) < 80:
        return None
    sm = SequenceMatcher(None, a.words, b.words, autojunk=False)
    ops = sm.get_opcodes()
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    shorter, longer = sorted((len(a.words), len(b.words)))
    if matched < config["min_words"] // 2:
        return None
    diff: list[dict[str, Any]] = []
    changed = added = removed = substantive = edited = figures = added_blocks = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        old, new = a.words[i1:i2], b.words[j1:j2]
        if tag == "replace":
            if _trivial(old, new):
                edited += max(len(old), len(new))
            else:
                substantive += max(len(old), len(new))
            changed += max(len(old), len(new))
        elif tag == "insert":
            added += len(new)
            added_blocks += len(new) > 2
        else:
            removed += len(old)
        # A figure changed or dropped is a different fact, not a repeat (a figure added with
        # a clause is fine: the clause is what the repeat adds).
        figures += tag != "insert" and _has_figure(old + new)
        diff.append(
            {
                "op": {"replace": "changed", "insert": "added", "delete": "removed"}[tag],
                "earlier": _range(a, i1, i2, text),
                "later": _range(b, j1, j2, text),
            }
        )
    coverage = (matched + edited) / shorter
    slight = max(2, int(0.1 * shorter))
    if figures or substantive > slight or (substantive and coverage < 0.9):
        if not config["report_parallel"] or matched < longer / 2:
            return None
        kind, severity = "parallel", "info"
    elif coverage < config["min_coverage"]:
        return None
    elif not diff:
        kind, severity = "exact", "warning"
    elif added + removed <= max(2, int(0.15 * shorter)):
        kind, severity = "near", "warning"
    elif matched < config["min_shared_words"]:
        return None  # a short sentence inside a longer passage: too little to call a repeat
    elif removed <= 2 and added_blocks == 1 and len(b.words) > len(a.words):
        kind, severity = "extended", "warning"
    else:
        kind, severity = "contained", "warning"
    line = text.count("\n", 0, a.start) + 1
    messages = {
        "exact": f"This {b.kind} repeats, word for word, the {a.kind} on line {line}.",
        "near": f"This {b.kind} repeats the {a.kind} on line {line} with only slight edits.",
        "extended": f"This {b.kind} repeats the {a.kind} on line {line} and adds "
        f"{_words(added)} to it.",
        "contained": f"This {b.kind} and the {a.kind} on line {line} repeat the same passage, "
        "one inside the other.",
        "parallel": f"This {b.kind} follows the pattern of the {a.kind} on line {line} with "
        "other names or figures; most likely written so on purpose.",
    }
    start, end = b.start, b.end
    if kind == "contained" and added > matched:
        # The earlier passage sits inside a much longer later one (a pull-quote in the body):
        # point at the part that repeats, not at the whole paragraph.
        equal = [(j1, j2) for tag, _, _, j1, j2 in ops if tag == "equal"]
        start, end = b.tokens[equal[0][0]].start, b.tokens[equal[-1][1] - 1].end
    return Hit(
        start=start,
        end=end,
        severity=severity,
        message=messages[kind],
        related=((a.start, a.end),),
        evidence={
            "kind": kind,
            "unit": b.kind,
            "similarity": round(sm.ratio(), 3),
            "coverage": round(min(coverage, 1.0), 3),
            "earlier": {"start": a.start, "end": a.end, "text": text[a.start : a.end]},
            "words": {"added": added, "removed": removed, "changed": changed},
            "diff": diff[: int(config["max_diff_ops"])],
        },
    )


def _words(n: int) -> str:
    return "one word" if n == 1 else f"{n} words"


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@register_check(
    NAME,
    VERSION,
    description="A paragraph or sentence that repeats an earlier one: exact, near, extended "
    "with a clause, or contained in it; templated parallel sentences are not repeats.",
    defaults=DEFAULTS,
)
def repeated_passage(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
    units = _units(article, int(config["min_words"]))
    if len(units) < 2:
        return
    # Longest later passages first, so a repeated paragraph is reported once, not again for
    # each of its sentences; each later passage is reported against one earlier passage.
    pairs = sorted(
        _candidates(units, article.words),
        key=lambda p: (-(units[p[1]].end - units[p[1]].start), units[p[1]].start, units[p[0]].start),
    )
    reported: list[tuple[tuple[int, int], tuple[int, int]]] = []
    hits: list[Hit] = []
    for i, j in pairs:
        a, b = units[i], units[j]
        later, earlier = (b.start, b.end), (a.start, a.end)
        if any(_inside(later, rl) and _inside(earlier, re_) for re_, rl in reported):
            continue
        if any(later == rl for _, rl in reported):
            continue
        hit = _compare(a, b, article.text, config)
        if hit is not None:
            reported.append((earlier, later))
            hits.append(hit)
    # A passage said three times or more is a refrain or boilerplate of a template (a
    # disclaimer after each restated quarter), not a slip: kept, but at info.
    copies: dict[tuple[int, int], int] = defaultdict(int)
    for hit in hits:
        copies[hit.related[0]] += hit.severity == "warning"
    for hit in hits:
        if hit.severity == "warning" and copies[hit.related[0]] >= 2:
            evidence = dict(hit.evidence) | {"copies": copies[hit.related[0]] + 1}
            hit = replace(hit, severity="info", evidence=evidence)
        yield hit
