"""Appraisal inputs in a programme folder and in the store: the scope is required, and stored inputs keep their figures.

Inputs stored before the traffic basis existed were computed with the generated trips on top of the traffic
given; migration 0012 writes that reading down (``traffic_includes_generated: false``) so their figures stay.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from cpfkit.errors import DataError
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.store import Store

PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
ROAD = """project: R2
base_year: 2027
source: made for tests
scope: {appraised: operation, stance: national, countries: [KZ], description: the road and its users}
capital: {values: {0: 20000000}}
benefits:
  - kind: transport
    start: 1
    end: 20
    traffic_includes_generated: false
    vehicle_classes:
      - {name: trucks, aadt: 1000, vehicle_hour_value: 20, hours_saved: 1, generated_share: 0.2}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "xx-plan"
    shutil.copytree(PLAN, target)
    (target / "appraisal" / "r2.yaml").write_text(ROAD)
    return target


def test_a_programme_folder_must_say_whose_costs_and_benefits_count(folder: Path) -> None:
    (folder / "appraisal" / "r2.yaml").write_text("\n".join(ln for ln in ROAD.splitlines() if "scope" not in ln))
    with pytest.raises(DataError) as caught:
        services.validate_folders([folder])
    assert caught.value.field == "scope" and "appraisal/r2.yaml" in str(caught.value.file)
    assert "whose costs and benefits count" in caught.value.message
    (folder / "appraisal" / "r2.yaml").write_text(ROAD.replace("    traffic_includes_generated: false\n", ""))
    with pytest.raises(DataError) as basis:
        services.validate_folders([folder])
    assert "traffic_includes_generated" in basis.value.message and "appraisal/r2.yaml" in str(basis.value.file)


def _document(store: Store) -> dict[str, object]:
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT document FROM appraisal_inputs WHERE project_id = 'R2'")).scalar_one()
    return json.loads(raw) if isinstance(raw, str) else raw


def test_inputs_stored_before_the_traffic_basis_keep_their_figures(folder: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'cpfkit.db'}")
    store.migrate()
    services.load_folders(store, [folder])
    before = services_plan.appraisal(store, "R2")
    # 1,000 trucks a day saving US$20 are the normal traffic; 200 generated trips a day earn half of it on top
    assert before.flows[1].benefits_usd == {"travel time": 7_300_000, "generated traffic": 730_000}
    config = store._alembic_config()
    with store.engine.begin() as conn:  # the database as the cpfkit before the basis left it
        config.attributes["connection"] = conn
        command.downgrade(config, "0011_data_version_triggers")
    old = _document(store)
    assert "scope" not in old and "traffic_includes_generated" not in old["benefits"][0]  # type: ignore[index]
    store.migrate()
    assert _document(store)["benefits"][0]["traffic_includes_generated"] is False  # type: ignore[index]
    after = services_plan.appraisal(store, "R2")
    assert after.npv_usd == before.npv_usd and after.flows == before.flows and after.scope is None
    store.dispose()
