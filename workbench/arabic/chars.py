"""Arabic character tables (data only)."""

from __future__ import annotations

#: Harakat, tanween, shadda, sukun, dagger alef, Quranic marks and other combining marks
#: that carry no letter identity for matching.
DIACRITICS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + [chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2]
)

TATWEEL = "\u0640"

#: Invisible formatting characters dropped from the matching view.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u00ad"
)

#: Letter folds for matching. Hamza carriers on alef fold to bare alef; alef madda too
#: (not to two hamzas, pyarabic's trap); alef maqsura is kept distinct from alef (على stays
#: على) but folded with yeh-without-dots variants; teh marbuta is kept (it separates words).
LETTER_FOLDS = {
    "\u0622": "\u0627",  # آ -> ا
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u06cc": "\u064a",  # Persian yeh -> ي
    "\u06a9": "\u0643",  # keheh -> ك
    "\u06c1": "\u0647",
    "\ufefb": "\u0644\u0627",  # lam-alef ligatures
    "\ufef7": "\u0644\u0627",
    "\ufef9": "\u0644\u0627",
    "\ufef5": "\u0644\u0627",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
}

#: Arabic-Indic and extended (Persian) digits to ASCII.
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}

ARABIC_COMMA = "\u060c"
ARABIC_SEMICOLON = "\u061b"
ARABIC_QUESTION = "\u061f"
