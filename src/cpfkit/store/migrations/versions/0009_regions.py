"""regions: regional operations, World Bank records as published, a programme's IATI defaults

A regional or multi-country operation has no country (``projects.country``
becomes nullable) and a ``projects.region`` (an IATI Region code or
``multi-country``).  ``wb_projects`` keeps the country code and dates of a
World Bank record as published; ``programmes.iati_defaults`` holds what an
IATI export fills in.  On SQLite, making ``country`` nullable rebuilds the
``projects`` table (batch mode), which drops any trigger defined on it.

Revision ID: 0009_regions
Revises: 0008_locale
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_regions"
down_revision: str | Sequence[str] | None = "0008_locale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.alter_column("country", existing_type=sa.String(length=2), nullable=True)
        batch_op.add_column(sa.Column("region", sa.String(length=16), nullable=True))
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("iati_defaults", sa.JSON(), nullable=True))
    with op.batch_alter_table("wb_projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_code", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("approval_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closing_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wb_projects", schema=None) as batch_op:
        batch_op.drop_column("closing_date")
        batch_op.drop_column("approval_date")
        batch_op.drop_column("country_code")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("iati_defaults")
    regional = op.get_bind().execute(sa.text("SELECT count(*) FROM projects WHERE country IS NULL")).scalar()
    if regional:
        raise RuntimeError(f"{regional} regional operations have no country; delete them before downgrading")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("region")
        batch_op.alter_column("country", existing_type=sa.String(length=2), nullable=False)
