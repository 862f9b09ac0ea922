"""Private capital mobilised by a programme's operations (MDB joint methodology, ``docs/portfolio.md``).

Rules (choices in ``docs/definitions.md``, "Private capital mobilised"):

* the programme's **own** operations approved by the as-of date count
  (operations carried over were counted by the programme that approved them);
  those still in the pipeline are shown apart as expected mobilisation;
* **private direct** (PDM) lines count for the institution named in
  ``mobilised_by`` (the one whose active role — mandate, B-loan, guarantee —
  brought the financier in), else the operation's own institution; **private
  indirect** (PIM) lines count for the operation's institution; public
  co-financing is reported apart and is never private mobilisation;
* a PDM line that names **co-mobilisers** (other MDBs whose active role also
  brought the financier in, each a public line of the operation) is
  attributed **pro rata** by default: the institution's share is the
  operation's own commitment over the sum of it and the co-mobilisers'
  commitments; with attribution ``full`` the institution is credited with all
  of it;
* a line recorded on two operations (same financier, kind and amount) counts
  once, on the earlier operation, and is listed as a repeat;
* the **ratio** is PDM / own-account commitments (approved amounts of the same
  operations, advisory work excluded); ``ratio_with_indirect`` adds PIM.

The lines come from the portfolio engine's DuckDB tables (``sql/mobilisation.sql``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit.metrics.mobilisation_attribution import attributed_share, attributed_usd
from cpfkit.metrics.mobilisation_lines import MobilisationLine, mobilisation_lines
from cpfkit.metrics.portfolio.numbers import ratio
from cpfkit.metrics.portfolio.queries import sql
from cpfkit.model import FinancingKind, Institution, MobilisationAttribution
from cpfkit.model.base import Num

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb

__all__ = [
    "InstitutionMobilisation",
    "Mobilisation",
    "MobilisationLine",
    "attributed_share",
    "attributed_usd",
    "mobilisation",
]

_ZERO = Decimal(0)
_LABELS = {
    "IBRD": "IBRD (loans and guarantees)",
    "IFC": "IFC (B-loans, parallel loans, own-account investments)",
    "MIGA": "MIGA (guarantees and political risk insurance)",
}


@dataclass(frozen=True)
class InstitutionMobilisation:
    """One institution's own-account commitments and the private capital it mobilised."""

    institution: str
    label: str
    own_account_usd: Num
    operations: int
    private_direct_usd: Num
    private_indirect_usd: Num
    ratio: Num | None


@dataclass(frozen=True)
class Mobilisation:
    """Private capital mobilised by a programme's approved operations, and what the pipeline expects.

    ``attributed_to_co_mobilisers_usd`` is the private direct finance credited to other MDBs that mobilised
    it together with a WBG institution (pro-rata attribution); it is in no figure of the Group.
    """

    as_of: date
    attribution: str
    private_direct_usd: Num
    private_indirect_usd: Num
    total_private_usd: Num
    public_cofinancing_usd: Num
    own_account_usd: Num
    ratio: Num | None
    ratio_with_indirect: Num | None
    by_institution: dict[str, InstitutionMobilisation]
    pipeline_private_direct_usd: Num
    pipeline_private_indirect_usd: Num
    attributed_to_co_mobilisers_usd: Num
    lines: tuple[MobilisationLine, ...]
    repeats: tuple[MobilisationLine, ...]
    illustrative: bool
    explanation: str


