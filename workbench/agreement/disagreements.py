"""The concrete disagreements an editor reviews, each with a stable key.

Within a document, spans of all annotators and labels that overlap (directly or through a
chain) form a *region*. A region on which every annotator of the document marked exactly
the same spans is agreement; any other region is one disagreement, of the first kind that
applies:

- ``missing``: some annotators of the document marked nothing in the region;
- ``label``: everyone marked something, but not with the same labels (this includes the same
  range with different labels);
- ``boundary``: the same labels, on ranges that differ.

The key is the first 12 hex digits of the SHA-1 of ``[doc, start, end, kind]`` (JSON), so a
review decision can refer to it for as long as the region is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from workbench.agreement.corpus import (
    Corpus,
    Int,
    connected_runs,
    group_starts,
    lex_order,
    no_cyclic_gc,
    unique_ints,
)

KINDS = ("missing", "label", "boundary")


def disagreement_key(doc: str, start: int, end: int, kind: str) -> str:
    """The stable key of a disagreement (what :func:`find_disagreements` computes inline)."""
    raw = json.dumps([doc, start, end, kind], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def find_disagreements(corpus: Corpus) -> list[dict[str, Any]]:
    """Every disagreement, ordered by document then position."""
    with no_cyclic_gc():
        return list(locate_disagreements(corpus).items())


@dataclass(frozen=True)
class Disagreements:
    """Where the disagreements are (arrays over the spans, sorted by document then position),
    before any dict is built: their number per document is known at once, and
    :meth:`items` builds them one at a time, so a caller can stream them."""

    corpus: Corpus
    doc: Int  # (n,) per span, in region order
    start: Int
    end: Int
    annot: Int
    label: Int
    bounds: Int  # (regions + 1,) first span of each region, then n
    bad: Int  # indices of the regions that disagree, in order
    kinds: list[int]  # index into KINDS, per region

    def __len__(self) -> int:
        return len(self.bad)

    def per_document(self) -> list[int]:
        """How many disagreements each compared document has."""
        n_docs = len(self.corpus.docs)
        if not len(self.bad):
            return [0] * n_docs
        return np.bincount(self.doc[self.bounds[self.bad]], minlength=n_docs).tolist()

    def items(self, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """The disagreements as JSON-ready dicts, the first ``limit`` of them (all: None)."""
        corpus = self.corpus
        regions = self.bad if limit is None else self.bad[: max(limit, 0)]
        if not len(regions):
            return
        names, annotators, labels = corpus.docs, corpus.annotators, corpus.labels
        members = [
            [annotators[a] for a in row[:m]]
            for row, m in zip(corpus.doc_annot.tolist(), corpus.doc_m.tolist(), strict=True)
        ]
        doc_json: dict[int, str] = {}
        doc_l, start_l, end_l = self.doc.tolist(), self.start.tolist(), self.end.tolist()
        annot_l, label_l = self.annot.tolist(), self.label.tolist()
        bounds, kinds = self.bounds.tolist(), self.kinds
        sha1 = hashlib.sha1
        for r in regions.tolist():
            lo, hi = bounds[r], bounds[r + 1]
            d = doc_l[lo]
            said: dict[str, list[list[Any]]] = {name: [] for name in members[d]}
            used = set()
            for i in range(lo, hi):
                lab = labels[label_l[i]]
                said[annotators[annot_l[i]]].append([start_l[i], end_l[i], lab])
                used.add(lab)
            r_start, r_end, kind = start_l[lo], max(end_l[lo:hi]), KINDS[kinds[r]]
            dj = doc_json.get(d)
            if dj is None:
                dj = doc_json[d] = json.dumps(names[d], ensure_ascii=False)
            key = f'[{dj},{r_start},{r_end},"{kind}"]'
            yield {
                "key": sha1(key.encode("utf-8")).hexdigest()[:12],
                "doc": names[d],
                "start": r_start,
                "end": r_end,
                "kind": kind,
                "labels": sorted(used),
                "annotations": said,
            }

    def json_batches(self, limit: int | None = None, *, size: int, indent: int) -> Iterator[str]:
        """What :meth:`items` gives, as the JSON text of a list's items (indented by two, the
        items at ``indent`` spaces: as ``orjson.dumps(items, option=OPT_INDENT_2)`` lays them
        out, shifted): ``size`` items per piece, joined by a comma and a newline. No dict is
        built."""
        regions = self.bad if limit is None else self.bad[: max(limit, 0)]
        writer = _Writer(self, indent)
        for at in range(0, len(regions), size):
            yield writer.batch(regions[at : at + size])


class _Writer:
    """The JSON text of disagreements, span by span: each span's text carries what comes
    before it (its region's head, the entries of annotators with nothing there, its
    annotator's name) and what closes after it, looked up in tables made once."""

    def __init__(self, found: Disagreements, indent: int) -> None:
        corpus = found.corpus
        self.found = found
        p = [" " * (indent + n) for n in range(0, 10, 2)]
        self.p = p
        # a region's head, around its seven values (the separator before it first)
        self.head = [
            p[0] + "{\n" + p[1] + '"key": "',
            '",\n' + p[1] + '"doc": ',
            ",\n" + p[1] + '"start": ',
            ",\n" + p[1] + '"end": ',
            ",\n" + p[1] + '"kind": "',
            '",\n' + p[1] + '"labels": [\n',
            "\n" + p[1] + "],\n" + p[1] + '"annotations": {\n' + _END,
        ]
        # a span: (what comes before it, then) "[", its start, this, its end, its label
        # with what follows it (then what closes after it)
        self.span_open = p[3] + "[\n" + p[4]
        self.span_mid = ",\n" + p[4]
        self.labels = [orjson.dumps(name).decode() for name in corpus.labels]
        self.label_tail = [f",\n{p[4]}{name}\n{p[3]}]" for name in self.labels]
        self.kind_text = [self.head[4] + kind + self.head[5] for kind in KINDS]
        self.label_text: dict[int, str] = {}
        # the documents' annotator lists, numbered
        rows = [
            tuple(row[:m])
            for row, m in zip(corpus.doc_annot.tolist(), corpus.doc_m.tolist(), strict=True)
        ]
        sets: dict[tuple[int, ...], int] = {}
        self.doc_set = np.array([sets.setdefault(row, len(sets)) for row in rows], dtype=np.int64)
        self.width = w = max(corpus.max_slots, 1)
        quoted = [orjson.dumps(name).decode() for name in corpus.annotators]
        # before the first span of an annotator: the entries of the annotators in places
        # lo..place-1 (who marked nothing there), then the annotator's own opening;
        # after the last: the closing, and for the region's last, the entries of the
        # annotators in later places and the region's closing
        pre: list[str] = []
        post: list[str] = []
        for members in sets:

            def entry(k: int, members: tuple[int, ...] = members) -> str:
                return (",\n" if k else "") + f"{p[2]}{quoted[members[k]]}"

            for lo in range(w + 1):
                for place in range(w):
                    ok = lo <= place < len(members)
                    empties = "".join(entry(k) + ": []" for k in range(lo, place)) if ok else ""
                    pre.append(empties + entry(place) + ": [\n" if ok else "")
            for place in range(w):
                for last in (False, True):
                    rest = "".join(entry(k) + ": []" for k in range(place + 1, len(members)))
                    close = f"\n{p[2]}]"
                    post.append(close + rest + f"\n{p[1]}}}\n{p[0]}}}" if last else close)
        self.pre = np.array([text + self.span_open for text in pre], dtype=object)
        self.post = np.array(post, dtype=object)
        self.doc_key = [json.dumps(name, ensure_ascii=False) for name in corpus.docs]
        self.doc_out = [orjson.dumps(name).decode() for name in corpus.docs]

    def _labels(self, mask: int) -> None:
        """Notes the ``labels`` entries of a region that used the labels in ``mask`` (bit i:
        label i)."""
        used = [i for i in range(len(self.labels)) if mask >> i & 1]
        entries = ",\n".join(f"{self.p[2]}{self.labels[i]}" for i in used)
        self.label_text[mask] = entries + self.head[6]

    def batch(self, regions: Int) -> str:
        found, w = self.found, self.width
        first = found.bounds[regions]
        lens = found.bounds[regions + 1] - first
        offsets = np.cumsum(lens) - lens
        idx = np.repeat(first - offsets, lens) + np.arange(int(lens.sum()))
        r_start, r_doc = found.start[first].tolist(), found.doc[first].tolist()
        r_end = np.maximum.reduceat(found.end[idx], offsets).tolist()
        kind_l = [found.kinds[r] for r in regions.tolist()]
        kinds = [KINDS[k] for k in kind_l]
        labels = found.label[idx]
        if len(self.labels) <= 62:
            masks = np.bitwise_or.reduceat(np.left_shift(1, labels), offsets).tolist()
        else:  # too many labels for one integer's bits: one Python set per region
            masks = [
                sum(1 << x for x in set(labels[lo : lo + n].tolist()))
                for lo, n in zip(offsets.tolist(), lens.tolist(), strict=True)
            ]
        for mask in set(masks).difference(self.label_text):
            self._labels(mask)
        key_doc = [self.doc_key[d] for d in r_doc]
        raw = map('[{},{},{},"{}"]'.format, key_doc, r_start, r_end, kinds)
        keys = [hashlib.sha1(x.encode("utf-8")).hexdigest()[:12] for x in raw]
        h = self.head
        opening = [",\n" + h[0]] * len(regions)
        if len(regions):
            opening[0] = h[0]
        heads = _interleave(
            opening,
            keys,
            h[1],
            [self.doc_out[d] for d in r_doc],
            h[2],
            list(map(str, r_start)),
            h[3],
            list(map(str, r_end)),
            [self.kind_text[k] for k in kind_l],
            list(map(self.label_text.__getitem__, masks)),
        ).split(_END)[:-1]
        # the spans of each region by annotator place (stable: by position within a place)
        reg = np.repeat(np.arange(len(regions)), lens)
        slot = (found.corpus.doc_annot[found.doc[idx]] == found.annot[idx][:, None]).argmax(1)
        order = np.argsort(reg * w + slot, kind="stable")
        idx, reg, slot = idx[order], reg[order], slot[order]
        group = reg * w + slot
        opens = np.ones(len(idx), dtype=bool)
        opens[1:] = group[1:] != group[:-1]
        closes = np.ones(len(idx), dtype=bool)
        closes[:-1] = opens[1:]
        r_first = np.ones(len(idx), dtype=bool)
        r_first[1:] = reg[1:] != reg[:-1]
        r_last = np.ones(len(idx), dtype=bool)
        r_last[:-1] = r_first[1:]
        lo = np.where(r_first, 0, np.concatenate(([0], slot[:-1] + 1)))
        member_set = self.doc_set[found.doc[idx]]
        before = np.full(len(idx), ",\n" + self.span_open, dtype=object)
        before[opens] = self.pre[((member_set * (w + 1) + lo) * w + slot)[opens]]
        before[r_first] = np.array(heads, dtype=object) + before[r_first]
        after = np.full(len(idx), "", dtype=object)
        after[closes] = self.post[((member_set * w + slot) * 2 + r_last)[closes]]
        return _interleave(
            before.tolist(),
            list(map(str, found.start[idx].tolist())),
            self.span_mid,
            list(map(str, found.end[idx].tolist())),
            [self.label_tail[x] for x in found.label[idx].tolist()],
            after.tolist(),
        )


#: Ends each head in the text that is split into heads: JSON text never holds it raw.
_END = "\x00"


def _interleave(*columns: list[str] | str) -> str:
    """The rows' text: row i is column 0's i-th string (a str column: that str on every
    row), then column 1's, and so on; the rows one after the other."""
    n = max((len(c) for c in columns if not isinstance(c, str)), default=0)
    out = np.empty(n * len(columns), dtype=object)
    for j, column in enumerate(columns):
        out[j :: len(columns)] = column
    return "".join(out.tolist())


def locate_disagreements(corpus: Corpus) -> Disagreements:
    """The disagreeing regions of ``corpus`` (vectorised; no dict is built yet)."""
    n = len(corpus.span_start)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return Disagreements(corpus, empty, empty, empty, empty, empty, empty, empty, [])
    stride = int(corpus.doc_length.max(initial=0)) + 1
    order = lex_order(
        corpus.span_doc, corpus.span_start, corpus.span_end, corpus.span_annot, corpus.span_label
    )
    doc, start, end = corpus.span_doc[order], corpus.span_start[order], corpus.span_end[order]
    annot, label = corpus.span_annot[order], corpus.span_label[order]
    region = connected_runs(doc, start, end, stride)
    n_regions = int(region[-1]) + 1
    # a region agrees when every distinct (start, end, label) in it was marked by all annotators
    t_order = lex_order(region, start, end, label)
    cols_t = [c[t_order] for c in (region, start, end, label)]
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for c in cols_t:
        change[1:] |= c[1:] != c[:-1]
    t_first = np.flatnonzero(change)
    t_count = np.diff(np.append(t_first, n))
    t_region = cols_t[0][t_first]
    t_ok = t_count == corpus.doc_m[doc[t_order][t_first]]
    bad = np.bincount(t_region, weights=~t_ok, minlength=n_regions) > 0
    first = np.flatnonzero(group_starts(region))
    bounds = np.append(first, n)
    kinds = _kinds(corpus, region, doc, annot, label, first, n_regions)
    return Disagreements(corpus, doc, start, end, annot, label, bounds, np.flatnonzero(bad), kinds)


def _kinds(
    corpus: Corpus, region: Int, doc: Int, annot: Int, label: Int, first: Int, n_regions: int
) -> list[int]:
    """Index into :data:`KINDS` of every region."""
    n_ann, n_lab = len(corpus.annotators), max(len(corpus.labels), 1)
    pair = unique_ints(region * n_ann + annot)  # distinct (region, annotator)
    people = np.bincount(pair // n_ann, minlength=n_regions)
    said = unique_ints((region * n_ann + annot) * n_lab + label)  # distinct (region, annot, label)
    said_n = np.bincount(said // (n_ann * n_lab), minlength=n_regions)
    used = unique_ints(region * n_lab + label)  # distinct (region, label)
    labels_n = np.bincount(used // n_lab, minlength=n_regions)
    missing = people < corpus.doc_m[doc[first]]
    differ = said_n != people * labels_n  # someone lacks a label another used
    return np.where(missing, 0, np.where(differ, 1, 2)).tolist()
