"""A passage (paragraph or sentence) that repeats an earlier one in the same article.

Candidates come from shared word trigrams (:mod:`workbench.checks.passages`) and rapidfuzz;
each candidate pair is then diffed
word by word (difflib, ``autojunk=False``) on the matching view. A pair whose differences are
only additions, removals and slight edits (a conjunction, a spelling) is a repeat: ``exact``,
``near``, ``extended`` (repeated with an added clause) or ``contained`` (one sits inside the
other, or both write one long stretch word for word with other words around it). A pair that keeps the frame but changes names or figures — congratulation telegrams
to different presidents, results of different races — is ``parallel``: written on purpose,
reported at ``info`` only when asked for.

A second pass finds repeats in other words, which the diff calls unrelated: passages sharing
most of the shorter one's content words, in any order (function words, titles and clitics set
aside, light suffixes cut). ``reworded`` (a lead restated further down, a quote given again in
reported speech), ``restated_in_full`` (given in short, then in full after "فيما يلي نصه") and
``figure_changed`` (restated with a figure moved, rounded or changed), and at ``info``
``lead_clause`` (one clause of a one-sentence lead that comes back only with the lead's
allowance). Templates stay out: the same sentence said of another titled person or sent by
someone of another rank (the king, his deputy), or with other names or figures in its slots.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from math import ceil
from typing import Any

from rapidfuzz import fuzz

from workbench.arabic.honorifics import FORMULA_OPENINGS, TITLE_SHARE, TITLE_WORDS
from workbench.arabic.tokens import Token, split_proclitic
from workbench.checks import restated as restate
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.passages import (
    Span,
    WordTable,
    lead_pairs,
    repeated_content,
    shared_word_pairs,
    trigram_pairs,
)
from workbench.checks.registry import register_check

NAME = "repeated_passage"
VERSION = "3"
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
    #: A passage restated in other words (reworded, restated_in_full, figure_changed) shares
    #: at least this many content words with the earlier one …
    "min_shared_content": 8,
    #: … and at least this share of the shorter passage's content words …
    "min_content_coverage": 0.7,
    #: … or this share when the later passage follows "the text of … follows" (فيما يلي نصه).
    "min_full_text_coverage": 0.6,
    #: … and this share less when the earlier passage is in the lead (the first paragraph).
    "lead_allowance": 0.1,
}

#: Two words are the same word slightly edited when rapidfuzz rates them at least this.
_SAME_WORD = 80
#: A passage restated in other words is at most this many times longer than the other.
_MAX_LENGTH_RATIO = 8
#: A name in the slot of a template has at most this many words.
_SLOT_WORDS = 6
#: A content word in more passages than this is not indexed for candidates.
_MAX_HOLDERS = 12
#: With figures changed, a restatement brings back at least this share of the content words.
_SAME_CONTENT = 0.8
#: Two passages that share, word for word, a stretch of this many times ``min_shared_words``
#: repeat it whatever surrounds it (a long quote of the lead given again inside an answer).
_LONG_RUN = 2
#: A colon or an opening quotation mark: a source's frame ends before it.
_QUOTE_OPENS = re.compile('[:«"“]')
#: A template keeps at least this share of the longer passage's words, word for word.
_FRAME_KEPT = 0.5
#: The ranks that tell one sender of a telegram from another (the king, his deputy, a prince,
#: a president): not the titles that are part of a name (``ولد الشيخ أحمد``).
_RANKS: dict[str, str] = {
    **dict.fromkeys(["الملك", "ملك", "خادم"], "king"),
    **dict.fromkeys(["نائب", "النائب"], "deputy"),
    **dict.fromkeys(["ولي", "العهد"], "crown prince"),
    **dict.fromkeys(["سمو", "السمو", "سموه", "الامير", "امير", "الاميرة", "الملكي"], "prince"),
}
#: A numbered item shorter than this is a list entry (job requirements, recipe steps).
_ENUMERATED = re.compile(r"[(\[]?[0-9٠-٩]{1,2}\s*[-–.)\]]")
_LIST_ITEM_WORDS = 20
#: The first word of each formula opening: a passage that opens with none of them opens
#: with no formula.
_FORMULA_HEADS = tuple(opening.split(" ")[0] for opening in FORMULA_OPENINGS)


@dataclass(frozen=True)
class Unit:
    """A passage: its stored range, its tokens ``tokens[lo:hi]`` and their matching forms."""

    kind: str  # "paragraph" or "sentence"
    start: int
    end: int
    tokens: Sequence[Token]
    words: tuple[str, ...]
    lo: int = 0  # the passage is ``article.tokens[lo:hi]``
    hi: int = 0


def _spans(article: ArticleInput, min_words: int) -> list[Span]:
    """The paragraphs, then the sentences, worth comparing: long enough, and not a list
    item, a name with its titles or a decree's preamble (these repeat on purpose)."""
    starts = article.token_starts
    words = article.words
    text = article.text
    # Title words before each token, so a passage's count is one subtraction.
    titles = list(accumulate(map(TITLE_WORDS.__contains__, words), initial=0))
    ranges = [("paragraph", p.start, p.end) for p in article.paragraphs if p.kind == "paragraph"]
    ranges += [("sentence", s.start, s.end) for s in article.sentences]
    seen: set[tuple[int, int]] = set()
    out: list[Span] = []
    for kind, start, end in ranges:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end, lo)
        if hi - lo < min_words:
            continue
        if hi - lo < _LIST_ITEM_WORDS and _ENUMERATED.match(text, start):
            continue  # "2- شهادة تصنيف …": items of parallel lists repeat on purpose
        if titles[hi] - titles[lo] >= TITLE_SHARE * (hi - lo):
            continue  # a name with its titles, repeated by protocol
        if words[lo].startswith(_FORMULA_HEADS) and " ".join(words[lo : lo + 4]).startswith(
            FORMULA_OPENINGS
        ):
            continue  # the preamble of each decree
        out.append(Span(kind, start, end, lo, hi))
    return out


