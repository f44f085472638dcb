"""What is stored: the input decoded as UTF-8, a leading BOM removed, CRLF and CR turned
into LF, Unicode NFC. Nothing else, ever."""

from __future__ import annotations

import hashlib
import unicodedata


class NotUtf8(ValueError):
    """The bytes are not valid UTF-8; ``position`` is the first bad byte."""

    def __init__(self, position: int) -> None:
        self.position = position
        super().__init__(f"invalid UTF-8 at byte {position}")


def canonical_text(text: str) -> str:
    """The stored form of an already decoded text."""
    # Every leading BOM goes (a doubled BOM is a known export slip), so the stored form of a
    # stored text is itself: ``canonical_text`` is idempotent.
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 into the stored form; raises :class:`NotUtf8`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(exc.start) from exc
    return canonical_text(text)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
