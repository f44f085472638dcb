"""Untrusted text inside Streamlit Markdown (``st.markdown``, ``st.caption``, ``st.info``,
widget labels): every ASCII punctuation character is backslash-escaped, so emphasis, links,
HTML, ``$math$``, ``:colour[...]`` directives and ``:icon:`` shortcodes stay plain text."""

from __future__ import annotations

import string

_ESCAPES = {ord(c): "\\" + c for c in string.punctuation}
_LINE_BREAKS = {ord("\n"): " ", ord("\r"): " ", 0x2028: " ", 0x2029: " "}


def md(text: object) -> str:
    """``text`` as literal Markdown: punctuation escaped, line breaks made spaces."""
    return str(text).translate(_LINE_BREAKS).translate(_ESCAPES)
