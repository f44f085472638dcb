"""Hypothesis strategies for hostile text, shared by the property tests.

``hostile_text`` mixes Arabic words and letters with what real feeds carry and what breaks
offset code: tashkeel and tatweel, bidi marks and overrides (U+200E/F, U+202A–E,
U+2066–9, U+061C), zero-width characters, BOMs, digits of three scripts, CR and CRLF, NUL,
decomposed sequences that NFC composes (alef + hamza above), lam-alef ligatures, emoji
sequences and any other code point. ``big_text`` adds lines of about a megabyte, built by
repetition so they cost little to draw.
"""

from __future__ import annotations

from hypothesis import strategies as st

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
TASHKEEL = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"
TATWEEL = "\u0640"
#: Bidi marks, embeddings, overrides and isolates, and the Arabic letter mark.
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
DIGITS = "0123456789" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹" + "٫٬.,"
PUNCTUATION = ".,،؛؟!:«»“”\"'()/-…"
SPACE = [" ", " ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\x85", "\x1c", "\u3000"]
WORDS = [
    "بلدة",
    "البلدة",
    "وقوات",
    "داعش",
    "الخميس",
    "يناير",
    "كانون الثاني",
    "2019",
    "١٢",
    "۱۲",
    "1,168",
    "١٢٫٥",
    "كـــلمة",
    "مُشَكَّلة",
    "الله",
    "ا\u0654حمد",  # alef + combining hamza above: NFC makes it أحمد
    "e\u0301",  # NFC composes to é
    "\ufefb",  # lam-alef ligature
    "\ufdf2",  # Allah ligature
    "ﻻ",
]
EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇸🇦", "❤️", "\U000e0041"]
OTHER = ["\x00", "\x00\x00", "\ufffd", "\U0010ffff", "İ", "ß", "ﬁ", "\u0345", "Ab"]

_piece = st.one_of(
    st.sampled_from(list(LETTERS)),
    st.sampled_from(list(TASHKEEL)),
    st.just(TATWEEL),
    st.sampled_from(list(BIDI)),
    st.sampled_from(list(ZERO_WIDTH)),
    st.sampled_from(list(DIGITS)),
    st.sampled_from(list(PUNCTUATION)),
    st.sampled_from(SPACE),
    st.sampled_from(WORDS),
    st.sampled_from(EMOJI),
    st.sampled_from(OTHER),
    st.text(max_size=4),  # any code point but a surrogate
)

#: Hostile Arabic text of up to a few hundred characters (not yet in stored form).
hostile_text = st.lists(_piece, max_size=120).map("".join)

#: Words repeated, so the repeat and variant checks have something to find.
repeated_text = (
    st.lists(st.sampled_from(WORDS[:14]) | st.sampled_from(SPACE[:3]), max_size=60)
    .map(lambda parts: "".join(parts))
    .map(lambda t: f"{t}\n{t}\n{t[: len(t) // 2]}")
)

#: A line of about a megabyte: a hostile piece repeated (few draws, many characters).
megabyte_line = st.tuples(hostile_text.filter(bool), st.integers(0, 5)).map(
    lambda tp: (tp[0].replace("\n", " ").replace("\r", " ") * (1_000_000 // len(tp[0]) + 1))[
        : 1_000_000 - tp[1]
    ]
)


def any_text(*, big: bool = False) -> st.SearchStrategy[str]:
    """Hostile text, repeated text or arbitrary Unicode; with ``big``, sometimes a
    megabyte-long line as well."""
    base = st.one_of(hostile_text, repeated_text, st.text(max_size=200))
    return st.one_of(base, megabyte_line) if big else base


def json_string_literal(text: str) -> str:
    """``text`` as a JSON string literal that may hold lone surrogates as ``\\uXXXX``."""
    out = []
    for ch in text:
        cp = ord(ch)
        if ch in '"\\' or cp < 0x20 or 0xD800 <= cp <= 0xDFFF:
            out.append(f"\\u{cp:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


#: Text that may hold a lone surrogate, as ``json.loads`` gives back for ``"\\ud800"``.
with_lone_surrogate = st.tuples(hostile_text, st.integers(0xD800, 0xDFFF), st.integers(0, 200)).map(
    lambda t: t[0][: t[2]] + chr(t[1]) + t[0][t[2] :]
)
