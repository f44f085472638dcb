"""Label Studio annotation ids are unique per project, not across servers.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbench.errors import StoreError

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME = "uq_annotations_project_annotation"


def upgrade() -> None:
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annotations_ls_annotation_id"))
        batch_op.create_index(
            batch_op.f("ix_annotations_ls_annotation_id"), ["ls_annotation_id"], unique=False
        )
        batch_op.create_unique_constraint(NAME, ["ls_project_id", "ls_annotation_id"])


def downgrade() -> None:
    # Revision 0001 holds one annotation per Label Studio annotation id. Refuse before
    # touching anything (SQLite cannot roll back a half-done table copy) when two share one.
    shared = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT ls_annotation_id FROM annotations WHERE ls_annotation_id IS NOT NULL "
                "GROUP BY ls_annotation_id HAVING COUNT(*) > 1 ORDER BY ls_annotation_id"
            )
        )
        .scalars()
        .all()
    )
    if shared:
        ids = ", ".join(map(str, shared[:5]))
        raise StoreError(
            f"cannot downgrade to revision 0001: Label Studio annotation id(s) {ids} are stored "
            "for more than one project, which revision 0001 cannot hold"
        )
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_constraint(NAME, type_="unique")
        batch_op.drop_index(batch_op.f("ix_annotations_ls_annotation_id"))
        batch_op.create_index(
            batch_op.f("ix_annotations_ls_annotation_id"), ["ls_annotation_id"], unique=True
        )
