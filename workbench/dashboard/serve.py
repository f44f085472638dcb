"""The dashboard server process: start loading the corpus-wide data at once, then run
Streamlit in the same process, so the first editor to open a page does not wait for it.

``python -m workbench.dashboard.serve APP [streamlit flags...]`` is what ``workbench dashboard``
runs; the flags are those of ``streamlit run``.
"""

from __future__ import annotations

import logging
import sys
import threading


def _warm() -> None:
    """Load the corpus into the holder the pages will read (a process-wide resource cache)."""
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
    threading.Thread(target=_warm, name="warm-corpus", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
