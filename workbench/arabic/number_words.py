"""Numbers in words and digits, and vague quantity words, read from matching-view tokens.

The tables are written in ordinary Arabic spelling and looked up in the matching view of
:func:`workbench.arabic.normalize.normalize` (``مائة`` is looked up as ``ماية``), so callers
pass tokens of the normalised text. :func:`read_quantity` reads one quantity starting at a
token: ``1,168``, ``٢٤``, ``3 آلاف``, ``خمسة وعشرون``, ``ثلاثمائة``, ``عشرات الآلاف``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.arabic.normalize import normalize


def _fold(word: str) -> str:
    return normalize(word).text


def _table(entries: dict[str, int]) -> dict[str, int]:
    return {_fold(k): v for k, v in entries.items()}


#: One to ten, both genders and the cases that change the spelling.
UNITS = _table(
    {
        "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1,
        "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
        "اثنتا": 2, "اثنتي": 2,
        "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5,
        "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
        "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
    }
)  # fmt: skip

#: أحد and إحدى also mean "one of" (أحد الأسباب); they count only inside أحد عشر.
_ONE_OF = frozenset(_fold(w) for w in ("أحد", "إحدى"))

#: The second word of eleven to nineteen (أحد عشر، ثلاث عشرة).
TEEN_TENS = frozenset(_fold(w) for w in ("عشر", "عشرة"))

TENS = _table(
    {
        "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
        "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
        "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    }
)  # fmt: skip

HUNDREDS = _table(
    {
        "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
        "ثلاثمئة": 300, "ثلاثمائة": 300, "أربعمئة": 400, "أربعمائة": 400,
        "خمسمئة": 500, "خمسمائة": 500, "ستمئة": 600, "ستمائة": 600,
        "سبعمئة": 700, "سبعمائة": 700, "ثمانمئة": 800, "ثمانمائة": 800,
        "ثمانيمئة": 800, "ثمانيمائة": 800, "تسعمئة": 900, "تسعمائة": 900,
    }
)  # fmt: skip

#: Words that multiply what comes before them (or stand alone as one of them).
MULTIPLIERS = _table(
    {
        "ألف": 1000, "ألفا": 1000, "آلاف": 1000, "ألوف": 1000,
        "مليون": 1_000_000, "مليونا": 1_000_000, "ملايين": 1_000_000,
        "مليار": 1_000_000_000, "مليارا": 1_000_000_000, "مليارات": 1_000_000_000,
    }
)  # fmt: skip

#: Words that are a number of their own: ألفان is 2,000.
DUALS = _table({"ألفان": 2000, "ألفين": 2000, "مليونان": 2_000_000, "مليونين": 2_000_000})


@dataclass(frozen=True)
class Vague:
    """A vague quantity word and the range of counts it can honestly describe.

    ``low`` is the smallest count the word can stand for without contradiction (two of its
    unit: "thousands" is at least 2,000); ``high`` the largest before the next word up would
    be used (None: no upper limit in practice).
    """

    unit: int
    low: int
    high: int | None


#: Vague quantity words, with and without the article.
VAGUE_QUANTITIES: dict[str, Vague] = {
    _fold(k): v
    for k, v in {
        "بضع": Vague(1, 3, 9),
        "بضعة": Vague(1, 3, 9),
        "عشرات": Vague(10, 20, 99),
        "العشرات": Vague(10, 20, 99),
        "مئات": Vague(100, 200, 999),
        "المئات": Vague(100, 200, 999),
        "آلاف": Vague(1000, 2000, None),
        "الآلاف": Vague(1000, 2000, None),
        "ألوف": Vague(1000, 2000, None),
        "الألوف": Vague(1000, 2000, None),
        "ملايين": Vague(1_000_000, 2_000_000, None),
        "الملايين": Vague(1_000_000, 2_000_000, None),
    }.items()
}

# A conjunction or preposition may be attached (و86، ب150); الـ48 is an ordinal, not a count.
_DIGITS_RE = re.compile(r"^(?:و|ب|ل|ف|وب|ول)?(\d{1,3}(?:[,٬]\d{3})+|\d+(?:[.٫]\d+)?)$")


@dataclass(frozen=True)
class Quantity:
    """A quantity read from tokens ``[first, stop)``.

    ``value`` is exact for figures; for a vague quantity it is None and ``low``/``high``
    bound it.
    """

    first: int
    stop: int
    value: float | None
    low: float
    high: float | None

    @property
    def vague(self) -> bool:
        return self.value is None


def digits_value(word: str) -> float | None:
    """The value of a figure token (``1,168``, ``12.5``, ``و86``), or None."""
    m = _DIGITS_RE.match(word)
    if not m:
        return None
    raw = m.group(1).replace(",", "").replace("٬", "").replace("٫", ".")
    return float(raw) if "." in raw else int(raw)


def _without_waw(word: str) -> str | None:
    return word[1:] if word.startswith("و") and len(word) > 2 else None


def _word_value(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number written in words from ``words[i]``: (value, tokens used)."""
    total = 0
    current = 0
    j = i
    first = True
    while j < len(words):
        w = words[j]
        if not first:
            if w in MULTIPLIERS and current:
                current *= MULTIPLIERS[w]
                total += current
                current = 0
                j += 1
                continue
            if w in HUNDREDS and HUNDREDS[w] == 100 and 3 <= current <= 9:
                current *= 100
                j += 1
                continue
            w2 = _without_waw(w)
            if w2 is None:
                break
            tail = digits_value(w2)
            if tail is not None and total and not current and tail < total:
                current = int(tail)
                j += 1
                break
            w = w2
        if w in UNITS:
            unit = UNITS[w]
            if j + 1 < len(words) and words[j + 1] in TEEN_TENS and unit < 10:
                current += unit + 10
                j += 2
            elif w in _ONE_OF:
                break
            else:
                current += unit
                j += 1
        elif w in TENS:
            current += TENS[w]
            j += 1
        elif w in HUNDREDS:
            current += HUNDREDS[w]
            j += 1
        elif w in DUALS:
            total += DUALS[w]
            j += 1
        elif w in MULTIPLIERS and first and w not in VAGUE_QUANTITIES:
            # A bare ألف or مليون is one of them.
            total += MULTIPLIERS[w]
            j += 1
        else:
            break
        first = False
    if j == i:
        return None
    return total + current, j - i