def _unit(article: ArticleInput, span: Span) -> Unit:
    lo, hi = span.lo, span.hi
    words = tuple(article.words[lo:hi])
    return Unit(span.kind, span.start, span.end, article.token_slice[lo:hi], words, lo, hi)


def _units(article: ArticleInput, min_words: int) -> list[Unit]:
    """Every passage worth comparing, with its tokens and words."""
    return [_unit(article, s) for s in _spans(article, min_words)]


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


@dataclass
class Diff:
    """The word-level difference of an earlier and a later passage."""

    ops: list[tuple[str, int, int, int, int]]
    ratio: float
    items: list[dict[str, Any]] = field(default_factory=list)
    matched: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    substantive: int = 0  # words of changes that are not slight edits
    edited: int = 0  # words of slight edits (a clitic, a spelling)
    figures: int = 0  # changes or removals that touch a number
    added_blocks: int = 0  # insertions of more than two words


def _diff(a: Unit, b: Unit, text: str) -> Diff:
    sm = SequenceMatcher(None, a.words, b.words, autojunk=False)
    d = Diff(sm.get_opcodes(), sm.ratio())
    for tag, i1, i2, j1, j2 in d.ops:
        old, new = a.words[i1:i2], b.words[j1:j2]
        if tag == "equal":
            d.matched += len(old)
            continue
        if tag == "replace":
            if _trivial(old, new):
                d.edited += max(len(old), len(new))
            else:
                d.substantive += max(len(old), len(new))
            d.changed += max(len(old), len(new))
        elif tag == "insert":
            d.added += len(new)
            d.added_blocks += len(new) > 2
        else:
            d.removed += len(old)
        # A figure changed or dropped is a different fact, not a repeat (a figure added with
        # a clause is fine: the clause is what the repeat adds).
        d.figures += tag != "insert" and _has_figure(old + new)
        d.items.append(
            {
                "op": {"replace": "changed", "insert": "added", "delete": "removed"}[tag],
                "earlier": _range(a, i1, i2, text),
                "later": _range(b, j1, j2, text),
            }
        )
    return d


