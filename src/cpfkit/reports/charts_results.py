"""The charts of the results framework: indicators against their targets, objectives' progress, status counts."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from cpfkit.metrics.framework import FrameworkResults
from cpfkit.metrics.progress import Status
from cpfkit.reports.charts import STATUS_COLOURS, Chart, Series, as_float
from cpfkit.reports.formatting import percent
from cpfkit.reports.language import _

__all__ = ["headline_chart", "indicator_charts", "objective_progress_chart", "status_chart"]


def headline_chart(results: Any) -> Chart:
    """Each headline result as a share of its target (100% = target reached)."""
    rows = [r for r in results if r.progress is not None]
    return Chart(
        id="headline",
        title=_("Headline results against their targets"),
        categories=tuple(r.indicator for r in rows),
        series=(
            Series(
                _("result as % of target"),
                tuple(as_float(r.progress) for r in rows),
                "#1f5f8b",
                labels=tuple(percent(r.progress) for r in rows),
            ),
        ),
        x_title=_("share of target reached"),
        percent=True,
        reference=1.0,
        reference_label=_("target"),
        extra={"colours": [STATUS_COLOURS[r.status.value] for r in rows]},
    )


def indicator_charts(framework: FrameworkResults) -> list[Chart]:
    """Every indicator with a value as a share of its target, coloured by status (100% = target reached).

    One chart per priority area, all on the same scale, so that each fits on a page with its labels whole.
    """
    rows = [(a, i) for a, _o, i in framework.indicators() if i.progress is not None]
    whole = Chart(
        id="indicators",
        title=_("Every indicator against its target"),
        categories=tuple(f"{i.code} {i.name}" for _a, i in rows),
        series=(
            Series(
                _("share of the way from baseline to target"),
                tuple(as_float(i.progress) for _a, i in rows),
                "#1f5f8b",
                labels=tuple(percent(i.progress) for _a, i in rows if i.progress is not None),
            ),
        ),
        x_title=_("share of the way from baseline to target"),
        percent=True,
        reference=1.0,
        reference_label=_("target"),
        note=_("Bars are coloured by status: green achieved, blue on track, orange off track or not met."),
        extra={"colours": [STATUS_COLOURS[i.status.value] for _a, i in rows]},
    )
    charts, start = [], 0
    for _key, group in groupby(rows, key=lambda row: row[0].code):
        members = list(group)
        area = members[0][0]
        charts.append(whole.rows(start, start + len(members), f"{area.code} {area.title}"))
        start += len(members)
    return charts


def objective_progress_chart(framework: FrameworkResults) -> Chart:
    """Each objective's mean progress (capped) against the progress expected by the date."""
    objectives = list(framework.objectives())
    return Chart(
        id="objective-progress",
        title=_("Progress of each objective against the expected path"),
        categories=tuple(f"{o.code} {o.title}" for o in objectives),
        series=(
            Series(
                _("mean progress of its indicators"),
                tuple(as_float(o.mean_progress) for o in objectives),
                "#1f5f8b",
                labels=tuple("" if o.mean_progress is None else percent(o.mean_progress) for o in objectives),
            ),
            Series(
                _("expected by now"), tuple(as_float(o.mean_expected) for o in objectives), "#b42318", kind="marker"
            ),
        ),
        x_title=_("share of the way from baseline to target"),
        percent=True,
        reference=1.0,
        reference_label=_("target"),
        note=_("Bars are coloured by the objective's status; the red tick is the progress expected by the date."),
        extra={"colours": [STATUS_COLOURS[o.status.value] for o in objectives]},
    )


def status_chart(framework: FrameworkResults) -> Chart:
    """How many indicators of each priority area stand where."""
    areas = framework.areas
    series = []
    for status in Status:
        counts = tuple(float(sum(1 for o in a.objectives for i in o.indicators if i.status is status)) for a in areas)
        if any(counts):
            series.append(Series(_(status.value), counts, STATUS_COLOURS[status.value], hatch=status is Status.NO_DATA))
    return Chart(
        id="status",
        title=_("Indicators by status and priority area"),
        categories=tuple(f"{a.code} {a.title}" for a in areas),
        series=tuple(series),
        x_title=_("indicators"),
        stacked=True,
    )
