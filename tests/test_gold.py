"""Adjudication: agreement, the majority rule, editors' decisions, and the empty cases."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import gold
from workbench.gold import adjudicate, span_key
from workbench.store.annotations import AnnotationOut, SpanOut

TEXT = "قال الوزير إن 150 عنصرًا سلموا أنفسهم. وهذا رأي الكاتب."
_ids = count(1)


def ann(
    annotator: str,
    *spans: tuple[int, int, str] | tuple[int, int, str, str | None, str | None],
    relations: tuple[tuple[int, int, str], ...] = (),
) -> AnnotationOut:
    out = []
    for s in spans:
        start, end, label = s[0], s[1], s[2]
        verdict = s[3] if len(s) > 3 else None  # type: ignore[misc]
        note = s[4] if len(s) > 4 else None  # type: ignore[misc]
        out.append(SpanOut(next(_ids), start, end, label, TEXT[start:end], verdict, note))
    rels = tuple((out[a].id, out[b].id, k) for a, b, k in relations)
    return AnnotationOut(0, 1, "a1", annotator, len(TEXT), tuple(out), rels)


@dataclass(frozen=True)
class D:
    decision: str
    label: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    editor: str = "ed"


def keep(t: tuple[int, int, str]) -> D:
    return D("gold", t[2], t[0], t[1])


CLAIM = (0, 38, "claim")
OPINION = (39, 54, "opinion")


def triples(result: gold.GoldResult) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in result.spans]


def test_unanimous_agreement_is_gold_and_disagreement_is_counted() -> None:
    anns = [ann("a", CLAIM, OPINION), ann("b", CLAIM, OPINION), ann("c", CLAIM)]
    result = adjudicate(anns, {}, text=TEXT)
    assert triples(result) == [CLAIM]
    assert result.unresolved == 1
    assert result.disagreements[0].kind == "missing"
    assert result.reason is None


def test_majority_rule_keeps_the_majority_and_drops_the_rest() -> None:
    anns = [ann("a", CLAIM, OPINION), ann("b", CLAIM, (39, 54, "claim")), ann("c", CLAIM, OPINION)]
    result = adjudicate(anns, {}, rule="majority", text=TEXT)
    assert triples(result) == [CLAIM, OPINION]
    assert result.counts["resolved_by_majority"] == 1
    assert result.dropped_minority == 1
    assert result.spans[1].basis == "majority"


def test_disagreement_decisions_win() -> None:
    anns = [ann("a", CLAIM, OPINION), ann("b", CLAIM)]
    key = adjudicate(anns, {}, text=TEXT).disagreements[0].key
    chosen = adjudicate(
        anns, {("disagreement", key): D("gold", "fact", 39, 50, "editor says")}, text=TEXT
    )
    assert triples(chosen) == [CLAIM, (39, 50, "fact")]
    assert chosen.spans[1].basis == "editor" and chosen.spans[1].note == "editor says"
    assert chosen.spans[1].text == TEXT[39:50]
    assert chosen.unresolved == 0
    rejected = adjudicate(anns, {("disagreement", key): D("reject")}, text=TEXT)
    assert triples(rejected) == [CLAIM] and rejected.unresolved == 0


def test_span_decisions_win_over_agreement() -> None:
    anns = [ann("a", CLAIM), ann("b", CLAIM)]
    rejected = adjudicate(anns, {("span", span_key("a1", *CLAIM)): D("reject")}, text=TEXT)
    assert rejected.spans == () and rejected.reason == gold.ALL_REJECTED
    corrected = adjudicate(
        anns, {("span", span_key("a1", *CLAIM)): D("gold", "fact", 0, 37)}, text=TEXT
    )
    assert triples(corrected) == [(0, 37, "fact")]
    added = adjudicate(anns, {("span", span_key("a1", *OPINION)): keep(OPINION)}, text=TEXT)
    assert triples(added) == [CLAIM, OPINION]
    other = adjudicate(anns, {("span", span_key("a2", *OPINION)): keep(OPINION)}, text=TEXT)
    assert triples(other) == [CLAIM]


def test_span_decision_resolves_its_region() -> None:
    anns = [ann("a", CLAIM), ann("b", (0, 20, "claim"))]
    result = adjudicate(anns, {("span", span_key("a1", *CLAIM)): keep(CLAIM)}, text=TEXT)
    assert triples(result) == [CLAIM]
    assert result.disagreements[0].resolution == "editor-span"


def test_verdict_by_most_annotators_and_ties_counted() -> None:
    anns = [
        ann("a", (*CLAIM, "false", "n1")),
        ann("b", (*CLAIM, "false", "n1")),
        ann("c", (*CLAIM, "true", "n2")),
    ]
    span = adjudicate(anns, {}, text=TEXT).spans[0]
    assert span.verdict == "false" and span.note == "n1\n\nn2"
    tie = adjudicate(anns[1:], {}, text=TEXT)
    assert tie.spans[0].verdict is None and tie.verdict_ties == 1


def test_relations_need_both_ends_and_the_threshold() -> None:
    anns = [
        ann("a", CLAIM, OPINION, relations=((1, 0, "supports"),)),
        ann("b", CLAIM, OPINION, relations=((1, 0, "supports"),)),
        ann("c", CLAIM, OPINION),
    ]
    assert adjudicate(anns, {}, text=TEXT).relations == ()
    majority = adjudicate(anns, {}, rule="majority", text=TEXT)
    assert [(r.from_index, r.to_index, r.kind) for r in majority.relations] == [(1, 0, "supports")]


@pytest.mark.parametrize(
    ("anns", "reason"),
    [
        ([], gold.NO_ANNOTATIONS),
        ([ann("a", CLAIM)], gold.SINGLE_ANNOTATOR),
        ([ann("a"), ann("b")], gold.NOTHING_MARKED),
        ([ann("a", CLAIM), ann("b", OPINION)], gold.ALL_UNRESOLVED),
    ],
)
def test_empty_gold_says_why(anns: list[AnnotationOut], reason: str) -> None:
    result = adjudicate(anns, {}, text=TEXT, external_id="a1")
    assert result.spans == ()
    assert result.reason == reason


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown gold rule"):
        adjudicate([], {}, rule="plurality")


def test_span_key_shape_and_length() -> None:
    assert span_key("sample-article", 3, 9, "claim") == "sample-article:3:9:claim"
    long = span_key("x" * 300, 3, 9, "claim")
    assert len(long) <= 128 and long.startswith("sha1-") and long.endswith(":3:9:claim")


def test_keys_match_the_agreement_report(sqlite_engine) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import seed_sample
    from workbench.agreement import compute_agreement
    from workbench.store import session_scope
    from workbench.store.annotations import agreement_docs
    from workbench.store.gold import gold_for_articles

    seed_sample(sqlite_engine, with_checks=False)
    with session_scope(sqlite_engine) as session:
        report = compute_agreement(agreement_docs(session))
    (article,) = gold_for_articles(sqlite_engine)
    ours = [(r.key, r.start, r.end, r.kind) for r in article.gold.disagreements]
    theirs = [(d["key"], d["start"], d["end"], d["kind"]) for d in report["disagreements"]]
    assert ours == theirs
    for span in article.gold.spans:
        assert span.text  # sliced from the stored text


@given(st.lists(st.sampled_from([None, "", "true", "false", "unclear"]), max_size=6))
def test_verdict_is_the_most_given_one_or_a_tie(values: list[str | None]) -> None:
    """The verdict of a gold span: the one given most often (empty ones ignored); two given
    equally often at the top are a tie and give none."""
    from collections import Counter

    verdict, tie = gold._verdict(values)
    ranked = Counter(v for v in values if v).most_common()
    if not ranked:
        assert (verdict, tie) == (None, False)
    elif len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        assert (verdict, tie) == (None, True)
    else:
        assert (verdict, tie) == (ranked[0][0], False)


@given(st.lists(st.sampled_from([None, "", "  ", "n1", " n1 ", "n2"]), max_size=5))
def test_notes_are_the_distinct_ones_in_order(notes: list[str | None]) -> None:
    distinct = list(dict.fromkeys(n.strip() for n in notes if n and n.strip()))
    assert gold._note(notes) == ("\n\n".join(distinct) or None)