def _classify(a: Unit, b: Unit, d: Diff, config: Mapping[str, Any]) -> str | None:
    """``exact``, ``near``, ``extended``, ``contained``, ``parallel``, ``stretch`` (a long
    stretch written twice, each time with other words around it) or None (unrelated)."""
    kind = _classify_edits(a, b, d, config)
    if kind in (None, "parallel"):
        run = _longest_equal(d)
        if run[2] - run[1] >= _LONG_RUN * config["min_shared_words"]:
            return "stretch"
    return kind


def _longest_equal(d: Diff) -> tuple[str, int, int, int, int]:
    """The longest stretch of words the two passages write alike (the first of the longest)."""
    return max(
        (op for op in d.ops if op[0] == "equal"),
        key=lambda op: op[2] - op[1],
        default=("equal", 0, 0, 0, 0),
    )


def _classify_edits(a: Unit, b: Unit, d: Diff, config: Mapping[str, Any]) -> str | None:
    """The kind of a pair by its edits alone (``_classify`` without the long stretch)."""
    shorter, longer = sorted((len(a.words), len(b.words)))
    coverage = (d.matched + d.edited) / shorter
    slight = max(2, int(0.1 * shorter))
    if d.figures or d.substantive > slight or (d.substantive and coverage < 0.9):
        # The frame is kept but names or figures differ: a template, written on purpose.
        return "parallel" if d.matched >= longer / 2 else None
    if coverage < config["min_coverage"]:
        return None
    if not d.items:
        return "exact"
    if d.added + d.removed <= max(2, int(0.15 * shorter)):
        return "near"
    if d.matched < config["min_shared_words"]:
        return None  # a short sentence inside a longer passage: too little to call a repeat
    if d.removed <= 2 and d.added_blocks == 1 and len(b.words) > len(a.words):
        return "extended"
    return "contained"


def _matched_span(unit: Unit, blocks: list[tuple[int, int]]) -> tuple[int, int]:
    return unit.tokens[blocks[0][0]].start, unit.tokens[blocks[-1][1] - 1].end


def _compare(a: Unit, b: Unit, text: str, config: Mapping[str, Any]) -> Hit | None:
    short_text = " ".join(min(a.words, b.words, key=len))
    long_text = " ".join(max(a.words, b.words, key=len))
    if fuzz.ratio(short_text, long_text) < 40 and fuzz.partial_ratio(short_text, long_text) < 80:
        return None
    d = _diff(a, b, text)
    if d.matched < config["min_words"] // 2:
        return None
    kind = _classify(a, b, d, config)
    if kind is None or (kind == "parallel" and not config["report_parallel"]):
        return None
    line = text.count("\n", 0, a.start) + 1
    messages = {
        "exact": f"This {b.kind} repeats, word for word, the {a.kind} on line {line}.",
        "near": f"This {b.kind} repeats the {a.kind} on line {line} with only slight edits.",
        "extended": f"This {b.kind} repeats the {a.kind} on line {line} and adds "
        f"{_words(d.added)} to it.",
        "contained": f"This {b.kind} and the {a.kind} on line {line} repeat the same passage, "
        "one inside the other.",
        "parallel": f"This {b.kind} follows the pattern of the {a.kind} on line {line} with "
        "other names or figures; most likely written so on purpose.",
    }
    later, earlier = (b.start, b.end), (a.start, a.end)
    stretch = 0
    if kind == "stretch":
        # Two passages that share one long stretch: both ranges point at the stretch.
        _, i1, i2, j1, j2 = _longest_equal(d)
        kind, stretch = "contained", j2 - j1
        earlier, later = _matched_span(a, [(i1, i2)]), _matched_span(b, [(j1, j2)])
        messages[kind] = (
            f"This {b.kind} and the {a.kind} on line {line} write the same {stretch} words, "
            "word for word, each with other words around them."
        )
    elif kind == "contained":
        # One passage sits inside a much longer one (a pull-quote in the body): point at the
        # part that repeats, not at the whole paragraph around it.
        if d.added > d.matched:
            later = _matched_span(b, [(j1, j2) for t, _, _, j1, j2 in d.ops if t == "equal"])
        if d.removed > d.matched:
            earlier = _matched_span(a, [(i1, i2) for t, i1, i2, _, _ in d.ops if t == "equal"])
    coverage = (d.matched + d.edited) / min(len(a.words), len(b.words))
    return Hit(
        start=later[0],
        end=later[1],
        severity="info" if kind == "parallel" else "warning",
        message=messages[kind],
        related=(earlier,),
        evidence={
            "kind": kind,
            "unit": b.kind,
            "similarity": round(d.ratio, 3),
            "coverage": round(min(coverage, 1.0), 3),
            "earlier": {"start": a.start, "end": a.end, "text": text[a.start : a.end]},
            "words": {"added": d.added, "removed": d.removed, "changed": d.changed},
            "diff": d.items[: int(config["max_diff_ops"])],
        }
        | ({"stretch": stretch} if stretch else {}),
    )


