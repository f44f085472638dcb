"""The columns ``load_jsonl_table`` reads give the corpus ``build_corpus`` lays out from
the same records as objects, and the same errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from tests.agreement.helpers import rec
from tests.agreement.test_stream import corpus as stream_corpus
from workbench.agreement import AnnotatedDoc, load_jsonl
from workbench.agreement.corpus import build_corpus, corpus_from_table
from workbench.agreement.jsonl import load_jsonl_table
from workbench.agreement.table import AnnotationTable
from workbench.errors import InputError


def table_of(docs: list[AnnotatedDoc]) -> AnnotationTable:
    table = AnnotationTable()
    for d in docs:
        table.add(
            d.doc,
            d.annotator,
            d.length,
            [s.start for s in d.spans],
            [s.end for s in d.spans],
            [s.label for s in d.spans],
        )
    return table


def assert_same_corpus(a: object, b: object) -> None:
    for f in dataclasses.fields(a):  # type: ignore[arg-type]
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), f.name
        else:
            assert x == y, f.name


def test_table_round_trips_to_the_same_records() -> None:
    docs = stream_corpus(30)
    assert table_of(docs).docs() == docs


def test_corpus_from_columns_is_the_corpus_from_objects() -> None:
    docs = stream_corpus(30)
    docs.reverse()  # not in document order; a duplicate span kept once; an unused label
    docs.append(rec("dup", "amal", 40, (1, 5, "X"), (1, 5, "X"), (0, 2, "A")))
    docs.append(rec("dup", "bilal", 40, (3, 9, "X")))
    docs.append(rec("alone", "amal", 40, (3, 9, "ONLY_HERE")))
    assert_same_corpus(corpus_from_table(table_of(docs)), build_corpus(docs))


def test_empty_table() -> None:
    assert_same_corpus(corpus_from_table(AnnotationTable()), build_corpus([]))


@pytest.mark.parametrize(
    "extra",
    [
        [rec("d000", "amal", 9999)],  # the same annotator twice
        [rec("x", "amal", 10, (0, 5, "A")), rec("x", "bilal", 11)],  # two lengths
        [rec("x", "amal", 10, (4, 12, "A")), rec("x", "bilal", 10)],  # span past the end
        [rec("x", "amal", 10, (0, 5, "")), rec("x", "bilal", 10)],  # empty label
        [rec("x", "amal", -1), rec("x", "bilal", -1)],
    ],
)
def test_unusable_records_raise_what_build_corpus_raises(extra: list[AnnotatedDoc]) -> None:
    docs = stream_corpus(5) + extra
    with pytest.raises(InputError) as from_objects:
        build_corpus(docs)
    with pytest.raises(InputError) as from_columns:
        corpus_from_table(table_of(docs))
    assert str(from_columns.value) == str(from_objects.value)


def test_a_bad_span_on_a_single_annotator_document_is_left_out_as_before() -> None:
    docs = stream_corpus(5) + [rec("alone", "amal", 10, (4, 12, "A"))]
    assert_same_corpus(corpus_from_table(table_of(docs)), build_corpus(docs))


def test_jsonl_table_holds_what_load_jsonl_reads(tmp_path: Path) -> None:
    path = tmp_path / "ann.jsonl"
    path.write_text(
        '{"doc": "d", "annotator": "a", "length": 9, "spans": [{"start": 1, "end": 4, '
        '"label": "A"}, {"start": 0, "end": 9, "label": "B"}]}\n'
        '{"doc": "d", "annotator": "b", "text": "abcdefghi"}\n'
        '{"doc": "d", "annotator": "c", "length": 9, "spans": [{"start": 1, "end": 4}]}\n'
        '{"doc": "d", "annotator": "d", "length": 9, "spans": [{"start": 5, "end": 4, '
        '"label": "A"}]}\n'
        '{"doc": "d", "annotator": "e", "length": 9, "spans": [{"start": true, "end": 4, '
        '"label": "A"}]}\n',
        encoding="utf-8",
    )
    table, errors = load_jsonl_table(path)
    docs, errors_too = load_jsonl(path)
    assert table.docs() == docs
    assert errors == errors_too
    assert [e.split(": ", 1)[1] for e in errors] == [
        "spans[0].label must be a non-empty string",
        "spans[0]: span [5, 4) must satisfy 0 <= start < end <= 9",
        "spans[0].start must be an integer",
    ]
    assert table.n_spans == [2, 0]


def test_lex_order_is_lexsorts_order() -> None:
    from workbench.agreement.corpus import lex_order

    rng = np.random.default_rng(5)
    for high in (3, 1000, 2**40):  # the last: too wide to combine, lexsort itself
        keys = [rng.integers(0, high, 500) for _ in range(3)]
        assert np.array_equal(lex_order(*keys), np.lexsort(keys[::-1]))
    assert len(lex_order(np.zeros(0, dtype=np.int64))) == 0


def test_unique_and_ranks_without_a_sort_are_numpys() -> None:
    from workbench.agreement.corpus import dense_ranks, unique_ints

    rng = np.random.default_rng(9)
    for low, high in ((0, 5), (-50, 3000), (0, 2**45)):  # the last: too wide, sorted
        x = rng.integers(low, high, 700)
        distinct, inverse = np.unique(x, return_inverse=True)
        assert np.array_equal(unique_ints(x), distinct)
        ranks, n = dense_ranks(x)
        assert np.array_equal(ranks, inverse) and n == len(distinct)
    assert len(unique_ints(np.zeros(0, dtype=np.int64))) == 0


def test_values_past_64_bits_are_kept_as_they_are() -> None:
    docs = stream_corpus(3) + [rec("huge", "amal", 2**70, (2**65, 2**66, "A"))]
    table = table_of(docs)
    assert isinstance(table.start, list)
    assert table.docs() == docs
