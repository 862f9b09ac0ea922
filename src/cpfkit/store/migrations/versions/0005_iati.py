"""IATI and World Bank project records: the interchange tables

Revision ID: 0005_iati
Revises: 0004_portfolio
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cpfkit.store.types

revision: str = "0005_iati"
down_revision: str | Sequence[str] | None = "0004_portfolio"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "iati_activities",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("file_version", sa.String(length=8), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=True),
        sa.Column("default_currency", sa.String(length=3), nullable=True),
        sa.Column("hierarchy", sa.String(length=8), nullable=True),
        sa.Column("last_updated", sa.String(length=40), nullable=True),
        sa.Column("humanitarian", sa.String(length=8), nullable=True),
        sa.Column("reporting_org_ref", sa.Text(), nullable=True),
        sa.Column("reporting_org_type", sa.String(length=8), nullable=True),
        sa.Column("reporting_org_secondary", sa.String(length=8), nullable=True),
        sa.Column("reporting_org_names", sa.JSON(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=4), nullable=True),
        sa.Column("dates", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(length=4), nullable=True),
        sa.Column("collaboration_type", sa.String(length=8), nullable=True),
        sa.Column("default_flow_type", sa.String(length=8), nullable=True),
        sa.Column("default_finance_type", sa.String(length=8), nullable=True),
        sa.Column("default_aid_types", sa.JSON(), nullable=False),
        sa.Column("default_tied_status", sa.String(length=8), nullable=True),
        sa.Column("related", sa.JSON(), nullable=False),
        sa.Column(
            "imported_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_activities_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_iati_activities")),
    )
    with op.batch_alter_table("iati_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_iati_activities_reporting_org_ref"), ["reporting_org_ref"], unique=False)

    op.create_table(
        "iati_budgets",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=4), nullable=True),
        sa.Column("status", sa.String(length=4), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", cpfkit.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_budgets_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "position", name=op.f("pk_iati_budgets")),
    )
    op.create_table(
        "iati_indicators",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("result_pos", sa.Integer(), nullable=False),
        sa.Column("indicator_pos", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=4), nullable=False),
        sa.Column("ascending", sa.String(length=8), nullable=True),
        sa.Column("aggregation_status", sa.String(length=8), nullable=True),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("references", sa.JSON(), nullable=False),
        sa.Column("baselines", sa.JSON(), nullable=False),
        sa.Column("baseline_value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_indicators_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "result_pos", "indicator_pos", name=op.f("pk_iati_indicators")),
    )
    op.create_table(
        "iati_locations",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("reach", sa.String(length=4), nullable=True),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("activity_descriptions", sa.JSON(), nullable=False),
        sa.Column("administrative", sa.JSON(), nullable=False),
        sa.Column("lat", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("lon", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("exactness", sa.String(length=4), nullable=True),
        sa.Column("location_class", sa.String(length=4), nullable=True),
        sa.Column("feature_designation", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_locations_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "position", name=op.f("pk_iati_locations")),
    )
    op.create_table(
        "iati_participating_orgs",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=4), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=8), nullable=True),
        sa.Column("activity_id", sa.Text(), nullable=True),
        sa.Column("crs_channel_code", sa.String(length=16), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_iati_participating_orgs_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "position", name=op.f("pk_iati_participating_orgs")),
    )
    with op.batch_alter_table("iati_participating_orgs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_iati_participating_orgs_ref"), ["ref"], unique=False)

    op.create_table(
        "iati_periods",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("result_pos", sa.Integer(), nullable=False),
        sa.Column("indicator_pos", sa.Integer(), nullable=False),
        sa.Column("period_pos", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("target_value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("actual_value", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("actuals", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_periods_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "project_id", "result_pos", "indicator_pos", "period_pos", name=op.f("pk_iati_periods")
        ),
    )
    op.create_table(
        "iati_recipients",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("vocabulary", sa.String(length=8), nullable=True),
        sa.Column("vocabulary_uri", sa.Text(), nullable=True),
        sa.Column("percentage", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_recipients_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "kind", "position", name=op.f("pk_iati_recipients")),
    )
    with op.batch_alter_table("iati_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_iati_recipients_code"), ["code"], unique=False)

    op.create_table(
        "iati_results",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("result_pos", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=4), nullable=False),
        sa.Column("aggregation_status", sa.String(length=8), nullable=True),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_results_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "result_pos", name=op.f("pk_iati_results")),
    )
    op.create_table(
        "iati_sectors",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("vocabulary", sa.String(length=8), nullable=True),
        sa.Column("vocabulary_uri", sa.Text(), nullable=True),
        sa.Column("percentage", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_iati_sectors_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "position", name=op.f("pk_iati_sectors")),
    )
    op.create_table(
        "wb_projects",
        sa.Column("project_id", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("ibrd_commitment", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("ida_commitment", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("grant_amount", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("total_commitment", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("project_cost", cpfkit.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("lending_instrument", sa.Text(), nullable=True),
        sa.Column("product_line", sa.Text(), nullable=True),
        sa.Column("financing_type", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("approval_fy", sa.Integer(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("country_name", sa.Text(), nullable=True),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column(
            "imported_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_wb_projects_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_wb_projects")),
    )


def downgrade() -> None:
    op.drop_table("wb_projects")
    op.drop_table("iati_sectors")
    op.drop_table("iati_results")
    with op.batch_alter_table("iati_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iati_recipients_code"))

    op.drop_table("iati_recipients")
    op.drop_table("iati_periods")
    with op.batch_alter_table("iati_participating_orgs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iati_participating_orgs_ref"))

    op.drop_table("iati_participating_orgs")
    op.drop_table("iati_locations")
    op.drop_table("iati_indicators")
    op.drop_table("iati_budgets")
    with op.batch_alter_table("iati_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iati_activities_reporting_org_ref"))

    op.drop_table("iati_activities")