# --- Repeats in other words -------------------------------------------------------------
#
# A lead restated further down, a quote given again inside the writer's own sentence, a
# decision given in short and then in full: the words come back in another order with a few
# replaced, so the word-by-word diff above calls them unrelated or parallel. They are found
# on content words instead (function words, titles and clitics set aside, light suffixes cut):
# a pair shares most of the shorter passage's content words. Templates are told apart by their
# figures: race results and market reports keep the frame and change the numbers.

#: Function words of the matching view: they say nothing about what a passage is about.
_FUNCTION_WORDS = frozenset(
    [
        "في",
        "من",
        "على",
        "الى",
        "عن",
        "مع",
        "ان",
        "او",
        "ما",
        "لا",
        "لم",
        "لن",
        "قد",
        "كان",
        "كانت",
        "يكون",
        "تكون",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "اللذين",
        "بين",
        "كما",
        "حيث",
        "ثم",
        "هو",
        "هي",
        "هم",
        "هما",
        "عند",
        "بعد",
        "قبل",
        "كل",
        "غير",
        "اي",
        "منذ",
        "خلال",
        "انه",
        "انها",
        "الي",
        "اما",
        "الا",
        "لكن",
        "بل",
        "اذا",
        "اذ",
        "اليوم",
        "امس",
        "ايضا",
        "وقد",
        "فقد",
        "لقد",
        "حول",
        "نحو",
        "عبر",
        "ضمن",
        "لدي",
        "لدى",
        "عليه",
        "عليها",
        "فيه",
        "فيها",
        "منه",
        "منها",
        "له",
        "لها",
        "به",
        "بها",
        "تم",
        "يتم",
        "وفق",
        "مثل",
        "دون",
        "اكثر",
        "اقل",
        "حتى",
        "حتي",
    ]
)
_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم", "ات", "ون", "ين", "يه", "ه", "ي", "ا")
#: Words that open the full text of what an article has just summarised.
#: (Each alternative begins with a letter, never an optional group, so the regex engine skips
#: ahead to the letters that can start a match instead of trying every position.)
_FULL_TEXT = re.compile(
    r"في ?ما ?يل[يى] نص\w*|ما ?يل[يى] نص\w*"
    r"|نص (?:ال[أا]مر|البيان|القرار|الرسالة|المقال|الكلمة)"
)
_FIGURE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


@lru_cache(maxsize=1 << 12)
def _stem(word: str) -> str:
    """The content stem of a matching-view word; "" for a function word, a title or a word
    of fewer than three letters. A figure is kept as its digits (``1436هـ`` is ``1436``)."""
    if word[:1].isdigit():
        figure = _FIGURE.match(word)
        return figure.group() if figure else word
    if word in _FUNCTION_WORDS or word in TITLE_WORDS:
        return ""
    _, stem = split_proclitic(word.replace("ى", "ي").replace("ة", "ه"))
    if stem in _FUNCTION_WORDS or stem in TITLE_WORDS or len(stem) < 3:
        return ""
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    return stem


