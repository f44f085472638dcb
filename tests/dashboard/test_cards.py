"""The overview's HTML bars and tables: escaped, ordered, with widths from the counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from workbench.dashboard.cards import count_bars, rows_table

HOSTILE = '<img src=x onerror="alert(1)">&\'"'


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    return parser


def test_bars_are_largest_first_with_widths_relative_to_the_largest() -> None:
    markup = count_bars({"repeated_word": 5, "numeric_conflict": 20, "a_check": 5}, what="check")
    rows = _parse(markup).rows
    assert rows[0] == ["check", "", "count"]
    assert [r[0] for r in rows[1:]] == ["numeric_conflict", "a_check", "repeated_word"]
    assert [r[2] for r in rows[1:]] == ["20", "5", "5"]
    assert re.findall(r"width:([0-9.]+)%", markup) == ["100.0", "25.0", "25.0"]


def test_bars_of_zero_counts_and_thousands() -> None:
    markup = count_bars({"done": 0, "not started": 12345}, what="articles")
    assert "12,345" in markup
    assert re.findall(r"width:([0-9.]+)%", markup) == ["100.0", "0.0"]
    assert count_bars({"only": 0}, what="x").count("width:0.0%") == 1
    assert count_bars({}, what="x") == ""


def test_names_in_bars_and_tables_are_escaped() -> None:
    for markup in (
        count_bars({HOSTILE: 3}, what=HOSTILE),
        rows_table([{"annotator": HOSTILE, "articles": 2}], ("annotator", "articles")),
    ):
        parsed = _parse(markup)
        assert "img" not in parsed.tags
        assert any(HOSTILE in cell for row in parsed.rows for cell in row)


def test_table_formats_numbers_and_shares() -> None:
    markup = rows_table(
        [
            {"annotator": "amal@example.org", "assigned": 1200, "submitted": 300, "p": 0.25},
            {"annotator": "badr@example.org", "assigned": 0, "submitted": 0, "p": 1.7},
        ],
        ("annotator", "assigned", "submitted", "p"),
        share="p",
    )
    rows = _parse(markup).rows
    assert rows[0] == ["annotator", "assigned", "submitted", "p"]
    assert rows[1] == ["amal@example.org", "1,200", "300", "25%"]
    assert rows[2][3] == "100%"  # a share past 1 is shown full, not wider than its bar
    assert re.findall(r"width:([0-9.]+)%", markup) == ["25.0", "100.0"]
