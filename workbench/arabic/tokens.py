"""Word tokens with offsets into the stored text, and Arabic clitic splitting."""

from __future__ import annotations

import re
from typing import NamedTuple

from workbench.arabic.chars import DIACRITICS, TATWEEL

# A word: letters or digits, with the marks, tatweel and joiners that live inside words. A
# decimal or thousands separator stays inside a number only between two digits (12.5, 1,168,
# ١٢٫٥); between letters it separates words ("الماضي.وقال" is two words).
_WORD_CHARS = r"[^\W_]"
_INNER = "".join(sorted(DIACRITICS)) + TATWEEL + "\u200c\u200d"
WORD_RE = re.compile(rf"{_WORD_CHARS}(?:{_WORD_CHARS}|[{re.escape(_INNER)}]|(?<=\d)[.,٫٬](?=\d))*")

#: Proclitics that attach in front of a word, longest first when combined.
PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


class Token(NamedTuple):
    """A word or number: ``text == stored[start:end]`` (a named tuple: cheap to make)."""

    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """Words and numbers of ``text`` (punctuation and spaces between them are not tokens).

    Decimal and thousands separators inside numbers stay in the number (``12.5``, ``1,168``).
    """
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def split_proclitic(word: str, *, min_stem: int = 2) -> tuple[str, str]:
    """Split a (normalised) word into (proclitic, stem): ``والبلدة`` → ``("وال", "بلدة")``.

    The stem keeps at least ``min_stem`` letters; a word that cannot lose a clitic is
    returned as ``("", word)``.
    """
    for clitic in PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= min_stem:
            return clitic, word[len(clitic) :]
    return "", word


def strip_article(word: str) -> str:
    """``word`` without a leading definite article (and conjunction/preposition before it)."""
    clitic, stem = split_proclitic(word)
    return stem if clitic.endswith("ال") or clitic == "لل" else word
