"""weekday_date_mismatch: the sample's dates pinned, and a table of small cases (Arabic-Indic
digits, no space after the weekday, paired and Levantine months, explicit and relative
years, Hijri dates with الموافق, numeric dates, the night before, diacritics, negatives)."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.checks.base import ArticleInput, Hit, stamp
from workbench.checks.registry import REGISTRY
from workbench.samples import SAMPLE_PUBLISHED, sample_article_path

NAME = "weekday_date_mismatch"


def run(text: str, published: date | None = None) -> list[Hit]:
    spec = REGISTRY.get(NAME)
    article = ArticleInput(text, published)
    hits = list(spec.func(article, spec.defaults))
    for hit in hits:  # offsets and severities are valid for the runner
        stamp(hit, check=NAME, version=spec.version, text=text)
    return hits


def test_sample_article_night_before_is_info_and_the_other_dates_pass() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    evidence = "ليل الأربعاء 24 من يناير/كانون الثاني"
    start = text.index(evidence)
    hits = run(text, SAMPLE_PUBLISHED)
    assert [(h.start, h.end, h.severity) for h in hits] == [(start, start + len(evidence), "info")]
    assert text.count("\n", 0, start) + 1 == 15
    ev = hits[0].evidence
    assert ev["kind"] == "night_before"
    assert (ev["date"], ev["named_weekday"], ev["actual_weekday"]) == (
        "2019-01-24",
        "Wednesday",
        "Thursday",
    )
    assert ev["year_source"] == "publication"
    assert ev["fitting_years"][0] in (2018, 2024)
    assert "Thursday" in hits[0].message


JULY_2015 = date(2015, 7, 21)


@pytest.mark.parametrize(
    ("text", "published", "evidence", "severity", "kind"),
    [
        # 31 July 2015 was a Friday.
        ("وصل الوفد يوم الخميس 31 يوليو إلى الرياض", JULY_2015, "الخميس 31 يوليو", "warning",
         "weekday_mismatch"),
        ("وصل الوفد يوم الجمعة 31 يوليو إلى الرياض", JULY_2015, None, None, None),
        # Arabic-Indic digits, and no space between weekday and number.
        ("الأربعاء ٣٠ يوليو ٢٠١٥", None, "الأربعاء ٣٠ يوليو ٢٠١٥", "warning", "weekday_mismatch"),
        ("الخميس٣٠ يوليو ٢٠١٥", None, None, None, None),
        ("الأربعاء30 من يوليو 2015", None, "الأربعاء30 من يوليو 2015", "warning",
         "weekday_mismatch"),
        # Diacritics and tatweel inside the evidence.
        ("وقال الخَمِيـس 31 يولـيو إنه", JULY_2015, "الخَمِيـس 31 يولـيو", "warning",
         "weekday_mismatch"),
        # Paired month forms; الجاري is the publication year (17 August 2014 was a Sunday).
        ("الأحد 17 من آب (أغسطس) الجاري", date(2014, 8, 10), None, None, None),
        ("الاثنين 17 من أغسطس (آب) الجاري", date(2014, 8, 10), "الاثنين 17 من أغسطس (آب) الجاري",
         "warning", "weekday_mismatch"),
        ("الثلاثاء 22 من يناير/كانون الثاني", date(2019, 1, 25), None, None, None),
        # An explicit year wins over the publication date: 11 April 1949 was a Monday.
        ("الاثنين 11 أبريل (نيسان) 1949", JULY_2015, None, None, None),
        ("الثلاثاء 11 أبريل (نيسان) 1949", JULY_2015, "الثلاثاء 11 أبريل (نيسان) 1949",
         "warning", "weekday_mismatch"),
        # الماضي: the latest such month before publication (10 September 2018, a Monday).
        ("الاثنين 10 من سبتمبر/أيلول الماضي", date(2019, 1, 25), None, None, None),
        ("الأربعاء 10 من سبتمبر/أيلول الماضي", date(2019, 1, 25),
         "الأربعاء 10 من سبتمبر/أيلول الماضي", "warning", "weekday_mismatch"),
        # المقبل: the first such month after publication (2 February 2019, a Saturday).
        ("السبت 2 فبراير المقبل", date(2019, 1, 25), None, None, None),
        # A date late in December read from January: the nearest year (28 Dec 2018, a Friday).
        ("الجمعة 28 ديسمبر", date(2019, 1, 3), None, None, None),
        # The night before: one day off is info, two days off a warning.
        ("ليلة الخميس 23 يوليو 2015", None, None, None, None),
        ("ليلة الخميس 22 يوليو 2015", None, "ليلة الخميس 22 يوليو 2015", "info", "night_before"),
        ("ليلة الخميس 21 يوليو 2015", None, "ليلة الخميس 21 يوليو 2015", "warning",
         "weekday_mismatch"),
        # A Hijri date first, the Gregorian one after الموافق (3 June 2015 was a Wednesday).
        ("اعتمدت الجمعة 16 رمضان 1436هـ الموافق 3 يونيو 2015م القائمة", None,
         "الجمعة 16 رمضان 1436هـ الموافق 3 يونيو 2015", "warning", "weekday_mismatch"),
        # Dates in brackets, الـ before the day, a Hijri date in brackets first.
        ("السبت (18 يوليو 2015)", None, None, None, None),
        ("الخميس (18 يوليو 2015)", None, "الخميس (18 يوليو 2015", "warning", "weekday_mismatch"),
        ("الثلاثاء الـ28 من شهر يوليو 2015", None, None, None, None),
        ("الأربعاء الـ28 من شهر يوليو 2015", None, "الأربعاء الـ28 من شهر يوليو 2015", "warning",
         "weekday_mismatch"),
        ("الأحد (10 شوال 1436هـ) الموافق (26 يوليو 2015م)", None, None, None, None),
        ("الاثنين (10 شوال 1436هـ) الموافق (26 يوليو 2015م)", None,
         "الاثنين (10 شوال 1436هـ) الموافق (26 يوليو 2015", "warning", "weekday_mismatch"),
        ("الاثنين 10 جمادى الآخر (30 مارس 2015)", None, None, None, None),
        ("الأحد الموافق 8 ذو القعدة المقبل، الموافق 23 أغسطس 2015", None, None, None, None),
        # Numeric Gregorian dates with a four-digit year; Hijri numeric dates are left alone.
        ("الأحد الموافق 26/7/2015", None, None, None, None),
        ("السبت الموافق 26/7/2015", None, "السبت الموافق 26/7/2015", "warning",
         "weekday_mismatch"),
        ("الاثنين 4/10/1436ه", None, None, None, None),
        # No year anywhere: nothing to check. Years elsewhere in the text are used.
        ("الخميس 31 يوليو", None, None, None, None),
        ("في عام 2015 قال يوم الجمعة 31 يوليو", None, None, None, None),
        ("في عام 2015 قال يوم الخميس 31 يوليو", None, "الخميس 31 يوليو", "warning",
         "weekday_mismatch"),
        # No such day, and a paired month that disagrees.
        ("الخميس 31 يونيو 2015", None, "الخميس 31 يونيو 2015", "warning", "no_such_date"),
        ("الخميس 30 يوليو/آب 2015", None, "الخميس 30 يوليو/آب 2015", "warning",
         "month_pair_mismatch"),
        # Not dates: a weekday without a day and month, a weekday and a count.
        ("قال الخميس الماضي إن 5 آلاف شخص", JULY_2015, None, None, None),
        ("أعلن الأحد مقتل 20 شخصا", JULY_2015, None, None, None),
        # A year followed by هو is a Gregorian year, not a Hijri one.
        ("يوم الثلاثاء 28 مارس (آذار) 1978 هو الأهم", JULY_2015, None, None, None),
    ],
)  # fmt: skip
def test_small_cases(
    text: str, published: date | None, evidence: str | None, severity: str | None,
    kind: str | None,
) -> None:  # fmt: skip
    hits = run(text, published)
    if evidence is None:
        assert hits == []
        return
    start = text.index(evidence)
    assert [(h.start, h.end, h.severity) for h in hits] == [
        (start, start + len(evidence), severity)
    ]
    assert hits[0].evidence["kind"] == kind


def test_evidence_names_the_real_weekday_and_fitting_years() -> None:
    (hit,) = run("الخميس 31 يوليو", JULY_2015)
    assert hit.evidence["actual_weekday"] == "Friday"
    assert hit.evidence["date"] == "2015-07-31"
    assert hit.evidence["fitting_years"] == [2014, 2008, 2025, 2003]
    for year in hit.evidence["fitting_years"]:
        assert date(year, 7, 31).weekday() == 3


def test_explicit_year_is_reported_as_such() -> None:
    (hit,) = run("الثلاثاء 11 أبريل (نيسان) 1949", JULY_2015)
    assert hit.evidence["year_source"] == "explicit"
    assert hit.evidence["date"] == "1949-04-11"
