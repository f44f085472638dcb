"""CoNLL-2003-style BIO: ``token -X- _ TAG`` per line, a blank line between sentences and a
``-DOCSTART- -X- -X- O`` line (then a blank line) before every document.

Documents come in the order of the JSONL export and the manifest (``articles.included``); in
the annotators scope each article gives one document per annotator, in annotator order.
Tokens, widening and the overlap rule: :mod:`workbench.exporters.tokens`."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import BinaryIO

import numpy as np

from workbench.exporters.model import ANNOTATORS, ExportArticle, ExportSpan, per_annotator
from workbench.exporters.registry import register
from workbench.exporters.tokens import Layout, layout, place

DOCSTART = "-DOCSTART- -X- -X- O"
#: What follows a token on its line in an untagged document.
SUFFIX = " -X- _ O\n"
SUFFIX_BYTES = SUFFIX.encode()
_HEAD = f"{DOCSTART}\n\n".encode()


class Template:
    """An article's untagged document (every tag ``O``), UTF-8 encoded, and where each
    token's tag sits in it: a document is these bytes with a few tags put in, sliced and
    joined in C."""

    __slots__ = ("body", "tag_at")

    def __init__(self, text: str, lay: Layout) -> None:
        n = len(lay)
        if n == 0:
            self.body, self.tag_at = b"", array("i")
            return
        raw = text.encode("utf-8")
        # each character's UTF-8 length, summed: the byte offset of every text offset
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        width = (points >= 0x80).astype(np.int64)
        width += points >= 0x800
        width += points >= 0x10000
        width += 1
        upto = np.zeros(len(text) + 1, dtype=np.int64)
        np.cumsum(width, out=upto[1:])
        first_byte = upto[np.frombuffer(lay.starts, dtype=np.int32)]
        size = upto[np.frombuffer(lay.ends, dtype=np.int32)] - first_byte
        # each token's line is two pieces: the token's bytes, then ``SUFFIX`` (and a blank
        # line after a sentence's last token), taken from ``pool`` = the text, SUFFIX, "\n"
        tail = np.full(n, len(SUFFIX), dtype=np.int64)
        tail[np.frombuffer(lay.breaks, dtype=np.int32) - 1] += 1
        tail[-1] += 1
        lengths = np.empty(2 * n, dtype=np.int64)
        lengths[0::2] = size
        lengths[1::2] = tail
        sources = np.empty(2 * n, dtype=np.int64)
        sources[0::2] = first_byte
        sources[1::2] = len(raw)
        ends = np.cumsum(lengths)
        pool = np.frombuffer(raw + SUFFIX_BYTES + b"\n", dtype=np.uint8)
        # the body's byte k is the pool's byte k + (its piece's source - the piece's start)
        shift = np.repeat(sources - (ends - lengths), lengths)
        shift += np.arange(len(shift), dtype=np.int64)
        #: each sentence's lines ``token -X- _ O``, each ending in a newline, then a blank line
        self.body = pool[shift].tobytes()
        #: each token's tag offset in ``body`` (its line's ``O``, before the newline)
        self.tag_at = array("i", (ends[0::2] + (len(SUFFIX) - 2)).astype(np.int32).tobytes())


_TAGS: dict[str, tuple[bytes, bytes]] = {}


def _tags(label: str) -> tuple[bytes, bytes]:
    """``B-label`` and ``I-label``, encoded."""
    found = _TAGS.get(label)
    if found is None:
        found = _TAGS[label] = (f"B-{label}".encode(), f"I-{label}".encode())
    return found


_START, _END, _LABEL = attrgetter("start"), attrgetter("end"), attrgetter("label")


def _placed(
    spans: Sequence[ExportSpan], lay: Layout, counts: dict[str, int]
) -> list[tuple[int, int, str]]:
    """``(first, last, label)`` of the spans kept as tags, in token order (see
    :func:`~workbench.exporters.tokens.place`), counting what ``place`` counts. Spans that
    all touch tokens and share none are all kept: that common case is found with arrays;
    any other goes through ``place``."""
    n = len(spans)
    if n:
        lo = np.fromiter(map(_START, spans), dtype=np.int64, count=n)
        hi = np.fromiter(map(_END, spans), dtype=np.int64, count=n)
        starts = np.frombuffer(lay.starts, dtype=np.int32)
        ends = np.frombuffer(lay.ends, dtype=np.int32)
        first = np.searchsorted(ends, lo, side="right")  # first token ending after start
        last = np.searchsorted(starts, hi, side="left") - 1  # last token starting before end
        order = np.argsort(first, kind="stable")
        first, last = first[order], last[order]
        if (first <= last).all() and (first[1:] > last[:-1]).all():
            widened = (starts[first] != lo[order]) | (ends[last] != hi[order])
            counts["widened"] += int(np.count_nonzero(widened))
            counts["spans"] += n
            labels = list(map(_LABEL, spans))
            return list(
                zip(
                    first.tolist(),
                    last.tolist(),
                    map(labels.__getitem__, order.tolist()),
                    strict=True,
                )
            )
    placement = place([(s.start, s.end, s.label) for s in spans], lay)
    counts["widened"] += placement.widened
    counts["overlaps_dropped"] += placement.dropped
    counts["untokened"] += placement.untokened
    for label, k in (placement.dropped_by_label or {}).items():
        key = f"overlaps_dropped:{label}"
        counts[key] = counts.get(key, 0) + k
    counts["spans"] += len(placement.kept)
    return [(p.first, p.last, p.label) for p in placement.kept]


def document_bytes(
    lay: Layout, spans: Sequence[ExportSpan], counts: dict[str, int], tpl: Template
) -> bytes:
    """One document, UTF-8 encoded: ``-DOCSTART-``, then each sentence's ``token -X- _ TAG``
    lines."""
    kept = _placed(spans, lay, counts)
    counts["documents"] += 1
    counts["tokens"] += len(lay)
    body, tag_at = tpl.body, tpl.tag_at
    if not body:
        return _HEAD
    parts = [_HEAD]
    append = parts.append
    known = _TAGS.get
    done = 0
    for first, last, label in kept:  # in token order, never overlapping
        begin, inside = known(label) or _tags(label)
        at = tag_at[first]
        append(body[done:at])
        append(begin)
        done = at + 1
        for t in range(first + 1, last + 1):
            at = tag_at[t]
            append(body[done:at])
            append(inside)
            done = at + 1
    append(body[done:])
    return b"".join(parts)


def document(
    text: str,
    lay: Layout,
    spans: Sequence[ExportSpan],
    counts: dict[str, int],
    template: Template | None = None,
) -> str:
    """One document: ``-DOCSTART-``, then each sentence's ``token -X- _ TAG`` lines."""
    tpl = template if template is not None else Template(text, lay)
    return document_bytes(lay, spans, counts, tpl).decode("utf-8")


@register("conll", suffix=".conll", description="CoNLL-2003-style token/BIO lines")
def write_conll(articles: Iterable[ExportArticle], out: BinaryIO, scope: str) -> dict[str, int]:
    counts = dict.fromkeys(
        ("documents", "tokens", "spans", "widened", "overlaps_dropped", "untokened"), 0
    )
    for a in articles:
        lay = layout(a)
        tpl = Template(a.text, lay)
        if scope == ANNOTATORS:
            out.write(
                b"".join(document_bytes(lay, spans, counts, tpl) for _, spans in per_annotator(a))
            )
        else:
            out.write(document_bytes(lay, a.spans, counts, tpl))
    return counts
