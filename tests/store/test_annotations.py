"""Annotations in the store and their view for the agreement package."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.conftest import seed_sample
from workbench.store import session_scope
from workbench.store.annotations import agreement_docs, annotations


def test_sample_annotations_round_trip(engine: Engine) -> None:
    seed_sample(engine, with_checks=False)
    with session_scope(engine) as s:
        anns = annotations(session=s)
        assert [a.annotator for a in anns] == [
            "amal@example.org",
            "badr@example.org",
            "huda@example.org",
        ]
        for a in anns:
            text_len = a.length
            for span in a.spans:
                assert 0 <= span.start < span.end <= text_len
        amal = anns[0]
        by_id = {sp.id: sp for sp in amal.spans}
        kinds = sorted((by_id[f].label, by_id[t].label, k) for f, t, k in amal.relations)
        assert kinds == [("claim", "fact", "contradicts"), ("duplicate", "fact", "duplicate_of")]
        docs = agreement_docs(s)
        assert {d.annotator for d in docs} == {a.annotator for a in anns}
        assert all(d.doc == "sample-article" for d in docs)


def test_single_annotator_articles_are_left_out_of_agreement(sqlite_engine: Engine) -> None:
    seed_sample(sqlite_engine, with_checks=False)
    with session_scope(sqlite_engine) as s:
        assert len(annotations(session=s, min_annotators=4)) == 0
        assert len(annotations(session=s, min_annotators=3)) == 3
