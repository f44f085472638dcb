"""Opening the store: engines, migrations and sessions. Nothing happens at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, create_engine

from workbench.errors import StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Seconds a SQLite connection waits for another program's lock (Python's default); a
#: ``?timeout=SECONDS`` query in the database URL changes it.
SQLITE_BUSY_TIMEOUT = 5.0
WHERE = "WORKBENCH_DATABASE_URL or --db"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def safe_url(url: str | Engine) -> str:
    """The database's URL without its password, for messages."""
    try:
        parsed = url.url if isinstance(url, Engine) else make_url(url)
    except Exception:  # an unparsable URL is shown as it is up to any password
        return str(url).split("@")[-1]
    if parsed.drivername.startswith("sqlite"):
        path = sqlite_path(parsed.render_as_string(hide_password=False))
        return str(path) if path is not None else ":memory:"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    name = parsed.database
    if name == ":memory:" or parsed.query.get("mode") == "memory":
        return None
    if name.startswith("file:"):  # a SQLite URI (``?uri=true``)
        name = name[5:].split("?", 1)[0]
    return Path(name).expanduser()


def _busy_timeout(url: str | Engine) -> float:
    parsed = url.url if isinstance(url, Engine) else make_url(url)
    try:
        return float(parsed.query.get("timeout", SQLITE_BUSY_TIMEOUT))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return SQLITE_BUSY_TIMEOUT


def describe(exc: BaseException, url: str | Engine) -> str:
    """One line for a database failure: which database, what went wrong, what to do."""
    where = safe_url(url)
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [orig.__class__.__name__])[0]
    low = first.lower()
    if "database is locked" in low or "database table is locked" in low:
        return (
            f"the database {where} is locked by another program (waited "
            f"{_busy_timeout(url):g} s): try again when it is done, or close the program "
            "that holds it"
        )
    if "readonly database" in low or "read-only" in low:
        return (
            f"the database {where} is read-only: make the file and its folder writable, "
            f"or point {WHERE} at a writable copy"
        )
    if "not a database" in low or "malformed" in low or "file is encrypted" in low:
        return (
            f"the file {where} is not a workbench database (corrupt or another kind of "
            f"file): restore it from a backup, or point {WHERE} at the right file"
        )
    if "unable to open database file" in low:
        return (
            f"cannot open the database file {where}: check that its folder exists and "
            f"is readable and writable, or point {WHERE} elsewhere"
        )
    if "disk is full" in low or "disk i/o error" in low:
        return f"cannot write the database {where}: {first} (free some disk space and retry)"
    if "connection refused" in low or "could not connect" in low or "connection failed" in low:
        return (
            f"cannot connect to the database {where} (connection refused): check that "
            f"PostgreSQL is running there, or correct {WHERE}"
        )
    if "does not exist" in low and "database" in low:
        return f"the database {where} does not exist: create it (createdb), or correct {WHERE}"
    if "password authentication failed" in low:
        return f"the database {where} refused the login: check the user and password in {WHERE}"
    if "server closed the connection" in low or "terminating connection" in low:
        return (
            f"the database server of {where} closed the connection: check that it is "
            "running and try again"
        )
    return f"the database {where} failed: {orig.__class__.__name__}: {first}"


def is_store_failure(exc: BaseException) -> bool:
    """A failure of the database itself (locked, read-only, corrupt, unreachable), as
    opposed to a constraint the code relies on (an IntegrityError is left alone)."""
    from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

    if isinstance(exc, OperationalError):
        return True
    # sqlite3's "file is not a database" arrives as the base DatabaseError itself
    return type(exc) is DatabaseError and not isinstance(exc, IntegrityError)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and WAL, its folder is created."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a long message
        raise StoreError(
            f"invalid database URL (check WORKBENCH_DATABASE_URL or --db): {exc}"
        ) from exc
    if parsed.drivername.startswith("sqlite"):
        path = sqlite_path(url)  # a SQLite URI (file:…?mode=ro) names its file after "file:"
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # unknown dialect or driver
        safe = parsed.render_as_string(hide_password=True)
        raise StoreError(f"cannot use the database URL {safe}: {exc}") from exc


def _alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (Alembic)."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate: {describe(exc, engine)}") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_store(url: str, *, migrate: bool = True, create: bool = True) -> Engine:
    """An engine on ``url`` with the schema brought up to date (the CLI's entry point).

    With ``create=False`` a SQLite file that does not exist is an error rather than a new,
    empty store (commands that only read or update a store must not start an empty one)."""
    try:
        path = sqlite_path(url)
    except Exception:  # an unparsable URL: make_engine says so
        path = None
    if not create and path is not None and not path.is_file():
        raise StoreError(
            f"no database at {path}: run `workbench ingest` first, or point {WHERE} at your store"
        )
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(describe(exc, url)) from exc
    if migrate:
        upgrade(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short session: committed when the block ends, rolled back on error.

    Database failures (locked, read-only, corrupt, unreachable) become a
    one-line :class:`StoreError` naming the database; nothing of the block is kept then."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except DBAPIError as exc:
        _quiet_rollback(session)
        if is_store_failure(exc):
            raise StoreError(describe(exc, engine)) from exc
        raise
    except BaseException:
        _quiet_rollback(session)
        raise
    finally:
        session.close()


@contextmanager
def snapshot_scope(engine: Engine) -> Iterator[Session]:
    """A session for reading whose every statement sees the same snapshot of the store (one
    transaction: what another program commits meanwhile is not seen). SQLite in WAL mode
    keeps a reader's snapshot until its transaction ends, once the transaction is opened
    explicitly (the driver opens none for reads); PostgreSQL needs REPEATABLE READ (its
    default READ COMMITTED takes a new snapshot per statement). Errors as
    :func:`session_scope`."""
    with session_scope(engine) as session:
        if engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN")
        elif engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield session


def _quiet_rollback(session: Session) -> None:
    # the connection may be gone (a server that went down): then there is nothing to undo
    with suppress(SQLAlchemyError):
        session.rollback()
