"""The plain data every exporter takes: articles with their spans, relations and findings.

Spans and relations are named tuples (a million of them are built in a large export).

Missing strings are ``""`` (never ``None``) so every column keeps one type across lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SCOPES: tuple[str, ...] = ("gold", "annotators")
GOLD, ANNOTATORS = SCOPES


class ExportSpan(NamedTuple):
    start: int
    end: int
    label: str
    text: str
    verdict: str = ""
    note: str = ""
    annotator: str = ""  # empty in the gold scope
    basis: str = ""  # gold scope: unanimous, majority or editor


class ExportRelation(NamedTuple):
    from_index: int  # index into ExportArticle.spans
    to_index: int
    kind: str


@dataclass(frozen=True)
class ExportFinding:
    check: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    #: The finding's evidence (a cross-article duplicate names the other article there).
    evidence: Mapping[str, Any] = field(default_factory=dict, compare=False)


class Memo:
    """What is derived once from an article's text (its tokens) and shared by the
    ``ExportArticle`` of each scope made from it."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: object = None


@dataclass(frozen=True)
class ExportArticle:
    id: str
    title: str
    source: str
    url: str
    published: str  # ISO date or ""
    text: str
    spans: tuple[ExportSpan, ...]
    relations: tuple[ExportRelation, ...] = ()
    findings: tuple[ExportFinding, ...] = ()
    annotators: tuple[str, ...] = ()  # who annotated the article (annotators scope: one doc each)
    agreement: Mapping[str, int | float | None] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)


def per_annotator(article: ExportArticle) -> list[tuple[str, list[ExportSpan]]]:
    """The annotators-scope view of an article: each annotator with their own spans, in
    annotator order (an annotator who marked nothing has an empty list)."""
    names = list(article.annotators) or sorted({s.annotator for s in article.spans})
    own: dict[str, list[ExportSpan]] = {a: [] for a in names}
    for s in article.spans:
        own.setdefault(s.annotator, []).append(s)
    return sorted(own.items())
