"""The whole framework on a date, the ratings of record, and the portfolio by priority area (demo programme)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.metrics.areas import UNASSIGNED, portfolio_by_area, split_equally
from cpfkit.metrics.framework import evaluate_framework, started_objectives
from cpfkit.metrics.progress import Status
from cpfkit.model import ProgrammeData
from cpfkit.model.reviews import RatedSubject, RatingOverride
from cpfkit.reference import load_fx

DEMO = Path(__file__).parent.parent / "data" / "programmes" / "xx-demo"
D = Decimal


@pytest.fixture(scope="module")
def demo() -> ProgrammeData:
    return read_programme_folder(DEMO, fx=load_fx())


def test_framework_of_the_demo_programme(demo: ProgrammeData) -> None:
    fw = evaluate_framework(demo, date(2027, 6, 30))
    [o1, o2] = fw.objectives()
    i1, i2 = o1.indicators
    # I1: P1 200 + P2 100 − overlap 50 = 250 of 300 → 0.8333; expected 729 / 1095 days → on track
    assert i1.actual == 250 and i1.progress == D(250) / D(300)
    assert i1.expected == D(729) / D(1095) and i1.status is Status.ON_TRACK
    # I2: (60·300 + 90·100) / 400 = 67.5 but no baseline or target
    assert i2.actual == D("67.5") and i2.progress is None and i2.status is Status.NO_DATA
    # O1 is rated on I1 and I2: one of two without progress (not more than half), none met,
    # mean capped progress (0.8333 + 0) / 2 = 0.4167 < 0.5 → Not Achieved
    assert o1.rating.suggested == "Not Achieved" and o1.rating.rating == "Not Achieved" and not o1.rating.overridden
    assert o1.met == 0 and o1.rated_on == ("I1", "I2") and o1.supporting_projects == ("P1", "P2")
    assert o2.rating.suggested == "Not Verified"  # no indicators at all
    # development outcome: Not Achieved (1) with Not Verified left out → mean 1 → HU
    assert fw.development_outcome.suggested == "HU"
    assert fw.status_counts == {"achieved": 0, "on track": 1, "off track": 0, "not started": 0, "no data": 1}
    assert fw.rating_counts["Not Achieved"] == 1 and fw.rating_counts["Not Verified"] == 1


def test_overrides_replace_the_suggestion_and_keep_it(demo: ProgrammeData) -> None:
    why = "The survey of 2027 shows the access target is within reach."
    overrides = [
        RatingOverride(
            programme="xx-demo",
            objective="O1",
            rating="Mostly Achieved",
            justification=why,
            rated_by="TTL",
            decided_on=date(2027, 7, 15),
        ),
        RatingOverride(
            programme="xx-demo",
            subject=RatedSubject.WBG_PERFORMANCE,
            rating="good",
            justification="Supervision was close and timely throughout.",
            decided_on=date(2027, 7, 15),
        ),
        RatingOverride(
            programme="other", objective="O2", rating="Achieved", justification=why, decided_on=date(2027, 7, 15)
        ),
    ]
    fw = evaluate_framework(demo, date(2027, 6, 30), overrides)
    o1, o2 = fw.objectives()
    assert (o1.rating.suggested, o1.rating.rating, o1.rating.overridden) == ("Not Achieved", "Mostly Achieved", True)
    assert o1.rating.justification == why and o1.rating.rated_by == "TTL"
    assert not o2.rating.overridden  # the override of another programme does not apply
    # the development outcome follows the ratings of record: Mostly (3), Not Verified left out → 3 → MS
    assert fw.development_outcome.suggested == "MS"
    assert fw.wbg_performance.rating == "Good" and fw.wbg_performance.suggested is None


def test_an_objective_is_not_started_until_an_operation_serving_it_is_approved(demo: ProgrammeData) -> None:
    assert started_objectives(demo, date(2025, 8, 1)) == {}
    assert started_objectives(demo, date(2026, 9, 1)) == {"O1": ("P1", "P2")}
    fw = evaluate_framework(demo, date(2025, 8, 1))
    assert fw.status_counts["not started"] == 1  # I1 (I2 has no target: no data)


def test_split_equally_adds_up_to_the_cent() -> None:
    assert split_equally(D("100"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(split_equally(D("1068000000.01"), 2)) == D("1068000000.01")
    assert split_equally(D("5"), 1) == [D("5")]


def test_portfolio_by_area_of_the_demo_programme(demo: ProgrammeData) -> None:
    pf = portfolio_by_area(demo, load_fx(), date(2027, 6, 30))
    areas = {a.code: a for a in pf.areas}
    assert set(areas) == {"PA1", "PA2"}  # nothing unassigned
    pa1, pa2 = areas["PA1"], areas["PA2"]
    # P1 600 approved, 20 cancelled, 150 disbursed; P2 200 approved, nothing disbursed
    assert (pa1.operations, pa1.commitments_usd, pa1.net_commitments_usd) == (2, 800, 780)
    assert (pa1.disbursed_usd, pa1.undisbursed_usd) == (150, 630)
    assert pa1.disbursed_share == D(150) / D(780)
    # P3 is still in the pipeline: 250 planned in PA2
    assert (pa2.operations, pa2.pipeline_operations, pa2.pipeline_usd) == (0, 1, 250)
    assert pf.total.commitments_usd == 800 and pf.total.pipeline_usd == 250 and pf.total.operations == 2
    assert UNASSIGNED not in areas
    # a year earlier P2 was not yet approved: it counts as pipeline
    early = portfolio_by_area(demo, load_fx(), date(2026, 6, 30))
    assert early.total.operations == 1 and early.total.pipeline_usd == 450 and early.total.disbursed_usd == 100
