"""The editors' dashboard (Streamlit): thin pages over the same functions the CLI uses.

``app.py`` is the entry point (navigation); ``resources.py`` holds every cached resource;
``highlight.py`` and ``cards.py`` build escaped HTML (pure); ``charts.py`` builds Altair charts
(pure); ``data.py`` loads and shapes plain rows. Only this package imports Streamlit.
"""

from pathlib import Path

APP = Path(__file__).with_name("app.py")
