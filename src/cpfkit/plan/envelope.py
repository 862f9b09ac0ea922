"""Envelope room of each fiscal year for a plan: the programme's envelope, a scenario's overrides, approvals so far.

Rule (``docs/definitions.md``): room = envelope − commitments already
approved in the year, by institution too when the envelope is split;
``envelope_per_fy_usd`` replaces every year's total and scales the split in
proportion; a scenario's ``envelope`` entries override single years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cpfkit.errors import DataError
from cpfkit.language.catalogs import N_
from cpfkit.language.message import FiscalYear, Listing, Message
from cpfkit.metrics.envelope import envelope_use
from cpfkit.model import FxRates, ProgrammeData
from cpfkit.model.plan import PlanConstraints

__all__ = ["EnvelopeRooms", "envelope_rooms", "fail"]


def fail(origin: str, field: str, message: str, cls: type[DataError] = DataError) -> DataError:
    """An error in a scenario, naming its file (or the request) and the field."""
    return cls(message, file=origin, record="constraints", field=field)


def _usd(amount: Decimal | float) -> float:
    return float(amount)


@dataclass(frozen=True)
class EnvelopeRooms:
    """Envelopes and approvals so far, by fiscal year and by (fiscal year, institution)."""

    envelope: dict[int, float]
    existing: dict[int, float]
    institution_envelope: dict[tuple[int, str], float]
    institution_existing: dict[tuple[int, str], float]
    covered: frozenset[str] | None
    notes: list[Message] = field(default_factory=list)


def envelope_rooms(
    data: ProgrammeData,
    fx: FxRates,
    constraints: PlanConstraints,
    *,
    as_of: date,
    fys: tuple[int, ...],
    origin: str,
) -> EnvelopeRooms:
    """The envelope of each plannable year and what approvals already use, after the scenario's overrides.

    Raises:
        DataError: an override names a fiscal year outside the programme, or its split does not add up.
    """
    programme = data.programme
    notes: list[Message] = []
    report = envelope_use(data, fx, as_of)
    envelope: dict[int, float] = {}
    existing: dict[int, float] = {}
    inst_envelope: dict[tuple[int, str], float] = {}
    inst_existing: dict[tuple[int, str], float] = {}
    split_of: dict[int, dict[str, float]] = {}
    for year in report.fiscal_years:
        for inst, use in year.by_institution.items():
            inst_existing[(year.fy, inst)] = _usd(use.committed_usd)
        existing[year.fy] = sum(_usd(u.committed_usd) for u in year.by_institution.values() if u.covered)
        if year.envelope_usd is not None:
            envelope[year.fy] = _usd(year.envelope_usd)
            split_of[year.fy] = {
                inst: _usd(u.envelope_usd) for inst, u in year.by_institution.items() if u.envelope_usd is not None
            }
    per_fy = constraints.envelope_per_fy_usd
    if per_fy is not None:
        for fy in programme.fiscal_years:
            old = envelope.get(fy)
            envelope[fy] = _usd(per_fy)
            split = split_of.get(fy, {})
            total = sum(split.values())
            split_of[fy] = {i: _usd(per_fy) * v / total for i, v in split.items()} if total and old else {}
    for i, override in enumerate(constraints.envelope):
        if override.fy not in programme.fiscal_years:
            raise fail(origin, f"envelope.{i}.fy", f"FY{override.fy} is not a fiscal year of {programme.id}")
        split = {inst.value: _usd(v) for inst, v in override.by_institution.items()}
        if override.total_usd is not None:
            new_total = _usd(override.total_usd)
            if not split:
                old_split = split_of.get(override.fy, {})
                old_total = sum(old_split.values())
                split = {k: new_total * v / old_total for k, v in old_split.items()} if old_total else {}
            elif abs(sum(split.values()) - new_total) > 0.5:
                raise fail(origin, f"envelope.{i}.by_institution", "the split does not add up to total_usd")
            envelope[override.fy] = new_total
        else:
            envelope[override.fy] = sum(split.values()) if split else envelope.get(override.fy, 0.0)
        split_of[override.fy] = split
    covered: frozenset[str] | None = None
    if constraints.institution_split:
        splits = [set(s) for fy, s in split_of.items() if fy in fys and s]
        if splits:
            covered = frozenset(set().union(*splits))
            for fy in fys:
                for inst, amount in split_of.get(fy, {}).items():
                    inst_envelope[(fy, inst)] = amount
    missing = [f for f in fys if f not in envelope]
    if missing:
        notes.append(
            Message(
                N_("no envelope for %(years)s: those years have no money limit"),
                {"years": Listing(tuple(FiscalYear(f) for f in missing), ", ")},
            )
        )

    return EnvelopeRooms(envelope, existing, inst_envelope, inst_existing, covered, notes)