#: The content stem of every word met, for the process (articles share most of their words).
_STEMS = WordTable(_stem)


@dataclass(frozen=True)
class Content:
    """A passage's content stems (figures apart) and its figures."""

    words: frozenset[str]
    figures: frozenset[str]
    #: The words that only say who speaks (the frame of a source's account, ``restated``).
    frame: frozenset[str] = frozenset()


_NO_CONTENT = Content(frozenset(), frozenset())


def _content(unit: Unit, stems: Sequence[str], text: str) -> Content:
    own = set(stems[unit.lo : unit.hi])
    own.discard("")
    figures = frozenset(s for s in own if s[0].isdigit())
    words = frozenset(own - figures)
    frame = restate.frame_length(unit.words)
    if frame and _QUOTE_OPENS.search(text, unit.start, unit.tokens[frame - 1].end):
        frame = 0  # "that" inside the quote: the frame ended where the quote began
    if not frame:
        return Content(words, figures)
    said = set(stems[unit.lo + frame : unit.hi])
    return Content(words, figures, words.intersection(stems[unit.lo : unit.lo + frame]) - said)


def _measured(c: Content, other: Content) -> int:
    """How many of a passage's content words a restatement is measured on: the words of its
    frame (``وقال مدير عام التعليم إن``) only when the other passage has them too."""
    return len(c.words) - len(c.frame - other.words) if c.frame else len(c.words)


def _figures_differ(a: Content, b: Content) -> bool:
    """Each passage gives a figure the other does not (figures added with a clause, where the
    other gives none or only some of them, are not a change)."""
    return bool(a.figures - b.figures and b.figures - a.figures)


def _lead_figures_differ(a: Unit, ca: Content, cb: Content, lead: tuple[int, int] | None) -> bool:
    """:func:`_figures_differ`, except that a passage of the lead and a later one giving one
    telling figure alike (:func:`_telling`) do not differ by their other figures."""
    return _figures_differ(ca, cb) and not (
        restate.in_lead(a, lead) and any(_telling(f) for f in ca.figures & cb.figures)
    )


def _telling(figure: str) -> bool:
    """A figure that names one fact (``11785.22``, ``1000``), not a year or a small count."""
    digits = figure.replace(".", "").replace(",", "")
    return len(digits) >= 3 and not (len(figure) == 4 and figure[:2] in ("14", "19", "20"))


def _titled(words: Sequence[str]) -> bool:
    """A stretch that names someone by his titles (``خادم الحرمين الشريفين الملك سلمان``)."""
    titles = sum(w in TITLE_WORDS or split_proclitic(w)[1] in TITLE_WORDS for w in words)
    return titles >= 2 and titles >= 0.3 * len(words)


def _person_template(a: Unit, b: Unit, d: Diff) -> bool:
    """The same sentence said of someone else (a telegram from the king and the same one
    from the crown prince): the passages line up word by word, every difference is a
    substitution or a word or two added or dropped, and the substituted words name a titled
    person on each side."""
    old: list[str] = []
    new: list[str] = []
    for tag, i1, i2, j1, j2 in d.ops:
        if tag == "replace":
            old += a.words[i1:i2]
            new += b.words[j1:j2]
        elif tag != "equal" and max(i2 - i1, j2 - j1) > 2:
            return False
    return _titled(old) and _titled(new)


def _other_sender(a: Unit, b: Unit, d: Diff) -> bool:
    """The same sentence sent or said by someone of another rank (the king's congratulations
    and the same from his deputy, ``خادم الحرمين الشريفين`` / ``نائب خادم الحرمين
    الشريفين``): the passages keep, word for word and in order, at least half of the longer
    one's words (the frame), and where they differ one of them names a rank (king, deputy,
    crown prince, prince) the other has nowhere (a minister or a president named again by
    his office is the same person as often as another one). The same king named
    with fewer titles (``الملك سلمان`` for ``خادم الحرمين الشريفين الملك سلمان``) keeps his
    rank."""
    if d.matched < _FRAME_KEPT * max(len(a.words), len(b.words)):
        return False
    ranks = (_ranks(a.words), _ranks(b.words))
    for tag, i1, i2, j1, j2 in d.ops:
        if tag != "equal" and (
            _ranks(a.words[i1:i2]) - ranks[1] or _ranks(b.words[j1:j2]) - ranks[0]
        ):
            return True
    return False


