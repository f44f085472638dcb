"""repeated_passage's restated lead: the lead said again further down with fewer of its words,
some in another form; link lines left out; and the helpers of ``workbench.checks.restated``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.checks.base import ArticleInput, Hit
from workbench.checks.repeated_passage import DEFAULTS, repeated_passage
from workbench.checks.restated import furniture, lead_range, lead_restated, shared_words

#: The lead of a court report and the judicial sources' account of the same sentence further
#: down: 13 of the lead's 20 content words come back (0.65, under `min_content_coverage`).
LEAD = (
    "قضت محكمة جنايات القاهرة اليوم بسجن رئيس الوزراء المصري الأسبق أحمد نظيف خمس سنوات في "
    "إعادة محاكمته بتهمة الكسب غير المشروع وتحقيق ملايين الجنيهات."
)
RESTATED = (
    "وقالت مصادر قضائية إن محكمة الجنايات قضت بسجن نظيف رئيس وزراء مصر الأسبق بعد إعادة "
    "محاكمته في قضية كسب غير مشروع لملايين الجنيهات خلال توليه منصبه."
)
BACKGROUND = (
    "وكان نظيف قد تولى رئاسة الحكومة بين عامي ألفين وأربعة وألفين وأحد عشر قبل أن تطيح به "
    "احتجاجات شعبية واسعة."
)


def run(text: str, **config: Any) -> list[Hit]:
    return list(repeated_passage(ArticleInput(text), {**DEFAULTS, **config}))


def test_a_lead_restated_with_fewer_of_its_words_is_reported() -> None:
    text = f"{LEAD}\n{BACKGROUND}\n{RESTATED}"
    hits = run(text)
    assert [(h.start, h.end, h.related, h.evidence["kind"]) for h in hits] == [
        (text.index(RESTATED), len(text), ((0, len(LEAD)),), "reworded")
    ]
    assert hits[0].evidence["content_words"] == {"shared": 13, "earlier": 20, "later": 20}
    # Without the lead's allowance the same pair is too far apart.
    assert run(text, lead_allowance=0.0) == []


def test_the_allowance_is_for_the_lead_only() -> None:
    # The same two paragraphs after another first paragraph: not a lead, not reported.
    assert run(f"{BACKGROUND}\n{LEAD}\n{RESTATED}") == []


def details(accused: str) -> str:
    """RESTATED with the defence's appeal and the prison added: 47 content words."""
    return (
        f"{RESTATED[:-1]}، وأوضحت المصادر أن هيئة الدفاع ستطعن في الحكم أمام محكمة النقض خلال "
        f"ستين يوما من صدوره، وأن {accused} أودع سجن طرة بعد جلسة استمرت ثلاث ساعات وسط "
        "إجراءات أمنية مشددة وحضور عدد من الأهالي والصحفيين ومراسلي وكالات الأنباء الأجنبية."
    )


def test_a_lead_restated_with_details_added_gets_no_allowance() -> None:
    # More than twice the lead's content words: the 13 of 20 (0.65) that come back are too
    # few without the allowance ...
    assert run(f"{LEAD}\n{BACKGROUND}\n{details('نظيف')}") == []
    # ... and one more of the lead's words, in another form (تهمة / المتهم), makes 0.7.
    text = f"{LEAD}\n{BACKGROUND}\n{details('المتهم')}"
    hits = run(text)
    assert [(h.start, h.related, h.evidence["kind"]) for h in hits] == [
        (text.index(RESTATED[:20]), ((0, len(LEAD)),), "reworded")
    ]
    assert hits[0].evidence["content_words"] == {"shared": 14, "earlier": 20, "later": 47}
    # Away from the lead the same pair is not a restatement (no word in another form).
    assert run(f"{BACKGROUND}\n{LEAD}\n{details('المتهم')}") == []


def test_a_link_line_restating_the_lead_is_left_out() -> None:
    link = "رابط الخبر بصحيفة الوئام: " + RESTATED
    assert run(f"{LEAD}\n{BACKGROUND}\n{link}") == []
    # Run on after the last sentence of the body, it is left out all the same.
    assert run(f"{LEAD}\n{BACKGROUND}\nوالله الموفق. {link}") == []


