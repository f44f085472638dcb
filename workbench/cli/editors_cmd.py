"""``workbench editors add|list|remove``: the editors' dashboard accounts.

A password comes from a hidden prompt, from standard input (``--password-stdin``), or is
generated and written to a 0600 file under the data directory; it is never printed.
"""

from __future__ import annotations

import sys

import typer

from workbench.cli.common import FORMAT_OPTION, OutputFormat, emit_json, fail, run, settings, table


def _engine():  # type: ignore[no-untyped-def]
    from workbench.store import open_store

    return open_store(settings().database_url)


def _password_from_stdin() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        fail("--password-stdin: no password on standard input")
    return password


def register(app: typer.Typer) -> None:
    """Adds the ``editors`` group to ``app``."""
    group = typer.Typer(
        help="Editors' dashboard accounts: add, list, remove.", no_args_is_help=True
    )
    app.add_typer(group, name="editors")

    @group.command("add")
    def add(
        name: str = typer.Argument(..., help="The editor's name (their login)."),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Read the password from the first line of stdin."
        ),
        generate: bool = typer.Option(
            False,
            "--generate",
            help="Generate a password and keep it in a 0600 file under the data directory "
            "(the default when stdin is not a terminal).",
        ),
    ) -> None:
        """Create an editor account. Without --password-stdin or --generate the password
        is asked twice at a hidden prompt; it is never printed."""
        from workbench import editors

        if password_stdin and generate:
            fail("choose one of --password-stdin and --generate")
        cfg = settings()
        generated = False
        if password_stdin:
            password = _password_from_stdin()
        elif generate or not sys.stdin.isatty():
            password, generated = editors.generate_password(), True
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
        engine = run(_engine)
        run(lambda: editors.check_name(name))
        run(lambda: editors.check_password(password))
        made = run(lambda: editors.add_editor(engine, name, password))
        secret_file = editors.password_file(cfg.data_path, made.name) if generated else None
        if secret_file is not None:
            try:
                editors.write_secret_file(secret_file, password)
            except OSError as exc:
                run(lambda: editors.remove_editor(engine, made.name))
                fail(f"cannot write {secret_file}: {exc.strerror}; the account was not kept")
        where = f"; password in {secret_file}" if secret_file else ""
        typer.echo(f"added editor {made.name}{where}")

    @group.command("list")
    def list_(fmt: OutputFormat = FORMAT_OPTION) -> None:
        """The accounts: name, created, last login, active logins."""
        from workbench import editors

        rows = run(lambda: editors.list_editors(_engine()))
        if fmt is OutputFormat.json:
            emit_json({"editors": [r.as_json() for r in rows]})
            return
        if not rows:
            typer.echo("no editor accounts (workbench editors add NAME)")
            return
        typer.echo(
            table(
                [[r.name, r.created_at, r.last_login or "", r.active_sessions] for r in rows],
                ["name", "created", "last login", "active logins"],
            )
        )

    @group.command("remove")
    def remove(name: str = typer.Argument(..., help="The editor's name.")) -> None:
        """Delete an account and end its logins. Its past decisions keep the name."""
        from workbench import editors

        ended = run(lambda: editors.remove_editor(_engine(), name))
        typer.echo(f"removed editor {name} ({ended} login(s) ended)")
