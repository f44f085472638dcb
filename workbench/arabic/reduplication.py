"""Legitimate reduplication in Arabic (data only): a word said twice on purpose.

Entries are in the matching view (no diacritics, hamza carriers folded onto alef). The
repeated-word check leaves these pairs alone. Gathered from SaudiNewsNet (July 2015).
"""

from __future__ import annotations

#: Idioms, emphasis and distributive repetition: ``رويدا رويدا``, ``خطوة خطوة``,
#: ``ولي ولي العهد`` (the deputy crown prince), ``صواريخ أرض أرض``, ``ما لقيصر لقيصر``.
DOUBLED_ON_PURPOSE = frozenset(
    {
        "ولي",
        "ولى",
        "ارض",
        "جو",
        "بحر",
        "لقيصر",
        "لله",
        "الف",
        "مليون",
        "مليار",
        "مائة",
        "مئة",
        "عشرة",
        "واحد",
        "واحدة",
        "اثنين",
        "اثنان",
        "جدا",
        "رويدا",
        "شيئا",
        "قليلا",
        "كثيرا",
        "خطوة",
        "مرحلة",
        "طبقة",
        "قطعة",
        "طلقة",
        "نقطة",
        "درجة",
        "كلمة",
        "حرف",
        "سطر",
        "بيت",
        "زنقة",
        "دار",
        "شبر",
        "يوم",
        "ساعة",
        "دقيقة",
        "قطرة",
        "حبة",
        "لبنة",
        "طوبة",
        "كلا",
        "لا",
        "نعم",
        "هيا",
        "ها",
        "اه",
        "اها",
        "اهلا",
        "حذار",
        "تفضل",
        "توقف",
        "قوي",
        "وجدتها",
        "اكذب",
        "القليل",
        "الكثير",
        "شوي",
        "شوية",
        "بس",
        "يا",
        "سيئة",  # وجزاء سيئة سيئة مثلها (Quran 42:40)
        # Onomatopoeia.
        "توت",
        "طاق",
        "تك",
        "دق",
        "طق",
        "بم",
        "واكا",
        "ميو",
        "تشاو",
        "باي",
        "هان",
        "تاب",
        # Family names repeat the given name: "محمد محمد علي", "دريعان دريعان".
        "محمد",
        "احمد",
        "محمود",
        "علي",
        "حسن",
        "حسين",
        "ابراهيم",
        "عبدالله",
        "مصطفى",
        "عمر",
        "خالد",
        "سعيد",
        "صالح",
        "يوسف",
        "عبده",
        "سيد",
        "السيد",
        "دريعان",
        "بابا",
        "ماما",
        "دادا",
        "توتو",
        "كوكو",
        "بوبو",
        "لولو",
    }
)

#: Latin letters spelt out in Arabic script, as in acronyms (``بي بي سي``, ``بي كا كا``).
LETTER_NAMES = frozenset(
    {
        "اي",
        "ايه",
        "بي",
        "سي",
        "دي",
        "اف",
        "جي",
        "اتش",
        "اش",
        "كي",
        "كيه",
        "كا",
        "ال",
        "ام",
        "ان",
        "او",
        "بى",
        "كيو",
        "ار",
        "اس",
        "تي",
        "يو",
        "دبليو",
        "اكس",
        "اكسس",
        "واي",
        "زد",
        "زي",
        "ايس",
        "ايف",
        "ايم",
        "ايل",
        "جيه",
        "تى",
        "دى",
        "سى",
    }
)

#: Relational adjectives doubled for relations inside a group: ``العلاقات العربية العربية``,
#: ``الحوار الفلسطيني الفلسطيني``.
INTRA_GROUP = frozenset(
    stem + ending
    for stem in (
        "العرب",
        "الخليج",
        "الفلسطين",
        "اللبنان",
        "السور",
        "العراق",
        "اليمن",
        "الليب",
        "المصر",
        "السعود",
        "الايران",
        "الاسلام",
        "الافريق",
        "الاوروب",
        "الامريك",
        "الاميرك",
        "الروس",
        "الترك",
        "الكرد",
        "السن",
        "الشيع",
        "المسيح",
        "الخليج",
        "السودان",
        "الاردن",
    )
    for ending in ("ي", "ية")
)

#: Function words that may legitimately stand twice in a row (``مَن مِن``, ``ما ما``): the
#: second copy is usually a different word with other vowels.
HOMOGRAPH_FUNCTION_WORDS = frozenset(
    {
        "من",
        "ما",
        "ان",
        "لا",
        "لم",
        "قد",
        "او",
        "هو",
        "هي",
        "هم",
        "هن",
        "هما",
        "فيه",
        "له",
        "لها",
        "انا",
        "بل",
        "كل",
    }
)

#: Words ending in alef that are not indefinite accusatives (an accusative doubled, like
#: ``بندا بندا`` or ``فصلا فصلا``, is distributive on purpose; these are not).
ALEF_FINAL_FUNCTION_WORDS = frozenset(
    {
        "هذا",
        "اذا",
        "كما",
        "بينما",
        "عندما",
        "مما",
        "ايضا",
        "لذا",
        "ربما",
        "انما",
        "كلما",
        "حيثما",
        "طالما",
        "لما",
        "فيما",
        "عما",
        "ممن",
        "علينا",
        "لدينا",
        "الينا",
        "منها",
        "عنها",
        "فيها",
        "لها",
        "بها",
        "عليها",
        "اليها",
        "هنا",
        "هناك",
        "انها",
        "كانا",
        "معا",
    }
)

#: Clitics whose presence on one copy only still makes a doubled word: ``بلدة البلدة``. The
#: conjunctions and prepositions are left out on purpose: ``الباغور والباغور تحتاني``
#: (coordination), ``من بلدة لبلدة``, ``شيئا فشيئا`` and ``يوما بيوم`` are written that way.
DOUBLING_CLITICS = ("ال",)

#: ``X الX`` is most often a name (``حمد الحمد``, ``مقرن المقرن``) or a construct made on
#: purpose (``تهافت التهافت``); it is reported only for a feminine common noun, as in
#: ``بلدة البلدة``, and never for these names and epithets that end like one.
FEMININE_NAMES = frozenset(
    {
        "سلامة",
        "عودة",
        "طيبة",
        "حمزة",
        "اسامة",
        "عبيدة",
        "فاطمة",
        "عائشة",
        "خديجة",
        "عطية",
        "جمعة",
        "عبادة",
        "قتادة",
        "طلحة",
        "عكرمة",
        "معاوية",
        "عروة",
        "ربيعة",
        "جبلة",
        "بحرة",
        "العطية",
        "شيبة",
        "سمرة",
        "نصرة",
        "الحداثة",
        "زبدة",
        "حداثة",
    }
)

#: A word that opens a list of tags at the end of some articles (``سمات أبها عسير عسير``);
#: the rest of such a line is not prose.
TAG_LIST_MARKERS = frozenset({"سمات"})

#: Words after which a verb is said twice on purpose: ``وإن انعدم انعدم``.
CONDITIONALS = frozenset({"ان", "وان", "فان", "اذا", "واذا", "لو", "ولو", "متى"})
