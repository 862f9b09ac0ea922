"""The plan's messages and the value of its constraints as messages of the catalogs, for any reader's language.

The plan says what it says as codes with parameters (:mod:`cpfkit.plan.messages`); each code has one
message here, a whole sentence with placeholders whose values are typed (money in US$ millions, shares,
fiscal years, dates) so that :func:`cpfkit.language.message.render` writes them the reader's way.  A code
this module does not know keeps the plan's English text, so that a new message is never lost, only
untranslated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.language.catalogs import N_
from cpfkit.language.message import FiscalYear, Message, Millions, Param, Share
from cpfkit.plan.messages import PlanMessage
from cpfkit.plan.report_values import DualValue

__all__ = ["constraint_message", "dual_message", "plan_message"]

_MONEY_KINDS = ("envelope", "institution", "ibrd_exposure")


def _decimal(value: object) -> Decimal:
    return Decimal(str(value))


def _millions(value: object) -> Millions:
    """US$ millions with one decimal."""
    return Millions(_decimal(value), 1)


def _fine_share(value: object) -> Share:
    """A small share with up to two decimals (``0.05%``)."""
    return Share(_decimal(value), 2)


def _outcome(m: PlanMessage) -> Message | None:
    p = m.params
    gap = p.get("gap")
    if m.code == "optimal":
        if gap:
            return Message(N_("Optimal plan, proven within %(gap)s of the best possible."), {"gap": _fine_share(gap)})
        return Message(N_("Optimal plan."))
    if m.code == "time_limit":
        if gap:
            return Message(
                N_("Plan found before the time limit, proven within %(gap)s of the best possible."),
                {"gap": _fine_share(gap)},
            )
        return Message(N_("Plan found before the time limit."))
    if m.code == "infeasible":
        return Message(N_("No plan meets every constraint."))
    if m.code == "no_solution":
        return Message(N_("The solver found no plan within the time limit."))
    if m.code == "no_candidates":
        return Message(
            N_("Nothing to plan: no pipeline operation is a candidate on %(day)s."),
            {"day": date.fromisoformat(str(p["as_of"]))},
        )
    if m.code == "nothing_to_choose":
        return Message(
            N_(
                "Nothing to choose: every candidate worth financing fits within the envelope and the constraints "
                "in its best fiscal year, so the plan finances them all (financed: %(financed)s, candidates: "
                "%(candidates)s). No trade-off was made."
            ),
            {"financed": str(p["financed"]), "candidates": str(p["candidates"])},
        )
    return None


def plan_message(m: PlanMessage) -> Message:
    """One message of the plan, to be written in the reader's language."""
    outcome = _outcome(m)
    if outcome is not None:
        return outcome
    p = m.params
    if m.code == "existing_exceeds_envelope":
        return Message(
            N_(
                "%(fy)s: commitments already approved (US$%(existing)s million) exceed the year's envelope "
                "(US$%(envelope)s million) by US$%(excess)s million; the plan has no room left in that year's "
                "envelope."
            ),
            {
                "fy": FiscalYear(int(str(p["fy"]))),
                "existing": _millions(p["existing_usd"]),
                "envelope": _millions(p["envelope_usd"]),
                "excess": _millions(p["excess_usd"]),
            },
        )
    if m.code == "existing_exceeds_share":
        return Message(
            N_(
                "%(fy)s: %(institution)s commitments already approved (US$%(existing)s million) exceed the share of "
                "%(institution)s in the year's envelope (US$%(share)s million) by US$%(excess)s million; the plan "
                "has no room for new %(institution)s operations that year."
            ),
            {
                "fy": FiscalYear(int(str(p["fy"]))),
                "institution": str(p["institution"]),
                "existing": _millions(p["existing_usd"]),
                "share": _millions(p["share_usd"]),
                "excess": _millions(p["excess_usd"]),
            },
        )
    if m.code == "duals_lp_relaxation":
        return Message(
            N_(
                "These prices come from the continuous (LP) relaxation of the plan, in which operations could be "
                "financed in fractions, not from the plan itself, which finances whole operations: they show where "
                "money is scarce, not what another US$100 million would buy. The objective counts progress towards "
                "the indicator targets: 1.0 is one indicator's whole baseline-to-target change."
            )
        )
    if m.code == "duals_nothing_to_buy":
        return Message(
            N_(
                "These prices come from the continuous (LP) relaxation of the plan, in which operations could be "
                "financed in fractions. Every candidate worth financing is already in the plan, so more money would "
                "buy nothing now, whatever a price says."
            )
        )
    return Message(m.text)


