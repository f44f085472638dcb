"""Restatements for ``repeated_passage``'s second pass: the lead said again further down, and
content words that are the same word in another form.

A news article's first paragraph (its lead) summarises the story; the body then often says
the same again where it gives the source: "the court sentenced X to five years" in the lead,
"judicial sources said the court sentenced X to five years" below, in another order, with a
few words in another form (``شدد`` / ``مشددا``, ``نهائي`` / ``نهائيات``). Two things follow:

- a pair whose earlier passage lies in the lead and whose later passage is about as long
  (``lead_restated``) needs ``lead_allowance`` less of the lead's content words than
  another pair;
- in such a pair a content word left unmatched counts as shared when the other passage has
  a word one letter away from it (the longer of the two of at least four letters): the light
  stems of the matching view keep participle and verb prefixes, so one word in two forms is
  otherwise two words.

A link line at the foot of an article restates its headline by design, and a tag line
(``سمات …``) ending it names the story's subjects: ``furniture`` names the passages that hold
one, and the second pass leaves them out as it leaves out headings.

Pure functions over the stems ``repeated_passage`` already computes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

#: Page furniture that restates the headline by design: the link line at the foot of some
#: papers' articles (``رابط الخبر بصحيفة الوئام: …``), even when run on after the last sentence.
_FURNITURE = re.compile(r"\s*رابط الخبر")
#: The tag line that ends some papers' articles (``سمات الجوازات وافدون وثيقة سفر``, no full
#: stop): its tags restate the story's names by design.
_TAG_LINE = re.compile(r"(?<!\S)سمات\s[^.!?؟]*$")
#: A restated lead has at most this many times the lead passage's content words.
_LEAD_LENGTH_RATIO = 2
#: A word one letter from another is the same word in another form when both have at least
#: this many letters (shorter words one letter apart are different words: قال / مال).
_MIN_SOFT_LETTERS = 4

#: Verbs that open a source's account (matching view, hamza folded): ``وقال مدير عام التعليم
#: إن …``, ``وأوضحت المصادر أن …``, ``موضحا أن …``.
_SPEECH_VERBS = frozenset(
    [
        "قال",
        "قالت",
        "اوضح",
        "اوضحت",
        "اكد",
        "اكدت",
        "اشار",
        "اشارت",
        "ذكر",
        "ذكرت",
        "اضاف",
        "اضافت",
        "افاد",
        "افادت",
        "صرح",
        "كشف",
        "كشفت",
        "اعلن",
        "اعلنت",
        "لفت",
        "لفتت",
        "شدد",
        "شددت",
        "بين",
        "بينت",
        "نوه",
        "اعتبر",
        "موضحا",
        "موكدا",
        "مشيرا",
        "مضيفا",
        "لافتا",
        "مبينا",
        "منوها",
        "مشددا",
        "معتبرا",
        "قايلا",
    ]
)
#: The words that close the frame: "that" (``أن``, ``إن``, ``بأن``, ``أنه``).
_THAT = frozenset(["ان", "انه", "انها", "انهم", "بان", "بانه", "بانها"])
#: A frame is at most this many words long (the speaker's name and titles included).
_MAX_FRAME = 16


def frame_length(words: Sequence[str]) -> int:
    """How many words at the start of a passage (matching view) frame a source's account:
    a speech verb among the first two words, the speaker, and "that" (``وقال مدير عام تعليم
    حائل إن``): these say who speaks, not what is said, so a restatement is measured on the
    rest. 0 when the passage opens otherwise or "that" does not follow soon."""
    for k, w in enumerate(words[:2]):
        if w in _SPEECH_VERBS or (w[:1] in "وف" and w[1:] in _SPEECH_VERBS):
            for m in range(k + 1, min(len(words), k + _MAX_FRAME)):
                if words[m] in _THAT:
                    return m + 1
            return 0
    return 0


class _Span(Protocol):
    start: int
    end: int


class _Segment(Protocol):
    kind: str
    start: int
    end: int


def lead_range(paragraphs: Sequence[_Segment]) -> tuple[int, int] | None:
    """The range of the article's lead: its first paragraph that is not a heading."""
    for p in paragraphs:
        if p.kind == "paragraph":
            return p.start, p.end
    return None


