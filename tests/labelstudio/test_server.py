"""The local server: isolated, loopback only, token kept secret; and the CLI around it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest_labelstudio import LabelStudioServer
from workbench.cli import build_app
from workbench.config import load_settings
from workbench.labelstudio import server


def settings_in(tmp_path: Path, **extra: object):  # type: ignore[no-untyped-def]
    return load_settings(
        environ={}, secrets_file=tmp_path / "none.toml", data_dir=str(tmp_path / "wb"), **extra
    )


def test_environment_is_headless_without_stray_credentials(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    paths = server.local_paths(s, environ={})
    base = {
        "USERNAME": "root",
        "PASSWORD": "hunter2",
        "PATH": "/usr/bin",
        "WORKBENCH_LABELSTUDIO_TOKEN": "secret",
        "HOME": "/root",
    }
    env = server.server_environment(s, paths, base)
    assert "USERNAME" not in env and "PASSWORD" not in env
    assert not any(k.startswith("WORKBENCH_") for k in env)
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"
    assert env["COLLECT_ANALYTICS"] == "false" and env["LATEST_VERSION_CHECK"] == "false"
    assert env["SENTRY_DSN"] == "" and env["DJANGO_DB"] == "sqlite"
    assert env["LABEL_STUDIO_BASE_DATA_DIR"].startswith(str(paths.root))
    assert env["PATH"].startswith(str(paths.env / "bin"))
    token = env["LABEL_STUDIO_USER_TOKEN"]
    assert len(token) == 40 and int(token, 16) >= 0
    assert stat.S_IMODE(os.stat(paths.token_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(paths.password_file).st_mode) == 0o600
    assert server.server_environment(s, paths, base)["LABEL_STUDIO_USER_TOKEN"] == token


def test_env_location_default_and_override(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    assert server.local_paths(s, environ={}).env == (tmp_path / "wb" / "labelstudio-env").resolve()
    other = tmp_path / "prebuilt"
    assert server.local_paths(s, environ={server.ENV_OVERRIDE: str(other)}).env == other.resolve()
    assert not server.is_installed(server.local_paths(s, environ={}))


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(name).exists():
            continue
        for line in Path(name).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                found.append(addr)
    return found


@pytest.mark.labelstudio
def test_server_listens_on_loopback_only_and_never_logs_the_token(
    labelstudio_server: LabelStudioServer,
) -> None:
    s = labelstudio_server.local
    addrs = _listening(s.labelstudio_port)
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    assert addrs == ["0100007F"]  # 127.0.0.1
    paths = server.local_paths(s)
    assert labelstudio_server.token not in paths.log_file.read_text(
        encoding="utf-8", errors="replace"
    )
    st = server.status(s)
    assert st.running and st.healthy and st.installed


@pytest.mark.labelstudio
def test_cli_status_push_pull(labelstudio_server: LabelStudioServer, tmp_path: Path) -> None:
    s = labelstudio_server.local
    runner = CliRunner()
    local_env = {
        "WORKBENCH_DATA_DIR": s.data_dir,
        "WORKBENCH_LABELSTUDIO_PORT": str(s.labelstudio_port),
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
    }
    out = runner.invoke(build_app(), ["labelstudio", "status", "--format", "json"], env=local_env)
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["healthy"] is True

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {
        **local_env,
        "WORKBENCH_DATABASE_URL": db,
        "WORKBENCH_LABELSTUDIO_URL": labelstudio_server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
    }
    from workbench.ingest import ingest_sample
    from workbench.store import open_store

    ingest_sample(open_store(db))
    outputs = []
    pushed = runner.invoke(build_app(), ["push", "--all", "--format", "json"], env=env)
    assert pushed.exit_code == 0, pushed.output
    assert json.loads(pushed.stdout)["created"] == 1
    pulled = runner.invoke(build_app(), ["pull", "--format", "json"], env=env)
    assert pulled.exit_code == 0, pulled.output
    report = json.loads(pulled.stdout)
    assert {"created", "updated", "deleted", "unchanged", "quarantined"} <= set(report)
    added = runner.invoke(
        build_app(),
        ["labelstudio", "add-annotator", "cli@news.test", "--password", "cli-pass-123"],
        env=env,
    )
    assert added.exit_code == 0 and "created cli@news.test" in added.stdout
    missing = runner.invoke(build_app(), ["push", "--article", "no-such-article"], env=env)
    assert missing.exit_code == 1 and "no-such-article" in missing.stderr
    outputs += [pushed.output, pulled.output, added.output, missing.output]
    assert not any(labelstudio_server.token in o for o in outputs)


@pytest.mark.labelstudio
def test_generated_annotator_password_is_kept_in_a_private_file_not_printed(
    labelstudio_server: LabelStudioServer, tmp_path: Path
) -> None:
    env = {
        "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "WORKBENCH_LABELSTUDIO_URL": labelstudio_server.url,
        "WORKBENCH_LABELSTUDIO_TOKEN": labelstudio_server.token,
        "WORKBENCH_SECRETS_FILE": str(tmp_path / "none.toml"),
    }
    added = CliRunner().invoke(
        build_app(), ["labelstudio", "add-annotator", "Reem.Q@news.test"], env=env
    )
    assert added.exit_code == 0, added.output
    (secret,) = (tmp_path / "data" / "labelstudio" / "annotators").iterdir()
    assert secret.name == "reem.q@news.test.password"
    assert secret.stat().st_mode & 0o777 == 0o600
    password = secret.read_text(encoding="utf-8").strip()
    assert len(password) == 24
    assert password not in added.output and str(secret) in added.stdout
    again = CliRunner().invoke(
        build_app(), ["labelstudio", "add-annotator", "Reem.Q@news.test"], env=env
    )
    assert again.exit_code == 0 and "already has an account" in again.stdout
