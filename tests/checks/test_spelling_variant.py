"""spelling_variant: the sample's variants pinned, and a table of small cases (diacritics and
tatweel inside names, clitics, inflections, common words, name-like evidence)."""

from __future__ import annotations

import pytest

from workbench.checks.base import ArticleInput, Hit, stamp
from workbench.checks.registry import REGISTRY
from workbench.samples import SAMPLE_PUBLISHED, sample_article_path

NAME = "spelling_variant"


def run(text: str) -> list[Hit]:
    spec = REGISTRY.get(NAME)
    hits = list(spec.func(ArticleInput(text), spec.defaults))
    for hit in hits:
        stamp(hit, check=NAME, version=spec.version, text=text)
    return hits


def _all(text: str, word: str) -> list[tuple[int, int]]:
    """Every occurrence of ``word`` not preceded or followed by another letter."""
    out, pos = [], text.find(word)
    while pos != -1:
        before = text[pos - 1] if pos else " "
        after = text[pos + len(word) : pos + len(word) + 1] or " "
        if not (before.isalpha() and before != "و") and not after.isalpha():
            out.append((pos, pos + len(word)))
        pos = text.find(word, pos + 1)
    return out


def test_sample_article_variants_are_pinned() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    spec = REGISTRY.get(NAME)
    hits = list(spec.func(ArticleInput(text, SAMPLE_PUBLISHED), spec.defaults))
    got = {(h.start, h.end): h for h in hits}

    expected = [
        # (primary form, other form, kind, severity)
        ("الشعفة", "الشغفة", "dots", "warning"),
        ("السفافنة", "السفافية", "dots", "warning"),
        ("الديمقراطية", "الديموقراطية", "long_vowel", "warning"),
        ("الباغور التحتاني", "الباغور تحتاني", "article", "info"),
        ("الباغور الفوقاني", "الباغور فوقاني", "article", "info"),
    ]
    assert len(hits) == len(expected)
    for primary, other, kind, severity in expected:
        (first, *more) = _all(text, primary)
        hit = got[first]
        assert (hit.severity, hit.evidence["kind"]) == (severity, kind)
        assert sorted(hit.related) == sorted([*more, *_all(text, other)])
    # Nothing else at warning.
    assert sum(h.severity == "warning" for h in hits) == 3
    line = {h.evidence["kind"]: text.count("\n", 0, h.start) + 1 for h in hits}
    assert line["long_vowel"] == 10


@pytest.mark.parametrize(
    ("text", "primary", "others", "kind"),
    [
        # One letter's dots, in a list of places after قرى وبلدات.
        ("سيطر على قرى وبلدات النفيلة والشغفة والسوسة. ثم دخل بلدة الشعفة.",
         "الشعفة", ["الشغفة"], "dots"),
        # A long vowel dropped, the forms sharing a neighbour (سوريا).
        ("قوات سوريا الديموقراطية تتقدم. وقالت قوات سوريا الديمقراطية إن قوات سوريا "
         "الديموقراطية سيطرت.", "الديمقراطية", ["الديموقراطية", "الديموقراطية"], "long_vowel"),
        # Diacritics and tatweel inside the names stay inside the evidence.
        ("قوات سوريا الديمُوقراطيـة تتقدم. وقالت قوات سوريا الديمقـراطِيّة إن قوات سوريا "
         "الديموقراطية سيطرت.", "الديمقـراطِيّة", ["الديمُوقراطيـة", "الديموقراطية"],
         "long_vowel"),
        # The conjunction is left out of the evidence, the article kept.
        ("سيطر على قرى والمراشدة والسفافية والشجلة، ثم على المراشدة والسفافنة والشجلة.",
         "السفافنة", ["السفافية"], "dots"),
        # The definite article comes and goes after a definite place name: info.
        (
            "سيطر على بلدة الباغور تحتاني. ثم دخل قرية الباغور التحتاني.",
            "الباغور التحتاني",
            ["الباغور تحتاني"],
            "article",
        ),
    ],
)  # fmt: skip
def test_variants(text: str, primary: str, others: list[str], kind: str) -> None:
    hits = run(text)
    assert len(hits) == 1
    (hit,) = hits
    start = text.index(primary)
    assert (hit.start, hit.end) == (start, start + len(primary))
    assert [text[s:e] for s, e in hit.related] == others
    assert hit.evidence["kind"] == kind
    assert hit.severity == ("info" if kind == "article" else "warning")


@pytest.mark.parametrize(
    "text",
    [
        # Clitics and inflections are not variants.
        "اندلعت حرب جديدة. وقالت إن الحرب انتهت. وصلت قوات جديدة. وقالت إن قوة أخرى وصلت.",
        # Common words one dot apart.
        "قال إن أكبر مشروع هو أكثر المشاريع كلفة في مدينة أكبر من مدينة أكثر سكانا.",
        # Real words one dot apart with no name-like evidence.
        "يريد الوزير أن يزيد عدد المدارس.",
        # A verb's prefix (سيكون / ستكون) is not a variant.
        "قال إن الاجتماع سيكون في مدينة جدة وإن القمة ستكون في مدينة جدة أيضا.",
        # Nisba and plural patterns.
        "أكدت الدولة أن المنظمة دولية. وأضاف أن الجانب الأمني من جوانب الاتفاق.",
        # Hamza on a seat is more than dots: السائق / السابق.
        "قال السائق إن المدير السابق غادر مدينة جدة، وإن مدينة جدة السائق.",
        # The ا of Form III is not a long vowel dropped: معارضة / معرضة.
        "قالت المعارضة إن المدينة معرضة للقصف.",
        # A definite noun, then a word with and without the article, outside a name.
        "وقال ولي العهد نائب رئيس مجلس الوزراء. ثم التقى ولي العهد النائب الأول.",
    ],
)
def test_not_variants(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("text", ["", "في", "123 456", "Hello world", "قال"])
def test_texts_without_long_words(text: str) -> None:
    assert run(text) == []


def test_one_finding_per_pair_whatever_preposition_is_attached() -> None:
    text = (
        "هاجمت ميليشيات الحوثي المدينة. وقال إن لمليشيات الحوثي دورا. "
        "وإن لميليشيات الحوثي أسلحة. وانسحبت ميليشيات الحوثي."
    )
    (hit,) = run(text)
    assert hit.evidence["kind"] == "long_vowel"
    assert text[hit.start : hit.end] == "لمليشيات"
    assert sorted(text[s:e] for s, e in hit.related) == ["لميليشيات", "ميليشيات", "ميليشيات"]