def furniture(
    text: str, paragraphs: Sequence[_Span], sentences: Sequence[_Span]
) -> list[tuple[int, int]]:
    """The ranges of the passages that are page furniture: a sentence holding a link line
    or the tag line that ends the last paragraph (run on after the last sentence of the
    body, it is part of that sentence), and a paragraph that is mostly such sentences. A
    long paragraph that only ends with a link line stays: its other sentences are prose."""
    at = [m.end() - 1 for m in _FURNITURE.finditer(text)]
    if paragraphs:
        # A tag line (no full stop to the end) is looked for in the last paragraph only
        # ("سمات" is also a common word).
        last = paragraphs[-1]
        tags = _TAG_LINE.search(text, last.start, last.end)
        at += [tags.start()] if tags else []
    if not at:
        return []  # most articles: no link line, nothing to scan
    links = [(s.start, s.end) for s in sentences if any(s.start <= i < s.end for i in at)]
    out = list(links)
    for p in paragraphs:
        held = sum(e - s for s, e in links if p.start <= s and e <= p.end)
        if 2 * held >= p.end - p.start or _FURNITURE.match(text, p.start, p.end):
            out.append((p.start, p.end))
    return out


def in_lead(unit: _Span, lead: tuple[int, int] | None) -> bool:
    return lead is not None and lead[0] <= unit.start and unit.end <= lead[1]


def shared_words(a: frozenset[str], b: frozenset[str], soft: bool = True, at_least: int = 0) -> int:
    """How many content words ``a`` and ``b`` share; with ``soft``, a word one letter from an
    unmatched word of the other passage counts as shared (each word matched once). When the
    count cannot reach ``at_least``, some count under it is returned as soon as that is
    clear (the caller only asks whether enough are shared)."""
    exact = a & b
    if not soft:
        return len(exact)
    rest_a = sorted(w for w in a - exact if len(w) >= _MIN_SOFT_LETTERS - 1)
    rest_b = [w for w in sorted(b - exact) if len(w) >= _MIN_SOFT_LETTERS - 1]
    if len(rest_a) > len(rest_b):
        rest_a, rest_b = rest_b, rest_a
    n = len(exact)
    for left, w in enumerate(rest_a):
        if not rest_b or n + len(rest_a) - left < at_least:
            break
        found = extractOne(w, rest_b, scorer=Levenshtein.distance, score_cutoff=1)
        if found is not None and max(len(w), len(found[0])) >= _MIN_SOFT_LETTERS:
            n += 1
            del rest_b[found[2]]
    return n


def other_forms(words: set[str], others: frozenset[str]) -> set[str]:
    """The words of ``words`` that are not a word of ``others`` in another form (one letter
    apart, the longer of at least four letters): what a substitution really brings in."""
    out = set()
    for w in words:
        found = extractOne(w, others, scorer=Levenshtein.distance, score_cutoff=1)
        if found is None or max(len(w), len(found[0])) < _MIN_SOFT_LETTERS:
            out.add(w)
    return out


def lead_pair(
    earlier: _Span,
    lead: tuple[int, int] | None,
    earlier_words: frozenset[str],
    later_words: frozenset[str],
    figures_differ: bool,
    earlier_sentences: int = 1,
) -> str | None:
    """How a pair says the lead again further down, or None: the earlier passage lies in the
    lead and the two give the same figures. ``"restated"`` when the later one is about as
    long (from as many to ``_LEAD_LENGTH_RATIO`` times as many content words): it gets the
    allowance and the words in other forms. ``"extended"`` when it is longer (the source's
    account: the same facts with names, places and figures around them): the words in other
    forms only. ``"clause"`` when it is shorter and the earlier passage is one sentence (one
    clause of a round-up lead said again): the allowance and the words in other forms,
    measured on the shorter passage. A shorter passage against a lead of several sentences
    is not the lead said again: what it shares is spread over sentences about other things."""
    n = len(earlier_words)
    if not in_lead(earlier, lead) or figures_differ:
        return None
    if len(later_words) < n:
        return "clause" if earlier_sentences <= 1 else None
    return "restated" if len(later_words) <= _LEAD_LENGTH_RATIO * n else "extended"


def lead_restated(
    earlier: _Span,
    lead: tuple[int, int] | None,
    earlier_words: frozenset[str],
    later_words: frozenset[str],
    figures_differ: bool,
) -> bool:
    """Is the pair a lead restated further down, about as long as the lead (see
    :func:`lead_pair`)?"""
    return lead_pair(earlier, lead, earlier_words, later_words, figures_differ) == "restated"


def needed_coverage(base: float, lead_allowance: float, lead_restated: bool) -> float:
    """The share of the shorter passage's content words a restatement must bring back
    (``lead_restated``: the pair is a lead ``"restated"`` or a ``"clause"`` of it)."""
    return base - lead_allowance if lead_restated else base
