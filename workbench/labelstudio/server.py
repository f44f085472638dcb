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
import urllib.parse
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
    "database_environment",
    "database_label",
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


def database_environment(url: str) -> dict[str, str]:
    """Label Studio's database variables for ``url``: SQLite (empty) or PostgreSQL
    (``DJANGO_DB=default`` and ``POSTGRE_NAME/USER/PASSWORD/HOST/PORT``)."""
    if not url:
        return {"DJANGO_DB": "sqlite"}
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    if scheme not in ("postgresql", "postgres") or not name or not parts.hostname:
        raise LabelStudioError(
            "the Label Studio database must be postgresql://user:password@host:port/name "
            f"(got a {scheme or 'bare'} URL)"
        )
    return {
        "DJANGO_DB": "default",
        "POSTGRE_NAME": name,
        "POSTGRE_USER": urllib.parse.unquote(parts.username or ""),
        "POSTGRE_PASSWORD": urllib.parse.unquote(parts.password or ""),
        "POSTGRE_HOST": parts.hostname,
        "POSTGRE_PORT": str(parts.port or 5432),
    }


def database_label(url: str) -> str:
    """The database for people to read: never its password."""
    if not url:
        return "SQLite"
    env = database_environment(url)
    who = f"{env['POSTGRE_USER']}@" if env["POSTGRE_USER"] else ""
    return f"PostgreSQL {who}{env['POSTGRE_HOST']}:{env['POSTGRE_PORT']}/{env['POSTGRE_NAME']}"


def server_environment(
    settings: Settings, paths: LocalPaths, base: Mapping[str, str]
) -> dict[str, str]:
    """The server's environment: headless admin and token, its database (SQLite under the data
    directory unless ``labelstudio_database_url`` names a PostgreSQL one), no telemetry."""
    env = clean_env(base)
    password = settings.labelstudio_admin_password or read_or_create_secret(paths.password_file, 12)
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(paths.data),
        **database_environment(settings.labelstudio_database_url),
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


def _log_tail(paths: LocalPaths, secrets: str | list[str], lines: int = 5) -> str:
    try:
        text = paths.log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for secret in [secrets] if isinstance(secrets, str) else secrets:
        if secret:
            text = text.replace(secret, "***")
    return " | ".join(text.strip().splitlines()[-lines:])


#: Gunicorn for ``--production``: workers, threads per worker, request timeout (seconds).
PRODUCTION_WORKERS, PRODUCTION_THREADS, PRODUCTION_TIMEOUT = 3, 4, 300
#: The settings ``label-studio start`` uses (its WSGI module alone would pick bare ones).
PRODUCTION_SETTINGS = "label_studio.core.settings.label_studio"


def production_command(settings: Settings, paths: LocalPaths, env: Mapping[str, str]) -> list[str]:
    """Gunicorn serving Label Studio's WSGI application (``core.wsgi:application``, which serves
    its own static files) from the server environment. First it runs ``label-studio init``
    (migrations, the admin and token). Raises when gunicorn is not in that environment."""
    found = subprocess.run(
        [str(paths.python), "-c", "import gunicorn, label_studio; print(label_studio.__path__[0])"],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise LabelStudioError(
            f"--production needs gunicorn in the server environment {paths.env} (Label Studio "
            "1.23.2 ships only its development server): run "
            f"`uv pip install --python {paths.python} gunicorn`"
        )
    package = found.stdout.strip().splitlines()[-1]
    init = subprocess.run(
        [str(paths.executable), "init", "--quiet"],
        env=dict(env),
        cwd=paths.root,
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        raise LabelStudioError(f"label-studio init failed with code {init.returncode}")
    return [
        str(paths.python),
        "-m",
        "gunicorn",
        "core.wsgi:application",
        "--chdir",
        package,
        "--bind",
        f"{settings.labelstudio_host}:{settings.labelstudio_port}",
        "--workers",
        str(PRODUCTION_WORKERS),
        "--threads",
        str(PRODUCTION_THREADS),
        "--timeout",
        str(PRODUCTION_TIMEOUT),
    ]


def start(settings: Settings, *, timeout: float = 240.0, production: bool = False) -> ServerStatus:
    """Start the local server (installing its environment first if needed) and wait for
    ``/health``. Starting a running server does nothing. ``production`` serves it with
    gunicorn (see :func:`production_command`) instead of Django's development server."""
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
    if production:
        env["DJANGO_SETTINGS_MODULE"] = PRODUCTION_SETTINGS
        cmd = production_command(settings, paths, env)
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
            tail = _log_tail(
                paths,
                [
                    env["LABEL_STUDIO_USER_TOKEN"],
                    env.get("POSTGRE_PASSWORD", ""),
                    env["LABEL_STUDIO_PASSWORD"],
                ],
            )
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
