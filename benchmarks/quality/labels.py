"""Labelled items: one JSON object a line in ``labels/<check>.jsonl``.

Labels point into the corpus; they never hold its text. Each item names one article
(``corpus_file``, ``record``), the SHA-256 of its stored text, a half-open range
``[start, end)`` of that text (for pairs also ``[other_start, other_end)``), whether the
check should report it (``label``), what kind of item it is (``class``) and a short
English ``note``. See ``benchmarks/quality/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS_DIR = Path(__file__).resolve().parent / "labels"
LABELS = ("positive", "negative")
REQUIRED = ("corpus_file", "record", "text_sha256", "start", "end", "label", "class", "note")


class LabelError(ValueError):
    """A line of a label file that cannot be read: ``path:line: reason``."""


@dataclass(frozen=True)
class Item:
    check: str
    corpus_file: str
    record: str
    text_sha256: str
    start: int
    end: int
    label: str
    cls: str
    note: str
    other: tuple[int, int] | None = None
    line: int = 0
    stratum: str = ""  # how the item was drawn, e.g. "lead (seed 59)"

    @property
    def positive(self) -> bool:
        return self.label == "positive"

    @property
    def day(self) -> str:
        """The corpus file's stem (``2015-07-26``): the splits are by day."""
        return self.corpus_file.split(".")[0]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "corpus_file": self.corpus_file,
            "record": self.record,
            "start": self.start,
            "end": self.end,
        }
        if self.other is not None:
            out |= {"other_start": self.other[0], "other_end": self.other[1]}
        return out | {"label": self.label, "class": self.cls, "note": self.note}


def _int(obj: dict[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise LabelError(f"{where}: field '{key}' must be a non-negative integer")
    return value


def parse_item(check: str, obj: Any, where: str, line: int = 0) -> Item:
    if not isinstance(obj, dict):
        raise LabelError(f"{where}: expected a JSON object")
    for key in REQUIRED:
        if key not in obj:
            raise LabelError(f"{where}: missing field '{key}'")
    for key in ("corpus_file", "record", "text_sha256", "label", "class", "note"):
        if not isinstance(obj[key], str) or not obj[key]:
            raise LabelError(f"{where}: field '{key}' must be a non-empty string")
    if obj["label"] not in LABELS:
        raise LabelError(f"{where}: field 'label' must be 'positive' or 'negative'")
    start, end = _int(obj, "start", where), _int(obj, "end", where)
    if start >= end:
        raise LabelError(f"{where}: 'start' must be before 'end'")
    stratum = obj.get("stratum", "")
    if not isinstance(stratum, str):
        raise LabelError(f"{where}: field 'stratum' must be a string")
    other = None
    if "other_start" in obj or "other_end" in obj:
        other = (_int(obj, "other_start", where), _int(obj, "other_end", where))
        if other[0] >= other[1]:
            raise LabelError(f"{where}: 'other_start' must be before 'other_end'")
    return Item(
        check=check,
        corpus_file=obj["corpus_file"],
        record=obj["record"],
        text_sha256=obj["text_sha256"],
        start=start,
        end=end,
        label=obj["label"],
        cls=obj["class"],
        note=obj["note"],
        other=other,
        line=line,
        stratum=stratum,
    )


def read_labels(path: Path) -> list[Item]:
    """Every item of one label file; the check is the file's stem. Raises :class:`LabelError`."""
    check = path.stem
    items = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LabelError(f"{where}: malformed JSON: {exc.msg}") from None
        items.append(parse_item(check, obj, where, n))
    return items


def label_files(directory: Path = LABELS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))
