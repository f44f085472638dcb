"""repeated_passage's restatements of the lead and its templates, on small hand-made texts:
a source's frame set aside, one clause of a one-sentence lead, a telling figure given alike,
a word in another form in a substitution, and a telegram from a sender of another rank."""

from __future__ import annotations

from typing import Any

from workbench.checks.base import ArticleInput, Hit
from workbench.checks.repeated_passage import DEFAULTS, repeated_passage
from workbench.checks.restated import frame_length, lead_pair, other_forms

OTHER = "وفي سياق آخر شهدت الأسواق المحلية حركة نشطة مع اقتراب موسم العودة إلى المدارس هذا العام."
OTHER_NEWS = "وقال رئيس الجمعية إن المستشفيات استقبلت عشرات الحالات خلال أيام العيد الماضية."


def run(text: str, **config: Any) -> list[Hit]:
    return list(repeated_passage(ArticleInput(text), {**DEFAULTS, **config}))


def found(text: str, later: str, earlier: str) -> bool:
    """Is ``later`` reported as restating ``earlier``?"""
    start, first = text.rindex(later), text.index(earlier)
    return any(
        h.start == start and h.related == ((first, first + len(earlier)),) for h in run(text)
    )


# --- The frame of a source's account -----------------------------------------------------

#: A one-sentence lead of 23 content words; a director's account restates one clause of it.
SCHOOLS = (
    "بدأت وزارة التعليم تنفيذ إجراءات شراء المرافق التعليمية في الأحياء القائمة غير المخصص بها "
    "أراض تعليمية سعيا للقضاء على المباني المستأجرة، بالتعاون مع أمانات المناطق وفروع وزارة "
    "الإسكان ومكاتب التطوير العقاري في المحافظات."
)
DIRECTOR = (
    "وقال الدكتور يوسف الثويني مدير عام تعليم حائل إن إدارته تسعى لاستكمال إجراءات شراء "
    "المرافق التعليمية في بعض الأحياء القائمة غير المخصص بها أراض تعليمية للقضاء على المباني "
    "المستأجرة."
)
#: The same words opened otherwise: the director and his office are part of what is said.
DIRECTOR_VIEW = (
    "ويرى الدكتور يوسف الثويني مدير عام تعليم حائل وإدارته أن استكمال إجراءات شراء "
    "المرافق التعليمية في بعض الأحياء القائمة غير المخصص بها أراض تعليمية يقضي على المباني "
    "المستأجرة."
)


def test_a_source_frame_is_not_counted_against_the_restated_lead() -> None:
    text = f"{SCHOOLS}\n{OTHER}\n{DIRECTOR}"
    hits = run(text)
    assert [(h.start, h.end, h.related, h.evidence["kind"]) for h in hits] == [
        (text.index(DIRECTOR), len(text), ((0, len(SCHOOLS)),), "reworded")
    ]
    # 11 of the account's 20 content words come back (0.55): the speaker's name and office
    # ("يوسف الثويني مدير عام تعليم حائل") are who speaks, not what is said.
    assert hits[0].evidence["content_words"] == {"shared": 11, "earlier": 23, "later": 20}
    assert not found(f"{SCHOOLS}\n{OTHER}\n{DIRECTOR_VIEW}", DIRECTOR_VIEW, SCHOOLS)


def test_frame_length_ends_at_that() -> None:
    words = ArticleInput(DIRECTOR).words
    assert words[frame_length(words) - 1] == "ان"
    assert " ".join(words[: frame_length(words)]).startswith("وقال الدكتور")
    assert frame_length(ArticleInput(DIRECTOR_VIEW).words) == 0
    assert frame_length(ArticleInput("موضحا أن الحملة مستمرة").words) == 2
    # A speech verb with no "that" soon after (a quote follows a colon): no frame.
    assert frame_length(ArticleInput("وقال الوزير في كلمته أمام المؤتمر: «نحن هنا»").words) == 0


# --- One clause of a one-sentence lead -----------------------------------------------------

