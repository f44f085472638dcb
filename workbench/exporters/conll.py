"""CoNLL-2003-style BIO: ``token -X- _ TAG`` per line, a blank line between sentences and a
``-DOCSTART- -X- -X- O`` line (then a blank line) before every document.

Documents come in the order of the JSONL export and the manifest (``articles.included``); in
the annotators scope each article gives one document per annotator, in annotator order.
Tokens, widening and the overlap rule: :mod:`workbench.exporters.tokens`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import add
from typing import BinaryIO

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan, per_annotator
from workbench.exporters.registry import register
from workbench.exporters.tokens import Layout, layout, place

DOCSTART = "-DOCSTART- -X- -X- O"


def _lines(text: str, lay: Layout) -> tuple[list[str], list[str], list[int]]:
    """The document's lines without their tags (``word -X- _ ``, and ``""`` after each
    sentence), the tags of an untagged document (``O``, ``""``), and each token's line."""
    words = [f"{text[s:e]} -X- _ " for s, e in zip(lay.starts, lay.ends, strict=True)]
    heads: list[str] = []
    tags: list[str] = []
    pos: list[int] = []
    for g in lay.groups():
        pos.extend(range(len(heads), len(heads) + len(g)))
        heads.extend(words[g.start : g.stop])
        heads.append("")
        tags.extend(["O"] * len(g))
        tags.append("")
    return heads, tags, pos


def document(
    text: str,
    lay: Layout,
    spans: Sequence[ExportSpan],
    counts: dict[str, int],
    lines: tuple[list[str], list[str], list[int]] | None = None,
) -> str:
    """One document: ``-DOCSTART-``, then each sentence's ``token -X- _ TAG`` lines."""
    placement = place([(s.start, s.end, s.label) for s in spans], lay)
    counts["widened"] += placement.widened
    counts["overlaps_dropped"] += placement.dropped
    counts["untokened"] += placement.untokened
    for label, n in (placement.dropped_by_label or {}).items():
        key = f"overlaps_dropped:{label}"
        counts[key] = counts.get(key, 0) + n
    heads, blank, pos = lines if lines is not None else _lines(text, lay)
    tags = blank.copy()
    for p in placement.kept:
        tags[pos[p.first]] = f"B-{p.label}"
        inside = f"I-{p.label}"
        for t in range(p.first + 1, p.last + 1):
            tags[pos[t]] = inside
    counts["documents"] += 1
    counts["tokens"] += len(lay)
    counts["spans"] += len(placement.kept)
    if not heads:
        return f"{DOCSTART}\n\n"
    return f"{DOCSTART}\n\n" + "\n".join(map(add, heads, tags)) + "\n"


@register("conll", suffix=".conll", description="CoNLL-2003-style token/BIO lines")
def write_conll(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    for a in articles:
        lay = layout(a)
        lines = _lines(a.text, lay)
        if scope == ANNOTATORS:
            for _, spans in per_annotator(a):
                out.write(document(a.text, lay, spans, counts, lines).encode("utf-8"))
        else:
            out.write(document(a.text, lay, a.spans, counts, lines).encode("utf-8"))
    return counts