def constraint_message(d: DualValue) -> Message:
    """A money constraint's name (others keep the plan's description)."""
    if d.kind == "envelope" and d.fy is not None:
        return Message(N_("envelope of %(fy)s"), {"fy": FiscalYear(d.fy)})
    if d.kind == "institution" and d.fy is not None and d.institution is not None:
        return Message(N_("%(institution)s envelope of %(fy)s"), {"institution": d.institution, "fy": FiscalYear(d.fy)})
    if d.kind == "ibrd_exposure":
        return Message(N_("IBRD exposure limit"))
    return Message(d.description)


def dual_message(d: DualValue, *, nothing_to_choose: bool = False) -> Message:
    """What a binding constraint is worth, in plain words that say where the figure comes from.

    The gain is a share of one indicator's whole baseline-to-target change (the
    objective's unit).  A gain from re-solving the plan with the money is what
    the plan of whole operations would gain; otherwise the figure is the shadow
    price of the continuous (LP) relaxation and the sentence says so.  With
    ``nothing_to_choose`` every candidate worth financing is already in the plan,
    so a shadow price buys nothing and the sentence says that too.
    """
    what = constraint_message(d)
    money = d.kind in _MONEY_KINDS
    lp = d.value_per_100m
    resolved = d.resolved_gain_per_100m
    if money and resolved is not None and resolved > 0:
        return Message(
            N_(
                "Re-solved with another US$100 million for the %(what)s, the plan would add progress worth about "
                "%(gain)s of one indicator's baseline-to-target change."
            ),
            {"what": what, "gain": Share(_decimal(resolved))},
        )
    if money and lp is not None and lp > 0:
        gain: dict[str, Param] = {"what": what, "gain": Share(_decimal(lp))}
        if nothing_to_choose or resolved is not None:
            return Message(
                N_(
                    "In the plan's continuous (LP) relaxation another US$100 million for the %(what)s is priced at "
                    "about %(gain)s of one indicator's baseline-to-target change, but the plan of whole operations "
                    "would buy nothing more with it now."
                ),
                gain,
            )
        return Message(
            N_(
                "In the plan's continuous (LP) relaxation, where operations could be financed in fractions, another "
                "US$100 million for the %(what)s would add progress worth about %(gain)s of one indicator's "
                "baseline-to-target change; the plan of whole operations may gain more or less."
            ),
            gain,
        )
    if money:
        return Message(
            N_(
                "The %(what)s is used up (US$%(used)s million of %(room)s million), "
                "but more room would not improve the plan."
            ),
            {
                "what": what,
                "used": Millions(_decimal(d.used_usd), 0) if d.used_usd is not None else "—",
                "room": Millions(_decimal(d.room_usd), 0) if d.room_usd is not None else "—",
            },
        )
    if lp is not None and lp != 0:
        return Message(
            N_(
                "The constraint “%(what)s” binds: in the plan's continuous (LP) relaxation, relaxing it by US$100 "
                "million would change the objective by about %(gain)s of one indicator's baseline-to-target change."
            ),
            {"what": what, "gain": Share(_decimal(lp))},
        )
    return Message(N_("The constraint “%(what)s” binds, at no measurable cost to the objective."), {"what": what})
