"""CoNLL: tokens re-join to the text, tags rebuild the spans, widenings and overlaps counted."""

from __future__ import annotations

import io
import re

import pytest

from tests.exporters.conftest import TEXT, synthetic_article
from workbench.export import ExportReport
from workbench.exporters.conll import DOCSTART, write_conll
from workbench.exporters.tokens import conll_tokens, place, spans_from_tags


def documents(raw: str) -> list[list[list[tuple[str, str]]]]:
    """Documents → sentences → (token, tag)."""
    docs: list[list[list[tuple[str, str]]]] = []
    for block in raw.split(DOCSTART + "\n")[1:]:
        sents = []
        for chunk in block.strip("\n").split("\n\n"):
            lines = [line.split(" ") for line in chunk.split("\n") if line]
            if lines:
                assert all(len(cols) == 4 for cols in lines), lines
                sents.append([(cols[0], cols[3]) for cols in lines])
        docs.append(sents)
    return docs


def rebuild(text: str, doc: list[list[tuple[str, str]]]) -> list[tuple[int, int, str]]:
    toks = conll_tokens(text)
    flat = [pair for sent in doc for pair in sent]
    assert [text[s:e] for s, e in toks] == [tok for tok, _ in flat]
    return spans_from_tags([tag for _, tag in flat], toks)


def test_gold_round_trip(exported: ExportReport) -> None:
    import json

    (row,) = [json.loads(x) for x in (exported.out_dir / "gold.jsonl").read_text().splitlines()]
    (doc,) = documents((exported.out_dir / "gold.conll").read_text("utf-8"))
    tokens = [tok for sent in doc for tok, _ in sent]
    assert "".join(tokens) == re.sub(r"\s", "", row["text"])
    assert len(doc) > 10  # sentences
    assert rebuild(row["text"], doc) == [(s["start"], s["end"], s["label"]) for s in row["spans"]]
    counts = exported.manifest["scopes"]["gold"]["formats"]["conll"]
    assert counts["widened"] == 0 and counts["overlaps_dropped"] == 0


def test_annotators_scope_has_one_document_per_annotator(exported: ExportReport) -> None:
    import json

    (row,) = [
        json.loads(x) for x in (exported.out_dir / "annotators.jsonl").read_text().splitlines()
    ]
    docs = documents((exported.out_dir / "annotators.conll").read_text("utf-8"))
    assert len(docs) == 3
    for name, doc in zip(row["annotators"], docs, strict=True):
        mine = sorted(
            (s["start"], s["end"], s["label"]) for s in row["spans"] if s["annotator"] == name
        )
        assert rebuild(row["text"], doc) == mine


def test_widening_to_token_edges_is_counted() -> None:
    start = TEXT.index("الوزير")
    spans = [
        (start + 2, start + 4, "claim"),
        (TEXT.index("150") - 1, TEXT.index("150") + 3, "fact"),
    ]
    buf = io.BytesIO()
    counts = write_conll([synthetic_article(spans)], buf, "gold")
    assert counts["widened"] == 2
    (doc,) = documents(buf.getvalue().decode())
    got = rebuild(TEXT, doc)
    assert got == [
        (start, start + len("الوزير"), "claim"),
        (TEXT.index("150"), TEXT.index("150") + 3, "fact"),
    ]


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        # the longer span wins
        ([(0, 10, "claim"), (4, 10, "fact")], [(0, 10, "claim")]),
        # same length: the earlier start wins
        ([(4, 11, "fact"), (0, 10, "claim")], [(0, 10, "claim")]),
        # same range: alphabetical label
        ([(0, 10, "fact"), (0, 10, "claim")], [(0, 10, "claim")]),
        # no overlap: both kept
        ([(0, 3, "claim"), (4, 10, "fact")], [(0, 3, "claim"), (4, 10, "fact")]),
    ],
)
def test_overlap_rule(spans: list[tuple[int, int, str]], kept: list[tuple[int, int, str]]) -> None:
    toks = conll_tokens(TEXT)
    placement = place(spans, toks)
    got = [(toks[p.first][0], toks[p.last][1], p.label) for p in placement.kept]
    assert got == kept
    assert placement.dropped == len(spans) - len(kept)