def _ranks(words: Sequence[str]) -> set[str]:
    """The ranks the words name (a proclitic set aside: ``وسمو`` is ``سمو``)."""
    out = set()
    for w in words:
        rank = _RANKS.get(w) or _RANKS.get(split_proclitic(w)[1])
        if rank:
            out.add(rank)
    return out


def _slot_template(a: Unit, b: Unit, d: Diff, ca: Content, cb: Content) -> bool:
    """The same sentence with other names in its slots (the same congratulations to the
    Maldives and to Liberia, to the French president and to the King of the Belgians): the
    passages line up word by word, a word or two is added or dropped at most, each
    substitution is a short name of up to six words, and some substitution brings in content
    words on each side that the other passage lacks."""
    slot = False
    for tag, i1, i2, j1, j2 in d.ops:
        if tag == "equal":
            continue
        if max(i2 - i1, j2 - j1) > (_SLOT_WORDS if tag == "replace" else 2):
            return False
        if tag == "replace":
            # A word given again in another form (سجلت / سجل) fills no slot.
            old = {_stem(w) for w in a.words[i1:i2]} - cb.words - {""}
            new = {_stem(w) for w in b.words[j1:j2]} - ca.words - {""}
            slot = slot or bool(
                old
                and new
                and restate.other_forms(old, cb.words)
                and restate.other_forms(new, ca.words)
            )
    return slot


def _sentences_in(unit: Unit, sentence_starts: Sequence[int]) -> int:
    """How many sentences start inside the passage (1 for a sentence)."""
    if unit.kind == "sentence":
        return 1
    return bisect_left(sentence_starts, unit.end) - bisect_left(sentence_starts, unit.start)


