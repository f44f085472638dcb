"""The disagreements written as JSON text directly are what orjson writes for the dicts."""

from __future__ import annotations

import random

import orjson
import pytest

from tests.agreement.helpers import rec
from workbench.agreement import AnnotatedDoc
from workbench.agreement.corpus import build_corpus
from workbench.agreement.disagreements import locate_disagreements

NAMES = ["amal", 'say "no"', "back\\slash", "سلمى", "tab\there", "line\u2028sep", "z"]
LABELS = ["CLAIM", "مصدر", 'Q"UOTE', "ctrl\x01"]


def corpus(seed: int) -> list[AnnotatedDoc]:
    """Documents with two to six annotators (some marking nothing), odd names and labels,
    overlapping and duplicated spans."""
    rng = random.Random(seed)
    out = []
    for d in range(rng.randint(1, 25)):
        length = rng.randint(5, 80)
        doc = rng.choice(["d", 'd"q', "د", "d\\"]) + str(d)
        for name in rng.sample(NAMES, rng.randint(2, 6)):
            spans = []
            for _ in range(rng.randint(0, 6)):
                s = rng.randrange(0, length - 1)
                spans.append((s, rng.randint(s + 1, min(length, s + 15)), rng.choice(LABELS)))
            out.append(rec(doc, name, length, *spans))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_text_is_orjsons_text_of_the_items(seed: int) -> None:
    found = locate_disagreements(build_corpus(corpus(seed)))
    rng = random.Random(seed)
    for limit in (None, 0, rng.randint(1, 5)):
        items = list(found.items(limit))
        for indent, size in ((2, 1), (2, 3), (2, 1000), (6, 2)):
            text = ",\n".join(found.json_batches(limit, size=size, indent=indent))
            want = orjson.dumps(items, option=orjson.OPT_INDENT_2).decode()
            want = want[2:-2].replace("\n", "\n" + " " * (indent - 2)) if items else ""
            assert text == (" " * (indent - 2) + want if items else "")
