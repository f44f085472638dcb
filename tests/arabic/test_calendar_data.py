"""Calendar tables: every name is written in the matching view and every month and weekday
is covered."""

from __future__ import annotations

from workbench.arabic.calendar_data import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    LEVANTINE_MONTHS,
    MAGHREBI_MONTHS,
    MONTH_ENGLISH,
    MONTHS,
    NIGHT_WORDS,
    RELATIVE_YEAR_WORDS,
    WEEKDAY_ENGLISH,
    WEEKDAYS,
)
from workbench.arabic.normalize import normalize


def test_names_are_in_the_matching_view() -> None:
    for name in [*WEEKDAYS, *MONTHS, *RELATIVE_YEAR_WORDS, *NIGHT_WORDS, *HIJRI_MONTHS]:
        assert normalize(name).text == name, name


def test_every_month_and_weekday_is_named() -> None:
    assert set(WEEKDAYS.values()) == set(range(7))
    assert set(GREGORIAN_MONTHS.values()) == set(range(1, 13))
    assert set(LEVANTINE_MONTHS.values()) == set(range(1, 13))
    assert set(MAGHREBI_MONTHS.values()) <= set(range(1, 13))
    assert len(WEEKDAY_ENGLISH) == 7 and len(MONTH_ENGLISH) == 13


def test_paired_forms_agree() -> None:
    pairs = [("يناير", "كانون الثاني"), ("أغسطس", "آب"), ("سبتمبر", "أيلول"), ("أبريل", "نيسان")]
    for gregorian, levantine in pairs:
        assert MONTHS[normalize(gregorian).text] == MONTHS[normalize(levantine).text]
    assert WEEKDAYS[normalize("الأربعاء").text] == 2
    assert WEEKDAYS[normalize("الإثنين").text] == 0


def test_relative_words_place_the_year() -> None:
    assert set(RELATIVE_YEAR_WORDS.values()) == {"past", "next", "current"}
    assert RELATIVE_YEAR_WORDS["الماضي"] == "past"
    assert RELATIVE_YEAR_WORDS["المقبل"] == RELATIVE_YEAR_WORDS["القادم"] == "next"
    assert RELATIVE_YEAR_WORDS["الجاري"] == "current"
