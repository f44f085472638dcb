"""The local Label Studio: its own environment, its data, start, stop and status.

The server runs from an isolated environment (never the workbench's own), created on first
use under the data directory. It binds to ``settings.labelstudio_host`` (127.0.0.1 unless
configured otherwise), keeps SQLite data under the data directory, and gets an admin and an
API token non-interactively. The token is generated once and kept in a 0600 file; it is never
printed or logged. This module does not import the SDK.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


@dataclass(frozen=True)
class ServerStatus:
    url: str
    running: bool
    healthy: bool
    pid: int | None
    installed: bool
    env: str
    data: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def local_paths(settings: Settings, environ: Mapping[str, str] | None = None) -> LocalPaths:
    env = os.environ if environ is None else environ
    root = settings.data_path.resolve() / "labelstudio"
    override = env.get(ENV_OVERRIDE, "")
    env_dir = Path(override).expanduser() if override else settings.data_path / "labelstudio-env"
    return LocalPaths(root=root, env=env_dir.resolve())


def local_url(settings: Settings) -> str:
    return f"http://{settings.labelstudio_host}:{settings.labelstudio_port}"


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
        done = subprocess.run(step, capture_output=True, text=True, env=_clean_env(os.environ))
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


def local_token(settings: Settings) -> str | None:
    """The local server's API token, if one has been generated."""
    path = local_paths(settings).token_file
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def _clean_env(base: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in base.items() if k not in _STRIPPED and not k.startswith("WORKBENCH_")}


def server_environment(
    settings: Settings, paths: LocalPaths, base: Mapping[str, str]
) -> dict[str, str]:
    """The server's environment: headless admin and token, SQLite, no telemetry."""
    env = _clean_env(base)
    password = settings.labelstudio_admin_password or read_or_create_secret(paths.password_file, 12)
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(paths.data),
        DJANGO_DB="sqlite",
        LABEL_STUDIO_USERNAME=settings.labelstudio_admin_email,
        LABEL_STUDIO_PASSWORD=password,
        LABEL_STUDIO_USER_TOKEN=read_or_create_secret(paths.token_file),
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
        LATEST_VERSION_CHECK="false",
        COLLECT_ANALYTICS="false",
        PATH=f"{paths.env / 'bin'}{os.pathsep}{base.get('PATH', '')}",
    )
    return env


def health(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as resp:
            return resp.status == 200 and b"UP" in resp.read()
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _read_pid(paths: LocalPaths) -> int | None:
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def status(settings: Settings) -> ServerStatus:
    paths = local_paths(settings)
    url = local_url(settings)
    pid = _read_pid(paths)
    return ServerStatus(
        url=url,
        running=pid is not None,
        healthy=health(url),
        pid=pid,
        installed=is_installed(paths),
        env=str(paths.env),
        data=str(paths.data),
    )


def _log_tail(paths: LocalPaths, token: str, lines: int = 5) -> str:
    try:
        text = paths.log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " | ".join(text.replace(token, "***").strip().splitlines()[-lines:])


def start(settings: Settings, *, timeout: float = 240.0) -> ServerStatus:
    """Start the local server (installing its environment first if needed) and wait for
    ``/health``. Starting a running server does nothing."""
    current = status(settings)
    if current.running and current.healthy:
        return current
    if current.healthy:
        raise LabelStudioError(
            f"something else already answers on {current.url}; choose another port"
        )
    install(settings)
    paths = local_paths(settings)
    paths.data.mkdir(parents=True, exist_ok=True)
    env = server_environment(settings, paths, os.environ)
    cmd = [
        str(paths.executable),
        "start",
        "--no-browser",
        "--internal-host",
        settings.labelstudio_host,
        "--port",
        str(settings.labelstudio_port),
    ]
    with paths.log_file.open("ab") as log:
        proc = subprocess.Popen(
            cmd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=paths.root,
            start_new_session=True,
        )
    paths.pid_file.write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if health(current.url):
            return status(settings)
        if proc.poll() is not None:
            paths.pid_file.unlink(missing_ok=True)
            tail = _log_tail(paths, env["LABEL_STUDIO_USER_TOKEN"])
            raise LabelStudioError(f"Label Studio exited with code {proc.returncode}: {tail}")
        time.sleep(0.5)
    _terminate(proc.pid, 10.0)
    paths.pid_file.unlink(missing_ok=True)
    raise LabelStudioError(
        f"Label Studio did not answer on {current.url}/health within {timeout:.0f} s"
    )


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM the server's process group (it was started in its own session), then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                reaped, _ = os.waitpid(pid, os.WNOHANG)
                if reaped == pid:
                    return
            except ChildProcessError:
                pass
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


def stop(settings: Settings, *, timeout: float = 20.0) -> bool:
    """Stop the local server started by :func:`start`. Returns whether one was running."""
    paths = local_paths(settings)
    pid = _read_pid(paths)
    if pid is None:
        paths.pid_file.unlink(missing_ok=True)
        return False
    _terminate(pid, timeout)
    paths.pid_file.unlink(missing_ok=True)
    return True
