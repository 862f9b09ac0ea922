"""translations: the texts of a programme's data in Russian and Kazakh, by record and field

A programme folder's ``translations/<language>.yaml`` is stored with the folder: one row per
translated field, keyed by programme, language, kind of record, record key, field and list
position.  The English texts stay where they were (the data of record).  Programmes loaded
before this revision have no translations until their folder is loaded again.

Revision ID: 0015_translations
Revises: 0014_measurement_bounds
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_translations"
down_revision: str | Sequence[str] | None = "0014_measurement_bounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "translations",
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("item", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_translations_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "programme_id", "language", "kind", "key", "field", "item", name=op.f("pk_translations")
        ),
    )


def downgrade() -> None:
    op.drop_table("translations")
