"""Commitments and disbursements of a programme's portfolio by priority area, as of a date.

Rules (written in ``docs/definitions.md``, "Portfolio by priority area"):

* The portfolio is every operation the programme counts (its own and those
  carried over), approved on or before the date and not dropped; operations
  still in the pipeline on that date are counted apart at their planned amount.
* Commitment is the Board-approved amount at the approval date; net commitment,
  disbursed and undisbursed follow ``docs/definitions.md`` (cumulative to the
  date); "disbursed in the period" counts only disbursements dated within the
  programme period (a carried-over operation disbursed before it).
* An operation serving several priority areas is split equally between them (to
  the cent, so the areas add up to the portfolio); one serving none is shown
  under "Not assigned".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_DOWN, Decimal

from cpfkit.metrics.areas_report import AreaMoney, PortfolioByArea, PortfolioOperation
from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.model import FxRates, ProgrammeData, ProjectStatus, TransactionType, to_usd

__all__ = ["UNASSIGNED", "AreaMoney", "PortfolioByArea", "PortfolioOperation", "portfolio_by_area", "split_equally"]

UNASSIGNED = "—"
"""The code under which operations serving no priority area are shown."""

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


def split_equally(amount: Decimal, parts: int) -> list[Decimal]:
    """An amount split into equal parts to the cent, the odd cents going to the first parts, so they add up.

    Examples:
        >>> split_equally(Decimal("100"), 3)
        [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
        >>> sum(split_equally(Decimal("1068000000.01"), 2))
        Decimal('1068000000.01')
    """
    if parts <= 1:
        return [amount] * max(parts, 0)
    share = (amount / parts).quantize(_CENT, rounding=ROUND_DOWN)
    out = [share] * parts
    rest = amount - share * parts
    i = 0
    while rest >= _CENT:
        out[i % parts] += _CENT
        rest -= _CENT
        i += 1
    out[0] += rest
    return out


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


def portfolio_by_area(data: ProgrammeData, fx: FxRates, as_of: date) -> PortfolioByArea:
    """Commitments and disbursements of the portfolio as of a date, by priority area."""
    programme = data.programme
    totals = ledger_totals(data.transactions, fx, as_of)
    in_period: dict[str, Decimal] = defaultdict(Decimal)
    for tx in data.transactions:
        if tx.type is TransactionType.DISBURSEMENT and programme.period_start <= tx.date <= as_of:
            in_period[tx.project] += to_usd(tx.amount, fx, tx.date)[0].amount
    projects = {p.id: p for p in data.projects}
    operations: list[PortfolioOperation] = []
    for link in data.links:
        p = projects.get(link.project)
        if p is None or p.status is ProjectStatus.DROPPED:
            continue
        approval = p.dates.approval
        pipeline = p.status is ProjectStatus.PIPELINE or approval is None or approval > as_of
        committed = commitment_usd(p, fx)
        net = _ZERO if pipeline else totals.net_commitment(p, fx)
        disbursed = _ZERO if pipeline else totals.disbursed(p.id)
        operations.append(
            PortfolioOperation(
                id=p.id,
                name=p.name,
                institution=p.institution.value,
                instrument=p.instrument.value,
                status="pipeline" if pipeline else p.status.value,
                approval=approval,
                closing=p.dates.closing,
                commitment_usd=committed,
                net_commitment_usd=net,
                disbursed_usd=disbursed,
                disbursed_in_period_usd=_ZERO if pipeline else in_period.get(p.id, _ZERO),
                undisbursed_usd=net - disbursed,
                disbursed_share=None if pipeline else _share(disbursed, net),
                pipeline=pipeline,
                priority_areas=link.priority_areas,
                objectives=link.objectives,
                carried_from=link.carried_from,
                source=p.source,
                illustrative=p.illustrative or bool(p.illustrative_fields & {"commitment", "dates"}),
            )
        )
    operations.sort(key=lambda o: (o.pipeline, o.approval or date.max, o.id))
    titles = {a.code: a.title for a in programme.priority_areas}
    keys = ("commitment", "net", "disbursed", "in_period", "undisbursed", "pipeline")
    money: dict[str, dict[str, Decimal]] = {code: dict.fromkeys(keys, _ZERO) for code in [*titles, UNASSIGNED]}
    counts: dict[str, list[int]] = {code: [0, 0] for code in money}
    members: dict[str, list[str]] = {code: [] for code in money}
    illustrative: dict[str, bool] = dict.fromkeys(money, False)
    for op in operations:
        areas = [a for a in op.priority_areas if a in titles] or [UNASSIGNED]
        amounts = {
            "commitment": _ZERO if op.pipeline else op.commitment_usd,
            "net": op.net_commitment_usd,
            "disbursed": op.disbursed_usd,
            "in_period": op.disbursed_in_period_usd,
            "undisbursed": op.undisbursed_usd,
            "pipeline": op.commitment_usd if op.pipeline else _ZERO,
        }
        shares = {k: split_equally(v, len(areas)) for k, v in amounts.items()}
        for i, code in enumerate(areas):
            for k in keys:
                money[code][k] += shares[k][i]
            counts[code][1 if op.pipeline else 0] += 1
            members[code].append(op.id)
            illustrative[code] = illustrative[code] or op.illustrative

    def make_area(code: str, title: str, m: dict[str, Decimal], n: list[int], ids: list[str], ill: bool) -> AreaMoney:
        return AreaMoney(
            code=code,
            title=title,
            operations=n[0],
            commitments_usd=m["commitment"],
            net_commitments_usd=m["net"],
            disbursed_usd=m["disbursed"],
            disbursed_in_period_usd=m["in_period"],
            undisbursed_usd=m["undisbursed"],
            disbursed_share=_share(m["disbursed"], m["net"]),
            pipeline_operations=n[1],
            pipeline_usd=m["pipeline"],
            projects=tuple(ids),
            illustrative=ill,
        )

    rows = [
        make_area(
            code,
            titles.get(code, "Not assigned to a priority area"),
            money[code],
            counts[code],
            members[code],
            illustrative[code],
        )
        for code in money
        if code != UNASSIGNED or members[code]
    ]
    total_money = {k: sum((money[c][k] for c in money), _ZERO) for k in keys}
    total = make_area(
        "total",
        "Portfolio",
        total_money,
        [sum(1 for o in operations if not o.pipeline), sum(1 for o in operations if o.pipeline)],
        [o.id for o in operations],
        any(o.illustrative for o in operations),
    )
    return PortfolioByArea(as_of, tuple(operations), tuple(rows), total)
