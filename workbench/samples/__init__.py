"""Data that ships with the package so the demo and tests work without ``../shared``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

SAMPLE_DIR = Path(__file__).parent

#: The sample article's publication date (its text places it in late January 2019).
SAMPLE_PUBLISHED = date(2019, 1, 25)
SAMPLE_EXTERNAL_ID = "sample-article"
SAMPLE_TITLE = "تنظيم داعش ينهار في دير الزور"


def sample_article_path() -> Path:
    """The sample article: 31 lines, one paragraph or heading each, no trailing newline."""
    return SAMPLE_DIR / "sample-article.txt"
