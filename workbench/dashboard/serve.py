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


def main(argv: list[str]) -> int:
    prepare()
    # What was loaded lives as long as the server: the collector need not walk it again
    gc.collect()
    gc.freeze()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
