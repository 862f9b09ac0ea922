"""mobilisation attribution: co-mobilisers of a private direct line, and the programme's attribution rule

A private direct line may name the other MDBs whose active role also brought the financier in
(public lines of the same operation); the programme says whether such mobilisation is attributed
pro rata (the default) or in full to the WBG institution (see docs/portfolio.md).

Revision ID: 0013_mobilisation_attribution
Revises: 0012_appraisal_traffic_basis
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_mobilisation_attribution"
down_revision: str | Sequence[str] | None = "0012_appraisal_traffic_basis"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project_financing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("co_mobilisers", sa.JSON(), nullable=True))
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mobilisation_attribution", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy would drop and re-create the table, and
    # with foreign keys on, dropping it deletes the rows of every table that cascades from it.
    op.drop_column("programmes", "mobilisation_attribution")
    op.drop_column("project_financing", "co_mobilisers")