ROUNDUP = (
    "أسدل الستار على بطولة كأس الأبطال الدولية الودية في شقها الآسيوي بفوز ريال مدريد الإسباني "
    "على ميلان الإيطالي بركلات الترجيح في مدينة شنغهاي الصينية أمام أكثر من خمسين ألف متفرج، "
    "فيما تعادل بايرن ميونيخ الألماني مع إنتر الإيطالي في مباراة تحديد المركز الثالث."
)
SHANGHAI = (
    "وفي شنغهاي، واصل ريال مدريد استعداداته الواعدة مع مدربه الجديد رافائيل بينيتيز بفوزه على "
    "ميلان الإيطالي بركلات الترجيح أمام خمسين ألف متفرج."
)
#: Three sentences, each sharing a few of SHANGHAI's words: as many in all as ROUNDUP.
SPREAD = (
    "واصل ريال مدريد الإسباني استعداداته للموسم المقبل في معسكره الصيني. "
    "وفي مباراة أخرى فاز ميلان الإيطالي على إنتر بركلات الترجيح. "
    "واحتشد في ملعب شنغهاي أمس أكثر من خمسين ألف متفرج لمتابعة نجوم الكرة الأوروبية."
)


def test_one_clause_of_a_one_sentence_lead_gets_the_allowance_at_info() -> None:
    text = f"{ROUNDUP}\n{OTHER}\n{SHANGHAI}"
    hits = run(text)
    assert [(h.start, h.related, h.severity, h.evidence["kind"]) for h in hits] == [
        (text.index(SHANGHAI), ((0, len(ROUNDUP)),), "info", "lead_clause")
    ]
    # 12 of the later passage's 19 content words (0.63): enough with the lead's allowance
    # only, so a less certain restatement.
    assert hits[0].evidence["content_words"] == {"shared": 12, "earlier": 32, "later": 19}
    assert run(text, lead_allowance=0.0) == []
    # With a lower bar the same pair needs no allowance: a restatement like any other.
    hits = run(text, min_content_coverage=0.6)
    assert [(h.severity, h.evidence["kind"]) for h in hits] == [("warning", "reworded")]
    # Away from the lead, the same pair is not a restatement.
    assert run(f"{OTHER}\n{ROUNDUP}\n{SHANGHAI}") == []


def test_a_lead_of_several_sentences_is_not_one_clause_said_again() -> None:
    # As many of SHANGHAI's words come back, spread over three sentences about other things.
    assert run(f"{SPREAD}\n{OTHER}\n{SHANGHAI}") == []


def test_lead_pair_names_a_clause_of_a_one_sentence_lead_only() -> None:
    lead = (0, 100)

    class Seg:
        kind, start, end = "paragraph", 0, 100

    words = frozenset(f"w{i}" for i in range(20))
    fewer = frozenset(f"w{i}" for i in range(12))
    assert lead_pair(Seg(), lead, words, fewer, False) == "clause"
    assert lead_pair(Seg(), lead, words, fewer, False, earlier_sentences=3) is None
    assert lead_pair(Seg(), lead, fewer, words, False, earlier_sentences=3) == "restated"
    assert lead_pair(Seg(), lead, words, fewer, figures_differ=True) is None


# --- A telling figure given alike ----------------------------------------------------------

CAMPAIGN = (
    "تواصل الحملة الوطنية السعودية لنصرة الأشقاء في سوريا تنفيذ المرحلة الثانية من برنامجها "
    "الطبي زينة الحياة الدنيا للتكفل بما مجموعه 1000 عملية ولادة للأخوات السوريات في لبنان "
    "بتكلفة إجمالية قيمتها 350 ألف دولار."
)
CAMPAIGN_AGAIN = (
    "وأوضح مدير مكتب الحملة في لبنان أن الحملة مستمرة في تنفيذ المرحلة الثانية من البرنامج "
    "الطبي زينة الحياة الدنيا للتكفل بـ 1000 عملية ولادة للأخوات السوريات في 8 مستشفيات موزعة "
    "على مختلف المحافظات اللبنانية."
)


def test_a_lead_restated_with_its_telling_figure_and_others_around_it() -> None:
    # Each gives a figure the other lacks (350, 8), but both give the 1000 operations.
    text = f"{CAMPAIGN}\n{OTHER}\n{CAMPAIGN_AGAIN}"
    assert [(h.start, h.evidence["kind"]) for h in run(text)] == [
        (text.index(CAMPAIGN_AGAIN), "reworded")
    ]


def test_a_shared_year_is_not_a_telling_figure() -> None:
    # Other counts (1200, 900) and the same year only: the figures differ, not a restatement.
    lead = CAMPAIGN.replace("1000", "1200").replace("دولار.", "دولار في عام 2015.")
    later = CAMPAIGN_AGAIN.replace("1000", "900").replace("اللبنانية.", "اللبنانية في عام 2015.")
    assert run(f"{lead}\n{OTHER}\n{later}") == []


# --- A word in another form fills no slot --------------------------------------------------

