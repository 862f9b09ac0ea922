"""portfolio review: project events, country flags, planned disbursements, risk register

Revision ID: 0004_portfolio
Revises: 0003_results
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cpfkit.store.types

revision: str = "0004_portfolio"
down_revision: str | Sequence[str] | None = "0003_results"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "country_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_country_flags_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_flags")),
    )
    with op.batch_alter_table("country_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_country_flags_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "planned_disbursements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_usd", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_planned_disbursements_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_disbursements")),
    )
    with op.batch_alter_table("planned_disbursements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planned_disbursements_origin"), ["origin"], unique=False)
        batch_op.create_index("ix_planned_disbursements_project_date", ["project_id", "date"], unique=False)

    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("new_closing_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=64), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_events_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_events")),
    )
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_events_origin"), ["origin"], unique=False)
        batch_op.create_index("ix_project_events_project_date", ["project_id", "date"], unique=False)

    op.create_table(
        "risk_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("rating", sa.String(length=16), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("project_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=64), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_risk_entries_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_risk_entries_project_id_projects"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_entries")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_risk_entries_programme_id")),
    )
    with op.batch_alter_table("risk_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_entries_programme_id"), ["programme_id"], unique=False)

    with op.batch_alter_table("sort_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_sort_ratings_project", ["project_id", "category", "date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sort_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_sort_ratings_project")

    with op.batch_alter_table("risk_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_entries_programme_id"))

    op.drop_table("risk_entries")
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.drop_index("ix_project_events_project_date")
        batch_op.drop_index(batch_op.f("ix_project_events_origin"))

    op.drop_table("project_events")
    with op.batch_alter_table("planned_disbursements", schema=None) as batch_op:
        batch_op.drop_index("ix_planned_disbursements_project_date")
        batch_op.drop_index(batch_op.f("ix_planned_disbursements_origin"))

    op.drop_table("planned_disbursements")
    with op.batch_alter_table("country_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_flags_programme_id"))

    op.drop_table("country_flags")
