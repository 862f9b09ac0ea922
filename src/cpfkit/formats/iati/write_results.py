"""An operation's measured contributions to its programme's indicators, as one IATI outcome result.

Each indicator the operation measured carries the programme indicator's code
(reference vocabulary 99), unit (in the description), direction, baseline,
one period per measurement (from the day after the previous one) and the
target in the period ending on the target date.  Figures that are
illustrative get a cpfkit mark (:class:`~cpfkit.formats.iati.write.Mark`): ``cpfkit:illustrative="true"``
on a baseline or on the result (when the results framework itself is
illustrative), and on a period ``cpfkit:illustrative="target"``, ``"actual"``
or ``"target actual"`` (the schema allows no attribute of another namespace on
``target`` and ``actual`` themselves).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from cpfkit.formats.iati.write import Mark
from cpfkit.formats.iati.write_elements import fmt_decimal
from cpfkit.model import Direction, Indicator, Measurement, Programme, Project
from cpfkit.model.iati import IatiIndicator, IatiPeriod, IatiResult, IatiValue, Narrative

__all__ = ["results_of"]

_ILLUSTRATIVE = "illustrative"


def _plain(text: str) -> tuple[Narrative, ...]:
    return ((None, text),)


def _framework_illustrative(programme: Programme) -> bool:
    return programme.illustrative or any(f.startswith("priority_areas") for f in programme.illustrative_fields)


def results_of(
    project: Project, measurements: Sequence[Measurement], programme: Programme | None
) -> tuple[tuple[IatiResult, ...], list[Mark], list[str]]:
    """The operation's result, its marks, and what of it is illustrative (in words, for the description)."""
    if programme is None or not measurements:
        return (), [], []
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.project == project.id:
            by_indicator[m.indicator].append(m)
    indicators: list[IatiIndicator] = []
    marks: list[Mark] = []
    labels: list[str] = []
    for _, _, indicator in programme.indicators():
        if indicator.code not in by_indicator:
            continue
        path = f"result[1]/indicator[{len(indicators) + 1}]"
        series = sorted(by_indicator[indicator.code], key=lambda m: m.date)
        built, indicator_marks = _indicator_of(indicator, series, programme, path)
        indicators.append(built)
        marks += indicator_marks
    if not indicators:
        return (), [], []
    if _framework_illustrative(programme):
        marks.insert(0, Mark("result[1]", _ILLUSTRATIVE))
        labels.append("the results framework (indicator names)")
    actuals = sum(1 for m in marks if "actual" in m.value.split())
    if actuals:
        labels.append(f"{actuals} measured values")
    if any(m.path.endswith("/baseline") or "target" in m.value.split() for m in marks):
        labels.append("indicator baselines and targets")
    title = f"Contribution to the results framework of {programme.title}"
    return (IatiResult("2", None, _plain(title), (), tuple(indicators)),), marks, labels


def _indicator_of(
    indicator: Indicator, series: list[Measurement], programme: Programme, path: str
) -> tuple[IatiIndicator, list[Mark]]:
    marks: list[Mark] = []
    measure = "2" if indicator.unit.strip() in ("%", "percent", "percentage") else "1"
    ascending = {Direction.INCREASE: "1", Direction.DECREASE: "0"}.get(indicator.direction)
    baselines: tuple[IatiValue, ...] = ()
    start = programme.period_start
    if indicator.baseline is not None:
        b = indicator.baseline
        baselines = (IatiValue(fmt_decimal(b.value), year=str(b.date.year), iso_date=b.date),)
        start = b.date
        if indicator.is_illustrative("baseline"):
            marks.append(Mark(f"{path}/baseline", _ILLUSTRATIVE))
    target_illustrative = indicator.illustrative or any(f.startswith("target") for f in indicator.illustrative_fields)
    periods: list[IatiPeriod] = []
    target = indicator.target
    for m in series:
        end = m.date
        targets: tuple[IatiValue, ...] = ()
        kinds = []  # the schema allows no attribute of another namespace on target and actual: the period says
        if target is not None and target.date == end:
            targets, target = (IatiValue(fmt_decimal(target.value)),), None
            if target_illustrative:
                kinds.append("target")
        if m.illustrative or "value" in m.illustrative_fields:
            kinds.append("actual")
        actual = IatiValue(fmt_decimal(m.value), comments=_plain(m.note) if m.note else ())
        periods.append(IatiPeriod(min(start, end), end, targets, (actual,)))
        if kinds:
            marks.append(Mark(f"{path}/period[{len(periods)}]", _ILLUSTRATIVE, " ".join(kinds)))
        start = end + timedelta(days=1)
    if target is not None:
        periods.append(IatiPeriod(min(start, target.date), target.date, (IatiValue(fmt_decimal(target.value)),)))
        if target_illustrative:
            marks.append(Mark(f"{path}/period[{len(periods)}]", _ILLUSTRATIVE, "target"))
    built = IatiIndicator(
        measure=measure,
        ascending=ascending,
        titles=_plain(indicator.name),
        descriptions=_plain(f"Unit: {indicator.unit}"),
        references=(("99", indicator.code, None),),
        baselines=baselines,
        periods=tuple(periods),
    )
    return built, marks