FLOWS = (
    "وفيما يتعلق بالاستثمار الأجنبي سجلت صافي تعاملات المستثمرين الأجانب في البورصات العربية "
    "مجتمعة عن الأشهر الثلاثة الأولى من عام 2015 صافي تدفق سالب وذلك للربع الثاني على التوالي."
)
FLOWS_AGAIN = (
    "فقد سجل صافي تعاملات المستثمر الأجنبي في البورصات العربية خلال الأشهر الثلاثة الأولى من "
    "2015، صافي تدفق سالب، وذلك للربع الثاني على التوالي."
)
FLOWS_GULF = (
    FLOWS.replace("الأجنبي", "الخليجي").replace("الأجانب", "الخليجيين").replace("سالب", "موجب")
)


def test_a_substitution_of_the_same_word_in_another_form_is_a_restatement() -> None:
    # سجلت / سجل, الأجانب / الأجنبي: the same words, not other names in a template's slots.
    text = f"{OTHER}\n{FLOWS}\n{OTHER_NEWS}\n{FLOWS_AGAIN}"
    assert found(text, FLOWS_AGAIN, FLOWS)


def test_other_names_in_the_slots_stay_a_template() -> None:
    assert run(f"{OTHER}\n{FLOWS}\n{OTHER_NEWS}\n{FLOWS_GULF}") == []


def test_other_forms_keeps_the_words_that_are_not_another_form() -> None:
    assert other_forms({"سجلت", "فيم"}, frozenset({"سجل", "تعامل"})) == {"فيم"}
    assert other_forms({"قال"}, frozenset({"مال"})) == {"قال"}  # short words: other words


# --- A telegram from a sender of another rank ----------------------------------------------

KING = (
    "بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس "
    "عبدالله يامين رئيس جمهورية المالديف بمناسبة ذكرى استقلال بلاده."
)
DEPUTY = (
    "من جانبه، بعث نائب خادم الحرمين الشريفين صاحب السمو الملكي الأمير محمد بن نايف بن "
    "عبدالعزيز برقية تهنئة لفخامة الرئيس عبدالله يامين رئيس جمهورية المالديف بمناسبة ذكرى "
    "استقلال بلاده."
)
WISHES_KING = (
    "وأعرب خادم الحرمين الشريفين باسمه واسم شعب وحكومة المملكة العربية السعودية عن أصدق "
    "التهاني، وأطيب التمنيات بالصحة والسعادة لفخامته ولحكومة وشعب جمهورية المالديف الشقيق "
    "اطراد التقدم والازدهار."
)
WISHES_DEPUTY = (
    "وعبر سمو نائب خادم الحرمين الشريفين عن أبلغ التهاني، وأطيب التمنيات بموفور الصحة "
    "والسعادة لفخامته ولحكومة وشعب جمهورية المالديف الشقيق المزيد من التقدم والازدهار."
)
SAID = (
    "أكد خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز عمق العلاقات الأخوية التي تربط المملكة "
    "بمصر، مشددا على حرص الرياض على تعزيزها في شتى المجالات السياسية والاقتصادية والثقافية."
)
SAID_AGAIN = (
    "وشدد الملك سلمان خلال استقباله الوفد المصري على عمق العلاقات الأخوية التي تربط البلدين "
    "وحرص المملكة على تعزيزها في شتى المجالات السياسية والاقتصادية والثقافية."
)


def test_the_same_telegram_from_the_deputy_is_a_template() -> None:
    assert run(f"{KING}\n{OTHER}\n{DEPUTY}") == []
    assert run(f"{OTHER}\n{WISHES_KING}\n{WISHES_DEPUTY}") == []


def test_the_same_king_named_with_fewer_titles_still_restates() -> None:
    text = f"{SAID}\n{OTHER}\n{SAID_AGAIN}"
    assert [(h.start, h.evidence["kind"]) for h in run(text)] == [
        (text.index(SAID_AGAIN), "reworded")
    ]


def test_a_frame_ends_where_a_quote_begins() -> None:
    from workbench.checks.repeated_passage import _STEMS, _content, _spans, _unit

    def frame(text: str) -> frozenset[str]:
        article = ArticleInput(text)
        stems = _STEMS.map(article.words)
        return _content(_unit(article, _spans(article, 8)[0]), stems, text).frame

    assert frame("وقال مدير عام تعليم حائل إن إدارته تسعى لاستكمال شراء المباني المدرسية.")
    # "أن" inside the quote: the words before it are what is said, not who says it.
    quoted = "وقالت الشركة: «نظرا لاندلاع حريق خارج المطار علقنا كل الرحلات، ونأمل أن تعود قريبا»."
    assert frame(quoted) == frozenset()
