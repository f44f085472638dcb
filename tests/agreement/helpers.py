"""Small builders for agreement tests."""

from __future__ import annotations

from workbench.agreement import AnnotatedDoc, Span


def rec(doc: str, annotator: str, length: int, *spans: tuple[int, int, str]) -> AnnotatedDoc:
    return AnnotatedDoc(doc, annotator, length, tuple(Span(s, e, lab) for s, e, lab in spans))


def one_char_docs(rows: list[list[object]]) -> list[AnnotatedDoc]:
    """Coding data (coders × units, None = missing) as one-character documents: unit j is
    document ``u{j}`` and coder i's value is a span over its one character."""
    return [
        rec(f"u{j:03d}", f"c{i}", 1, (0, 1, str(v)))
        for i, row in enumerate(rows)
        for j, v in enumerate(row)
        if v is not None
    ]


def confusion_docs(table: list[list[int]], labels: list[str]) -> list[AnnotatedDoc]:
    """Two raters' confusion table (rows: rater a) as one-character documents."""
    out, n = [], 0
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            for _ in range(count):
                out += [
                    rec(f"x{n:04d}", "a", 1, (0, 1, labels[i])),
                    rec(f"x{n:04d}", "b", 1, (0, 1, labels[j])),
                ]
                n += 1
    return out
