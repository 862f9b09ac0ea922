"""The plan's messages and the value of its constraints, as sentences in the reader's language.

The plan says what it says as codes with parameters (:mod:`cpfkit.plan.messages`);
each code has one catalog message here, whole sentences with placeholders, and
the numbers go through the pages' filters so that they follow the locale.  A
code this module does not know shows the plan's English text, so that a new
message is never lost, only untranslated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.language import formatting
from cpfkit.plan.messages import PlanMessage
from cpfkit.plan.report import DualValue
from cpfkit.web import i18n
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import day, fy, millions, percent

__all__ = ["constraint_name", "dual_sentence", "message_sentence"]

_MONEY_KINDS = ("envelope", "institution", "ibrd_exposure")


def _m(value: object) -> str:
    """US$ millions with one decimal, in the reader's locale."""
    return millions(Decimal(str(value)), 1)


def _fine_percent(value: object) -> str:
    """A small share with up to two decimals (``0.05%``), in the reader's locale."""
    return formatting.percent(Decimal(str(value)), i18n.current_locale.get(), 2)


def _outcome(m: PlanMessage) -> str | None:
    p = m.params
    gap = p.get("gap")
    if m.code == "optimal":
        if gap:
            return _("Optimal plan, proven within %(gap)s of the best possible.") % {"gap": _fine_percent(gap)}
        return _("Optimal plan.")
    if m.code == "time_limit":
        if gap:
            return _("Plan found before the time limit, proven within %(gap)s of the best possible.") % {
                "gap": _fine_percent(gap)
            }
        return _("Plan found before the time limit.")
    if m.code == "infeasible":
        return _("No plan meets every constraint.")
    if m.code == "no_solution":
        return _("The solver found no plan within the time limit.")
    if m.code == "no_candidates":
        return _("Nothing to plan: no pipeline operation is a candidate on %(day)s.") % {
            "day": day(date.fromisoformat(str(p["as_of"])))
        }
    if m.code == "nothing_to_choose":
        return _(
            "Nothing to choose: every candidate worth financing fits within the envelope and the constraints "
            "in its best fiscal year, so the plan finances them all (financed: %(financed)s, candidates: "
            "%(candidates)s). No trade-off was made."
        ) % {"financed": p["financed"], "candidates": p["candidates"]}
    return None


def message_sentence(m: PlanMessage) -> str:
    """One message of the plan as a sentence in the reader's language."""
    outcome = _outcome(m)
    if outcome is not None:
        return outcome
    p = m.params
    if m.code == "existing_exceeds_envelope":
        return _(
            "%(fy)s: commitments already approved (US$%(existing)s million) exceed the year's envelope "
            "(US$%(envelope)s million) by US$%(excess)s million; the plan has no room left in that year's envelope."
        ) % {
            "fy": fy(int(str(p["fy"]))),
            "existing": _m(p["existing_usd"]),
            "envelope": _m(p["envelope_usd"]),
            "excess": _m(p["excess_usd"]),
        }
    if m.code == "existing_exceeds_share":
        return _(
            "%(fy)s: %(institution)s commitments already approved (US$%(existing)s million) exceed the share of "
            "%(institution)s in the year's envelope (US$%(share)s million) by US$%(excess)s million; the plan has "
            "no room for new %(institution)s operations that year."
        ) % {
            "fy": fy(int(str(p["fy"]))),
            "institution": p["institution"],
            "existing": _m(p["existing_usd"]),
            "share": _m(p["share_usd"]),
            "excess": _m(p["excess_usd"]),
        }
    if m.code == "duals_lp_relaxation":
        return _(
            "These prices come from the continuous (LP) relaxation of the plan, in which operations could be "
            "financed in fractions, not from the plan itself, which finances whole operations: they show where "
            "money is scarce, not what another US$100 million would buy. The objective counts progress towards "
            "the indicator targets: 1.0 is one indicator's whole baseline-to-target change."
        )
    if m.code == "duals_nothing_to_buy":
        return _(
            "These prices come from the continuous (LP) relaxation of the plan, in which operations could be "
            "financed in fractions. Every candidate worth financing is already in the plan, so more money would "
            "buy nothing now, whatever a price says."
        )
    return m.text


def constraint_name(d: DualValue) -> str:
    """A money constraint's name in the reader's language (others keep the plan's description)."""
    if d.kind == "envelope" and d.fy is not None:
        return _("envelope of %(fy)s") % {"fy": fy(d.fy)}
    if d.kind == "institution" and d.fy is not None and d.institution is not None:
        return _("%(institution)s envelope of %(fy)s") % {"institution": d.institution, "fy": fy(d.fy)}
    if d.kind == "ibrd_exposure":
        return _("IBRD exposure limit")
    return d.description


def dual_sentence(d: DualValue, *, nothing_to_choose: bool = False) -> str:
    """What a binding constraint is worth, in plain words that say where the figure comes from.

    The gain is a share of one indicator's whole baseline-to-target change (the
    objective's unit).  A gain from re-solving the plan with the money is what
    the plan of whole operations would gain; otherwise the figure is the shadow
    price of the continuous (LP) relaxation and the sentence says so.  With
    ``nothing_to_choose`` every candidate worth financing is already in the plan,
    so a shadow price buys nothing and the sentence says that too.
    """
    what = constraint_name(d)
    money = d.kind in _MONEY_KINDS
    lp = d.value_per_100m
    resolved = d.resolved_gain_per_100m
    if money and resolved is not None and resolved > 0:
        return _(
            "Re-solved with another US$100 million for the %(what)s, the plan would add progress worth about "
            "%(gain)s of one indicator's baseline-to-target change."
        ) % {"what": what, "gain": percent(resolved)}
    if money and lp is not None and lp > 0:
        if nothing_to_choose or resolved is not None:
            return _(
                "In the plan's continuous (LP) relaxation another US$100 million for the %(what)s is priced at "
                "about %(gain)s of one indicator's baseline-to-target change, but the plan of whole operations "
                "would buy nothing more with it now."
            ) % {"what": what, "gain": percent(lp)}
        return _(
            "In the plan's continuous (LP) relaxation, where operations could be financed in fractions, another "
            "US$100 million for the %(what)s would add progress worth about %(gain)s of one indicator's "
            "baseline-to-target change; the plan of whole operations may gain more or less."
        ) % {"what": what, "gain": percent(lp)}
    if money:
        return _(
            "The %(what)s is used up (US$%(used)s million of %(room)s million), "
            "but more room would not improve the plan."
        ) % {"what": what, "used": millions(d.used_usd, 0), "room": millions(d.room_usd, 0)}
    if lp is not None and lp != 0:
        return _(
            "The constraint “%(what)s” binds: in the plan's continuous (LP) relaxation, relaxing it by US$100 "
            "million would change the objective by about %(gain)s of one indicator's baseline-to-target change."
        ) % {"what": what, "gain": percent(lp)}
    return _("The constraint “%(what)s” binds, at no measurable cost to the objective.") % {"what": what}
