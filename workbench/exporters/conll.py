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


def document(text: str, spans: Sequence[ExportSpan], counts: dict[str, int]) -> str:
    toks = conll_tokens(text)
    placement = place([(s.start, s.end, s.label) for s in spans], toks)
    counts["widened"] += placement.widened
    counts["overlaps_dropped"] += placement.dropped
    counts["untokened"] += placement.untokened
    for label, n in (placement.dropped_by_label or {}).items():
        key = f"overlaps_dropped:{label}"
        counts[key] = counts.get(key, 0) + n
    tags = bio_tags(len(toks), placement.kept)
    lines = [DOCSTART, ""]
    for group in sentence_groups(text, toks):
        lines.extend(f"{text[toks[i][0]:toks[i][1]]} -X- _ {tags[i]}" for i in group)
        lines.append("")
    counts["documents"] += 1
    counts["tokens"] += len(toks)
    counts["spans"] += len(placement.kept)
    return "\n".join(lines) + "\n"


@register("conll", suffix=".conll", description="CoNLL-2003-style token/BIO lines")
def write_conll(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    counts = dict.fromkeys(("documents", "tokens", "spans", "widened", "overlaps_dropped",
                            "untokened"), 0)
    for a in articles:
        if scope == ANNOTATORS:
            for _, spans in per_annotator(a):
                out.write(document(a.text, spans, counts).encode("utf-8"))
        else:
            out.write(document(a.text, a.spans, counts).encode("utf-8"))
    return counts
