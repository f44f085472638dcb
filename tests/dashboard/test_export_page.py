"""The Export page (AppTest): the form runs ``export_corpus`` and offers the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.conftest import seed_sample

PAGE = Path(__file__).resolve().parents[2] / "workbench" / "dashboard" / "app_pages" / "export.py"


@pytest.fixture
def page(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    seed_sample(sqlite_engine, with_checks=False)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("WORKBENCH_SECRETS_FILE", str(tmp_path / "no-secrets.toml"))
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_export_writes_files_and_offers_them(page: AppTest, tmp_path: Path) -> None:
    page.multiselect(key="formats").set_value(["jsonl", "conll"])
    page.radio(key="scope").set_value("both")
    page.text_input(key="out_dir").set_value(str(tmp_path / "dash"))
    page.button[0].click().run()
    assert not page.exception and not page.error
    assert (tmp_path / "dash" / "gold.jsonl").is_file()
    assert (tmp_path / "dash" / "manifest.json").is_file()
    assert "Wrote 4 file(s)" in page.success[0].value
    text = " ".join(m.value for m in page.markdown)
    assert "5 unresolved" in text
    assert len(page.get("download_button")) == 5  # four files and the manifest


def test_bad_input_is_one_error_line(page: AppTest, tmp_path: Path) -> None:
    page.multiselect(key="formats").set_value(["jsonl"])
    page.text_input(key="articles").set_value("no-such-article")
    page.text_input(key="out_dir").set_value(str(tmp_path / "bad"))
    page.button[0].click().run()
    assert not page.exception
    assert "no article with id 'no-such-article'" in page.error[0].value
    assert not (tmp_path / "bad").exists()


def test_empty_gold_is_explained(page: AppTest, tmp_path: Path) -> None:
    page.multiselect(key="formats").set_value(["jsonl"])
    page.checkbox(key="use_min").check()
    page.slider(key="min_agreement").set_value(0.95)
    page.text_input(key="out_dir").set_value(str(tmp_path / "empty"))
    page.button[0].click().run()
    assert not page.exception
    assert "0 article(s) included" in " ".join(m.value for m in page.markdown)
    assert page.warning and "gold is empty" in page.warning[0].value
