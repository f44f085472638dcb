"""repeated_passage: pinned offsets on the sample article, small Arabic cases, and templated
parallel sentences that must not be reported as repeats."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.checks.base import ArticleInput, Hit
from workbench.checks.repeated_passage import DEFAULTS, repeated_passage


def run(text: str, **config: Any) -> list[Hit]:
    return list(repeated_passage(ArticleInput(text), {**DEFAULTS, **config}))


def line_at(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """The stored range of the line that starts with ``needle`` (first one after ``after``)."""
    start = text.index(needle, after)
    assert start == 0 or text[start - 1] == "\n", needle
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


@pytest.fixture(scope="module")
def sample() -> str:
    from workbench.samples import sample_article_path

    return sample_article_path().read_text(encoding="utf-8")


def test_sample_article_repeats_are_pinned(sample: str) -> None:
    l12 = line_at(sample, "خلفت المعارك الدائرة")
    l14 = line_at(sample, "وخلفت المعارك الدائرة")
    l23 = line_at(sample, "استهدف تنظيم الدولة الإسلامية")
    l27 = line_at(sample, "واستهدف تنظيم الدولة الإسلامية")
    l29 = line_at(sample, "لا يمكننا القول")
    l31 = line_at(sample, "ولا يمكننا القول")
    lines = [sample.count("\n", 0, s) + 1 for s, _ in (l12, l14, l23, l27, l29, l31)]
    assert lines == [12, 14, 23, 27, 29, 31]

    hits = sorted(run(sample), key=lambda h: h.start)
    got = [((h.start, h.end), tuple(h.related), h.severity, h.evidence["kind"]) for h in hits]
    assert got == [
        (l14, (l12,), "warning", "extended"),
        (l27, (l23,), "warning", "near"),
        (l31, (l29,), "warning", "extended"),
    ]


def test_sample_evidence_names_the_word_differences(sample: str) -> None:
    hits = {sample.count("\n", 0, h.start) + 1: h for h in run(sample)}
    near = hits[27].evidence
    s23, _ = line_at(sample, "استهدف تنظيم")
    s27, _ = line_at(sample, "واستهدف تنظيم")
    assert near["diff"] == [
        {
            "op": "changed",
            "earlier": {"start": s23, "end": s23 + len("استهدف"), "text": "استهدف"},
            "later": {"start": s27, "end": s27 + len("واستهدف"), "text": "واستهدف"},
        }
    ]
    assert near["similarity"] > 0.9 and near["coverage"] == 1.0

    ext = hits[14].evidence
    added = ext["diff"][-1]
    assert added["op"] == "added" and added["earlier"] is None
    assert added["later"]["text"].startswith("قضوا منذ 10 من سبتمبر")
    assert added["later"]["text"].endswith("لحقوق الإنسان")
    assert sample[added["later"]["start"] : added["later"]["end"]] == added["later"]["text"]
    assert ext["earlier"]["text"] == sample[slice(*hits[14].related[0])]
    assert "line 12" in hits[14].message


P1 = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة ثلاثمائة سرير "
    "لخدمة سكان الأحياء الشمالية."
)
P1_MARKED = (
    "أعلَنَت وزارةُ الصـــحة اليومَ عن افتتاح مستشفى جديد في مدينة الرياض بسعة ثلاثمائة "
    "سرير لخدمة سكان الأحياء الشمالية."
)
P1_EXTENDED = f"{P1[:-1]}، وذلك ضمن خطة الوزارة لتوسيع الخدمات الصحية في المناطق كافة."
OTHER = "وفي سياق آخر شهدت الأسواق المحلية حركة نشطة مع اقتراب موسم العودة إلى المدارس هذا العام."
QUOTE = "لن نسمح بأي تأخير في تنفيذ المشاريع الحكومية بعد اليوم مهما كانت الأسباب والظروف"
BODY = (
    "وقال الوزير في المؤتمر الصحفي إنه لن نسمح بأي تأخير في تنفيذ المشاريع الحكومية بعد "
    "اليوم مهما كانت الأسباب والظروف مشيرا إلى أن الوزارة ستحاسب المقصرين."
)
TOLL = "ارتفع عدد القتلى إلى {} شخصا بينهم قياديون بارزون في صفوف التنظيم خلال الأسبوع الماضي."


@pytest.mark.parametrize(
    ("text", "later", "earlier", "kind"),
    [
        pytest.param(
            f"{P1}\n{OTHER}\n{P1_MARKED}", P1_MARKED, P1, "exact", id="diacritics+tatweel"
        ),
        pytest.param(f"{P1}\n{OTHER}\nو{P1}", f"و{P1}", P1, "near", id="conjunction-added"),
        pytest.param(
            f"{P1}\n{OTHER}\n{P1_EXTENDED}",
            P1_EXTENDED,
            P1,
            "extended",
            id="added-clause",
        ),
        pytest.param(
            f"{QUOTE}\n{OTHER}\n{BODY}", BODY, QUOTE, "contained", id="pull-quote-in-body"
        ),
        pytest.param(
            f"{TOLL.format('١١٦٨')}\n{OTHER}\n{TOLL.format('1168')}",
            TOLL.format("1168"),
            TOLL.format("١١٦٨"),
            "exact",
            id="arabic-indic-digits",
        ),
    ],
)
def test_repeats(text: str, later: str, earlier: str, kind: str) -> None:
    start = text.rindex(later)
    first = text.index(earlier)
    hits = run(text)
    assert [(h.start, h.end, tuple(h.related), h.severity, h.evidence["kind"]) for h in hits] == [
        (start, start + len(later), ((first, first + len(earlier)),), "warning", kind)
    ]


TELEGRAMS = "\n".join(
    [
        "بعث خادم الحرمين الشريفين برقية تهنئة لفخامة الرئيس إبراهيم أبو بكر كيتا رئيس جمهورية "
        "مالي بمناسبة ذكرى استقلال بلاده.",
        "كما بعث خادم الحرمين الشريفين برقية تهنئة لفخامة الرئيس بيتر موثاريكا رئيس جمهورية "
        "ملاوي بمناسبة ذكرى استقلال بلاده.",
        "وبعث خادم الحرمين الشريفين برقية تهنئة لفخامة الرئيسة إيلين جونسون سيرليف رئيسة "
        "جمهورية ليبيريا بمناسبة ذكرى استقلال بلادها.",
    ]
)
STOCKS = "\n".join(
    [
        "وأغلق مؤشر سوق دبي المالي مرتفعا بنسبة 1.2 في المئة عند مستوى 4050 نقطة بدعم من أسهم "
        "العقارات.",
        "وأغلق مؤشر سوق أبوظبي للأوراق المالية مرتفعا بنسبة 0.8 في المئة عند مستوى 4700 نقطة "
        "بدعم من أسهم البنوك.",
        "وأغلق مؤشر سوق مسقط للأوراق المالية منخفضا بنسبة ٠٫٣ في المئة عند مستوى ٦٢٠٠ نقطة "
        "بضغط من أسهم الخدمات.",
    ]
)
RACES = "\n".join(
    [
        "وفي الشوط الثالث فاز الجواد نجم الصحراء لمالكه الأمير سلطان بن محمد بقيادة الخيال "
        "أحمد العتيبي.",
        "وفي الشوط الرابع فاز الجواد برق الشمال لمالكه الشيخ خالد بن عبدالله بقيادة الخيال "
        "محمد الشمري.",
    ]
)
APPOINTMENTS = "\n".join(
    [
        "وصدر قرار بتعيين الدكتور محمد بن سعد العتيبي مديرا عاما لفرع وزارة التعليم بمنطقة الرياض.",
        "وصدر قرار بتعيين الدكتور خالد بن فهد الشمري مديرا عاما لفرع وزارة التعليم بمنطقة حائل.",
    ]
)
HEADING = (
    "انحسار في مناطق سيطرة تنظيم داعش\n"
    "انحسرت سيطرة تنظيم داعش في مناطق سيطرته السابقة بريف دير الزور الشرقي بعد معارك عنيفة."
)
FIGURE_CHANGED = f"{TOLL.format('650')}\n{OTHER}\n{TOLL.format('600')}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(TELEGRAMS, id="telegrams"),
        pytest.param(STOCKS, id="stock-reports"),
        pytest.param(RACES, id="race-results"),
        pytest.param(APPOINTMENTS, id="appointments"),
        pytest.param(HEADING, id="heading-shares-topic-words"),
        pytest.param(FIGURE_CHANGED, id="figure-changed"),
        pytest.param(f"{P1}\n{OTHER}", id="unrelated"),
        pytest.param("", id="empty"),
    ],
)
def test_not_repeats(text: str) -> None:
    assert [h for h in run(text) if h.severity == "warning"] == []


@pytest.mark.parametrize(
    ("text", "some"), [(TELEGRAMS, True), (STOCKS, True), (RACES, False), (APPOINTMENTS, False)]
)
def test_templates_are_parallel_at_info_when_asked(text: str, some: bool) -> None:
    """Asked for, templates come back as ``parallel`` at info (or not at all when they share
    too little of their frame); never as repeats."""
    hits = run(text, report_parallel=True)
    assert bool(hits) or not some
    assert {(h.severity, h.evidence["kind"]) for h in hits} <= {("info", "parallel")}


def test_a_passage_said_three_times_is_a_refrain_at_info() -> None:
    text = f"{P1}\n{OTHER}\n{P1}\n{BODY}\n{P1}"
    hits = run(text)
    assert len(hits) == 2
    assert {(h.severity, h.evidence["kind"], h.evidence["copies"]) for h in hits} == {
        ("info", "exact", 3)
    }


def test_a_repeated_paragraph_is_reported_once_not_per_sentence() -> None:
    para = f"{P1} {OTHER}"
    text = f"{para}\n{BODY}\n{para}"
    hits = run(text)
    assert [(h.start, h.end, h.evidence["unit"]) for h in hits] == [
        (text.rindex(para), len(text), "paragraph")
    ]


def test_offsets_slice_the_stored_text_everywhere(sample: str) -> None:
    for hit in run(sample):
        for op in hit.evidence["diff"]:
            for side in ("earlier", "later"):
                rng = op[side]
                if rng is not None:
                    assert sample[rng["start"] : rng["end"]] == rng["text"]


@pytest.mark.parametrize(
    "line",
    [
        "صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء "
        "وزير الداخلية.",
        "وبعد الاطلاع على نظام مجلس الوزراء الصادر بالأمر الملكي رقم ( أ / 13 ) بتاريخ "
        "3 / 3 / 1414هـ.",
        "2- شهادة تصنيف وتسجيل مهني من الهيئة السعودية للتخصصات الصحية سارية المفعول.",
    ],
)
def test_protocol_titles_preambles_and_list_items_repeat_on_purpose(line: str) -> None:
    assert run(f"{line}\n{OTHER}\n{line}") == []


# Repeats in other words: the lead restated further down, a quote given again in reported
# speech, a decision given in short and then in full, a restatement with another figure.
OTHER_NEWS = "وقال رئيس الجمعية إن المستشفيات استقبلت عشرات الحالات خلال أيام العيد الماضية."
LEAD = (
    "حذرت الجمعية السعودية لطب العيون من خطورة الألعاب النارية المنتشرة بين الأطفال هذه "
    "الأيام، نظرا لارتفاع حالات إصابات العيون الناجمة عن تلك الألعاب كل عام."
)
LEAD_AGAIN = (
    "وأكدت الجمعية السعودية لطب العيون أن الألعاب النارية المنتشرة بين الأطفال خطيرة، لأن "
    "حالات إصابات العيون الناجمة عنها ترتفع كل عام في هذه الأيام."
)
QUOTED = (
    "وقال مندوب خليجي: «حتى لو نزلت الأسعار قليلا دون خمسين دولارا للبرميل فما دام النزول "
    "في الأجل القصير فمن المستبعد أن تخفض أوبك سقف إنتاجها»."
)
REPORTED = (
    "وأشار المندوب إلى أن المنظمة لن تخفض سقف إنتاجها ما دام نزول الأسعار دون خمسين دولارا "
    "للبرميل في الأجل القصير، حتى لو نزلت قليلا."
)
DECISION = (
    "أصدر مجلس إدارة الهيئة قرارا بتمديد العمل بالبرنامج الصيفي للطلاب الموهوبين حتى نهاية "
    "شهر أغسطس في جميع مدارس المنطقة."
)
FULL_TEXT = "وفيما يلي نص القرار:"
DECISION_IN_FULL = (
    "بناء على ما رفعه مدير البرنامج، وبعد الدراسة، قرر المجلس ما يلي: يمدد العمل بالبرنامج "
    "الصيفي للطلاب الموهوبين في جميع مدارس المنطقة حتى نهاية شهر أغسطس، وعلى الجهات المعنية "
    "تنفيذ هذا القرار."
)
ARRESTS = (
    "أعلنت وزارة الداخلية عن ضبط 44 عنصرا من المطلوبين في إطار المتابعات الأمنية المكثفة "
    "التي تستهدف الخلايا النائمة على مستوى محافظات البلاد."
)
ARRESTS_AGAIN = (
    "وقال بيان الوزارة إنه في إطار المتابعات الأمنية المكثفة التي تستهدف الخلايا النائمة على "
    "مستوى محافظات البلاد تم ضبط 24 من المطلوبين."
)


@pytest.mark.parametrize(
    ("text", "later", "earlier", "kind"),
    [
        pytest.param(
            f"{LEAD}\n{OTHER_NEWS}\n{LEAD_AGAIN}", LEAD_AGAIN, LEAD, "reworded", id="lead-restated"
        ),
        pytest.param(
            f"{QUOTED}\n{OTHER}\n{REPORTED}", REPORTED, QUOTED, "reworded", id="quote-reframed"
        ),
        pytest.param(
            f"{DECISION}\n{FULL_TEXT}\n{DECISION_IN_FULL}",
            DECISION_IN_FULL,
            DECISION,
            "restated_in_full",
            id="short-then-formal",
        ),
        pytest.param(
            f"{ARRESTS}\n{OTHER}\n{ARRESTS_AGAIN}",
            ARRESTS_AGAIN,
            ARRESTS,
            "figure_changed",
            id="figure-changed-in-restatement",
        ),
    ],
)
def test_repeats_in_other_words(text: str, later: str, earlier: str, kind: str) -> None:
    start, first = text.rindex(later), text.index(earlier)
    hits = run(text)
    assert [(h.start, h.end, tuple(h.related), h.severity, h.evidence["kind"]) for h in hits] == [
        (start, start + len(later), ((first, first + len(earlier)),), "warning", kind)
    ]
    evidence = hits[0].evidence
    assert evidence["earlier"]["text"] == earlier
    shared = evidence["content_words"]["shared"]
    assert shared >= DEFAULTS["min_shared_content"]
    assert evidence["coverage"] == round(
        shared / min(evidence["content_words"]["earlier"], evidence["content_words"]["later"]), 3
    )
    # The word-order-blind measure finds what the word-by-word diff does not: the diff
    # keeps well under the coverage an ordinary repeat needs.
    assert evidence["similarity"] < 0.8
    assert "line 1" in hits[0].message


def test_figure_changed_names_the_figures() -> None:
    hit = run(f"{ARRESTS}\n{OTHER}\n{ARRESTS_AGAIN}")[0]
    assert hit.evidence["figures"] == {"earlier": ["44"], "later": ["24"]}
    assert "(44 there, 24 here)" in hit.message


def test_figures_in_arabic_indic_digits_are_the_same_figures() -> None:
    text = f"{ARRESTS}\n{OTHER}\n{ARRESTS_AGAIN.replace('24', '٤٤')}"
    assert [h.evidence["kind"] for h in run(text)] == ["reworded"]


def test_restated_in_full_points_at_the_words_that_announce_the_text() -> None:
    text = f"{DECISION}\n{FULL_TEXT}\n{DECISION_IN_FULL}"
    marker = run(text)[0].evidence["full_text"]
    assert marker["text"] == "فيما يلي نص"
    assert text[marker["start"] : marker["end"]] == marker["text"]
    # Without the announcement the same pair must clear the ordinary coverage.
    assert run(f"{DECISION}\n{DECISION_IN_FULL}", min_content_coverage=0.95) == []
    assert len(run(text, min_content_coverage=0.95)) == 1


KING = (
    "بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز برقية تهنئة لفخامة الرئيس عبدالله "
    "يامين رئيس جمهورية المالديف بمناسبة ذكرى استقلال بلاده."
)
CROWN_PRINCE = (
    "كما بعث صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد برقية تهنئة لفخامة "
    "الرئيس عبدالله يامين رئيس جمهورية المالديف بمناسبة ذكرى استقلال بلاده."
)
WISHES = (
    "وأعرب خادم الحرمين الشريفين باسمه واسم شعب وحكومة المملكة عن أصدق التهاني وأطيب التمنيات "
    "بالصحة والسعادة {} ولحكومة وشعب جمهورية {} اطراد التقدم والازدهار."
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{KING}\n{CROWN_PRINCE}", id="same-telegram-from-another-sender"),
        pytest.param(
            WISHES.format("للرئيس عبدالله يامين", "المالديف الشقيق")
            + "\n"
            + WISHES.format("للرئيسة إيلين سيرليف", "ليبيريا الصديقة"),
            id="same-wishes-to-another-president",
        ),
        pytest.param(f"{LEAD}\n{OTHER_NEWS}", id="lead-and-elaboration"),
    ],
)
def test_templates_are_not_repeats_in_other_words(text: str) -> None:
    assert run(text) == []


def test_repeats_in_other_words_follow_their_settings() -> None:
    text = f"{LEAD}\n{OTHER_NEWS}\n{LEAD_AGAIN}"
    assert run(text, min_content_coverage=0.9, lead_allowance=0.0) == []
    # 12 of the lead's 15 content words come back: enough with the lead's allowance of 0.1.
    assert len(run(text, min_content_coverage=0.9)) == 1
    assert run(text, min_content_coverage=0.9, lead_allowance=0.05) == []
    assert run(text, min_shared_content=20) == []
    assert len(run(text)) == 1


def test_a_tag_line_is_a_heading_not_a_repeat_in_other_words() -> None:
    tags = "سمات خطورة الألعاب النارية المنتشرة الأطفال الجمعية السعودية لطب العيون إصابات العيون"
    assert run(f"{LEAD}\n{OTHER_NEWS}\n{tags}") == []
    # The same words as a sentence of the body are a restatement.
    assert [h.evidence["kind"] for h in run(f"{LEAD}\n{OTHER_NEWS}\n{tags}.")] == ["reworded"]


#: 29 words of a security chief's claim, given once in the lead and again in his answer.
CLAIM = (
    "الحالة الأمنية في مناطق الوادي والصحراء التي تضم نحو ألف كيلومتر من الحزام الحدودي تعد "
    "الأفضل مقارنة بالمناطق المضطربة والملتهبة جراء الحرب التي يعيشها الناس في البلاد منذ شهور"
)


def test_a_long_stretch_written_twice_is_contained_whatever_surrounds_it() -> None:
    lead = (
        "أكد مدير عام الأمن في حوار أجرته معه الصحيفة قبل أيام من العيد أن "
        f"{CLAIM} وهنأ القيادة والشعبين الشقيقين بمناسبة عيد الفطر المبارك فإلى تفاصيل الحوار."
    )
    answer = (
        "- يرى المسؤولون في المحافظة وفي قيادة المنطقة العسكرية الأولى أن "
        f"{CLAIM} بفضل وعي المواطن وتعاونه مع الأجهزة الأمنية والعسكرية المرابطة في مواقعها "
        "للحفاظ على حياة الناس وأملاكهم."
    )
    text = f"{lead}\n{answer}"
    hits = run(text)
    # The stretch, with the word before it that both write too (أن).
    stretch = f"أن {CLAIM}"
    first, again = text.index(stretch), text.rindex(stretch)
    assert [(h.evidence["kind"], h.start, h.end) for h in hits] == [
        ("contained", again, again + len(stretch))
    ]
    assert hits[0].related == ((first, first + len(stretch)),)
    # 30 words in a row (أن and the claim), less than twice min_shared_words: not enough.
    assert run(text, min_shared_words=16) == []


def test_a_long_stretch_claims_only_itself() -> None:
    again = "وأشار إلى أن الأجهزة الأمنية ضبطت خلال الأسبوع الماضي عددا من المهربين على الحدود الجنوبية."
    lead = (
        "أكد مدير عام الأمن في حوار أجرته معه الصحيفة قبل أيام من العيد أن "
        f"{CLAIM} وهنأ القيادة والشعبين الشقيقين بمناسبة عيد الفطر المبارك. {again}"
    )
    answer = (
        "- يرى المسؤولون في المحافظة وفي قيادة المنطقة العسكرية الأولى أن "
        f"{CLAIM} بفضل وعي المواطن وتعاونه مع الأجهزة الأمنية والعسكرية. {again}"
    )
    text = f"{lead}\n{answer}"
    hits = run(text)
    first, later = text.index(again), text.rindex(again)
    assert (hits[0].evidence["kind"], hits[0].evidence["stretch"]) == ("contained", 30)
    # The sentence written again after the stretch is reported as well, on its own ranges.
    assert any(
        h.start <= later < h.end and h.related[0][0] <= first < h.related[0][1] for h in hits[1:]
    )
    assert all(h.evidence.get("stretch") is None for h in hits[1:])
