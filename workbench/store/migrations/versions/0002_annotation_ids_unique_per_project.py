"""Label Studio annotation ids are unique per project, not across servers.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

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
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_constraint(NAME, type_="unique")
        batch_op.drop_index(batch_op.f("ix_annotations_ls_annotation_id"))
        batch_op.create_index(
            batch_op.f("ix_annotations_ls_annotation_id"), ["ls_annotation_id"], unique=True
        )
