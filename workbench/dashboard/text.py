"""Untrusted text inside Streamlit Markdown (``st.markdown``, ``st.caption``, ``st.info``,
headings, radio options, page-link labels).

Streamlit interprets Markdown there: emphasis, links and images, inline HTML (shown as text,
but still parsed), ``$math$``, ``:colour[...]`` directives and ``:icon:`` shortcodes. Every
character that starts one of those is backslash-escaped, as is a list or heading marker at the
start; line breaks become spaces. Quotes, hyphens, parentheses and full stops inside the text are
left as they are (harmless there), so a message reads the same in the page's source.
"""

from __future__ import annotations

import re

_SPECIAL = "\\`*_{}[]<>#!|$:~&"
_ESCAPES = {ord(c): "\\" + c for c in _SPECIAL}
_LINE_BREAKS = {ord("\n"): " ", ord("\r"): " ", 0x2028: " ", 0x2029: " "}
_LEADING_LIST = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])")


def md(text: object) -> str:
    """``text`` as literal Markdown, to be placed inside a Markdown string."""
    out = str(text).translate(_LINE_BREAKS).translate(_ESCAPES)
    return _LEADING_LIST.sub(
        lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] is not None else f"{m[4]}\\{m[5]}", out, count=1
    )
