"""review ratings of record and written sections (results framework and reviews)

Revision ID: 0003_results
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_results"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=24), nullable=False),
        sa.Column("objective_code", sa.String(length=40), nullable=True),
        sa.Column("rating", sa.String(length=24), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
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
            name=op.f("fk_rating_overrides_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_overrides")),
    )
    with op.batch_alter_table("rating_overrides", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rating_overrides_subject", ["programme_id", "subject", "objective_code"], unique=False
        )

    op.create_table(
        "review_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("review", sa.String(length=8), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("updated_on", sa.Date(), nullable=False),
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
            name=op.f("fk_review_notes_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_notes")),
    )
    with op.batch_alter_table("review_notes", schema=None) as batch_op:
        batch_op.create_index("ix_review_notes_section", ["programme_id", "review", "section"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_review_notes_section")

    op.drop_table("review_notes")
    with op.batch_alter_table("rating_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_overrides_subject")

    op.drop_table("rating_overrides")
