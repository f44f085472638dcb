"""Alembic environment: the engine is handed in by :func:`workbench.store.engine.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import workbench.store.models  # noqa: F401  (registers the tables)
from workbench.errors import StoreError

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys on,
            # SQLite's DROP TABLE deletes the rows first and the ON DELETE CASCADE of the
            # tables that point at it (spans, relations) would empty them. The pragma only
            # takes effect outside a transaction, so it is set before the migration begins.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                # SQLite does roll DDL back: every step of an upgrade or downgrade lands in one
                # transaction, so a step that refuses leaves the database as it was.
                transactional_ddl=True,
            )
            if sqlite:
                # Python's sqlite3 opens no transaction before DDL (each CREATE or DROP would
                # commit on its own): open one, so all steps land or none does.
                connection.exec_driver_sql("BEGIN")
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(
                            f"a migration left rows without their parents: {broken[:5]}"
                        )
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


run_migrations_online()
