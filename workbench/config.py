"""Settings: declared once as a table, resolved from the environment, then a secrets file, then defaults.

Nothing is read at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

SECRETS_FILE_ENV = "WORKBENCH_SECRETS_FILE"
DEFAULT_SECRETS_FILE = ".workbench-secrets.toml"


@dataclass(frozen=True)
class SettingSpec:
    name: str
    env: str
    default: Any
    help: str
    secret: bool = False


#: Every setting, with its environment variable, default and meaning. The README's
#: settings table is checked against this list by a test.
SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "database_url",
        "WORKBENCH_DATABASE_URL",
        "sqlite:///./workbench.db",
        "SQLAlchemy URL of the store (SQLite file or PostgreSQL).",
    ),
    SettingSpec(
        "data_dir",
        "WORKBENCH_DATA_DIR",
        ".workbench",
        "Directory for local state: the local Label Studio's environment and data.",
    ),
    SettingSpec(
        "labelstudio_url",
        "WORKBENCH_LABELSTUDIO_URL",
        "",
        "URL of an existing Label Studio; empty means the local server started by "
        "`workbench labelstudio start`.",
    ),
    SettingSpec(
        "labelstudio_token",
        "WORKBENCH_LABELSTUDIO_TOKEN",
        "",
        "API token for Label Studio (legacy token or personal access token).",
        secret=True,
    ),
    SettingSpec(
        "labelstudio_attempts",
        "WORKBENCH_LABELSTUDIO_ATTEMPTS",
        3,
        "Tries of one Label Studio request that times out, fails to connect or is answered "
        "500/502/503/504, before giving up.",
    ),
    SettingSpec(
        "labelstudio_backoff_ms",
        "WORKBENCH_LABELSTUDIO_BACKOFF_MS",
        500,
        "Wait before the second try of a Label Studio request, in milliseconds; doubled "
        "before each further try.",
    ),
    SettingSpec(
        "labelstudio_timeout",
        "WORKBENCH_LABELSTUDIO_TIMEOUT",
        300,
        "Seconds one Label Studio request may take (a large project's export takes long).",
    ),
    SettingSpec(
        "labelstudio_host",
        "WORKBENCH_LABELSTUDIO_HOST",
        "127.0.0.1",
        "Address the local Label Studio binds to.",
    ),
    SettingSpec(
        "labelstudio_port", "WORKBENCH_LABELSTUDIO_PORT", 8089, "Port of the local Label Studio."
    ),
    SettingSpec(
        "labelstudio_database_url",
        "WORKBENCH_LABELSTUDIO_DATABASE_URL",
        "",
        "Database of the local Label Studio: empty means SQLite under the data directory, "
        "`postgresql://user:pw@host:port/db` a PostgreSQL database of its own.",
        secret=True,
    ),
    SettingSpec(
        "labelstudio_admin_email",
        "WORKBENCH_LABELSTUDIO_ADMIN_EMAIL",
        "admin@workbench.local",
        "Admin account of the local Label Studio.",
    ),
    SettingSpec(
        "labelstudio_admin_password",
        "WORKBENCH_LABELSTUDIO_ADMIN_PASSWORD",
        "",
        "Admin password of the local Label Studio; generated and kept in the data "
        "directory when empty.",
        secret=True,
    ),
    SettingSpec(
        "labelstudio_project_title",
        "WORKBENCH_LABELSTUDIO_PROJECT",
        "workbench",
        "Title of the Label Studio project the workbench pushes to.",
    ),
    SettingSpec(
        "annotators_per_task",
        "WORKBENCH_ANNOTATORS_PER_TASK",
        3,
        "How many annotators each article goes to (Label Studio overlap).",
    ),
    SettingSpec(
        "max_article_chars",
        "WORKBENCH_MAX_ARTICLE_CHARS",
        1_000_000,
        "Articles longer than this many characters are refused at ingest.",
    ),
    SettingSpec(
        "dashboard_host", "WORKBENCH_DASHBOARD_HOST", "127.0.0.1", "Address the dashboard binds to."
    ),
    SettingSpec("dashboard_port", "WORKBENCH_DASHBOARD_PORT", 8501, "Port of the dashboard."),
    SettingSpec(
        "editor_session_hours",
        "WORKBENCH_EDITOR_SESSION_HOURS",
        12,
        "How long an editor's dashboard login lasts, in hours.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./workbench.db"
    data_dir: str = ".workbench"
    labelstudio_url: str = ""
    labelstudio_token: str = ""
    labelstudio_attempts: int = 3
    labelstudio_backoff_ms: int = 500
    labelstudio_timeout: int = 300
    labelstudio_host: str = "127.0.0.1"
    labelstudio_port: int = 8089
    labelstudio_database_url: str = ""
    labelstudio_admin_email: str = "admin@workbench.local"
    labelstudio_admin_password: str = ""
    labelstudio_project_title: str = "workbench"
    annotators_per_task: int = 3
    max_article_chars: int = 1_000_000
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int = 8501
    editor_session_hours: int = 12

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser()

    def __repr__(self) -> str:  # never show secrets
        shown = []
        for spec in SETTINGS:
            value = getattr(self, spec.name)
            shown.append(f"{spec.name}={'***' if spec.secret and value else value!r}")
        return f"Settings({', '.join(shown)})"

    __str__ = __repr__

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(spec: SettingSpec, raw: Any) -> Any:
    if isinstance(spec.default, int) and not isinstance(raw, int):
        return int(str(raw).strip())
    return raw if not isinstance(spec.default, str) else str(raw)


def _read_secrets(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    section = data.get("workbench", data)
    return dict(section) if isinstance(section, dict) else {}


def load_settings(
    environ: dict[str, str] | None = None, secrets_file: Path | None = None, **overrides: Any
) -> Settings:
    """Resolve settings: explicit overrides, then the environment, then the secrets file
    (TOML, keys named as in :data:`SETTINGS`, optionally under ``[workbench]``), then defaults."""
    env = os.environ if environ is None else environ
    path = secrets_file or Path(env.get(SECRETS_FILE_ENV, DEFAULT_SECRETS_FILE))
    secrets = _read_secrets(path)
    values: dict[str, Any] = {}
    for spec in SETTINGS:
        if overrides.get(spec.name) is not None:
            values[spec.name] = overrides[spec.name]
        elif env.get(spec.env, "") != "":
            values[spec.name] = _coerce(spec, env[spec.env])
        elif spec.name in secrets:
            values[spec.name] = _coerce(spec, secrets[spec.name])
        else:
            values[spec.name] = spec.default
    return Settings(**values)
