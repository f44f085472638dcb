"""Gold spans: what the annotators agree on, overruled by editors. Pure: plain data in and out.

One article at a time. Its annotators' spans (all labels) that overlap, directly or through a
chain, form a *region* (half-open ranges; touching is not overlapping), exactly as in
:mod:`workbench.agreement.disagreements`. Then, in this order:

1. **Agreement.** With ``rule="unanimous"`` (the default) a span ``(start, end, label)`` is
   agreed when every annotator of the article marked exactly it; with ``rule="majority"`` when
   more than half of them did. A region where every distinct span is marked by everyone is an
   agreed region; any other region is a *disagreement*, keyed as the agreement report keys it.
   Articles with fewer than ``min_annotators`` annotators (default 2) have no agreement at all:
   only editors' decisions make gold there.
2. **Disagreement decisions** (``("disagreement", key)``): ``gold`` makes the editor's
   ``(start, end, label)`` the only gold span of the region; ``reject`` makes the region empty.
3. **Span decisions** (``("span", span_key(...))``): ``gold`` adds the editor's span, ``reject``
   removes that span from the gold. A disagreement region on one of whose spans an editor
   decided counts as resolved by the editor, and keeps only the editor's gold spans.

An editor's decision always wins. A disagreement left with no decision and, under the
majority rule, no span reaching a majority is *unresolved*: nothing of it is gold and it is
counted. Under the majority rule the spans of a region that miss the majority are dropped.

Verdict and note of a gold span: the verdict given by most of the annotators who marked that
exact span (ignoring those who gave none); a tie gives no verdict and is counted in
``verdict_ties``. The note is the editor's note when the editor gave one, else the distinct
notes of those annotators in annotator order, joined by a blank line.

Relations: an annotator's relation counts for the gold when both its ends are gold spans; it
is gold when it reaches the same threshold as spans (all annotators, or more than half).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

Rule = Literal["unanimous", "majority"]
RULES: tuple[str, ...] = ("unanimous", "majority")

#: Longest span key the review log stores (``Review.target_key`` is 128 characters).
MAX_KEY = 128

# Reasons an article has no gold, in the manifest and the reports.
NO_ANNOTATIONS = "no annotations"
SINGLE_ANNOTATOR = "fewer annotators than needed for agreement"
ALL_UNRESOLVED = "every disagreement is unresolved"
NOTHING_MARKED = "the annotators marked nothing"
ALL_REJECTED = "editors rejected every span"


class SpanLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def verdict(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...


class AnnotationLike(Protocol):
    """What :class:`workbench.store.annotations.AnnotationOut` offers."""

    @property
    def external_id(self) -> str: ...
    @property
    def annotator(self) -> str: ...
    @property
    def length(self) -> int: ...
    @property
    def spans(self) -> Sequence[SpanLike]: ...
    @property
    def relations(self) -> Sequence[tuple[int, int, str]]: ...


class DecisionLike(Protocol):
    """What :class:`workbench.store.reviews.Decision` offers."""

    @property
    def decision(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def start(self) -> int | None: ...
    @property
    def end(self) -> int | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def editor(self) -> str: ...


def span_key(external_id: str, start: int, end: int, label: str) -> str:
    """The review key of a span: ``"{external_id}:{start}:{end}:{label}"``.

    When that is longer than 128 characters the article id is replaced by
    ``"sha1-" + sha1(external_id)[:16]``, so every key fits the review log."""
    key = f"{external_id}:{start}:{end}:{label}"
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha1(external_id.encode("utf-8")).hexdigest()[:16]
    return f"sha1-{digest}:{start}:{end}:{label}"[:MAX_KEY]


def disagreement_key(doc: str, start: int, end: int, kind: str) -> str:
    """The agreement report's key of a disagreement (imported lazily: numpy is heavy)."""
    from workbench.agreement.disagreements import disagreement_key as key

    return key(doc, start, end, kind)


Triple = tuple[int, int, str]  # (start, end, label)


class GoldSpan(NamedTuple):
    """A span of the gold (a named tuple: an export of a large store builds hundreds of
    thousands)."""

    start: int
    end: int
    label: str
    text: str
    verdict: str | None
    note: str | None
    basis: str  # "unanimous", "majority" or "editor"
    annotators: tuple[str, ...]  # who marked exactly this span


@dataclass(frozen=True)
class GoldRelation:
    from_index: int  # index into GoldResult.spans
    to_index: int
    kind: str


@dataclass(frozen=True)
class Region:
    """A disagreement region and what became of it."""

    key: str
    start: int
    end: int
    kind: str  # missing, label, boundary
    resolution: str  # "editor", "editor-span", "majority" or "unresolved"


@dataclass(frozen=True)
class GoldResult:
    external_id: str
    annotators: tuple[str, ...]
    spans: tuple[GoldSpan, ...]
    relations: tuple[GoldRelation, ...]
    regions: int  # all regions
    agreed_regions: int
    disagreements: tuple[Region, ...]
    verdict_ties: int = 0
    dropped_minority: int = 0  # spans left out of a region resolved by majority
    rejected: int = 0  # spans removed by an editor's span decision
    invalid_decisions: int = 0  # decisions whose range lies outside the text
    reason: str | None = None  # why there is no gold, when there is none
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def unresolved(self) -> int:
        return sum(1 for r in self.disagreements if r.resolution == "unresolved")


