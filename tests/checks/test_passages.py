"""passages: candidate pairs of passages, checked against a plain all-pairs count on the
same passages, and the process-wide word table."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.checks.passages import (
    Span,
    WordTable,
    ordered,
    repeated_content,
    shared_word_pairs,
    trigram_pairs,
)

#: A few words, so that random texts repeat trigrams and words often.
VOCAB = ["وزارة", "الصحة", "مستشفى", "جديد", "الرياض", "في", "سرير", "2015", "", "أعلنت"]


def lines_to_spans(lines: list[list[str]]) -> tuple[list[Span], list[str]]:
    """Each line a paragraph, cut into sentences of four words; the words of all lines."""
    words: list[str] = []
    paragraphs: list[Span] = []
    sentences: list[Span] = []
    for line in lines:
        lo = len(words)
        start = 10 * lo
        for k in range(0, len(line), 4):
            s_lo = lo + k
            s_hi = min(lo + k + 4, lo + len(line))
            sentences.append(Span("sentence", 10 * s_lo, 10 * s_hi - 1, s_lo, s_hi))
        words += line
        paragraphs.append(Span("paragraph", start, 10 * len(words) - 1, lo, len(words)))
    return paragraphs + sentences, words


def trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def plain_trigram_pairs(spans: list[Span], words: list[str]) -> set[tuple[int, int]]:
    """The definition, pair by pair, on every pair of passages."""
    grams = [trigrams(words[s.lo : s.hi]) for s in spans]
    holders = Counter(g for own in grams for g in own)
    out = set()
    for i, j in combinations(range(len(spans)), 2):
        pair = ordered(spans, i, j)
        if pair is None:
            continue
        n = sum(1 for g in grams[i] & grams[j] if holders[g] <= 50)
        if n >= max(2, 0.3 * min(len(grams[i]), len(grams[j]))):
            out.add(pair)
    return out


lines = st.lists(st.lists(st.sampled_from(VOCAB), min_size=3, max_size=14), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(lines)
def test_trigram_pairs_are_the_pairs_sharing_enough_trigrams(text: list[list[str]]) -> None:
    spans, words = lines_to_spans(text)
    assert trigram_pairs(spans, words) == plain_trigram_pairs(spans, words)


def test_trigram_pairs_leave_out_overlaps_and_boilerplate() -> None:
    para = ["أعلنت", "وزارة", "الصحة", "اليوم", "عن", "افتتاح", "مستشفى", "جديد"]
    spans, words = lines_to_spans([para, ["قال", "إن", *para], para[:3]])
    pairs = trigram_pairs(spans, words)
    assert (0, 1) in pairs  # the paragraph said again inside the second one
    for a, b in pairs:
        assert spans[a].end <= spans[b].start  # never a paragraph and its own sentence
    # A trigram held by more passages than allowed is not counted.
    assert trigram_pairs(spans, words, max_holders=1) == set()
    assert trigram_pairs(spans, ["a", "b", "c", "d"]) == set()


def test_trigram_pairs_iterate_in_the_same_order_whatever_the_input_order() -> None:
    # Same passages, same words: the set is filled in the same order, so it iterates the
    # same way (ties between sorted pairs are broken by it).
    para = ["أعلنت", "وزارة", "الصحة", "اليوم", "عن", "افتتاح", "مستشفى", "جديد", "في", "الرياض"]
    spans, words = lines_to_spans([para, para, para[2:]])
    assert list(trigram_pairs(spans, words)) == list(trigram_pairs(list(spans), list(words)))


def plain_shared_word_pairs(
    spans: list[Span], stems: list[str], min_shared: int, min_rare: int, max_holders: int
) -> set[tuple[int, int]]:
    content = [{w for w in stems[s.lo : s.hi] if w and not w[0].isdigit()} for s in spans]
    holders = Counter(w for own in content for w in own)
    out = set()
    for i, j in combinations(range(len(spans)), 2):
        pair = ordered(spans, i, j)
        if pair is None:
            continue
        both = content[i] & content[j]
        rare = sum(1 for w in both if holders[w] <= max_holders)
        if rare >= min_rare and rare >= 1 and len(both) >= min_shared:
            out.add(pair)
    return out


@settings(max_examples=200, deadline=None)
@given(lines, st.integers(0, 6), st.integers(0, 4), st.integers(2, 5))
def test_shared_word_pairs_are_the_pairs_sharing_enough_content_words(
    text: list[list[str]], min_shared: int, min_rare: int, max_holders: int
) -> None:
    spans, stems = lines_to_spans(text)
    got = shared_word_pairs(
        spans,
        stems,
        repeated_content(stems),
        [True] * len(spans),
        min_shared=min_shared,
        min_rare=min_rare,
        max_holders=max_holders,
    )
    assert len(got) == len(set(got))
    assert set(got) == plain_shared_word_pairs(spans, stems, min_shared, min_rare, max_holders)


def test_shared_word_pairs_skip_passages_not_indexed() -> None:
    line = ["وزارة", "الصحة", "مستشفى", "جديد", "الرياض", "سرير", "أعلنت", "افتتاح"]
    spans, stems = lines_to_spans([line, line])
    everything = [True] * len(spans)
    kw = {"min_shared": 8, "min_rare": 4}
    assert (0, 1) in shared_word_pairs(spans, stems, repeated_content(stems), everything, **kw)
    first_out = [i != 0 for i in range(len(spans))]
    got = shared_word_pairs(spans, stems, repeated_content(stems), first_out, **kw)
    assert all(0 not in pair for pair in got)


def test_repeated_content_keeps_words_written_twice_not_figures_or_blanks() -> None:
    stems = ["وزار", "وزار", "صحه", "", "", "2015", "2015", "مستشف"]
    assert repeated_content(stems) == {"وزار"}


def test_word_table_computes_each_word_once_and_forgets_past_its_limit() -> None:
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    table = WordTable(upper, limit=3)
    assert table.map(["a", "b", "a"]) == ["A", "B", "A"]
    assert sorted(calls) == ["a", "b"]
    assert table.map(["b", "a"]) == ["B", "A"]
    assert sorted(calls) == ["a", "b"]  # known words are not computed again
    assert table.map(["c", "d", "a"]) == ["C", "D", "A"]  # past the limit: started afresh
    assert len(table) == 2 and sorted(calls) == ["a", "b", "c", "d"]
    assert table.map(["a"]) == ["A"] and len(calls) == 5
    assert table.map([]) == []


def test_lead_pairs_equal_their_plain_definition() -> None:
    from itertools import product

    from workbench.checks.passages import Span, lead_pairs

    stems = ["a", "b", "c", "d", "e", "a", "b", "x", "c", "d", "y", "z", "a", "q", "r", "b"]
    spans = [
        Span("paragraph", 0, 50, 0, 6),
        Span("sentence", 0, 20, 0, 3),
        Span("sentence", 21, 50, 3, 6),
        Span("paragraph", 51, 90, 6, 11),
        Span("paragraph", 91, 120, 11, 16),
    ]
    repeated = {"a", "b", "c", "d"}
    indexed = [True, True, True, True, False]
    lead = (0, 50)
    got = set(lead_pairs(spans, stems, repeated, indexed, lead, min_shared=2))

    def words(k: int) -> set[str]:
        return repeated.intersection(stems[spans[k].lo : spans[k].hi])

    want = {
        (i, j)
        for i, j in product(range(len(spans)), repeat=2)
        if indexed[i]
        and indexed[j]
        and lead[0] <= spans[i].start
        and spans[i].end <= lead[1]
        and spans[i].end <= spans[j].start
        and len(words(i) & words(j)) >= 2
    }
    assert got == want
    assert (0, 3) in got and (1, 3) in got and (2, 3) not in got  # "d" alone is too few
    assert not any(j == 4 for _, j in got)  # not indexed