def test_shared_words_match_one_word_in_two_forms_once() -> None:
    a = frozenset({"نهائ", "مؤكد", "علاق", "قال"})
    b = frozenset({"نهائي", "علاق", "مال"})
    assert shared_words(a, b, soft=False) == 1
    # نهائ / نهائي are one letter apart; قال / مال too, but three letters are too few.
    assert shared_words(a, b) == 2
    assert shared_words(frozenset({"نهائ", "نهاي"}), frozenset({"نهائي"})) == 1
    assert shared_words(a, frozenset()) == 0
    # Asked for at least a count it can reach, the same count; for more, some count under it.
    assert shared_words(a, b, at_least=2) == 2
    assert shared_words(a, b, at_least=3) < 3


@dataclass(frozen=True)
class Seg:
    kind: str
    start: int
    end: int


def test_lead_range_is_the_first_paragraph_after_the_headings() -> None:
    assert lead_range(
        [Seg("heading", 0, 10), Seg("paragraph", 11, 90), Seg("paragraph", 91, 99)]
    ) == (
        11,
        90,
    )
    assert lead_range([Seg("heading", 0, 10), Seg("paragraph", 11, 90)]) == (11, 90)
    assert lead_range([Seg("heading", 0, 10)]) is None


def test_lead_restated_wants_the_lead_about_as_long_as_its_restatement() -> None:
    lead = (0, 100)
    words = frozenset(f"w{i}" for i in range(10))
    longer = frozenset(f"w{i}" for i in range(20))
    much_longer = frozenset(f"w{i}" for i in range(21))
    assert lead_restated(Seg("sentence", 0, 50), lead, words, longer, figures_differ=False)
    assert not lead_restated(Seg("sentence", 0, 50), lead, words, much_longer, False)
    assert not lead_restated(Seg("sentence", 0, 50), lead, longer, words, False)
    assert not lead_restated(Seg("sentence", 0, 50), lead, words, longer, figures_differ=True)
    assert not lead_restated(Seg("sentence", 101, 150), lead, words, longer, False)
    assert not lead_restated(Seg("sentence", 0, 50), None, words, longer, False)


def test_furniture_is_a_link_line_and_the_paragraph_it_fills() -> None:
    body = "نص الخبر الأول وفيه كلام كثير عن الحدث كله. "
    link = "رابط الخبر بصحيفة الوئام: عنوان"
    text = body + link
    first, second = Seg("sentence", 0, len(body) - 1), Seg("sentence", len(body), len(text))
    whole = Seg("paragraph", 0, len(text))
    # The link line fills less than half of the paragraph: the paragraph stays prose.
    assert furniture(text, [whole], [first, second]) == [(len(body), len(text))]
    short = "شكرا. " + link
    one, two = Seg("sentence", 0, 5), Seg("sentence", 6, len(short))
    assert furniture(short, [Seg("paragraph", 0, len(short))], [one, two]) == [
        (6, len(short)),
        (0, len(short)),
    ]
    assert furniture(body, [Seg("paragraph", 0, len(body))], [first]) == []


def test_furniture_is_the_tag_line_ending_the_last_paragraph() -> None:
    body = "نص الخبر الأول وفيه كلام كثير عن سمات الحدث كله. "
    tags = "سمات الجوازات وافدون وثيقة سفر"
    text = body + tags
    first, second = Seg("sentence", 0, len(body) - 1), Seg("sentence", len(body), len(text))
    # "سمات" inside the prose is a word; the last one, opening a sentence, the tag line.
    assert furniture(text, [Seg("paragraph", 0, len(text))], [first, second]) == [
        (len(body), len(text))
    ]
    # In another paragraph than the last, "سمات" opens prose.
    later = "\nوفي الختام كلام آخر عن الموضوع نفسه."
    paragraphs = [
        Seg("paragraph", 0, len(text)),
        Seg("paragraph", len(text) + 1, len(text + later)),
    ]
    assert furniture(text + later, paragraphs, [first, second]) == []


def test_a_tag_line_naming_the_lead_is_left_out() -> None:
    tags = "سمات " + " ".join(RESTATED.split()[:-1])
    text = f"{LEAD}\n{BACKGROUND}\nانتهى الخبر. {tags}"
    assert run(f"{LEAD}\n{BACKGROUND}\n{RESTATED}") != []
    assert run(text) == []
