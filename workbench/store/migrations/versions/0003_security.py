"""Editors' dashboard accounts and their login sessions.

Revision ID: 0003_security
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_security"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_login", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("editors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_editors_name"), ["name"], unique=True)
    op.create_table(
        "editor_sessions",
        sa.Column("token_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["editor_id"], ["editors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    with op.batch_alter_table("editor_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_editor_sessions_editor_id"), ["editor_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("editor_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editor_sessions_editor_id"))
    op.drop_table("editor_sessions")
    with op.batch_alter_table("editors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editors_name"))
    op.drop_table("editors")
