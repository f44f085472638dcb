"""spaCy DocBin: loads, its text is the article, its spans match; a clear error without spaCy."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.exporters.conftest import TEXT, synthetic_article
from workbench.export import export_corpus
from workbench.exporters import MissingDependency, spacy_docbin


def load(raw: bytes):  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    return list(DocBin().from_bytes(raw).get_docs(spacy.blank("ar").vocab))


def test_sample_docbin_round_trip(sample_store: Engine, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    report = export_corpus(sample_store, formats=["jsonl", "spacy"], scope="both", out_dir=tmp_path)
    for scope in ("gold", "annotators"):
        (row,) = [json.loads(x) for x in (tmp_path / f"{scope}.jsonl").read_text().splitlines()]
        docs = load((tmp_path / f"{scope}.spacy").read_bytes())
        assert all(doc.text == row["text"] for doc in docs)
        got = sorted(
            (s.start_char, s.end_char, s.label_, doc.user_data["workbench"]["annotator"])
            for doc in docs
            for s in doc.spans["sc"]
        )
        want = sorted(
            (s["start"], s["end"], s["label"], s.get("annotator", "")) for s in row["spans"]
        )
        assert got == want
        for doc in docs:
            ents = [(e.start_char, e.end_char) for e in doc.ents]
            assert ents == sorted(ents)
            meta = doc.user_data["workbench"]
            assert meta["id"] == "sample-article"
            assert len(meta["verdicts"]) == len(doc.spans["sc"])
    assert report.manifest["scopes"]["gold"]["formats"]["spacy"]["widened"] == 0


def test_overlaps_stay_in_spans_but_not_in_ents() -> None:
    pytest.importorskip("spacy")
    buf = io.BytesIO()
    counts = spacy_docbin.write_docbin(
        [synthetic_article([(0, 10, "claim"), (4, 10, "fact"), (2, 6, "fact")])], buf, "gold"
    )
    (doc,) = load(buf.getvalue())
    assert doc.text == TEXT
    assert len(doc.spans["sc"]) == 3
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(0, 10, "claim")]
    assert counts["overlaps_dropped"] == 2 and counts["widened"] == 1


def test_white_space_is_kept_exactly() -> None:
    words, spaces = spacy_docbin.words_and_spaces("  a\n\nb  c ", [(2, 3), (5, 6), (8, 9)])
    assert (
        "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))
        == "  a\n\nb  c "
    )


def test_missing_spacy_is_a_typed_error(
    monkeypatch: pytest.MonkeyPatch, sample_store: Engine, tmp_path: Path
) -> None:
    monkeypatch.setattr(spacy_docbin.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingDependency, match=r"workbench\[spacy\]"):
        export_corpus(sample_store, formats=["jsonl", "spacy"], out_dir=tmp_path / "x")
    assert not (tmp_path / "x").exists()  # nothing written
