"""The report as JSON, written piece by piece: the two long lists (per-document rows and
disagreements) are serialised in batches as they are built, never as one tree.

The text is what ``json.dumps(report, ensure_ascii=False, indent=2)`` gives for the same
report, in content (the same keys in the same order, the same values); numbers may be spelled
differently (orjson's shortest round-trip floats).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from workbench.agreement.corpus import no_cyclic_gc
from workbench.agreement.report import KEYS, ReportParts

#: Items serialised per orjson call in the long lists.
BATCH = 2000
_INDENT = orjson.OPT_INDENT_2


def _value(value: Any) -> bytes:
    """``value`` at the report's first level: indented, continuation lines shifted by two."""
    return orjson.dumps(value, option=_INDENT).replace(b"\n", b"\n  ")


def _list(items: Iterable[Any]) -> Iterator[bytes]:
    """A list at the report's first level, ``BATCH`` items per orjson call."""
    batch: list[Any] = []
    started = False
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield (b",\n" if started else b"[\n") + _batch(batch)
            started, batch = True, []
    if batch:
        yield (b",\n" if started else b"[\n") + _batch(batch)
        started = True
    yield b"\n  ]" if started else b"[]"


def _batch(batch: list[Any]) -> bytes:
    inner = orjson.dumps(batch, option=_INDENT)[2:-2]  # without "[\n" and "\n]"
    return b"  " + inner.replace(b"\n", b"\n  ")


def _batches(batches: Iterable[str]) -> Iterator[bytes]:
    """A list at the report's first level from its items' text, a batch of them at a time."""
    started = False
    for text in batches:
        yield (b",\n" if started else b"[\n") + text.encode("utf-8")
        started = True
    yield b"\n  ]" if started else b"[]"


def report_json(
    parts: ReportParts, *, disagreements: int | None = None, per_document: bool = True
) -> Iterator[bytes]:
    """The report's JSON text (UTF-8, indented by two, a final newline) in pieces: the first
    ``disagreements`` disagreements (all: None); ``per_document`` False gives ``[]`` there."""
    with no_cyclic_gc():
        yield b"{\n"
        for n, key in enumerate(KEYS):
            yield b'  "' + key.encode() + b'": '
            if key == "per_document":
                yield from _list(parts.per_document if per_document else [])
            elif key == "disagreements":
                yield from _batches(
                    parts.disagreements.json_batches(disagreements, size=BATCH, indent=4)
                )
            else:
                yield _value(parts.head[key])
            yield b",\n" if n < len(KEYS) - 1 else b"\n"
        yield b"}\n"
