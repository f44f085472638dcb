"""Words of official titles and name chains (data only), in the matching view.

A passage made mostly of these — ``صاحب السمو الملكي الأمير محمد بن نايف ولي العهد نائب
رئيس مجلس الوزراء وزير الداخلية`` — is a name with its titles, repeated by protocol, not a
repeated passage.
"""

from __future__ import annotations

TITLE_WORDS = frozenset(
    {
        # Name chains.
        "بن",
        "ابن",
        "بنت",
        "ال",
        "ابو",
        "ام",
        # Honorifics.
        "صاحب",
        "صاحبة",
        "السمو",
        "الملكي",
        "الملكية",
        "الامير",
        "الاميرة",
        "امير",
        "اميرة",
        "الملك",
        "خادم",
        "الحرمين",
        "الشريفين",
        "سمو",
        "سموه",
        "معالي",
        "فخامة",
        "دولة",
        "الشيخ",
        "الدكتور",
        "المهندس",
        "الاستاذ",
        "اللواء",
        "الفريق",
        "العميد",
        "المستشار",
        "السيد",
        "حفظه",
        "الله",
        "يحفظه",
        "رعاه",
        "-",
        # Offices.
        "ولي",
        "العهد",
        "نائب",
        "النائب",
        "الاول",
        "الثاني",
        "الثالث",
        "رئيس",
        "لرئيس",
        "رئيسة",
        "مجلس",
        "الوزراء",
        "وزير",
        "وزيرة",
        "الدفاع",
        "الداخلية",
        "الخارجية",
        "المالية",
        "الحرس",
        "الوطني",
        "مستشار",
        "منطقة",
        "محافظ",
        "امين",
        "العام",
        "الامين",
        "المفدى",
        "وزارة",
        "الدولة",
        "عضو",
        "المملكة",
        "العربية",
        "السعودية",
    }
)

#: A passage whose words are at least this share of title words is a name with its titles.
TITLE_SHARE = 0.6

#: Openings of protocol formulas that repeat in every decree or statement of an article
#: (``وبعد الاطلاع على نظام مجلس الوزراء …``): not a repeated passage.
FORMULA_OPENINGS = ("وبعد الاطلاع على", "بعد الاطلاع على")