def read_quantity(words: Sequence[str], i: int) -> Quantity | None:
    """The quantity that starts at ``words[i]`` (normalised tokens), or None."""
    w = words[i]
    if not w[-1].isdigit() and w not in STARTERS:
        return None
    number = digits_value(w)
    if number is not None:
        j = i + 1
        if j < len(words) and words[j] in MULTIPLIERS:
            mult = MULTIPLIERS[words[j]]
            number *= mult
            j += 1
            rest = _without_waw(words[j]) if j < len(words) else None
            extra = digits_value(rest) if rest else None
            if extra is not None and extra < mult:
                number += extra
                j += 1
        return Quantity(i, j, number, number, number)
    bare = _without_waw(w) if w not in VAGUE_QUANTITIES else None
    vague = VAGUE_QUANTITIES.get(w) or (VAGUE_QUANTITIES.get(bare) if bare else None)
    if vague is not None:
        low, high, j = float(vague.low), vague.high, i + 1
        # عشرات الآلاف: tens of thousands.
        if j < len(words) and words[j] in VAGUE_QUANTITIES and vague.unit < 1000:
            outer = VAGUE_QUANTITIES[words[j]]
            if outer.unit >= 1000:
                low *= outer.unit
                high = (high + 1) * outer.unit - 1 if high is not None else None
                j += 1
        return Quantity(i, j, None, low, high)
    parsed = _word_value(words, i)
    if parsed is None:
        return None
    value, used = parsed
    return Quantity(i, i + used, value, value, value)


#: Words before a figure that make it approximate (±10%), a floor, or a ceiling.
APPROXIMATORS = frozenset(_fold(w) for w in ("نحو", "حوالي", "حوالى", "قرابة", "زهاء", "يقارب"))
FLOORS = frozenset(_fold(w) for w in ("أكثر", "اكثر", "يزيد", "يفوق", "يتجاوز", "تجاوز"))
CEILINGS = frozenset(_fold(w) for w in ("أقل", "اقل", "دون"))