def mobilisation(
    con: duckdb.DuckDBPyConnection,
    programme: str,
    as_of: date,
    attribution: MobilisationAttribution | str = MobilisationAttribution.PRO_RATA,
) -> Mobilisation:
    """Private direct and indirect mobilisation, by institution, and the mobilisation ratio.

    Args:
        con: a DuckDB connection holding the portfolio engine's tables.
        programme: the programme's id.
        as_of: operations approved on or before this date count as approved.
        attribution: how a private direct line shared with co-mobilisers is attributed (``pro-rata``: in
            proportion to the commitments; ``full``: all of it to the WBG institution).
    """
    attribution = MobilisationAttribution(attribution)
    params = {"programme": programme, "as_of": as_of}
    lines = mobilisation_lines(con, programme, as_of, attribution)
    own = {inst: (Decimal(amount), int(n)) for inst, amount, n in con.execute(sql("own_account"), params).fetchall()}
    counted = [x for x in lines if x.counted and x.approved]
    pdm: dict[str, Decimal] = {}
    pim: dict[str, Decimal] = {}
    public = _ZERO
    for x in counted:
        if x.kind == FinancingKind.PRIVATE_DIRECT.value and x.attributed_to:
            pdm[x.attributed_to] = pdm.get(x.attributed_to, _ZERO) + x.attributed_usd
        elif x.kind == FinancingKind.PRIVATE_INDIRECT.value and x.attributed_to:
            pim[x.attributed_to] = pim.get(x.attributed_to, _ZERO) + x.attributed_usd
        elif x.kind == FinancingKind.PUBLIC.value:
            public += x.amount_usd
    order = [i.value for i in Institution]
    institutions = sorted(set(own) | set(pdm) | set(pim), key=lambda i: order.index(i) if i in order else len(order))
    by_institution = {
        inst: InstitutionMobilisation(
            institution=inst,
            label=_LABELS.get(inst, inst),
            own_account_usd=own.get(inst, (_ZERO, 0))[0],
            operations=own.get(inst, (_ZERO, 0))[1],
            private_direct_usd=pdm.get(inst, _ZERO),
            private_indirect_usd=pim.get(inst, _ZERO),
            ratio=ratio(pdm.get(inst, _ZERO), own.get(inst, (_ZERO, 0))[0]),
        )
        for inst in institutions
    }
    total_pdm = sum(pdm.values(), _ZERO)
    total_pim = sum(pim.values(), _ZERO)
    total_own = sum((v[0] for v in own.values()), _ZERO)
    shared = [x for x in counted if x.kind == FinancingKind.PRIVATE_DIRECT.value and x.co_mobilisers]
    to_others = sum((x.amount_usd - x.attributed_usd for x in shared), _ZERO)
    pipeline = [x for x in lines if x.counted and not x.approved]
    result_ratio = ratio(total_pdm, total_own)
    return Mobilisation(
        as_of=as_of,
        attribution=attribution.value,
        private_direct_usd=total_pdm,
        private_indirect_usd=total_pim,
        total_private_usd=total_pdm + total_pim,
        public_cofinancing_usd=public,
        own_account_usd=total_own,
        ratio=result_ratio,
        ratio_with_indirect=ratio(total_pdm + total_pim, total_own),
        by_institution=by_institution,
        pipeline_private_direct_usd=sum(
            (x.attributed_usd for x in pipeline if x.kind == FinancingKind.PRIVATE_DIRECT.value), _ZERO
        ),
        pipeline_private_indirect_usd=sum(
            (x.attributed_usd for x in pipeline if x.kind == FinancingKind.PRIVATE_INDIRECT.value), _ZERO
        ),
        attributed_to_co_mobilisers_usd=to_others,
        lines=tuple(lines),
        repeats=tuple(x for x in lines if not x.counted),
        illustrative=any(x.illustrative for x in counted if x.kind != FinancingKind.PUBLIC.value),
        explanation=_explanation(as_of, attribution, total_pdm, total_pim, total_own, public, result_ratio, shared),
    )


def _explanation(
    as_of: date,
    attribution: MobilisationAttribution,
    pdm: Decimal,
    pim: Decimal,
    own: Decimal,
    public: Decimal,
    result: Decimal | None,
    shared: list[MobilisationLine],
) -> str:
    from cpfkit.metrics.portfolio.evidence_text import usd  # its module loads NumPy: not to declare the records

    text = (
        f"Operations approved by {as_of} and defined by this programme: private direct {usd(pdm)} "
        f"+ private indirect {usd(pim)} = {usd(pdm + pim)}; ratio = private direct / own-account commitments = "
        f"{usd(pdm)} / {usd(own)}"
        + (f" = {result:.1%}" if result is not None else " (no own-account commitments)")
        + f". Public co-financing ({usd(public)}) is not private mobilisation."
    )
    for x in shared:
        others = ", ".join(x.co_mobilisers)
        if attribution is MobilisationAttribution.PRO_RATA:
            text += (
                f" {x.project}: {usd(x.amount_usd)} mobilised together with {others} ({usd(x.co_mobilisers_usd)}), "
                f"attributed pro rata: {x.attributed_to} {usd(x.attributed_usd)} ({x.share:.1%})."
            )
        else:
            text += (
                f" {x.project}: {usd(x.amount_usd)} mobilised together with {others} ({usd(x.co_mobilisers_usd)}), "
                f"all of it credited to {x.attributed_to} (attribution full)."
            )
    return text