def _restated(
    a: Unit,
    b: Unit,
    ca: Content,
    cb: Content,
    markers: Sequence[tuple[int, int]],
    text: str,
    config: Mapping[str, Any],
    lead: tuple[int, int] | None = None,
    sentence_starts: Sequence[int] = (),
) -> Hit | None:
    """``b`` restates ``a`` in other words, or None. ``markers`` are the ranges of the words
    that announce a full text (``_FULL_TEXT``), in order; ``lead`` is the lead's range and
    ``sentence_starts`` the starts of the article's sentences, in order."""
    # A lead said again further down: most of the lead comes back, its words in other forms.
    figures_differ = _lead_figures_differ(a, ca, cb, lead)
    said_again = restate.lead_pair(
        a, lead, ca.words, cb.words, figures_differ, _sentences_in(a, sentence_starts)
    )
    # A lead said again about as long as itself, or one clause of it: the lead's allowance.
    lead_restated, soft = said_again in ("restated", "clause"), said_again is not None
    # The lead said again in a source's account: measured on what is said, not on who says it.
    # (A lead restated about as long as itself has its allowance instead.)
    framed = said_again == "extended" or said_again == "clause"
    shorter = min(len(ca.words), _measured(cb, ca) if framed else len(cb.words))
    at = bisect_left(markers, (a.end, 0))
    marker = markers[at] if at < len(markers) and markers[at][1] <= b.start else None
    # After "the text of the order follows" the full text is expected to restate the summary.
    base = config["min_full_text_coverage" if marker else "min_content_coverage"]
    coverage = restate.needed_coverage(base, config["lead_allowance"], lead_restated)
    needed = max(int(config["min_shared_content"]), ceil(coverage * shorter))
    shared = restate.shared_words(ca.words, cb.words, soft=soft, at_least=needed)
    if shared < needed:
        return None
    # One clause of the lead that comes back only with the lead's allowance: a less certain
    # restatement (a round-up's clause said again, or a related sentence on the same story).
    uncertain = said_again == "clause" and shared < max(
        int(config["min_shared_content"]), ceil(base * shorter)
    )
    if max(len(a.words), len(b.words)) > _MAX_LENGTH_RATIO * min(len(a.words), len(b.words)):
        return None  # a line of highlights against the whole interview
    d = _diff(a, b, text)
    if _person_template(a, b, d) or _other_sender(a, b, d) or _slot_template(a, b, d, ca, cb):
        return None
    if figures_differ:
        # The frame kept and the figures changed: a template (results, market reports) unless
        # nearly every word comes back and at most two figures moved on either side.
        moved = min(len(ca.figures - cb.figures), len(cb.figures - ca.figures))
        if shared < _SAME_CONTENT * shorter or moved > 2:
            return None
        kind = "figure_changed"
    elif marker is not None:
        kind = "restated_in_full"
    else:
        kind = "lead_clause" if uncertain else "reworded"
    line = text.count("\n", 0, a.start) + 1
    messages = {
        "reworded": f"This {b.kind} says again, in other words, what the {a.kind} on line "
        f"{line} said ({shared} of its {len(ca.words)} content words come back).",
        "lead_clause": f"This {b.kind} may say again part of what the lead on line {line} "
        f"said ({shared} of its own {len(cb.words)} content words are the lead's).",
        "restated_in_full": f"This {b.kind} repeats in full what the {a.kind} on line {line} "
        "already gave in short.",
        "figure_changed": f"This {b.kind} repeats the {a.kind} on line {line} with other "
        f"figures ({', '.join(sorted(ca.figures - cb.figures)) or '-'} there, "
        f"{', '.join(sorted(cb.figures - ca.figures)) or '-'} here).",
    }
    evidence: dict[str, Any] = {
        "kind": kind,
        "unit": b.kind,
        "similarity": round(d.ratio, 3),
        "coverage": round(shared / min(len(ca.words), len(cb.words)), 3),
        "earlier": {"start": a.start, "end": a.end, "text": text[a.start : a.end]},
        "words": {"added": d.added, "removed": d.removed, "changed": d.changed},
        "diff": d.items[: int(config["max_diff_ops"])],
        "content_words": {"shared": shared, "earlier": len(ca.words), "later": len(cb.words)},
    }
    if kind == "figure_changed":
        evidence["figures"] = {"earlier": sorted(ca.figures), "later": sorted(cb.figures)}
    if kind == "restated_in_full":
        assert marker is not None
        s, e = marker
        evidence["full_text"] = {"start": s, "end": e, "text": text[s:e]}
    return Hit(
        start=b.start,
        end=b.end,
        severity="info" if uncertain else "warning",
        message=messages[kind],
        related=((a.start, a.end),),
        evidence=evidence,
    )


