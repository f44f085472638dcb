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
