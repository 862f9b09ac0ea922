"""Reading imported IATI activities back for export.

:func:`load_iati_activities` rebuilds the :class:`~cpfkit.model.iati.IatiActivity` of stored projects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from cpfkit.model.iati import (
    IatiActivity,
    IatiBudget,
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiPeriod,
    IatiResult,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
)
from cpfkit.store.iati.columns import IATI_ORIGIN, TRANSACTION_EXTRA
from cpfkit.store.tables import TransactionRow
from cpfkit.store.tables_iati import (
    IatiActivityRow,
    IatiBudgetRow,
    IatiIndicatorRow,
    IatiLocationRow,
    IatiOrgRow,
    IatiPeriodRow,
    IatiRecipientRow,
    IatiResultRow,
    IatiSectorRow,
)

__all__ = ["load_iati_activities"]


def _narr(value: Any) -> tuple[Narrative, ...]:
    return tuple((lang, text) for lang, text in (value or ()))


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _org(data: list[Any] | None) -> IatiOrg | None:
    if data is None:
        return None
    ref, kind, names, role, activity_id, crs, secondary = data
    return IatiOrg(ref, kind, _narr(names), role, activity_id, crs, secondary)


def _share(data: list[Any] | None) -> IatiShare | None:
    if data is None:
        return None
    code, vocabulary, uri, percentage, names = data
    return IatiShare(code, vocabulary, uri, _dec(percentage), _narr(names))


def _value(data: dict[str, Any]) -> IatiValue:
    return IatiValue(
        data.get("value"),
        _narr(data.get("comments")),
        tuple((name, value) for name, value in data.get("dimensions", ())),
        tuple(data.get("locations", ())),
        data.get("year"),
        _day(data.get("iso_date")),
    )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _transaction(row: Any) -> tuple[int, IatiTransaction]:
    fields = dict(zip(TRANSACTION_EXTRA, (_json(row.extra) or {})["iati"], strict=True))
    return fields["position"], IatiTransaction(
        type=fields["type"],
        date=row.date,
        value=_dec(row.amount) or Decimal(0),
        currency=row.currency,
        value_date=_day(fields["value_date"]),
        ref=fields["ref"],
        humanitarian=fields["humanitarian"],
        descriptions=_narr(fields["descriptions"]),
        provider=_org(fields["provider"]),
        receiver=_org(fields["receiver"]),
        disbursement_channel=fields["disbursement_channel"],
        sectors=tuple(s for s in (_share(x) for x in fields["sectors"]) if s is not None),
        recipient_country=_share(fields["recipient_country"]),
        recipient_region=_share(fields["recipient_region"]),
        flow_type=fields["flow_type"],
        finance_type=fields["finance_type"],
        aid_types=tuple((v, c) for v, c in fields["aid_types"]),
        tied_status=fields["tied_status"],
    )


def _by_project(rows: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.project_id].append(row)
    return out


def load_iati_activities(conn: Connection, project_ids: Sequence[str]) -> dict[str, IatiActivity]:
    """The stored IATI activities of these projects (those imported from IATI), by project id."""
    if not project_ids:
        return {}
    ids = list(project_ids)

    def rows(table: Any, *order: Any) -> dict[str, list[Any]]:
        return _by_project(conn.execute(select(table).where(table.c.project_id.in_(ids)).order_by(*order)).all())

    acts = {r.project_id: r for r in conn.execute(select(IatiActivityRow).where(IatiActivityRow.project_id.in_(ids)))}
    if not acts:
        return {}
    orgs = rows(IatiOrgRow.__table__, IatiOrgRow.position)
    recipients = rows(IatiRecipientRow.__table__, IatiRecipientRow.kind, IatiRecipientRow.position)
    sectors = rows(IatiSectorRow.__table__, IatiSectorRow.position)
    locations = rows(IatiLocationRow.__table__, IatiLocationRow.position)
    budgets = rows(IatiBudgetRow.__table__, IatiBudgetRow.position)
    results = rows(IatiResultRow.__table__, IatiResultRow.result_pos)
    indicators = rows(IatiIndicatorRow.__table__, IatiIndicatorRow.result_pos, IatiIndicatorRow.indicator_pos)
    periods = rows(
        IatiPeriodRow.__table__, IatiPeriodRow.result_pos, IatiPeriodRow.indicator_pos, IatiPeriodRow.period_pos
    )
    txs: dict[str, list[tuple[int, IatiTransaction]]] = defaultdict(list)
    for tx in conn.execute(
        select(TransactionRow).where(
            TransactionRow.project_id.in_(list(acts)),
            TransactionRow.origin == IATI_ORIGIN,
            TransactionRow.deleted_at.is_(None),
        )
    ):
        txs[tx.project_id].append(_transaction(tx))
    out: dict[str, IatiActivity] = {}
    for pid, a in acts.items():
        by_indicator: dict[tuple[int, int], list[IatiPeriod]] = defaultdict(list)
        for p in periods.get(pid, ()):
            by_indicator[(p.result_pos, p.indicator_pos)].append(
                IatiPeriod(
                    p.period_start,
                    p.period_end,
                    tuple(_value(v) for v in _json(p.targets)),
                    tuple(_value(v) for v in _json(p.actuals)),
                )
            )
        by_result: dict[int, list[IatiIndicator]] = defaultdict(list)
        for i in indicators.get(pid, ()):
            by_result[i.result_pos].append(
                IatiIndicator(
                    measure=i.measure,
                    ascending=i.ascending,
                    aggregation_status=i.aggregation_status,
                    titles=_narr(_json(i.titles)),
                    descriptions=_narr(_json(i.descriptions)),
                    references=tuple((v, c, u) for v, c, u in _json(i.references)),
                    baselines=tuple(_value(v) for v in _json(i.baselines)),
                    periods=tuple(by_indicator[(i.result_pos, i.indicator_pos)]),
                )
            )
        rec = recipients.get(pid, [])
        out[pid] = IatiActivity(
            identifier=pid,
            reporting_org=IatiOrg(
                a.reporting_org_ref,
                a.reporting_org_type,
                _narr(_json(a.reporting_org_names)),
                secondary_reporter=a.reporting_org_secondary,
            ),
            lang=a.lang,
            default_currency=a.default_currency,
            hierarchy=a.hierarchy,
            last_updated=a.last_updated,
            humanitarian=a.humanitarian,
            titles=_narr(_json(a.titles)),
            descriptions=tuple((kind, _narr(n)) for kind, n in _json(a.descriptions)),
            participating_orgs=tuple(
                IatiOrg(o.ref, o.type, _narr(_json(o.names)), o.role, o.activity_id, o.crs_channel_code)
                for o in orgs.get(pid, ())
            ),
            status=a.status,
            dates=tuple((kind, date.fromisoformat(on)) for kind, on in _json(a.dates)),
            scope=a.scope,
            recipient_countries=tuple(_share_row(r) for r in rec if r.kind == "country"),
            recipient_regions=tuple(_share_row(r) for r in rec if r.kind == "region"),
            sectors=tuple(_share_row(s) for s in sectors.get(pid, ())),
            locations=tuple(
                IatiLocation(
                    ref=loc.ref,
                    reach=loc.reach,
                    ids=tuple((v, c) for v, c in _json(loc.ids)),
                    names=_narr(_json(loc.names)),
                    descriptions=_narr(_json(loc.descriptions)),
                    activity_descriptions=_narr(_json(loc.activity_descriptions)),
                    administrative=tuple((v, lv, c) for v, lv, c in _json(loc.administrative)),
                    lat=_dec(loc.lat),
                    lon=_dec(loc.lon),
                    exactness=loc.exactness,
                    location_class=loc.location_class,
                    feature_designation=loc.feature_designation,
                )
                for loc in locations.get(pid, ())
            ),
            collaboration_type=a.collaboration_type,
            default_flow_type=a.default_flow_type,
            default_finance_type=a.default_finance_type,
            default_aid_types=tuple((v, c) for v, c in _json(a.default_aid_types)),
            default_tied_status=a.default_tied_status,
            budgets=tuple(
                IatiBudget(
                    b.type,
                    b.status,
                    b.period_start,
                    b.period_end,
                    _dec(b.value) or Decimal(0),
                    b.currency,
                    b.value_date,
                )
                for b in budgets.get(pid, ())
            ),
            transactions=tuple(tx for _, tx in sorted(txs.get(pid, ()), key=lambda item: item[0])),
            related=tuple((kind, ref) for kind, ref in _json(a.related)),
            results=tuple(
                IatiResult(
                    r.type,
                    r.aggregation_status,
                    _narr(_json(r.titles)),
                    _narr(_json(r.descriptions)),
                    tuple(by_result[r.result_pos]),
                )
                for r in results.get(pid, ())
            ),
        )
    return out


def _share_row(row: Any) -> IatiShare:
    return IatiShare(row.code, row.vocabulary, row.vocabulary_uri, _dec(row.percentage), _narr(_json(row.names)))
