"""A spaCy ``DocBin``: every span in ``doc.spans["sc"]``, the non-overlapping ones (the CoNLL
rule of :mod:`workbench.exporters.tokens`) as ``doc.ents``.

Docs are built with ``spacy.blank("ar")`` from the workbench tokens (white space between
tokens becomes ``spaces`` or white-space tokens), so ``doc.text`` is the article text and
character offsets match. ``doc.user_data`` keeps the article id, the annotator (annotators
scope) and each ``sc`` span's verdict and note. spaCy is the optional extra
``workbench[spacy]``; without it this format raises :class:`MissingDependency`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, BinaryIO

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan, per_annotator
from workbench.exporters.registry import MissingDependency, register
from workbench.exporters.tokens import Layout, layout, place


def require_spacy() -> Any:
    if importlib.util.find_spec("spacy") is None:
        raise MissingDependency(
            "the spacy format needs spaCy: install the extra with `pip install 'workbench[spacy]'`"
            " (or `uv sync --extra spacy`)"
        )
    import spacy

    return spacy


@cache
def blank_arabic() -> Any:
    """``spacy.blank("ar")``, made once per process (it takes about a second)."""
    return require_spacy().blank("ar")


def words_and_spaces(text: str, toks: Sequence[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags whose Doc text is exactly ``text``."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in [*toks, (len(text), len(text))]:
        gap = text[pos:s]
        if gap:
            if words and gap[0] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        if e > s:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    return words, spaces


def make_doc(
    nlp: Any,
    text: str,
    spans: Sequence[ExportSpan],
    counts: dict[str, int],
    meta: dict[str, Any],
    lay: Layout | None = None,
) -> Any:
    from spacy.tokens import Doc, Span

    toks = (lay or Layout(text)).toks
    words, spaces = words_and_spaces(text, toks)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    sc = []
    kept_spans = []
    for s in spans:
        span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
        if span is None or len(span) == 0 or span.text.isspace():
            counts["untokened"] += 1
            continue
        counts["widened"] += (span.start_char, span.end_char) != (s.start, s.end)
        sc.append(span)
        kept_spans.append(s)
    doc.spans["sc"] = sc
    placement = place(
        [(s.start_char, s.end_char, s.label_) for s in sc],
        [(t.idx, t.idx + len(t.text)) for t in doc],
    )
    doc.ents = [Span(doc, p.first, p.last + 1, label=p.label) for p in placement.kept]
    counts["overlaps_dropped"] += placement.dropped
    counts["documents"] += 1
    counts["spans"] += len(sc)
    counts["ents"] += len(doc.ents)
    doc.user_data["workbench"] = {
        **meta,
        "verdicts": [s.verdict for s in kept_spans],
        "notes": [s.note for s in kept_spans],
    }
    return doc


@register("spacy", suffix=".spacy", description="spaCy DocBin (spans in doc.spans['sc'])")
def write_docbin(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    require_spacy()
    from spacy.tokens import DocBin

    nlp = blank_arabic()
    counts = dict.fromkeys(
        ("documents", "spans", "ents", "widened", "overlaps_dropped", "untokened"), 0
    )
    docbin = DocBin(store_user_data=True)
    for a in articles:
        if scope == ANNOTATORS:
            for name, spans in per_annotator(a):
                meta = {"id": a.id, "annotator": name}
                docbin.add(make_doc(nlp, a.text, spans, counts, meta, layout(a)))
        else:
            meta = {"id": a.id, "annotator": ""}
            docbin.add(make_doc(nlp, a.text, a.spans, counts, meta, layout(a)))
    out.write(docbin.to_bytes())
    return counts
