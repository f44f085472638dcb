"""The dashboard server process: import what the pages use and load the corpus-wide data
(the stored overview counts and agreement report, the articles and annotations) first, then
run Streamlit in the same process, so that no editor's first visit waits for any of it: the
server listens, and its health check answers, once every page can be shown at once.

``python -m workbench.dashboard.serve APP [streamlit flags...]`` is what ``workbench dashboard``
runs; the flags are those of ``streamlit run``.
"""

from __future__ import annotations

import gc
import logging
import sys


def prepare() -> None:
    """Import the pages' modules and load the data they open with (a process-wide resource
    cache the pages read). A store that cannot be read now is left for the first page, which
    shows the error in one line."""
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)  # "no runtime yet" is expected here
    try:
        from workbench.dashboard import resources

        resources.warm()
    except Exception:  # noqa: BLE001 - the first page shows the error in one line
        return
    finally:
        caching_log.setLevel(level)


def rehearse() -> None:
    """Draw what the first page draws once, with no session (Streamlit drops the output), so
    that Streamlit's own first-use costs fall before the server listens rather than on the
    first editor's page: its emoji table (the page icon), a chart and a table put into
    messages, and its one look at the call stack on the first element of a process (about
    0.4, 0.3 and 0.6 CPU s on this machine)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the bare-mode warning ("use streamlit run") is expected
    try:
        import altair as alt
        import streamlit as st
        from streamlit.string_util import is_emoji

        is_emoji("📰")
        st.html("<div></div>")
        data = alt.Data(values=[{"label": "a", "n": 1}, {"label": "b", "n": 2}])
        st.altair_chart(alt.Chart(data).mark_bar().encode(y="label:N", x="n:Q"))
        st.dataframe([{"annotator": "a", "articles": 1, "spans": 2}], hide_index=True)
    except Exception:  # noqa: BLE001 - only a head start: the pages do all of it anyway
        return
    finally:
        root.setLevel(level)


def main(argv: list[str]) -> int:
    prepare()
    rehearse()
    # What was loaded lives as long as the server: the collector need not walk it again
    gc.collect()
    gc.freeze()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
