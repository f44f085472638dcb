"""weekday_date_mismatch: a weekday named with a day and month that the calendar puts on
another weekday ("الأربعاء 24 من يناير" when 24 January is a Thursday)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.arabic.calendar_data import (
    HIJRI_MONTHS,
    MONTH_ENGLISH,
    MONTHS,
    NIGHT_WORDS,
    RELATIVE_YEAR_WORDS,
    WEEKDAY_ENGLISH,
    WEEKDAYS,
)
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import register_check

NAME = "weekday_date_mismatch"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_MONTH = rf"(?:{_alternation(MONTHS)}){_NOT_LETTER_AFTER}"
_SEP = r"\s*[,،]?\s*"

DATE_RE = re.compile(
    _NOT_LETTER_BEFORE
    + rf"(?:(?P<night>{_alternation(NIGHT_WORDS)})\s+(?:يوم\s+)?)?"
    + rf"[وف]?(?P<weekday>{_alternation(WEEKDAYS)}){_NOT_LETTER_AFTER}"
    + rf"{_SEP}(?:(?:الماضي|المقبل|القادم|المنصرم|الفايت){_SEP})?"
    + r"(?:ب?تاريخ\s*)?(?:(?:ال)?موافق\s*)?\(?\s*"
    # A Hijri date first, then the Gregorian one, after الموافق or in brackets.
    + rf"(?:\d{{1,2}}\s*(?:من\s+)?(?:{_alternation(HIJRI_MONTHS)}){_NOT_LETTER_AFTER}"
    + rf"(?:\s*\d{{4}}\s*(?:ه|هجري[ةه]?)?)?\s*\)?{_SEP}"
    + rf"(?:(?:{_alternation(RELATIVE_YEAR_WORDS)}){_SEP})?(?:و\s*)?)?"
    + r"(?:(?:ال)?موافق\s*(?:ل\s*)?)?\(?\s*"
    + r"(?:"
    # Day and month name: 24 من يناير/كانون الثاني 2019 (also الـ28 من شهر يوليو).
    + r"(?:ال)?(?P<day>\d{1,2})(?!\d)\s*(?:من\s+)?(?:شهر\s+)?"
    + rf"(?P<month>{_MONTH})"
    + rf"(?:\s*[/\\(-]\s*(?P<month2>{_MONTH})(?:\s*\))?)?"
    + rf"(?:{_SEP}(?P<rel>{_alternation(RELATIVE_YEAR_WORDS)}){_NOT_LETTER_AFTER})?"
    + rf"(?:{_SEP}(?:من\s+)?(?:(?:ال)?عام|سنة)?\s*(?P<year>(?:19|20)\d\d)(?!\d)"
    + r"(?!\s*ه(?:جري[ةه]?)?(?![^\W\d_])))?"
    # Numeric Gregorian dates with a four-digit year: 26/7/2015 (Hijri years are 14xx).
    + r"|(?P<nday>\d{1,2})\s*[/.-]\s*(?P<nmonth>\d{1,2})\s*[/.-]\s*(?P<nyear>(?:19|20)\d\d)(?!\d)"
    + r")"
)
#: The weekday names that hold no other one (الثلاثا, not الثلاثاء): a text names a weekday
#: exactly when it holds one of these.
_WEEKDAY_CORES = tuple(w for w in WEEKDAYS if not any(o != w and o in w for o in WEEKDAYS))
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class _Resolved:
    year: int
    source: str  # explicit | relative | publication | text


def _month_number(name: str) -> int:
    return MONTHS[re.sub(r"\s+", " ", name)]


def _resolve_year(
    month: int, day: int, rel: str | None, explicit: str | None, published: date | None
) -> _Resolved | None:
    if explicit:
        return _Resolved(int(explicit), "explicit")
    if published is None:
        return None
    y = published.year
    if rel:
        how = RELATIVE_YEAR_WORDS[rel]
        if how == "past":
            return _Resolved(y if month < published.month else y - 1, "relative")
        if how == "next":
            return _Resolved(y if month > published.month else y + 1, "relative")
        return _Resolved(y, "relative")
    best = min(
        (cand for cand in (y - 1, y, y + 1) if day <= calendar.monthrange(cand, month)[1]),
        key=lambda cand: abs((date(cand, month, day) - published).days),
    )
    return _Resolved(best, "publication")


def _fitting_years(month: int, day: int, weekday: int, year: int, window: int) -> list[int]:
    fits = [
        y
        for y in range(year - window, year + window + 1)
        if day <= calendar.monthrange(y, month)[1] and date(y, month, day).weekday() == weekday
    ]
    return sorted(fits, key=lambda y: (abs(y - year), y))[:4]


def _hits(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
    view = article.normalized
    if not any(core in view.text for core in _WEEKDAY_CORES):
        return  # every date this check reads names a weekday (most articles name none)
    window = int(config.get("year_window", 12))
    text_years: list[int] | None = None
    for m in DATE_RE.finditer(view.text):
        named = WEEKDAYS[m["weekday"]]
        if m["nday"]:
            day, month = int(m["nday"]), int(m["nmonth"])
            if not 1 <= month <= 12:
                continue
        else:
            day, month = int(m["day"]), _month_number(m["month"])
        start = m.start("night") if m["night"] else m.start("weekday")
        end = m.end()
        while view.text[end - 1].isspace():
            end -= 1
        s, e = view.to_stored(start, end)
        quoted = article.text[s:e]
        if m["month2"] and _month_number(m["month2"]) != month:
            yield Hit(
                s,
                e,
                "warning",
                f"“{quoted}” pairs two different months "
                f"({MONTH_ENGLISH[month]} and {MONTH_ENGLISH[_month_number(m['month2'])]}).",
                evidence={"kind": "month_pair_mismatch"},
            )
            continue
        if day == 0:
            continue
        resolved = _resolve_year(month, day, m["rel"], m["year"] or m["nyear"], article.published)
        years: list[int]
        if resolved is None:
            if text_years is None:
                text_years = sorted({int(y) for y in YEAR_RE.findall(view.text)})
            years = text_years
            source = "text"
        else:
            years = [resolved.year]
            source = resolved.source
        valid = [y for y in years if day <= calendar.monthrange(y, month)[1]]
        if not years:
            continue
        if not valid:
            yield Hit(
                s,
                e,
                "warning",
                f"“{quoted}”: {MONTH_ENGLISH[month]} has no day {day}.",
                evidence={"kind": "no_such_date", "day": day, "month": month},
            )
            continue
        if any(date(y, month, day).weekday() == named for y in valid):
            continue
        year = valid[-1] if source == "text" else valid[0]
        actual = date(year, month, day).weekday()
        off = (actual - named) % 7
        night = bool(m["night"]) and off in (1, 6)
        when = f"{day} {MONTH_ENGLISH[month]} {year}"
        fits = _fitting_years(month, day, named, year, window)
        fits_text = ", ".join(map(str, fits)) if fits else "none nearby"
        if night:
            message = (
                f"“{quoted}”: {when} was a {WEEKDAY_ENGLISH[actual]}, one day from "
                f"{WEEKDAY_ENGLISH[named]}; “{m['night']}” may mean the night before or after."
            )
        else:
            message = (
                f"“{quoted}”: {when} was a {WEEKDAY_ENGLISH[actual]}, not a "
                f"{WEEKDAY_ENGLISH[named]} (years where it is a {WEEKDAY_ENGLISH[named]}: "
                f"{fits_text})."
            )
        yield Hit(
            s,
            e,
            "info" if night else "warning",
            message,
            evidence={
                "kind": "night_before" if night else "weekday_mismatch",
                "date": date(year, month, day).isoformat(),
                "named_weekday": WEEKDAY_ENGLISH[named],
                "actual_weekday": WEEKDAY_ENGLISH[actual],
                "year_source": source,
                "fitting_years": fits,
            },
        )


@register_check(
    NAME,
    "1",
    description="A weekday named with a day and month that fall on another weekday.",
    defaults={"year_window": 12},
)
def weekday_date_mismatch(article: ArticleInput, config: Mapping[str, Any]) -> Iterable[Hit]:
    return list(_hits(article, config))
