"""The local server's own Python environment and its files: where they are, and creating
the environment (``uv venv`` + ``uv pip install``; ``venv`` + pip without uv), never inside
the workbench's environment."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.config import Settings
from workbench.errors import LabelStudioError

LS_VERSION = "1.23.2"
#: Points at a prebuilt server environment (tests and CI use it to skip reinstalling).
ENV_OVERRIDE = "WORKBENCH_LABELSTUDIO_ENV"
#: Variables never passed to the server: a stray USERNAME/PASSWORD becomes the admin.
_STRIPPED = ("USERNAME", "PASSWORD", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")


@dataclass(frozen=True)
class LocalPaths:
    """Where the local server keeps things; ``env`` is the server's own Python environment."""

    root: Path
    env: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def token_file(self) -> Path:
        return self.root / "api-token"

    @property
    def password_file(self) -> Path:
        return self.root / "admin-password"

    @property
    def pid_file(self) -> Path:
        return self.root / "server.pid"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def executable(self) -> Path:
        return self.env / "bin" / "label-studio"

    @property
    def python(self) -> Path:
        return self.env / "bin" / "python"


def local_paths(settings: Settings, environ: Mapping[str, str] | None = None) -> LocalPaths:
    env = os.environ if environ is None else environ
    root = settings.data_path.resolve() / "labelstudio"
    override = env.get(ENV_OVERRIDE, "")
    env_dir = Path(override).expanduser() if override else settings.data_path / "labelstudio-env"
    return LocalPaths(root=root, env=env_dir.resolve())


def is_installed(paths: LocalPaths) -> bool:
    """The pinned server is present in the environment."""
    if not paths.executable.exists():
        return False
    pattern = f"lib/python*/site-packages/label_studio-{LS_VERSION}.dist-info"
    return any(paths.env.glob(pattern))


def install(settings: Settings, *, environ: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """Create the server environment if needed (idempotent). Returns (path, created)."""
    paths = local_paths(settings, environ)
    if is_installed(paths):
        return paths.env, False
    if paths.env.exists():
        shutil.rmtree(paths.env)
    paths.env.parent.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv")
    if uv:
        py = f"{sys.version_info.major}.{sys.version_info.minor}"
        steps = [
            [uv, "venv", "--quiet", "--python", py, str(paths.env)],
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(paths.python),
                f"label-studio=={LS_VERSION}",
            ],
        ]
    else:
        steps = [
            [sys.executable, "-m", "venv", str(paths.env)],
            [str(paths.python), "-m", "pip", "install", "--quiet", f"label-studio=={LS_VERSION}"],
        ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, env=clean_env(os.environ))
        if done.returncode != 0:
            shutil.rmtree(paths.env, ignore_errors=True)
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise LabelStudioError(
                f"cannot create the Label Studio environment in {paths.env}: {' | '.join(tail)}"
            )
    if not is_installed(paths):
        raise LabelStudioError(f"label-studio=={LS_VERSION} is not in {paths.env} after install")
    return paths.env, True


def read_or_create_secret(path: Path, length: int = 20) -> str:
    """A secret kept in a 0600 file, generated (hex, ``2 * length`` chars) the first time."""
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(length)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    os.chmod(path, 0o600)
    return value


def clean_env(base: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in base.items() if k not in _STRIPPED and not k.startswith("WORKBENCH_")}
