"""repeated_word: the sample's slip pinned, a table of small cases (diacritics, tatweel,
digits, Latin) and the reduplication Arabic writes on purpose."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.checks.base import ArticleInput, Hit
from workbench.checks.repeated_word import DEFAULTS, repeated_word


def run(text: str, **config: Any) -> list[Hit]:
    return list(repeated_word(ArticleInput(text), {**DEFAULTS, **config}))


def test_sample_article_doubled_word_is_pinned() -> None:
    from workbench.samples import sample_article_path

    text = sample_article_path().read_text(encoding="utf-8")
    start = text.index("بلدة البلدة")
    hits = run(text)
    assert [(h.start, h.end, h.severity) for h in hits] == [
        (start, start + len("بلدة البلدة"), "warning")
    ]
    assert text.count("\n", 0, start) + 1 == 15
    ev = hits[0].evidence
    assert ev == {
        "kind": "clitic",
        "first": {"start": start, "end": start + 4, "text": "بلدة"},
        "second": {"start": start + 5, "end": start + 11, "text": "البلدة"},
        "clitic": "ال",
    }


@pytest.mark.parametrize(
    ("text", "doubled", "kind"),
    [
        ("وصل الوفد إلى في في المدينة مساء أمس", "في في", "exact"),
        ("أكد على على أهمية التعاون", "على على", "exact"),
        ("كَتَبَ كَتَبَ الطالب الدرس", "كَتَبَ كَتَبَ", "exact"),  # same marks: one word twice
        ("زار الوفد المديـــنة المدينة القديمة", "المديـــنة المدينة", "exact"),  # tatweel
        ("سيطرت القوات على كامل بلدة البلدة الباغور", "بلدة البلدة", "clitic"),
        ("وقال الأمين الأمين العام للحزب", "الأمين الأمين", "exact"),
        ("بلغ عدد المشاركين ١٢ ١٢ شخصا ثم ثم انصرفوا", "ثم ثم", "exact"),  # digits are no words
    ],
)
def test_doubled_words(text: str, doubled: str, kind: str) -> None:
    start = text.index(doubled)
    hits = run(text)
    assert [(h.start, h.end, h.evidence["kind"]) for h in hits] == [
        (start, start + len(doubled), kind)
    ]
    first, second = hits[0].evidence["first"], hits[0].evidence["second"]
    assert text[first["start"] : first["end"]] == first["text"]
    assert text[second["start"] : second["end"]] == second["text"]
    assert hits[0].related == ((first["start"], first["end"]),)


@pytest.mark.parametrize(
    "text",
    [
        "تقدمت القوات رويدا رويدا نحو المدينة",
        "تحسن الوضع شيئا فشيئا خلال الأسبوع",
        "الطقس حار جدا جدا اليوم",
        "ناقشوا المشروع بندًا بندًا حتى الفجر",
        "استقبل سمو ولي ولي العهد الوفد",
        "بثت قناة بي بي سي التقرير",
        "تعمقت العلاقات العربية العربية في القمة",
        "صواريخ أرض أرض سقطت على الحي",
        "سعودية سعودية سعودية نكررها حبا",
        "وزارة التربية والتعليم والتعليم العالي",
        "قالت لا، لا نريد ذلك",  # punctuation between the copies
        "كرم الشيخ حمد الحمد الفائزين",  # a name, not a slip
        "إن هذا البلد بلد مضياف",  # subject and predicate
        "وعاد محمد محمد علي إلى بلده",  # named after his father
        "زاد إنتاج أو.إم.في في الربع الثاني",  # the end of an acronym
        "the the cat 12 12 ١٢ ١٢",  # Latin and numbers are not words here
        "السلامَ السلامُ عليكم",  # different vowels: different words
        "وإن انعدم انعدم الأمل",  # a condition and its answer
        "انتهى الاجتماع\nانتهى الاجتماع بسلام",  # a line break between them
        "",
    ],
)
def test_intended_repetition_is_not_reported(text: str) -> None:
    assert run(text) == []


def test_config_turns_clitic_doubles_off_and_allows_words() -> None:
    assert run("كامل بلدة البلدة الباغور", clitics=[]) == []
    assert run("وصل إلى في في المدينة", allow=["في"]) == []
    assert len(run("وصل إلى في في المدينة")) == 1


VERSE = (
    "ياعلي لنجا الصيد بدياركم جيت جيت وعسى الله يكتب اللي نريده انا ليا مني قنصت وتعنيت "
    "ما كل طير شافت العين صيده يا راكب اللي من هواه تقل نعام يفلي بخفه في بطون الحزومي "
    "واللي حكى له قال يا ناس وش علم هذا الطير جا من ديرة القوم هومي لا تلتفت للي عنك صد "
    "والزم العهد لو طالت الدنيا عليك بهمي يا زين ما قالوا وما قلت في ليل طويل "
    "والقلب يسهر والعيون تنام"
)


def test_a_double_in_unpunctuated_verse_is_info() -> None:
    """Poems are printed without punctuation and repeat words for metre (جيت جيت)."""
    hits = run(VERSE)
    start = VERSE.index("جيت جيت")
    assert [(h.start, h.end, h.severity) for h in hits] == [(start, start + 7, "info")]
    assert hits[0].evidence["verse"] is True
    assert "verse" in hits[0].message


def test_the_same_double_in_punctuated_prose_stays_a_warning() -> None:
    prose = VERSE.replace(" وعسى", "، وعسى").replace(" ما كل", ". ما كل")
    prose = prose.replace(" لا تلتفت", "، لا تلتفت").replace(" يا راكب", ". يا راكب")
    hits = run(prose)
    assert [h.severity for h in hits] == ["warning"]
    assert "verse" not in hits[0].evidence


def test_verse_threshold_is_a_setting() -> None:
    assert [h.severity for h in run(VERSE, verse_chars=10_000)] == ["warning"]
