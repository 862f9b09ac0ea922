"""measurement bounds and quotes: the qualifier of a published figure ("more than") and the quoted sentence of a verified value

Revision ID: 0014_measurement_bounds
Revises: 0013_mobilisation_attribution
Create Date: 2026-12-08

A value marked verified must now quote the sentence of its source that states
it; the values stored as verified before this revision have no quote, so they
are kept as unverified (load the programme folder again to bring its quotes).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_measurement_bounds"
down_revision: str | Sequence[str] | None = "0013_mobilisation_attribution"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qualifier", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
    bind = op.get_bind()
    unquoted = sa.text("UPDATE measurements SET verified = :no WHERE verified = :yes").bindparams(no=False, yes=True)
    bind.execute(unquoted)


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy would drop and re-create the table, and
    # with foreign keys on, dropping it deletes the rows of every table that cascades from it.
    op.drop_column("measurements", "quote")
    op.drop_column("measurements", "qualifier")
