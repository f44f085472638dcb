"""Label Studio's own database and the production server: settings turned into its
environment, the password never shown; --production refused in one line without gunicorn."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import build_app
from workbench.config import load_settings
from workbench.errors import LabelStudioError
from workbench.labelstudio import server

URL = "postgresql://ls_user:s3cr%40t-pw@db.internal:6543/label_db"


def test_a_postgresql_url_becomes_label_studios_variables() -> None:
    assert server.database_environment(URL) == {
        "DJANGO_DB": "default",
        "POSTGRE_NAME": "label_db",
        "POSTGRE_USER": "ls_user",
        "POSTGRE_PASSWORD": "s3cr@t-pw",
        "POSTGRE_HOST": "db.internal",
        "POSTGRE_PORT": "6543",
    }
    assert server.database_environment("") == {"DJANGO_DB": "sqlite"}
    assert server.database_label(URL) == "PostgreSQL ls_user@db.internal:6543/label_db"
    assert "s3cr" not in server.database_label(URL)


@pytest.mark.parametrize("bad", ["sqlite:///x.db", "postgresql://host-only", "mysql://u@h/db"])
def test_other_urls_are_refused(bad: str) -> None:
    with pytest.raises(LabelStudioError, match="must be postgresql://"):
        server.database_environment(bad)


def test_the_server_environment_uses_the_setting(tmp_path: Path) -> None:
    settings = load_settings(
        environ={"WORKBENCH_LABELSTUDIO_DATABASE_URL": URL},
        secrets_file=tmp_path / "none.toml",
        data_dir=str(tmp_path / "data"),
    )
    assert "s3cr" not in repr(settings)
    env = server.server_environment(settings, server.local_paths(settings), {"PATH": "/usr/bin"})
    assert (env["DJANGO_DB"], env["POSTGRE_HOST"], env["POSTGRE_PASSWORD"]) == (
        "default",
        "db.internal",
        "s3cr@t-pw",
    )
    assert not any(k.startswith("WORKBENCH_") for k in env)


def test_production_without_gunicorn_is_refused_in_one_line(tmp_path: Path) -> None:
    paths = server.local_paths(load_settings(environ={}, secrets_file=tmp_path / "n.toml"))
    if not server.is_installed(paths):
        pytest.skip(f"no Label Studio environment at {paths.env}")
    has = subprocess.run([str(paths.python), "-c", "import gunicorn"], check=False)
    if has.returncode == 0:
        pytest.skip("this Label Studio environment has gunicorn")
    env = {
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
        "WORKBENCH_LABELSTUDIO_PORT": "1",  # nothing answers there
    }
    out = CliRunner().invoke(build_app(), ["labelstudio", "start", "--production"], env=env)
    assert out.exit_code == 1
    (line,) = out.stderr.strip().splitlines()
    assert "--production needs gunicorn" in line and "uv pip install" in line
