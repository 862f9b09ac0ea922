"""data version kept by the database: triggers on every table of figures, an epoch, the pending notes

Until now the data version was moved on by the program that wrote (session events, and a call by hand
after bulk statements), so a write by any other path (plain SQL, a tool, a forgotten call) left caches
stale.  From here the database moves it on itself (see cpfkit.store.data_version).

Revision ID: 0011_data_version_triggers
Revises: 0010_token_parent
Create Date: 2026-12-07
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cpfkit.store import data_version

revision: str = "0011_data_version_triggers"
down_revision: str | Sequence[str] | None = "0010_token_parent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of figures at this revision; later migrations that add a table add its triggers
# (Store.migrate also installs any that are missing, for every table but the quiet ones).
TABLES = (
    "appraisal_inputs",
    "contributions",
    "country_flags",
    "envelope_shares",
    "envelope_years",
    "iati_activities",
    "iati_budgets",
    "iati_indicators",
    "iati_locations",
    "iati_participating_orgs",
    "iati_periods",
    "iati_recipients",
    "iati_results",
    "iati_sectors",
    "indicator_overlaps",
    "indicators",
    "measurements",
    "objectives",
    "planned_disbursements",
    "priority_areas",
    "programme_projects",
    "programmes",
    "project_events",
    "project_financing",
    "project_locations",
    "project_objectives",
    "project_priority_areas",
    "project_ratings",
    "project_sectors",
    "projects",
    "rating_overrides",
    "review_notes",
    "risk_entries",
    "sort_ratings",
    "transactions",
    "wb_projects",
)


def upgrade() -> None:
    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=32), nullable=True))
    op.create_table(
        "data_version_pending",
        sa.Column("txid", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("txid", name=op.f("pk_data_version_pending")),
    )
    conn = op.get_bind()
    # Caches made before this revision are keyed by the version alone: a new epoch and a step on retire them.
    conn.execute(
        sa.text("UPDATE data_version SET epoch = :epoch, version = version + 1 WHERE id = 1"),
        {"epoch": uuid.uuid4().hex},
    )
    data_version.install(conn, TABLES)


def downgrade() -> None:
    conn = op.get_bind()
    data_version.uninstall(conn, TABLES)
    op.drop_table("data_version_pending")
    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.drop_column("epoch")
