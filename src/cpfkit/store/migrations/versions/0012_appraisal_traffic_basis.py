"""appraisal traffic basis: stored transport inputs with generated traffic say that their AADT excludes it

Transport appraisal inputs now say whether the traffic they give (AADT, tonnes) includes the generated
trips (``traffic_includes_generated``), and a generated trip earns half the saving once.  Inputs stored
before were computed with the generated trips on top of the traffic given: they get ``false``, the
reading under which their figures were computed, so no stored appraisal changes its figures.

Downgrade removes the key and the appraisal ``scope`` (the older schema refuses both); inputs that said
``true`` are then read, as before, with the generated trips on top.

Revision ID: 0012_appraisal_traffic_basis
Revises: 0011_data_version_triggers
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012_appraisal_traffic_basis"
down_revision: str | Sequence[str] | None = "0011_data_version_triggers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROWS = sa.table("appraisal_inputs", sa.column("id", sa.Integer()), sa.column("document", sa.JSON()))


def _generates(module: dict[str, Any]) -> bool:
    parts = [*(module.get("vehicle_classes") or ()), *(module.get("freight") or ())]
    return any(Decimal(str(p.get("generated_share") or 0)) > 0 for p in parts)


def _rewrite(change: Callable[[dict[str, Any]], bool]) -> None:
    conn = op.get_bind()
    for row_id, document in conn.execute(sa.select(_ROWS.c.id, _ROWS.c.document)).all():
        if isinstance(document, dict) and change(document):
            conn.execute(sa.update(_ROWS).where(_ROWS.c.id == row_id).values(document=document))


def _state_basis(document: dict[str, Any]) -> bool:
    changed = False
    for module in document.get("benefits") or ():
        if (
            module.get("kind") == "transport"
            and module.get("traffic_includes_generated") is None
            and _generates(module)
        ):
            module["traffic_includes_generated"] = False
            changed = True
    return changed


def _drop_new_keys(document: dict[str, Any]) -> bool:
    changed = "scope" in document
    document.pop("scope", None)
    for module in document.get("benefits") or ():
        if "traffic_includes_generated" in module:
            module.pop("traffic_includes_generated")
            changed = True
    return changed


def upgrade() -> None:
    _rewrite(_state_basis)


def downgrade() -> None:
    _rewrite(_drop_new_keys)
