"""periods: the closes of a programme's period, whose values then stay as they were until it is reopened

One row per close, kept after it is reopened (``reopened_at``): the last day closed, the reason, who
closed it and when, and the digest of the values dated up to that day (cpfkit.store.periods).

Revision ID: 0016_periods
Revises: 0015_translations
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_periods"
down_revision: str | Sequence[str] | None = "0015_translations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "period_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_by", sa.String(length=200), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_period_closes_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_closes")),
    )
    with op.batch_alter_table("period_closes", schema=None) as batch_op:
        batch_op.create_index("ix_period_closes_programme", ["programme_id", "reopened_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("period_closes", schema=None) as batch_op:
        batch_op.drop_index("ix_period_closes_programme")

    op.drop_table("period_closes")