#: Counted nouns that name the same thing, folded to one lemma (singular, plural,
#: accusative): 650 شخصًا and أشخاص count the same thing.
COUNTED_NOUNS: dict[str, str] = {
    _fold(k): _fold(v)
    for v, forms in {
        "قتلى": ("قتيل", "قتيلا", "قتلى"),
        "ضحايا": ("ضحية", "ضحايا"),
        "جرحى": ("جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين", "مصابون"),
        "مدنيين": ("مدني", "مدنيا", "مدنيين", "مدنيون"),
        "أشخاص": ("شخص", "شخصا", "أشخاص"),
        "أطفال": ("طفل", "طفلا", "أطفال"),
        "نساء": ("امرأة", "نساء", "سيدة", "سيدات"),
        "عناصر": ("عنصر", "عنصرا", "عناصر"),
        "مسلحين": ("مسلح", "مسلحا", "مسلحين", "مسلحون"),
        "جنود": ("جندي", "جنديا", "جنود"),
        "معتقلين": ("معتقل", "معتقلا", "معتقلين"),
        "عائلات": ("عائلة", "عائلات", "أسرة", "أسر"),
        "لاجئين": ("لاجئ", "لاجئا", "لاجئين", "لاجئون"),
        "نازحين": ("نازح", "نازحا", "نازحين", "نازحون"),
        "أسرى": ("أسير", "أسيرا", "أسرى"),
        "مهاجرين": ("مهاجر", "مهاجرا", "مهاجرين", "مهاجرون"),
        "مقاتلين": ("مقاتل", "مقاتلا", "مقاتلين", "مقاتلون"),
        "موقوفين": ("موقوف", "موقوفا", "موقوفين", "موقوفون"),
        "مفقودين": ("مفقود", "مفقودا", "مفقودين", "مفقودون"),
        "وفيات": ("وفاة", "وفيات"),
        "إصابات": ("إصابة", "إصابات"),
    }.items()
    for k in forms
}

#: Words that introduce the parts of a whole: 388 بينهم 141 طفلًا و86 مواطنة.
#: (منهم also follows a part: "5 منها تحمل …"; the parts after it must be figures, each with
#: its noun, so that reading does not make parts.)
PART_MARKERS = frozenset(_fold(w) for w in ("بينهم", "بينهن", "ضمنهم", "ضمنهن", "منهم", "منهن"))

#: Words that introduce a count: عدد القتلى، حصيلة الضحايا.
COUNT_WORDS = frozenset(_fold(w) for w in ("عدد", "أعداد", "حصيلة", "وعدد", "وأعداد", "وحصيلة"))


#: Every word a quantity can start with, for a quick first test.
STARTERS = frozenset(
    [*UNITS, *TENS, *HUNDREDS, *MULTIPLIERS, *DUALS, *VAGUE_QUANTITIES]
    + ["و" + w for w in [*UNITS, *TENS, *HUNDREDS, *DUALS, *VAGUE_QUANTITIES]]
)

#: "Per hundred" after a figure makes it a percentage (matching view: المائة is الماية).
PER_HUNDRED = frozenset(_fold(w) for w in ("بالمئة", "بالمائة", "المئة", "المائة", "بالمية"))

#: Words before a figure that make it a year: عام 2015, منذ 2011.
YEAR_WORDS = frozenset(_fold(w) for w in ("عام", "العام", "سنة", "لعام", "منذ"))

#: Words between a counted noun and its figure that say nothing about what is counted
#: (ارتفع عدد الضحايا إلى نحو 500).
COUNT_CONNECTIVES = frozenset(
    _fold(w)
    for w in """
    إلى الى لى ل نحو حوالي حوالى قرابة زهاء يقارب ما بلغ بلغت وصل وصلت ليصل ليبلغ
    ليرتفع ارتفع من في على ب أكثر أقل
    """.split()  # noqa: SIM905
)
