"""Envelope use: commitments approved in each fiscal year against the envelope, by institution.

Rule (docs/definitions.md, 'Envelope and headroom'): headroom(FY) = envelope(FY) − Σ commitments approved
in FY by the institutions the envelope covers.  An envelope split by
institution covers those institutions; an unsplit envelope covers every
institution.  Commitments are the Board-approved amounts in US dollars at the
approval date; cancellations do not give headroom back.  Pipeline operations
with a planned approval in the year are shown apart, with the headroom that
would remain if all were approved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit import clock
from cpfkit.metrics.envelope_report import EnvelopeReport, FiscalYearUse, InstitutionUse
from cpfkit.metrics.ledger import commitment_usd
from cpfkit.model.calendar import fiscal_year, fy_bounds, fy_label
from cpfkit.model.enums import Institution, ProjectStatus
from cpfkit.model.money import FxRates, Money, to_usd

if TYPE_CHECKING:
    from cpfkit.model import Programme, ProgrammeData

__all__ = [
    "EnvelopeItem",
    "EnvelopeReport",
    "FiscalYearUse",
    "InstitutionUse",
    "envelope_from_items",
    "envelope_total_usd",
    "envelope_use",
    "envelope_year_usd",
]

_ZERO = Decimal(0)


def envelope_use(data: ProgrammeData, fx: FxRates, as_of: date | None = None) -> EnvelopeReport:
    """Commitments against the envelope by fiscal year and institution.

    Args:
        data: the programme with the operations it counts.
        fx: the rates table (envelope and commitments are compared in US dollars).
        as_of: count approvals up to this date (default: today).
    """
    items = [
        (p.id, p.status, p.dates.approval, p.institution.value, commitment_usd(p, fx))
        for p in data.projects
        if p.status is not ProjectStatus.DROPPED and p.dates.approval is not None
    ]
    return envelope_from_items(data.programme, items, fx, as_of)


EnvelopeItem = tuple[str, ProjectStatus, date | None, str, Decimal]
"""An operation as the envelope sees it: id, status, approval date, institution, commitment in US dollars."""


def envelope_from_items(
    programme: Programme, items: Iterable[EnvelopeItem], fx: FxRates, as_of: date | None = None
) -> EnvelopeReport:
    """:func:`envelope_use` over operations given as :data:`EnvelopeItem` tuples (large portfolios)."""
    as_of = as_of or clock.today()
    fys = programme.fiscal_years
    committed: dict[int, dict[str, Decimal]] = {fy: defaultdict(Decimal) for fy in fys}
    planned: dict[int, dict[str, Decimal]] = {fy: defaultdict(Decimal) for fy in fys}
    approvals: dict[int, list[str]] = defaultdict(list)
    outside: list[str] = []
    for project_id, status, approval, institution, amount in items:
        if status is ProjectStatus.DROPPED or approval is None:
            continue
        fy = fiscal_year(approval, programme.fy_start_month)
        is_pipeline = status is ProjectStatus.PIPELINE or approval > as_of
        if fy not in committed:
            if not is_pipeline:
                outside.append(project_id)
            continue
        if is_pipeline:
            planned[fy][institution] += amount
        else:
            committed[fy][institution] += amount
            approvals[fy].append(project_id)

    envelope = {year.fy: year for year in programme.envelope}
    years: list[FiscalYearUse] = []
    for fy in fys:
        year = envelope.get(fy)
        total = envelope_year_usd(year.total, fy, programme.fy_start_month, fx) if year else None
        shares = {
            s.institution.value: to_usd(s.amount, fx, _fy_start(fy, programme.fy_start_month))[0].amount
            for s in (year.by_institution if year else ())
        }
        institutions = sorted(set(shares) | set(committed[fy]) | set(planned[fy]), key=_institution_order)
        by_institution: dict[str, InstitutionUse] = {}
        for inst in institutions:
            covered = inst in shares if shares else year is not None
            share = shares.get(inst)
            by_institution[inst] = InstitutionUse(
                institution=inst,
                envelope_usd=share,
                committed_usd=committed[fy][inst],
                pipeline_usd=planned[fy][inst],
                headroom_usd=share - committed[fy][inst] if share is not None else None,
                covered=covered,
            )
        covered_committed = sum((u.committed_usd for u in by_institution.values() if u.covered), _ZERO)
        covered_planned = sum((u.pipeline_usd for u in by_institution.values() if u.covered), _ZERO)
        headroom = total - covered_committed if total is not None else None
        years.append(
            FiscalYearUse(
                fy=fy,
                label=fy_label(fy),
                envelope_usd=total,
                committed_usd=sum(committed[fy].values(), _ZERO),
                pipeline_usd=sum(planned[fy].values(), _ZERO),
                headroom_usd=headroom,
                headroom_after_pipeline_usd=headroom - covered_planned if headroom is not None else None,
                utilisation=covered_committed / total if total else None,
                by_institution=by_institution,
                approvals=tuple(approvals[fy]),
                envelope_source=year.source if year else None,
                envelope_illustrative=year.illustrative if year else False,
                split_illustrative=any(s.illustrative for s in year.by_institution) if year else False,
            )
        )
    total_envelope = envelope_total_usd(
        fys, programme.fy_start_month, [(y.fy, y.total) for y in programme.envelope], fx
    )
    total_committed = sum((y.committed_usd for y in years), _ZERO)
    total_headroom = sum((y.headroom_usd for y in years if y.headroom_usd is not None), _ZERO) if envelope else None
    covered_total = sum((u.committed_usd for y in years for u in y.by_institution.values() if u.covered), _ZERO)
    return EnvelopeReport(
        programme=programme.id,
        as_of=as_of,
        fiscal_years=tuple(years),
        envelope_usd=total_envelope,
        committed_usd=total_committed,
        pipeline_usd=sum((y.pipeline_usd for y in years), _ZERO),
        headroom_usd=total_headroom,
        utilisation=covered_total / total_envelope if total_envelope else None,
        outside_period=tuple(outside),
    )


def envelope_year_usd(total: Money, fy: int, start_month: int, fx: FxRates) -> Decimal:
    """A fiscal year's envelope in US dollars, at the rate of the year's first day."""
    return to_usd(total, fx, _fy_start(fy, start_month))[0].amount


def envelope_total_usd(
    fiscal_years: Iterable[int], start_month: int, envelope: Iterable[tuple[int, Money]], fx: FxRates
) -> Decimal | None:
    """The envelope of a programme's fiscal years in US dollars; None when the programme has no envelope.

    ``envelope`` gives each enveloped fiscal year's total; years outside ``fiscal_years`` do not count.
    """
    totals = dict(envelope)
    if not totals:
        return None
    return sum((envelope_year_usd(totals[fy], fy, start_month, fx) for fy in fiscal_years if fy in totals), _ZERO)


def _fy_start(fy: int, start_month: int) -> date:
    return fy_bounds(fy, start_month)[0]


def _institution_order(code: str) -> int:
    order = [i.value for i in Institution]
    return order.index(code) if code in order else len(order)