def _regions(triples: Sequence[Triple]) -> list[list[Triple]]:
    """Maximal chains of overlapping ranges among distinct ``triples``."""
    out: list[list[Triple]] = []
    reach = -1
    for t in sorted(triples):
        if out and t[0] < reach:
            out[-1].append(t)
            reach = max(reach, t[1])
        else:
            out.append([t])
            reach = t[1]
    return out


def _kind(region: Sequence[Triple], by_annot: Mapping[str, set[Triple]]) -> str:
    inside = set(region)
    marked = [by_annot[a] & inside for a in sorted(by_annot)]
    if any(not m for m in marked):
        return "missing"
    if len({frozenset(t[2] for t in m) for m in marked}) > 1:
        return "label"
    return "boundary"


def _verdict(values: Sequence[str | None]) -> tuple[str | None, bool]:
    given = [v for v in values if v]
    if not given:
        return None, False
    if given.count(given[0]) == len(given):
        return given[0], False
    counts: dict[str, int] = {}
    for v in given:
        counts[v] = counts.get(v, 0) + 1
    top = max(counts.values())
    winners = [v for v, k in counts.items() if k == top]
    if len(winners) > 1:  # two verdicts given equally often: a tie
        return None, True
    return winners[0], False


def _note(notes: Sequence[str | None]) -> str | None:
    if not any(notes):  # the common case: nobody wrote a note
        return None
    seen: list[str] = []
    for n in notes:
        n = (n or "").strip()
        if n and n not in seen:
            seen.append(n)
    return "\n\n".join(seen) or None


