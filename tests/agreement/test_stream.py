"""The streamed JSON report (``workbench agree --format json``) against the report built as
one tree by ``compute_agreement`` and written with the json module."""

from __future__ import annotations

import json
import random

from tests.agreement.helpers import rec
from workbench.agreement import KEYS, AnnotatedDoc, compute_agreement
from workbench.agreement import stream as stream_mod
from workbench.agreement.report import agreement_parts
from workbench.agreement.stream import report_json

LABELS = ("CLAIM", "SOURCE", "NUMBER")


def corpus(n_docs: int, seed: int = 3) -> list[AnnotatedDoc]:
    """Three annotators who mostly agree, move some boundaries, relabel and add spans; one
    document with a single annotator and one where nobody marked anything."""
    rng = random.Random(seed)
    out = []
    for d in range(n_docs):
        length = rng.randint(80, 200)
        base = []
        for _ in range(rng.randint(1, 6)):
            s = rng.randrange(0, length - 10)
            base.append((s, s + rng.randint(1, 10), rng.choice(LABELS)))
        for name in ("amal", "bilal", "salma"):
            spans = []
            for s, e, lab in base:
                if rng.random() < 0.15:
                    continue
                if rng.random() < 0.3:
                    e = min(length, e + rng.randint(0, 3))
                if rng.random() < 0.1:
                    lab = rng.choice(LABELS)
                spans.append((s, e, lab))
            out.append(rec(f"d{d:03d}", name, length, *spans))
    out.append(rec("single", "amal", 50, (0, 5, "CLAIM")))
    out += [rec("blank", "amal", 30), rec("blank", "bilal", 30)]
    return out


def streamed(docs: list[AnnotatedDoc], **options: object) -> tuple[str, dict]:
    text = b"".join(report_json(agreement_parts(docs), **options)).decode("utf-8")  # type: ignore[arg-type]
    return text, json.loads(text)


def test_streamed_json_equals_the_tree_in_content_and_key_order(monkeypatch) -> None:
    monkeypatch.setattr(stream_mod, "BATCH", 7)  # several batches in each long list
    docs = corpus(40)
    tree = compute_agreement(docs)
    text, report = streamed(docs)
    assert report == tree
    assert tuple(report) == KEYS
    assert len(report["disagreements"]) > 2 * stream_mod.BATCH
    assert len(report["per_document"]) > 2 * stream_mod.BATCH
    # here even the text is the json module's (orjson may spell a float differently)
    assert text == json.dumps(tree, ensure_ascii=False, indent=2) + "\n"


def test_first_n_disagreements_and_no_per_document() -> None:
    docs = corpus(12)
    tree = compute_agreement(docs)
    _, report = streamed(docs, disagreements=5, per_document=False)
    assert report["disagreements"] == tree["disagreements"][:5]
    assert report["per_document"] == []
    same = {k: v for k, v in tree.items() if k not in ("disagreements", "per_document")}
    assert {k: v for k, v in report.items() if k in same} == same
    _, none = streamed(docs, disagreements=0)
    assert none["disagreements"] == [] and none["per_document"] == tree["per_document"]


def test_empty_input_streams_the_empty_report() -> None:
    _, report = streamed([])
    assert report == compute_agreement([])
    assert report["per_document"] == [] and report["disagreements"] == []
