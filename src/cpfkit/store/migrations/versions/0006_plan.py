"""planning data: contributions and appraisal inputs

Revision ID: 0006_plan
Revises: 0005_iati
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cpfkit.store.types

revision: str = "0006_plan"
down_revision: str | Sequence[str] | None = "0005_iati"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appraisal_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_appraisal_inputs_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_appraisal_inputs_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_inputs")),
        sa.UniqueConstraint("programme_id", "project_id", name=op.f("uq_appraisal_inputs_programme_id")),
    )
    with op.batch_alter_table("appraisal_inputs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_inputs_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_inputs_project_id"), ["project_id"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("value", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("lag_years", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_contributions_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_contributions_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_contributions_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
        sa.UniqueConstraint("indicator_id", "project_id", name=op.f("uq_contributions_indicator_id")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_indicator_id"), ["indicator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contributions_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contributions_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_project_id"))
        batch_op.drop_index(batch_op.f("ix_contributions_programme_id"))
        batch_op.drop_index(batch_op.f("ix_contributions_indicator_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("appraisal_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_inputs_project_id"))
        batch_op.drop_index(batch_op.f("ix_appraisal_inputs_programme_id"))

    op.drop_table("appraisal_inputs")
