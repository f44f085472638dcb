"""CoNLL-2003-style BIO: ``token -X- _ TAG`` per line, a blank line between sentences and a
``-DOCSTART- -X- -X- O`` line (then a blank line) before every document.

Documents come in the order of the JSONL export and the manifest (``articles.included``); in
the annotators scope each article gives one document per annotator, in annotator order.
Tokens, widening and the overlap rule: :mod:`workbench.exporters.tokens`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

import numpy as np

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan, per_annotator
from workbench.exporters.registry import register
from workbench.exporters.tokens import Layout, layout, place

DOCSTART = "-DOCSTART- -X- -X- O"
#: What follows a token on its line in an untagged document.
SUFFIX = " -X- _ O\n"


class Template:
    """An article's untagged document (every tag ``O``) and where each token's tag sits in
    it: a document is this text with a few tags put in, sliced and joined in C."""

    __slots__ = ("body", "tag_at")

    def __init__(self, text: str, lay: Layout) -> None:
        words = list(map(text.__getitem__, map(slice, lay.starts, lay.ends)))
        #: each sentence's lines ``token -X- _ O``, each ending in a newline, then a blank line
        self.body = "".join(
            SUFFIX.join(words[g.start : g.stop]) + SUFFIX + "\n" for g in lay.groups()
        )
        # a token's line ends (after its newline) its length and len(SUFFIX) after the
        # previous one's, plus the blank line when a sentence starts with it
        steps = np.frombuffer(lay.ends, dtype=np.int32) - np.frombuffer(lay.starts, dtype=np.int32)
        steps += len(SUFFIX)
        steps[np.frombuffer(lay.breaks, dtype=np.int32)] += 1
        #: each token's tag offset in ``body`` (its line's last character before the newline)
        self.tag_at: list[int] = (np.cumsum(steps, dtype=np.int64) - 2).tolist()


def document(
    text: str,
    lay: Layout,
    spans: Sequence[ExportSpan],
    counts: dict[str, int],
    template: Template | None = None,
) -> str:
    """One document: ``-DOCSTART-``, then each sentence's ``token -X- _ TAG`` lines."""
    placement = place([(s.start, s.end, s.label) for s in spans], lay)
    counts["widened"] += placement.widened
    counts["overlaps_dropped"] += placement.dropped
    counts["untokened"] += placement.untokened
    for label, n in (placement.dropped_by_label or {}).items():
        key = f"overlaps_dropped:{label}"
        counts[key] = counts.get(key, 0) + n
    counts["documents"] += 1
    counts["tokens"] += len(lay)
    counts["spans"] += len(placement.kept)
    tpl = template if template is not None else Template(text, lay)
    if not tpl.body:
        return f"{DOCSTART}\n\n"
    body, tag_at = tpl.body, tpl.tag_at
    parts = [f"{DOCSTART}\n\n"]
    done = 0
    for p in placement.kept:  # in token order, never overlapping
        at = tag_at[p.first]
        parts.append(body[done:at])
        parts.append(f"B-{p.label}")
        done = at + 1
        if p.last > p.first:
            inside = f"I-{p.label}"
            for t in range(p.first + 1, p.last + 1):
                at = tag_at[t]
                parts.append(body[done:at])
                parts.append(inside)
                done = at + 1
    parts.append(body[done:])
    return "".join(parts)


@register("conll", suffix=".conll", description="CoNLL-2003-style token/BIO lines")
def write_conll(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    for a in articles:
        lay = layout(a)
        tpl = Template(a.text, lay)
        if scope == ANNOTATORS:
            for _, spans in per_annotator(a):
                out.write(document(a.text, lay, spans, counts, tpl).encode("utf-8"))
        else:
            out.write(document(a.text, lay, a.spans, counts, tpl).encode("utf-8"))
    return counts
