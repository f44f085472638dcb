"""The local Label Studio: its own environment, its data, start, stop and status.

The server runs from an isolated environment (never the workbench's own), created on first
use under the data directory. It binds to ``settings.labelstudio_host`` (127.0.0.1 unless
configured otherwise), keeps SQLite data under the data directory, and gets an admin and an
API token non-interactively. The token is generated once and kept in a 0600 file; it is never
printed or logged. This module does not import the SDK.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.config import Settings
from workbench.errors import LabelStudioError
from workbench.labelstudio.environment import (
    ENV_OVERRIDE,
    LS_VERSION,
    LocalPaths,
    clean_env,
    install,
    is_installed,
    local_paths,
    read_or_create_secret,
)

__all__ = [
    "ENV_OVERRIDE",
    "LS_VERSION",
    "LocalPaths",
    "ServerStatus",
    "health",
    "install",
    "is_installed",
    "local_paths",
    "local_token",
    "local_url",
    "read_or_create_secret",
    "server_environment",
    "start",
    "status",
    "stop",
    "terminate",
]


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


def local_url(settings: Settings) -> str:
    return f"http://{settings.labelstudio_host}:{settings.labelstudio_port}"


def local_token(settings: Settings) -> str | None:
    """The local server's API token, if one has been generated."""
    path = local_paths(settings).token_file
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def server_environment(
    settings: Settings, paths: LocalPaths, base: Mapping[str, str]
) -> dict[str, str]:
    """The server's environment: headless admin and token, SQLite, no telemetry."""
    env = clean_env(base)
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
    try:  # reap it if it is our own child that has exited (a zombie still "exists")
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return None
    except ChildProcessError:
        pass
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
    if current.running:  # ours: already up, or still starting
        _wait_for_existing(settings, current, timeout)
        return status(settings)
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
    terminate(proc.pid, 10.0)
    paths.pid_file.unlink(missing_ok=True)
    raise LabelStudioError(
        f"Label Studio did not answer on {current.url}/health within {timeout:.0f} s"
    )


def _wait_for_existing(settings: Settings, current: ServerStatus, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not health(current.url):
        if status(settings).pid is None:
            raise LabelStudioError(
                f"Label Studio (pid {current.pid}) exited while starting; "
                "see server.log in the data directory"
            )
        if time.monotonic() > deadline:
            raise LabelStudioError(
                f"Label Studio (pid {current.pid}) does not answer on "
                f"{current.url}/health; try `workbench labelstudio stop`"
            )
        time.sleep(0.5)


def terminate(pid: int, timeout: float = 20.0) -> None:
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
    terminate(pid, timeout)
    paths.pid_file.unlink(missing_ok=True)
    return True
