"""numeric_conflict: figures in one paragraph that cannot all be true.

Three sub-kinds: a vague quantity word contradicted by the figures it sums up
(``vague_total``: آلاف القتلى, then 1168 + 650); the same count given two values
(``two_values``: عدد الضحايا … 500 and عدد الضحايا … 388); parts that exceed their whole
(``parts_exceed_whole``: 20 بينهم 15 طفلًا و8 نساء).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.arabic.calendar_data import MONTHS
from workbench.arabic.normalize import NormalizedText
from workbench.arabic.number_words import (
    APPROXIMATORS,
    CEILINGS,
    COUNT_CONNECTIVES,
    COUNT_WORDS,
    COUNTED_NOUNS,
    FLOORS,
    MULTIPLIERS,
    PART_MARKERS,
    PER_HUNDRED,
    STARTERS,
    VAGUE_QUANTITIES,
    YEAR_WORDS,
    Quantity,
    read_quantity,
)
from workbench.arabic.tokens import strip_article
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import register_check

NAME = "numeric_conflict"

#: The words of :data:`_SCAN_RE` alone: the same matches (a break is never a word).
_WORD_RE = re.compile(r"[^\W_]+(?:[.,٫٬]\d+)*")
#: A vague quantity, bare or after و: it never starts an exact figure.
_VAGUE_FORMS = frozenset([*VAGUE_QUANTITIES, *("و" + w for w in VAGUE_QUANTITIES)])
#: Every finding starts from one of these words: a vague quantity (vague_total), a count
#: word before a figure (two_values) or a word introducing the parts of a whole.
GATE_WORDS = _VAGUE_FORMS | COUNT_WORDS | PART_MARKERS
#: Words (besides those ending in a digit) that can start an exact figure, also with a و in
#: front (a part after بينهم may carry one: والف).
_FIGURE_STARTS = frozenset(
    w for x in [*STARTERS, *MULTIPLIERS] for w in (x, "و" + x) if w not in _VAGUE_FORMS
)
_SCAN_RE = re.compile(r"(?P<w>[^\W_]+(?:[.,٫٬]\d+)*)|(?P<stop>[.!?؟؛:\n])|(?P<comma>[،,])")
_PERCENT_RE = re.compile(r"^\s*[%٪]")
#: The nouns the sub-kinds vague_total and two_values compare: people and casualties.
_PEOPLE = frozenset(COUNTED_NOUNS.values())
#: A paragraph without one of these cannot hold a conflict.
_TRIGGER_RE = re.compile("عدد|حصيلة|بينه|ضمنه|منهم|منهن|عشرات|ميات|الاف|الوف|ملايين|بضع")
#: The same words, each looked for with ``str.find`` (far quicker than the alternation).
_TRIGGERS = tuple(_TRIGGER_RE.pattern.split("|"))
#: Characters read before and after a trigger: figures further away are not compared.
_WINDOW_BEFORE = 300
_WINDOW_AFTER = 500
#: Words next to a number that make it a year or a date, not a count.
_DATE_WORDS = YEAR_WORDS | {m.split()[0] for m in MONTHS}


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str
    stop_before: bool  # a sentence break or colon between this token and the previous one
    comma_before: bool


@dataclass
class _Figure:
    q: Quantity
    low: float
    high: float
    nouns: frozenset[str]
    counted: str | None = None  # the noun after عدد/حصيلة, when the figure has one
    qualifier: frozenset[str] = frozenset()
    part_of: int = -1  # the token index of the بينهم that lists this figure as a part
    ranges: list[tuple[int, int]] = field(default_factory=list)


def _lemma(word: str) -> str:
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    stem = strip_article(word)
    if stem in COUNTED_NOUNS:
        return COUNTED_NOUNS[stem]
    if stem.endswith("ا") and len(stem) > 3 and stem[:-1] in COUNTED_NOUNS:
        return COUNTED_NOUNS[stem[:-1]]
    return stem


def _tokens(view: NormalizedText, start: int, end: int) -> list[_Tok]:
    """Words of the matching view with the clause breaks before them, in one pass (the
    view has no diacritics or tatweel, so a plain word pattern does)."""
    out: list[_Tok] = []
    stop = comma = False
    for m in _SCAN_RE.finditer(view.text, start, end):
        if m.lastgroup == "w":
            out.append(_Tok(m.start(), m.end(), m.group(), stop, comma))
            stop = comma = False
        elif m.lastgroup == "stop":
            stop = True
        else:
            comma = True
    return out


def _is_measure(toks: Sequence[_Tok], view: NormalizedText, q: Quantity) -> bool:
    """Percentages, dates, years and ordinals (الـ48) are not counts."""
    first, last = toks[q.first], toks[q.stop - 1]
    if first.word.startswith("ال") and first.word[2:3].isdigit():
        return True
    if _PERCENT_RE.match(view.text[last.end : last.end + 3]):
        return True
    if any(c in "%٪" for c in view.text[max(0, first.start - 2) : first.start]):
        return True
    nxt = toks[q.stop].word if q.stop < len(toks) else ""
    nxt2 = toks[q.stop + 1].word if q.stop + 1 < len(toks) else ""
    prv = toks[q.first - 1].word if q.first > 0 else ""
    return (
        nxt in PER_HUNDRED
        or (nxt == "في" and nxt2 in PER_HUNDRED)
        or nxt in _DATE_WORDS
        or prv in _DATE_WORDS
    )


def _bounds(toks: Sequence[_Tok], q: Quantity) -> tuple[float, float]:
    lo, hi = q.low, q.high if q.high is not None else math.inf
    for k in range(max(0, q.first - 2), q.first):
        w = toks[k].word
        if w in APPROXIMATORS:
            return lo * 0.9, hi * 1.1
        if w in FLOORS:
            return lo, math.inf
        if w in CEILINGS:
            return 0.0, hi
    return lo, hi


def _count_phrase(toks: Sequence[_Tok], i: int) -> tuple[str, frozenset[str]] | None:
    """For a figure at token ``i``: the noun counted by a preceding عدد/حصيلة and the
    words that qualify it (location phrases after في dropped)."""
    for k in range(i - 1, max(-1, i - 14), -1):
        if toks[k + 1].stop_before or read_quantity([t.word for t in toks[k : k + 1]], 0):
            return None
        if toks[k].word in COUNT_WORDS and k + 1 < i and toks[k + 1].word != "من":
            qual: set[str] = set()
            skipping = False
            for t in toks[k + 2 : i]:
                if t.comma_before:
                    skipping = False
                if t.word == "في":
                    skipping = True
                if skipping or t.word in COUNT_CONNECTIVES:
                    continue
                qual.add(_lemma(t.word))
            return _lemma(toks[k + 1].word), frozenset(qual)
    return None


def _figures(toks: list[_Tok], view: NormalizedText) -> list[_Figure]:
    words = [t.word for t in toks]
    out: list[_Figure] = []
    marker = -1
    i = 0
    while i < len(toks):
        if toks[i].stop_before or toks[i].comma_before:
            marker = -1
        if words[i] in PART_MARKERS:
            marker = i
        q = read_quantity(words, i)
        if q is None:
            i += 1
            continue
        if q.vague or _is_measure(toks, view, q):
            i = q.stop
            continue
        lo, hi = _bounds(toks, q)
        nouns = {_lemma(words[q.stop])} if q.stop < len(words) else set()
        fig = _Figure(q, lo, hi, frozenset())
        phrase = _count_phrase(toks, q.first)
        if phrase:
            fig.counted, fig.qualifier = phrase
            nouns.add(phrase[0])
        fig.nouns = frozenset(nouns)
        fig.part_of = marker
        fig.ranges = [_stored_range(toks, view, q)]
        out.append(fig)
        i = q.stop
    return out


def _stored_range(toks: Sequence[_Tok], view: NormalizedText, q: Quantity) -> tuple[int, int]:
    """Stored range of a quantity, without a و or ب attached in front of it (و86 → 86)."""
    first = toks[q.first]
    skip = 0
    if first.word[0] in "وبلف":
        rest = first.word[1:]
        if rest[:1].isdigit() or read_quantity([rest], 0) is not None:
            skip = 1
    return view.to_stored(first.start + skip, toks[q.stop - 1].end)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _vague_total(
    toks: list[_Tok], view: NormalizedText, figures: list[_Figure], article_text: str
) -> Iterator[tuple[tuple[Any, ...], Hit]]:
    words = [t.word for t in toks]
    i = 0
    while i < len(toks):
        q = read_quantity(words, i)
        if q is None or not q.vague:
            i = q.stop if q else i + 1
            continue
        j = q.stop + (1 if q.stop < len(words) and words[q.stop] == "من" else 0)
        if j >= len(words) or toks[j].stop_before:
            i = q.stop
            continue
        noun = _lemma(words[j])
        if noun not in _PEOPLE:
            i = q.stop
            continue
        counted = [f for f in figures if noun in f.nouns and f.part_of < 0]
        enough = len(counted) >= 2 or (
            len(counted) == 1 and counted[0].counted and not counted[0].qualifier
        )
        if enough and sum(f.high for f in counted) < q.low:
            total = sum(f.high for f in counted)
            s, e = view.to_stored(toks[q.first].start, toks[j].end)
            phrase = article_text[s:e]
            parts = " + ".join(_fmt(f.q.value or 0) for f in counted)
            message = (
                f"“{phrase}” says at least {_fmt(q.low)}, but the figures given for it add up "
                f"to {_fmt(total)}" + (f" ({parts})." if len(counted) > 1 else ".")
            )
            key = ("vague_total", words[q.first], noun, tuple(f.q.value for f in counted))
            hit = Hit(
                s,
                e,
                "warning",
                message,
                related=[r for f in counted for r in f.ranges],
                evidence={
                    "kind": "vague_total",
                    "vague_low": q.low,
                    "figures": [f.q.value for f in counted],
                    "total": total,
                },
            )
            yield key, hit
        i = q.stop


def _compatible(a: _Figure, b: _Figure) -> bool:
    """Two counts of one noun are the same count when nothing narrows one of them to a
    group the other does not name: عدد الضحايا من المدنيين and عدد الضحايا are the same,
    عدد قتلى التنظيم and عدد القتلى من عناصر قسد are not."""
    if a.qualifier == b.qualifier:
        return True
    if a.qualifier and b.qualifier:
        return False
    return (a.qualifier or b.qualifier) <= _PEOPLE


def _two_values(figures: list[_Figure]) -> Iterator[tuple[tuple[Any, ...], Hit]]:
    counted = [f for f in figures if f.counted and f.part_of < 0]
    for n, b in enumerate(counted):
        for a in counted[:n]:
            if a.counted != b.counted or a.counted not in _PEOPLE or not _compatible(a, b):
                continue
            if a.high < b.low or b.high < a.low:
                (s, e), (rs, re_) = b.ranges[0], a.ranges[0]
                message = (
                    f"The same count ({b.counted}) is given as {_fmt(a.q.value or 0)} and then "
                    f"as {_fmt(b.q.value or 0)} in the same paragraph."
                )
                key = ("two_values", a.counted, a.q.value, b.q.value)
                yield (
                    key,
                    Hit(
                        s,
                        e,
                        "warning",
                        message,
                        related=[(rs, re_)],
                        evidence={"kind": "two_values", "values": [a.q.value, b.q.value]},
                    ),
                )
                return


def _part_chain(toks: list[_Tok], marker: int) -> list[tuple[Quantity, int]]:
    """The parts after بينهم: ``141 طفلًا و86 مواطنة`` — a figure and its noun, then more
    joined by و, within one clause. Returns (quantity, token index of its noun)."""
    words = [t.word for t in toks]
    parts: list[tuple[Quantity, int]] = []
    k = marker + 1
    while k < len(toks) and not (toks[k].stop_before or toks[k].comma_before):
        if parts:
            if words[k] == "و" and k + 1 < len(toks):
                k += 1
            elif words[k].startswith("و") and len(words[k]) > 1:
                words[k] = words[k][1:]
            else:
                break
        q = read_quantity(words, k)
        if q is None or q.vague or q.stop >= len(toks) or toks[q.stop].comma_before:
            break
        if toks[q.stop].stop_before or read_quantity(words, q.stop) is not None:
            break
        parts.append((q, q.stop))
        k = q.stop + 1
        # One adjective may follow the noun (طفلًا سوريًا).
        if k < len(toks) and not words[k].startswith("و") and not toks[k].comma_before:
            k += 1
    return parts


def _parts_exceed(
    toks: list[_Tok], view: NormalizedText, figures: list[_Figure]
) -> Iterator[tuple[tuple[Any, ...], Hit]]:
    words = [t.word for t in toks]
    for whole in figures:
        stop = min(whole.q.stop + 2, len(words))
        marker = next((k for k in range(whole.q.stop, stop) if words[k] in PART_MARKERS), None)
        if marker is None or any(
            t.stop_before or t.comma_before for t in toks[whole.q.stop : marker + 1]
        ):
            continue
        parts = _part_chain(toks, marker)
        total = sum(q.low for q, _ in parts)
        if parts and total > whole.high:
            s, e = whole.ranges[0]
            related = [_stored_range(toks, view, q) for q, _ in parts]
            listed = " + ".join(_fmt(q.value or 0) for q, _ in parts)
            yield (
                ("parts", whole.q.value, tuple(q.value for q, _ in parts)),
                Hit(
                    s,
                    e,
                    "warning",
                    f"{_fmt(whole.q.value or 0)} are said to include {listed} = {_fmt(total)}, "
                    "more than the whole.",
                    related=related,
                    evidence={
                        "kind": "parts_exceed_whole",
                        "whole": whole.q.value,
                        "parts": [q.value for q, _ in parts],
                    },
                ),
            )


def trigger_spans(text: str) -> list[tuple[int, int]]:
    """``[m.span() for m in _TRIGGER_RE.finditer(text)]``, from ``str.find``: every
    occurrence of each trigger, then the leftmost of those that overlap (no two triggers
    match at one position, so this is the regex's choice)."""
    found: list[tuple[int, int]] = []
    for word in _TRIGGERS:
        n = len(word)
        i = text.find(word)
        while i >= 0:
            found.append((i, i + n))
            i = text.find(word, i + 1)
    found.sort()
    out: list[tuple[int, int]] = []
    last = 0
    for s, e in found:
        if s >= last:
            out.append((s, e))
            last = e
    return out


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of one paragraph around the words that can start a conflict.

    One scan of the whole text (a trigger never spans a line break); only the lines that
    hold a trigger are looked at."""
    line = ""
    line_start = line_end = -1
    current: list[int] | None = None
    for at, to in trigger_spans(text):
        if at > line_end:  # the first trigger of another line
            if current:
                yield _snap(line, line_start, *current)
                current = None
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            if line_end < 0:
                line_end = len(text)
            line = text[line_start:line_end]
        s = max(0, at - line_start - _WINDOW_BEFORE)
        e = min(len(line), to - line_start + _WINDOW_AFTER)
        if current and s <= current[1]:
            current[1] = e
            continue
        if current:
            yield _snap(line, line_start, *current)
        current = [s, e]
    if current:
        yield _snap(line, line_start, *current)


def _starts_figure(word: str) -> bool:
    return word[-1].isdigit() or word in _FIGURE_STARTS


def may_conflict(view: NormalizedText, start: int, end: int) -> bool:
    """A cheap necessary condition for a finding in the window ``[start, end)``, tested on
    its words before they are parsed. ``vague_total`` needs a vague quantity with a counted
    person within three words after it, and a word that can start an exact figure;
    ``two_values`` a count word and two such words; ``parts_exceed_whole`` two such words,
    one right after a parts word (بينهم 15)."""
    words = _WORD_RE.findall(view.text, start, end)
    present = GATE_WORDS.intersection(words)
    if not present:
        return False
    figures = sum(map(_starts_figure, words))
    if figures == 0:
        return False
    if figures >= 2 and not present.isdisjoint(COUNT_WORDS):
        return True
    last = len(words) - 1
    for i, w in enumerate(words):
        if w in _VAGUE_FORMS and any(_lemma(x) in _PEOPLE for x in words[i + 1 : i + 4]):
            return True
        if w in PART_MARKERS and figures >= 2 and i < last and _starts_figure(words[i + 1]):
            return True
    return False


def _snap(line: str, offset: int, s: int, e: int) -> tuple[int, int]:
    """Move a window's ends to white space so no word is cut."""
    if s > 0:
        space = line.find(" ", s)
        s = space + 1 if space != -1 else s
    if e < len(line):
        space = line.rfind(" ", s, e)
        e = space if space != -1 else e
    return offset + s, offset + e


def window_hits(
    view: NormalizedText, start: int, end: int, article_text: str
) -> list[tuple[tuple[Any, ...], Hit]]:
    """The conflicts read in one window, each with the key that merges its repeats."""
    toks = _tokens(view, start, end)
    figures = _figures(toks, view)
    if not figures:
        return []
    return [
        *_vague_total(toks, view, figures, article_text),
        *_two_values(figures),
        *_parts_exceed(toks, view, figures),
    ]


def _hits(article: ArticleInput) -> Iterator[Hit]:
    view = article.normalized
    text = view.text
    seen: dict[tuple[Any, ...], Hit] = {}
    order: list[tuple[Any, ...]] = []
    for start, end in _windows(text):
        if not may_conflict(view, start, end):
            continue
        for key, hit in window_hits(view, start, end, article.text):
            if key in seen:
                # The same conflict repeated in another paragraph: one finding, more ranges.
                first = seen[key]
                seen[key] = Hit(
                    first.start,
                    first.end,
                    first.severity,
                    first.message,
                    related=[*first.related, (hit.start, hit.end), *hit.related],
                    evidence=first.evidence,
                )
                continue
            seen[key] = hit
            order.append(key)
    for key in order:
        yield seen[key]


@register_check(
    NAME,
    "1",
    description="Figures that cannot all be true: a vague quantity contradicted by its "
    "figures, one count given two values, parts larger than their whole.",
    defaults={},
)
def numeric_conflict(article: ArticleInput, config: Mapping[str, Any]) -> Iterable[Hit]:
    return list(_hits(article))