def test_overlaps_counted_per_label() -> None:
    buf = io.BytesIO()
    counts = write_conll([synthetic_article([(0, 10, "claim"), (4, 10, "fact")])], buf, "gold")
    assert counts["overlaps_dropped"] == 1 and counts["overlaps_dropped:fact"] == 1


def test_punctuation_and_numbers_are_tokens() -> None:
    toks = [TEXT[s:e] for s, e in conll_tokens(TEXT)]
    assert ":" in toks and "«" in toks and "1,168" in toks and "الـ48" in toks or "الـ" in toks
    assert "".join(toks) == re.sub(r"\s", "", TEXT)


def test_sentences_are_separated_and_documents_marked() -> None:
    buf = io.BytesIO()
    write_conll([synthetic_article([]), synthetic_article([])], buf, "gold")
    raw = buf.getvalue().decode()
    docs = documents(raw)
    assert len(docs) == 2 and len(docs[0]) == 3  # ". \n", "!" end sentences
    assert raw.startswith(DOCSTART + "\n\n")


@pytest.mark.parametrize(
    "text", [TEXT, "ـكلمة ًقبل، 12.5٪ و«ق»!؟", "  \u200fنص\u200c مع\n\nفراغات  ", ""]
)
def test_tokens_are_the_tokenizer_words_plus_the_characters_between(text: str) -> None:
    from workbench.arabic.tokens import tokens

    want: list[tuple[int, int]] = []
    pos = 0
    for w in [*tokens(text), None]:
        stop = len(text) if w is None else w.start
        want.extend((i, i + 1) for i in range(pos, stop) if not text[i].isspace())
        if w is not None:
            want.append((w.start, w.end))
            pos = w.end
    assert conll_tokens(text) == want


def _line_by_line(text: str, spans: list[tuple[int, int, str]]) -> str:
    """A document written the plain way: every token's line with its BIO tag, a blank line
    after each sentence."""
    from workbench.exporters.tokens import Layout, bio_tags

    lay = Layout(text)
    tags = bio_tags(len(lay), place(spans, lay).kept)
    toks = lay.toks
    out = [f"{DOCSTART}\n\n"]
    for g in lay.groups():
        out += [f"{text[toks[t][0] : toks[t][1]]} -X- _ {tags[t]}\n" for t in g]
        out.append("\n")
    return "".join(out)


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [(0, 3, "claim")],
        [(0, 40, "claim"), (5, 9, "fact"), (60, 61, "opinion"), (100, 118, "fact")],
        [(2, 30, "fact"), (2, 30, "claim"), (10, 12, "opinion"), (95, 121, "claim")],
    ],
)
def test_documents_are_the_plain_line_by_line_rendering(
    spans: list[tuple[int, int, str]],
) -> None:
    """The export splices tags into each article's untagged document: the same text as
    writing every line with its tag, for one or many spans, overlapping or not."""
    from workbench.exporters.conll import Template, document
    from workbench.exporters.model import ExportSpan
    from workbench.exporters.tokens import Layout

    lay = Layout(TEXT)
    rows = [ExportSpan(s, e, lab, TEXT[s:e]) for s, e, lab in spans]
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    template = Template(TEXT, lay)
    expected = _line_by_line(TEXT, spans)
    assert document(TEXT, lay, rows, counts, template) == expected
    assert document(TEXT, lay, rows, counts) == expected  # without a shared template
    assert len(spans) == 0 or counts["spans"] > 0


@pytest.mark.parametrize("text", ["", "   \n ", "كلمة", "قال: «نعم».\n\nوقال 12.5؟ لا"])
def test_documents_of_short_and_empty_texts(text: str) -> None:
    from workbench.exporters.conll import document
    from workbench.exporters.model import ExportSpan
    from workbench.exporters.tokens import Layout

    spans = [(0, len(text), "claim")] if text.strip() else []
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    rows = [ExportSpan(s, e, lab, text[s:e]) for s, e, lab in spans]
    assert document(text, Layout(text), rows, counts) == _line_by_line(text, spans)
