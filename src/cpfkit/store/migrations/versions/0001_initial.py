"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cpfkit.store.types

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "programmes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("fy_start_month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("ibrd_exposure_limit", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("ibrd_exposure_limit_currency", sa.String(length=3), nullable=True),
        sa.Column("discount_rate", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
    )
    op.create_table(
        "envelope_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("total", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_envelope_years_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_envelope_years")),
        sa.UniqueConstraint("programme_id", "fy", name=op.f("uq_envelope_years_programme_id")),
    )
    with op.batch_alter_table("envelope_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_envelope_years_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "priority_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("cross_cutting", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_priority_areas_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_areas")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_priority_areas_programme_id")),
    )
    with op.batch_alter_table("priority_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_areas_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "projects",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("institution", sa.String(length=8), nullable=False),
        sa.Column("instrument", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("concept_date", sa.Date(), nullable=True),
        sa.Column("approval_date", sa.Date(), nullable=True),
        sa.Column("effectiveness_date", sa.Date(), nullable=True),
        sa.Column("original_closing_date", sa.Date(), nullable=True),
        sa.Column("revised_closing_date", sa.Date(), nullable=True),
        sa.Column("commitment", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("commitment_currency", sa.String(length=3), nullable=True),
        sa.Column("commitment_usd", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("implementing_agency", sa.Text(), nullable=True),
        sa.Column("borrower", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("reference_class", sa.String(length=32), nullable=True),
        sa.Column("owner_programme_id", sa.String(length=64), nullable=True),
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
            ["owner_programme_id"],
            ["programmes.id"],
            name=op.f("fk_projects_owner_programme_id_programmes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_institution"), ["institution"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_owner_programme_id"), ["owner_programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)

    op.create_table(
        "envelope_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("envelope_year_id", sa.Integer(), nullable=False),
        sa.Column("institution", sa.String(length=8), nullable=False),
        sa.Column("amount", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_year_id"],
            ["envelope_years.id"],
            name=op.f("fk_envelope_shares_envelope_year_id_envelope_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_envelope_shares")),
        sa.UniqueConstraint("envelope_year_id", "institution", name=op.f("uq_envelope_shares_envelope_year_id")),
    )
    with op.batch_alter_table("envelope_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_envelope_shares_envelope_year_id"), ["envelope_year_id"], unique=False)

    op.create_table(
        "objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("priority_area_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_area_id"],
            ["priority_areas.id"],
            name=op.f("fk_objectives_priority_area_id_priority_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_objectives_programme_id_programmes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_objectives_programme_id")),
    )
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objectives_priority_area_id"), ["priority_area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objectives_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "programme_projects",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("carried_from", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_projects_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_programme_projects_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("programme_id", "project_id", name=op.f("pk_programme_projects")),
    )
    op.create_table(
        "project_financing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("financier", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("amount", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_usd", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("mechanism", sa.Text(), nullable=True),
        sa.Column("mobilised_by", sa.String(length=8), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_financing_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_financing")),
    )
    with op.batch_alter_table("project_financing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_financing_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("lat", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("lon", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_locations_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_locations")),
    )
    with op.batch_alter_table("project_locations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_locations_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_locations_region"), ["region"], unique=False)

    op.create_table(
        "project_priority_areas",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("priority_area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_area_id"],
            ["priority_areas.id"],
            name=op.f("fk_project_priority_areas_priority_area_id_priority_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_project_priority_areas_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_priority_areas_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "programme_id", "project_id", "priority_area_id", name=op.f("pk_project_priority_areas")
        ),
    )
    op.create_table(
        "project_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rating", sa.String(length=4), nullable=False),
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
            ["project_id"], ["projects.id"], name=op.f("fk_project_ratings_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_ratings")),
    )
    with op.batch_alter_table("project_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_ratings_origin"), ["origin"], unique=False)
        batch_op.create_index("ix_project_ratings_project_kind_date", ["project_id", "kind", "date"], unique=False)

    op.create_table(
        "project_sectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("vocabulary", sa.String(length=8), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("percentage", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_sectors_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_sectors")),
    )
    with op.batch_alter_table("project_sectors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_sectors_project_id"), ["project_id"], unique=False)

    op.create_table(
        "sort_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=True),
        sa.Column("project_id", sa.String(length=128), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
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
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_sort_ratings_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_sort_ratings_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sort_ratings")),
    )
    with op.batch_alter_table("sort_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sort_ratings_origin"), ["origin"], unique=False)
        batch_op.create_index(
            "ix_sort_ratings_subject", ["programme_id", "project_id", "category", "date"], unique=False
        )

    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_usd", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("fx_rate", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("fx_period", sa.String(length=7), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
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
            ["project_id"], ["projects.id"], name=op.f("fk_transactions_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transactions_origin"), ["origin"], unique=False)
        batch_op.create_index("ix_transactions_project_date", ["project_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_transactions_type"), ["type"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("aggregation", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("baseline_value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("target_value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("headline", sa.Boolean(), nullable=False),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
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
            ["objective_id"], ["objectives.id"], name=op.f("fk_indicators_objective_id_objectives"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_indicators_programme_id_programmes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_indicators_programme_id")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_objective_id"), ["objective_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicators_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "project_objectives",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_project_objectives_objective_id_objectives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_project_objectives_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_objectives_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("programme_id", "project_id", "objective_id", name=op.f("pk_project_objectives")),
    )
    op.create_table(
        "indicator_overlaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("projects", sa.JSON(), nullable=False),
        sa.Column("amount", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("illustrative_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_overlaps_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_overlaps")),
    )
    with op.batch_alter_table("indicator_overlaps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_overlaps_indicator_id"), ["indicator_id"], unique=False)

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=128), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("weight", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
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
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_measurements_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_measurements_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index("ix_measurements_indicator_date", ["indicator_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_measurements_project_id"), ["project_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_project_id"))
        batch_op.drop_index("ix_measurements_indicator_date")

    op.drop_table("measurements")
    with op.batch_alter_table("indicator_overlaps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_overlaps_indicator_id"))

    op.drop_table("indicator_overlaps")
    op.drop_table("project_objectives")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_programme_id"))
        batch_op.drop_index(batch_op.f("ix_indicators_objective_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transactions_type"))
        batch_op.drop_index("ix_transactions_project_date")
        batch_op.drop_index(batch_op.f("ix_transactions_origin"))

    op.drop_table("transactions")
    with op.batch_alter_table("sort_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_sort_ratings_subject")
        batch_op.drop_index(batch_op.f("ix_sort_ratings_origin"))

    op.drop_table("sort_ratings")
    with op.batch_alter_table("project_sectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_sectors_project_id"))

    op.drop_table("project_sectors")
    with op.batch_alter_table("project_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_project_ratings_project_kind_date")
        batch_op.drop_index(batch_op.f("ix_project_ratings_origin"))

    op.drop_table("project_ratings")
    op.drop_table("project_priority_areas")
    with op.batch_alter_table("project_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_locations_region"))
        batch_op.drop_index(batch_op.f("ix_project_locations_project_id"))

    op.drop_table("project_locations")
    with op.batch_alter_table("project_financing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_financing_project_id"))

    op.drop_table("project_financing")
    op.drop_table("programme_projects")
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objectives_programme_id"))
        batch_op.drop_index(batch_op.f("ix_objectives_priority_area_id"))

    op.drop_table("objectives")
    with op.batch_alter_table("envelope_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_envelope_shares_envelope_year_id"))

    op.drop_table("envelope_shares")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_status"))
        batch_op.drop_index(batch_op.f("ix_projects_owner_programme_id"))
        batch_op.drop_index(batch_op.f("ix_projects_institution"))
        batch_op.drop_index(batch_op.f("ix_projects_country"))

    op.drop_table("projects")
    with op.batch_alter_table("priority_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_areas_programme_id"))

    op.drop_table("priority_areas")
    with op.batch_alter_table("envelope_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_envelope_years_programme_id"))

    op.drop_table("envelope_years")
    op.drop_table("programmes")
