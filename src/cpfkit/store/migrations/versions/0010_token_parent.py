"""token parent: the API token a token was made with (it never outlives it and is revoked with it)

Revision ID: 0010_token_parent
Revises: 0009_regions
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_token_parent"
down_revision: str | Sequence[str] | None = "0009_regions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_api_tokens_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_api_tokens_parent_id_api_tokens"), "api_tokens", ["parent_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_api_tokens_parent_id_api_tokens"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_api_tokens_parent_id"))
        batch_op.drop_column("parent_id")
