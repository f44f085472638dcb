"""The store: SQLModel tables, migrations and the functions that read and write them."""

from workbench.store.engine import make_engine, open_store, session_scope, snapshot_scope, upgrade

__all__ = ["make_engine", "open_store", "session_scope", "snapshot_scope", "upgrade"]
