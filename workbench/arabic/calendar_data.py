"""Calendar words (data only): weekday names, Gregorian, Maghrebi and Levantine month names,
and the words that place a date relative to the publication date.

Every key is written in the matching view of :func:`workbench.arabic.normalize.normalize`
(hamza carriers and madda folded onto bare alef, no diacritics), so ``الأربعاء`` is listed
as ``الاربعاء`` and ``آب`` as ``اب``.
"""

from __future__ import annotations

#: Weekday names with their Python weekday number (Monday is 0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0,
    "الاتنين": 0,
    "الثلاثاء": 1,
    "الثلاثا": 1,
    "الاربعاء": 2,
    "الاربعا": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}

#: English weekday names for messages, indexed like :data:`WEEKDAYS`.
WEEKDAY_ENGLISH: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

#: Gregorian month names as written in the Middle East and Egypt, with spelling variants.
GREGORIAN_MONTHS: dict[str, int] = {
    "يناير": 1,
    "فبراير": 2,
    "فبرير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "اغستس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}

#: Gregorian month names as written in the Maghreb.
MAGHREBI_MONTHS: dict[str, int] = {
    "جانفي": 1,
    "فيفري": 2,
    "افريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويلية": 7,
    "جويليه": 7,
    "اوت": 8,
}

#: Levantine (Syriac) month names; two-word names are separated by one space.
LEVANTINE_MONTHS: dict[str, int] = {
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
}

#: Every month name the date patterns accept.
MONTHS: dict[str, int] = GREGORIAN_MONTHS | MAGHREBI_MONTHS | LEVANTINE_MONTHS

#: English month names for messages, index 1 is January.
MONTH_ENGLISH: tuple[str, ...] = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Words after a month that place it relative to the publication date:
#: ``past`` the latest such month before it, ``next`` the first after it,
#: ``current`` the publication month or year itself.
RELATIVE_YEAR_WORDS: dict[str, str] = {
    "الماضي": "past",
    "المنصرم": "past",
    "الفايت": "past",
    "المقبل": "next",
    "القادم": "next",
    "الجاري": "current",
    "الحالي": "current",
}

#: Words before a weekday that name the night before it (ليلة الخميس is Wednesday evening).
NIGHT_WORDS: frozenset[str] = frozenset({"ليل", "ليلة", "ليله"})

#: Hijri month names: a weekday followed by a Hijri date is not checked against the
#: Gregorian calendar, but the Gregorian date after ``الموافق`` is.
HIJRI_MONTHS: frozenset[str] = frozenset(
    {
        "محرم",
        "صفر",
        "ربيع الاول",
        "ربيع الثاني",
        "ربيع الاخر",
        "جمادى الاولى",
        "جمادى الاخرة",
        "جمادى الاخر",
        "جمادى الثانية",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذي القعدة",
        "ذو الحجة",
        "ذي الحجة",
    }
)
