"""Building Label Studio results by hand, as an annotator's browser would send them."""

from __future__ import annotations

from typing import Any


def locate(text: str, passage: str, occurrence: int = 0) -> tuple[int, int]:
    """[start, end) of the ``occurrence``-th copy of ``passage`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def span(
    rid: str,
    text: str,
    passage: str,
    label: str,
    *,
    verdict: str | None = None,
    note: str | None = None,
    occurrence: int = 0,
    shift: int = 0,
) -> list[dict[str, Any]]:
    """A labelled region, with its per-region verdict and note when given. ``shift`` moves
    the offsets but not the text (a corrupt span)."""
    start, end = locate(text, passage, occurrence)
    where = {"start": start + shift, "end": end + shift}
    items: list[dict[str, Any]] = [
        {
            "id": rid,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**where, "text": passage, "labels": [label]},
        }
    ]
    if verdict is not None:
        items.append(
            {
                "id": rid,
                "from_name": "verdict",
                "to_name": "text",
                "type": "choices",
                "value": {**where, "text": passage, "choices": [verdict]},
            }
        )
    if note is not None:
        items.append(
            {
                "id": rid,
                "from_name": "note",
                "to_name": "text",
                "type": "textarea",
                "value": {**where, "text": [note]},
            }
        )
    return items


def relation(src: str, dst: str, kind: str) -> dict[str, Any]:
    return {
        "type": "relation",
        "from_id": src,
        "to_id": dst,
        "direction": "right",
        "labels": [kind],
    }
