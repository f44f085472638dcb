"""Numbers in digits of either script and in Arabic words; vague quantity words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.arabic.normalize import normalize
from workbench.arabic.number_words import (
    VAGUE_QUANTITIES,
    digits_value,
    read_quantity,
)


def words(text: str) -> list[str]:
    return normalize(text).text.split()


@pytest.mark.parametrize(
    ("text", "value", "used"),
    [
        ("1168 بينهم", 1168, 1),
        ("1,168 شخصا", 1168, 1),
        ("١٬١٦٨ شخصا", 1168, 1),
        ("٢٤ من يناير", 24, 1),
        ("12.5 مليون", 12_500_000, 2),
        ("3 آلاف", 3000, 2),
        ("17 ألفا و750 استشارة", 17750, 3),
        ("و86 مواطنة", 86, 1),
        ("واحد", 1, 1),
        ("ثلاثة أطفال", 3, 1),
        ("أحد عشر لاعبا", 11, 2),
        ("اثنا عشر شهرا", 12, 2),
        ("خمسة وعشرون رجلا", 25, 2),
        ("عشرون", 20, 1),
        ("مئة", 100, 1),
        ("مائة وخمسون", 150, 2),
        ("مئتين", 200, 1),
        ("ثلاثمائة", 300, 1),
        ("ثلاث مئة وخمسون", 350, 3),
        ("ألف", 1000, 1),
        ("ألفين وخمسمائة", 2500, 2),
        ("ثلاثة آلاف وخمسمائة", 3500, 3),
        ("عشرون ألفا", 20000, 2),
        ("مليون", 1_000_000, 1),
        ("ألفان و482 زائرا", 2482, 2),
        ("خَمْسَةٌ", 5, 1),
    ],
)
def test_exact_quantities(text: str, value: float, used: int) -> None:
    q = read_quantity(words(text), 0)
    assert q is not None
    assert (q.value, q.stop - q.first) == (value, used)
    assert not q.vague


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("آلاف القتلى", 2000, None),
        ("الآلاف من", 2000, None),
        ("عشرات العناصر", 20, 99),
        ("المئات من المعتقلين", 200, 999),
        ("مئات الضحايا", 200, 999),
        ("عشرات الآلاف", 20000, 99999),
        ("مئات الآلاف", 200_000, 999_999),
        ("ملايين البشر", 2_000_000, None),
        ("بضعة أيام", 3, 9),
        ("وعشرات", 20, 99),
    ],
)
def test_vague_quantities(text: str, low: float, high: float | None) -> None:
    q = read_quantity(words(text), 0)
    assert q is not None and q.vague
    assert (q.low, q.high) == (low, high)


@pytest.mark.parametrize("text", ["أحد الأسباب", "إحدى المدن", "القتلى", "في", "الـ48"])
def test_not_quantities(text: str) -> None:
    assert read_quantity(words(text), 0) is None


def test_every_vague_word_is_in_the_matching_view() -> None:
    for word in VAGUE_QUANTITIES:
        assert normalize(word).text == word


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_round_trip_in_both_scripts(n: int) -> None:
    western = str(n)
    eastern = western.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    grouped = f"{n:,}"
    for form in (western, grouped):
        assert digits_value(form) == n
    assert digits_value(normalize(eastern).text) == n
