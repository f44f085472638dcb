"""``workbench dashboard``: the editors' dashboard (Streamlit), on loopback by default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from workbench.cli.common import fail, settings, user_errors
from workbench.config import Settings

ENV_DATABASE_URL = "WORKBENCH_DATABASE_URL"
ENV_DASHBOARD_HOST = "WORKBENCH_DASHBOARD_HOST"


def refuse_public_without_accounts(cfg: Settings, bind: str) -> None:
    """Off loopback the dashboard needs editor accounts (every visitor must log in): without
    any, one line and exit status 1, before anything binds."""
    from workbench import editors
    from workbench.store import open_store

    if editors.is_loopback(bind):
        return
    with user_errors():
        count = editors.count_editors(open_store(cfg.database_url))
    if count == 0:
        fail(
            f"refusing to serve the dashboard on {bind}, beyond loopback, without editor "
            "accounts: add one with `workbench editors add NAME` (logins are then required)"
        )


def absolute_database_url(url: str) -> str:
    """``url`` with a relative SQLite path made absolute, so the app finds the same file
    whatever its working directory."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return url  # the app reports an unusable URL itself, in one line
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        if not path.is_absolute():
            return parsed.set(database=str(path.resolve())).render_as_string(hide_password=False)
    return url


def streamlit_command(app: Path, host: str, port: int) -> list[str]:
    """The server's command line (``streamlit run`` after loading the corpus): headless, no
    usage statistics, no file watcher, no full garbage collection after every page run (it
    walks the whole corpus held in memory and delays the page's last message), static files
    served (the Arabic font), bound to ``host``."""
    return [
        sys.executable,
        "-m",
        "workbench.dashboard.serve",
        str(app),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--runner.postScriptGC",
        "false",
        "--server.enableStaticServing",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--browser.serverAddress",
        host,
        "--client.showErrorDetails",
        "none",
    ]


def serve(cfg: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the dashboard in the foreground until it is stopped (replaces this process)."""
    from workbench.dashboard import APP

    bind = host or cfg.dashboard_host
    refuse_public_without_accounts(cfg, bind)
    env = {
        **os.environ,
        ENV_DATABASE_URL: absolute_database_url(cfg.database_url),
        ENV_DASHBOARD_HOST: bind,  # the app requires a login off loopback
    }
    cmd = streamlit_command(APP, bind, port or cfg.dashboard_port)
    typer.echo(f"dashboard: http://{bind}:{port or cfg.dashboard_port}", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server (no child left behind when this process is stopped).
    if hasattr(os, "execve") and os.name == "posix":
        os.execve(cmd[0], cmd, env)
    try:
        code = subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Adds ``dashboard`` to ``app``."""

    @app.command("dashboard")
    def dashboard(
        host: str = typer.Option(
            None, "--host", help="Address to bind (default: WORKBENCH_DASHBOARD_HOST, 127.0.0.1)."
        ),
        port: int = typer.Option(
            None, "--port", help="Port (default: WORKBENCH_DASHBOARD_PORT, 8501)."
        ),
    ) -> None:
        """Start the editors' dashboard: overview, agreement, articles, review queue."""
        with user_errors():
            cfg = settings()
        serve(cfg, host, port)