def adjudicate(
    annotations: Sequence[AnnotationLike],
    decisions: Mapping[tuple[str, str], DecisionLike] | None = None,
    *,
    rule: str = "unanimous",
    text: str | None = None,
    external_id: str | None = None,
    disagreement_keys: Mapping[tuple[int, int], str] | None = None,
    min_annotators: int = 2,
) -> GoldResult:
    """The gold of one article from its ``annotations`` (one per annotator) and editors'
    ``decisions`` (keyed ``(target_type, target_key)``, as ``effective_decisions`` returns).

    ``text`` is the article text (needed when an editor's span was marked by no annotator);
    ``disagreement_keys`` maps a region's ``(start, end)`` to the key the agreement report gave
    it, overriding the computed one."""
    if rule not in RULES:
        raise ValueError(f"unknown gold rule {rule!r}: use one of {', '.join(RULES)}")
    decisions = decisions or {}
    ext = (
        external_id
        if external_id is not None
        else (annotations[0].external_id if annotations else "")
    )
    if any(a.external_id != ext for a in annotations):
        raise ValueError("adjudicate takes the annotations of one article")
    length = len(text) if text is not None else max((a.length for a in annotations), default=0)

    by_annot: dict[str, set[Triple]] = {}
    marks: dict[Triple, list[tuple[str, SpanLike]]] = defaultdict(list)
    for ann in sorted(annotations, key=lambda a: a.annotator):
        own = by_annot.setdefault(ann.annotator, set())
        for s in ann.spans:
            t = (s.start, s.end, s.label)
            if t not in own:
                own.add(t)
                marks[t].append((ann.annotator, s))
    annotators = tuple(sorted(by_annot))
    n = len(annotators)
    compared = n >= min_annotators
    need = n if rule == "unanimous" else n // 2 + 1

    gold: dict[Triple, str] = {}  # triple -> basis
    notes: dict[Triple, str | None] = {}
    regions = _regions(list(marks))
    agreed = 0
    out_regions: list[Region] = []
    dropped = 0
    invalid = 0
    editor_regions: set[int] = set()
    has_span_decisions = any(k[0] == "span" for k in decisions)
    own_keys = {span_key(ext, *t): t for t in marks} if has_span_decisions else {}
    region_of: dict[Triple, int] = {}
    if own_keys:
        for i, region in enumerate(regions):
            for t in region:
                region_of[t] = i
    for key_, t in own_keys.items():
        if ("span", key_) in decisions:
            editor_regions.add(region_of[t])

    for i, region in enumerate(regions):
        if compared and len(region) == 1 and len(marks[region[0]]) == n:  # the common case
            agreed += 1
            gold[region[0]] = "unanimous"
            continue
        if compared and all(len(marks[t]) == n for t in region):
            agreed += 1
            gold.update((t, "unanimous") for t in region)
            continue
        r_start, r_end = min(t[0] for t in region), max(t[1] for t in region)
        kind = _kind(region, by_annot) if n else "missing"
        key = (disagreement_keys or {}).get((r_start, r_end)) or disagreement_key(
            ext, r_start, r_end, kind
        )
        d = decisions.get(("disagreement", key))
        if d is not None and d.decision == "gold":
            if (
                d.label
                and d.start is not None
                and d.end is not None
                and 0 <= d.start < d.end <= length
            ):
                gold[(d.start, d.end, d.label)] = "editor"
                notes[(d.start, d.end, d.label)] = d.note
                resolution = "editor"
            else:
                invalid += 1
                resolution = "unresolved"
        elif d is not None and d.decision == "reject":
            resolution = "editor"
        elif i in editor_regions:
            resolution = "editor-span"
        elif compared and rule == "majority" and any(len(marks[t]) >= need for t in region):
            winners = [t for t in region if len(marks[t]) >= need]
            gold.update((t, "majority") for t in winners)
            dropped += len(region) - len(winners)
            resolution = "majority"
        else:
            resolution = "unresolved"
        out_regions.append(Region(key, r_start, r_end, kind, resolution))

    # Span decisions: one keyed by an annotator's span decides that span (a gold decision may
    # correct its range or label); a gold decision keyed by its own range adds a new span.
    rejected = 0
    for key_, t in sorted(own_keys.items()):
        d = decisions.get(("span", key_))
        if d is None:
            continue
        if d.decision == "reject":
            rejected += gold.pop(t, None) is not None
            continue
        if not (d.label and d.start is not None and d.end is not None):
            continue
        if not 0 <= d.start < d.end <= length:
            invalid += 1
            continue
        new_t = (d.start, d.end, d.label)
        if new_t != t:
            gold.pop(t, None)
        gold[new_t] = "editor"
        notes[new_t] = d.note
    for (target, key_), d in sorted(decisions.items()):
        if target != "span" or key_ in own_keys or d.decision != "gold":
            continue
        if not (d.label and d.start is not None and d.end is not None):
            continue
        if key_ != span_key(ext, d.start, d.end, d.label):
            continue  # another article's span
        if not 0 <= d.start < d.end <= length:
            invalid += 1
            continue
        gold[(d.start, d.end, d.label)] = "editor"
        notes[(d.start, d.end, d.label)] = d.note

    ties = 0
    spans: list[GoldSpan] = []
    for t in sorted(gold):
        marked = marks.get(t, [])
        verdict, tie = _verdict([s.verdict for _, s in marked])
        ties += tie
        editor_note = notes.get(t)
        note = (
            editor_note.strip()
            if editor_note and editor_note.strip()
            else _note([s.note for _, s in marked])
        )
        if text is not None:
            span_text = text[t[0] : t[1]]
        elif marked:
            span_text = marked[0][1].text
        else:
            raise ValueError("adjudicate needs the article text for an editor's new span")
        spans.append(
            GoldSpan(
                t[0], t[1], t[2], span_text, verdict, note, gold[t], tuple(a for a, _ in marked)
            )
        )

    index = {(s.start, s.end, s.label): i for i, s in enumerate(spans)}
    rel_votes: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for ann in annotations:
        if not ann.relations:
            continue
        by_id = {s.id: (s.start, s.end, s.label) for s in ann.spans}
        for a, b, kind in ann.relations:
            ta, tb = by_id.get(a), by_id.get(b)
            if ta in index and tb in index:
                rel_votes[(index[ta], index[tb], kind)].add(ann.annotator)
    relations = tuple(
        GoldRelation(a, b, k)
        for (a, b, k), who in sorted(rel_votes.items())
        if len(who) >= max(need, 1)
    )

    result = GoldResult(
        external_id=ext,
        annotators=annotators,
        spans=tuple(spans),
        relations=relations,
        regions=len(regions),
        agreed_regions=agreed,
        disagreements=tuple(out_regions),
        verdict_ties=ties,
        dropped_minority=dropped,
        rejected=rejected,
        invalid_decisions=invalid,
    )
    return _with_reason(result, compared=compared, marked=bool(marks))


def _with_reason(result: GoldResult, *, compared: bool, marked: bool) -> GoldResult:
    reason: str | None = None
    if not result.spans:
        if not result.annotators:
            reason = NO_ANNOTATIONS
        elif not compared:
            reason = SINGLE_ANNOTATOR
        elif not marked:
            reason = NOTHING_MARKED
        elif result.rejected:
            reason = ALL_REJECTED
        elif result.unresolved:
            reason = ALL_UNRESOLVED
        else:
            reason = ALL_REJECTED
    counts = {
        "gold_spans": len(result.spans),
        "gold_relations": len(result.relations),
        "regions": result.regions,
        "agreed_regions": result.agreed_regions,
        "disagreements": len(result.disagreements),
        "resolved_by_editor": sum(
            r.resolution in ("editor", "editor-span") for r in result.disagreements
        ),
        "resolved_by_majority": sum(r.resolution == "majority" for r in result.disagreements),
        "unresolved": result.unresolved,
        "verdict_ties": result.verdict_ties,
        "dropped_minority": result.dropped_minority,
        "rejected": result.rejected,
        "invalid_decisions": result.invalid_decisions,
    }
    return GoldResult(**{**result.__dict__, "reason": reason, "counts": counts})
