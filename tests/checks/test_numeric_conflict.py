"""numeric_conflict: the sample's two conflicts pinned, and a table of small cases (digits in
both scripts, number words, diacritics and tatweel, approximations, negatives)."""

from __future__ import annotations

import pytest

from workbench.checks.base import ArticleInput, Hit, stamp
from workbench.checks.registry import REGISTRY
from workbench.samples import SAMPLE_PUBLISHED, sample_article_path

NAME = "numeric_conflict"


def run(text: str) -> list[Hit]:
    spec = REGISTRY.get(NAME)
    hits = list(spec.func(ArticleInput(text), spec.defaults))
    for hit in hits:
        stamp(hit, check=NAME, version=spec.version, text=text)
    return hits


def _line(text: str, n: int) -> tuple[int, int]:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: n - 1])
    return start, start + len(lines[n - 1])


def test_sample_article_conflicts_are_pinned() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    spec = REGISTRY.get(NAME)
    hits = list(spec.func(ArticleInput(text, SAMPLE_PUBLISHED), spec.defaults))
    assert len(hits) == 2
    vague, two = hits

    # آلاف القتلى (line 12) against 1168 + 650, tied to the same passage repeated on line 14.
    l12, l14 = _line(text, 12), _line(text, 14)
    s12 = text.index("آلاف القتلى", *l12)
    assert (vague.start, vague.end, vague.severity) == (s12, s12 + len("آلاف القتلى"), "warning")
    assert vague.evidence["kind"] == "vague_total"
    assert vague.evidence["total"] == 1818
    s14 = text.index("آلاف القتلى", *l14)
    expected_related = [
        (text.index("1168", *l12), text.index("1168", *l12) + 4),
        (text.index("650", *l12), text.index("650", *l12) + 3),
        (s14, s14 + len("آلاف القتلى")),
        (text.index("1168", *l14), text.index("1168", *l14) + 4),
        (text.index("650", *l14), text.index("650", *l14) + 3),
    ]
    assert list(vague.related) == expected_related

    # نحو 500 مدني against the Observatory's 388, line 21.
    l21 = _line(text, 21)
    s388, s500 = text.index("388", *l21), text.index("500", *l21)
    assert (two.start, two.end, two.severity) == (s388, s388 + 3, "warning")
    assert list(two.related) == [(s500, s500 + 3)]
    assert two.evidence == {"kind": "two_values", "values": [500, 388]}


def test_sample_article_consistent_figures_are_quiet() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    l10, l11, l22 = _line(text, 10), _line(text, 11), _line(text, 22)
    quiet = [h for h in run(text) if h.start in range(l10[0], l11[1]) or h.start >= l22[0]]
    assert quiet == []


@pytest.mark.parametrize(
    ("text", "evidence", "kind"),
    [
        # Parts that exceed their whole, in digits of either script and in words.
        ("قتل 20 مدنيا بينهم 15 طفلا و8 نساء.", "20", "parts_exceed_whole"),
        ("قتل ٢٠ مدنيا بينهم ١٥ طفلا و٨ نساء.", "٢٠", "parts_exceed_whole"),
        ("قتل عشرة أشخاص بينهم ثمانية أطفال وثلاث نساء.", "عشرة", "parts_exceed_whole"),
        ("قُتِل 20 مدنيًّا بينهم 15 طفلـًا و8 نساء.", "20", "parts_exceed_whole"),
        ("قتل 20 شخصا منهم 15 طفلا و8 نساء.", "20", "parts_exceed_whole"),
        # "5 منها تحمل": منها after a part, not a list of parts.
        ("وصلت 6 شاحنات، 5 منها تحمل مستلزمات وشاحنة تحمل 16500 وجبة.", None, None),
        # Parts that fit, or a whole that is only a floor.
        ("قتل 20 مدنيا بينهم 5 أطفال و8 نساء.", None, None),
        ("قتل 226 مواطنا بينهم 96 طفلا و57 مواطنة.", None, None),
        ("قتل أكثر من 20 مدنيا بينهم 15 طفلا و8 نساء.", None, None),
        # A comma ends the list of parts.
        ("قتل 20 مدنيا بينهم 15 طفلا، وأصيب 30 آخرون.", None, None),
        # A vague quantity against the figures that sum it up.
        ("خلفت المعارك آلاف القتلى، حيث ارتفع عدد قتلى التنظيم إلى 900، "
         "وارتفع عدد القتلى من عناصر الجيش إلى 300.", "آلاف القتلى", "vague_total"),
        ("خلفت المعارك آلاف القتلى، حيث ارتفع عدد قتلى التنظيم إلى 1900، "
         "وارتفع عدد القتلى من عناصر الجيش إلى 300.", None, None),
        ("خلفت المعارك مئات القتلى، وارتفع عدد القتلى إلى 150.", "مئات القتلى", "vague_total"),
        ("خلفت المعارك مئات القتلى، وارتفع عدد القتلى إلى 350.", None, None),
        # The same count given two values; about (نحو) allows 10 per cent.
        ("ارتفع عدد الضحايا إلى 500، وقال المرصد إن عدد الضحايا بلغ 388.", "388",
         "two_values"),
        ("ارتفع عدد الضحايا إلى نحو 400، وقال المرصد إن عدد الضحايا بلغ 388.", None, None),
        # Different groups counted: not the same count.
        ("ارتفع عدد قتلى التنظيم إلى 1168، وعدد القتلى من عناصر الجيش إلى 650.", None, None),
        # Different things counted.
        ("سلم نحو 150 عنصرا أنفسهم، وخرجت أكثر من 200 عائلة.", None, None),
        # Percentages, dates and ordinals are not counts.
        ("بلغ عدد الضحايا 30 في المائة، وعدد الضحايا 12 في المائة من السكان.", None, None),
        ("خلال الـ48 ساعة الماضية قتل 5 بينهم طفل.", None, None),
    ],
)  # fmt: skip
def test_small_cases(text: str, evidence: str | None, kind: str | None) -> None:
    hits = run(text)
    if evidence is None:
        assert hits == []
        return
    start = text.index(evidence)
    assert [(h.start, h.end, h.severity) for h in hits] == [
        (start, start + len(evidence), "warning")
    ]
    assert hits[0].evidence["kind"] == kind


def test_parts_are_related_ranges() -> None:
    text = "قتل 20 مدنيا بينهم 15 طفلا و8 نساء."
    (hit,) = run(text)
    assert [text[s:e] for s, e in hit.related] == ["15", "8"]
    assert hit.evidence == {"kind": "parts_exceed_whole", "whole": 20, "parts": [15, 8]}


def test_percentages_in_either_script_are_not_counts() -> None:
    for text in (
        "قتل 76 ٪ بينهم 80 ٪ من القطاع.",
        "قتل 76% بينهم 80% من القطاع.",
        "قتل %76 بينهم %80 من القطاع.",
    ):
        assert run(text) == []
