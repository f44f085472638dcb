"""CoNLL-2003-style BIO: ``token -X- _ TAG`` per line, a blank line between sentences and a
``-DOCSTART- -X- -X- O`` line (then a blank line) before every document.

Documents come in the order of the JSONL export and the manifest (``articles.included``); in
the annotators scope each article gives one document per annotator, in annotator order.
Tokens, widening and the overlap rule: :mod:`workbench.exporters.tokens`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan, per_annotator
from workbench.exporters.registry import register
from workbench.exporters.tokens import bio_tags, conll_tokens, place, sentence_groups

DOCSTART = "-DOCSTART- -X- -X- O"


class Layout:
    """An article's tokens and sentences, computed once and shared by its documents."""

    def __init__(self, text: str) -> None:
        self.toks = conll_tokens(text)
        self.words = [text[s:e] for s, e in self.toks]
        self.groups = sentence_groups(text, self.toks)


def document(layout: Layout, spans: Sequence[ExportSpan], counts: dict[str, int]) -> str:
    placement = place([(s.start, s.end, s.label) for s in spans], layout.toks)
    counts["widened"] += placement.widened
    counts["overlaps_dropped"] += placement.dropped
    counts["untokened"] += placement.untokened
    for label, n in (placement.dropped_by_label or {}).items():
        key = f"overlaps_dropped:{label}"
        counts[key] = counts.get(key, 0) + n
    tags = bio_tags(len(layout.toks), placement.kept)
    words = layout.words
    lines = [DOCSTART, ""]
    for group in layout.groups:
        lines.extend([f"{words[i]} -X- _ {tags[i]}" for i in group])
        lines.append("")
    counts["documents"] += 1
    counts["tokens"] += len(words)
    counts["spans"] += len(placement.kept)
    return "\n".join(lines) + "\n"


@register("conll", suffix=".conll", description="CoNLL-2003-style token/BIO lines")
def write_conll(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    for a in articles:
        layout = Layout(a.text)
        if scope == ANNOTATORS:
            for _, spans in per_annotator(a):
                out.write(document(layout, spans, counts).encode("utf-8"))
        else:
            out.write(document(layout, a.spans, counts).encode("utf-8"))
    return counts
