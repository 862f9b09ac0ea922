"""The chart of the portfolio's money: commitments, disbursements and pipeline by priority area."""

from __future__ import annotations

from decimal import Decimal

from cpfkit.metrics.areas import PortfolioByArea
from cpfkit.reports.charts import Chart, Series
from cpfkit.reports.language import _

__all__ = ["area_money_chart"]

_MILLION = Decimal(1_000_000)


def area_money_chart(portfolio: PortfolioByArea) -> Chart:
    """Commitments, disbursements and pipeline by priority area, in US$ millions."""
    areas = portfolio.areas

    def m(values: list[Decimal]) -> tuple[float | None, ...]:
        return tuple(float(v / _MILLION) for v in values)

    series = [
        Series(_("committed (net)"), m([a.net_commitments_usd for a in areas]), "#1f5f8b"),
        Series(_("disbursed"), m([a.disbursed_usd for a in areas]), "#7fb2d9"),
    ]
    if any(a.pipeline_usd for a in areas):
        series.append(Series(_("pipeline (planned)"), m([a.pipeline_usd for a in areas]), "#c5ccd3", hatch=True))
    return Chart(
        id="areas",
        title=_("Commitments and disbursements by priority area"),
        categories=tuple(f"{a.code} {a.title}" if a.code != "—" else a.title for a in areas),
        series=tuple(series),
        x_title=_("US$ millions"),
        note=_("An operation serving several priority areas is split equally between them."),
    )