def _words(n: int) -> str:
    return "one word" if n == 1 else f"{n} words"


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _crosses(
    earlier: tuple[int, int],
    later: tuple[int, int],
    stretches: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> bool:
    """Does the pair overlap, on each side, a stretch already reported?"""
    return any(
        earlier[0] < e[1] and e[0] < earlier[1] and later[0] < s[1] and s[0] < later[1]
        for e, s in stretches
    )


@register_check(
    NAME,
    VERSION,
    description="A paragraph or sentence that repeats an earlier one: exact, near, extended "
    "with a clause, or contained in it; templated parallel sentences are not repeats.",
    defaults=DEFAULTS,
)
def repeated_passage(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
    spans = _spans(article, int(config["min_words"]))
    if len(spans) < 2:
        return
    made: dict[int, Unit] = {}

    def unit(i: int) -> Unit:  # made only for the passages of a candidate pair
        if i not in made:
            made[i] = _unit(article, spans[i])
        return made[i]

    # Longest later passages first, so a repeated paragraph is reported once, not again for
    # each of its sentences; each later passage is reported against one earlier passage.
    # (A paragraph and its first sentence tie against the same later passage: the order of
    # the candidate set decides between them.)
    pairs = sorted(
        trigram_pairs(spans, article.words),
        key=lambda p: (spans[p[1]].start - spans[p[1]].end, spans[p[1]].start, spans[p[0]].start),
    )
    reported: list[tuple[tuple[int, int], tuple[int, int]]] = []
    stretches: list[tuple[tuple[int, int], tuple[int, int]]] = []  # (earlier, later) stretch
    hits: list[Hit] = []
    for i, j in pairs:
        later, earlier = spans[j][1:3], spans[i][1:3]
        if any(_inside(later, rl) and _inside(earlier, re_) for re_, rl in reported):
            continue
        if _crosses(earlier, later, stretches):
            continue
        if any(later == rl for _, rl in reported):
            continue
        hit = _compare(unit(i), unit(j), article.text, config)
        if hit is not None:
            if hit.evidence.get("stretch"):
                # Only the stretch is claimed: the rest of the two passages may repeat too.
                stretches.append((hit.related[0], (hit.start, hit.end)))
            else:
                reported.append((earlier, later))
            hits.append(hit)
    # Then repeats in other words, for passages not already reported.
    min_shared = int(config["min_shared_content"])
    stems = _STEMS.map(article.words)
    repeated = repeated_content(stems)
    pairs = []
    lead: tuple[int, int] | None = None
    lead_only: set[tuple[int, int]] = set()
    if len(repeated) >= min_shared:  # most articles: too few words come back to matter
        # Headings, tag lines and link lines restate the story by design: left out here.
        headings = [(p.start, p.end) for p in article.paragraphs if p.kind == "heading"]
        headings += restate.furniture(article.text, article.paragraphs, article.sentences)
        lead = restate.lead_range(article.paragraphs)
        indexed = (
            [not any(_inside(s[1:3], h) for h in headings) for s in spans]
            if headings
            else [True] * len(spans)
        )
        # Candidates share min_shared // 2 of the rarer content words (counted on those
        # only) and min_shared in all, as a restatement must; the later passage longest
        # first, then by place, a paragraph before its first sentence.
        candidates = set(
            shared_word_pairs(
                spans, stems, repeated, indexed, min_shared=min_shared, min_rare=min_shared // 2
            )
        )
        if lead is not None:
            # A restated lead may bring its words back one letter apart (restated.py), so
            # fewer are shared exactly (half are asked here): these pairs are compared only
            # as a restated lead.
            lead_only = set(
                lead_pairs(spans, stems, repeated, indexed, lead, min_shared=min_shared // 2)
            ).difference(candidates)
            candidates.update(lead_only)
        pairs = sorted(
            candidates,
            key=lambda p: (
                spans[p[1]].start - spans[p[1]].end,
                spans[p[1]].start,
                spans[p[0]].start,
                -spans[p[0]].end,
            ),
        )
    markers = [m.span() for m in _FULL_TEXT.finditer(article.text)] if pairs else []
    sentence_starts = [s.start for s in article.sentences] if pairs else []
    contents: dict[int, Content] = {}
    for i, j in pairs:
        later, earlier = spans[j][1:3], spans[i][1:3]
        if any(
            (_inside(later, rl) or _inside(rl, later))
            and (_inside(earlier, re_) or _inside(re_, earlier))
            for re_, rl in reported
        ):
            continue
        if any(later == rl for _, rl in reported) or _crosses(earlier, later, stretches):
            continue
        for k in (i, j):
            if k not in contents:
                contents[k] = _content(unit(k), stems, article.text)
        if (i, j) in lead_only and not restate.lead_pair(
            unit(i),
            lead,
            contents[i].words,
            contents[j].words,
            _lead_figures_differ(unit(i), contents[i], contents[j], lead),
            _sentences_in(unit(i), sentence_starts),
        ):
            continue
        hit = _restated(
            unit(i),
            unit(j),
            contents[i],
            contents[j],
            markers,
            article.text,
            config,
            lead,
            sentence_starts,
        )
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
