"""The glossary of figures: one label and one definition for each headline figure cpfkit shows.

A programme's money can be counted several ways on one date — the commitments
of the operations it defines, those approved within its fiscal years (what the
envelope counts), those of every operation it counts including the ones carried
over, the net commitment of the operations still active — and the counts of
operations likewise.  Each way is one :class:`Term` here, with the label every
screen shows for it (the command line's tables, the pages, the reports), the
definition a reader finds one hover or one footnote away, and the JSON keys
that carry it in ``--json`` and the API.  A label names one concept only: two
different values for the same programme and date never share a label.

The labels and definitions are the English originals; ``babel.cfg`` extracts
them (the calls of :func:`N_`) into the pages' catalogs, where they are
translated.  ``docs/definitions.md`` ("Glossary of figures") lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GLOSSARY", "Term", "term"]


def N_(message: str) -> str:  # noqa: N802 - the catalogs' marker, as in cpfkit.web.i18n
    """Mark an English label or definition for the catalogs; it is translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Term:
    """One headline figure: its label, its definition and the JSON keys that carry it.

    Attributes:
        key: Stable identifier of the concept (used by pages and tests).
        label: The words every screen shows for it (sentence case).
        definition: One sentence saying what is counted.
        keys: The JSON keys that carry it (``--json`` and the API), as ``object.key``.
    """

    key: str
    label: str
    definition: str
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.label or not self.definition.endswith("."):
            raise ValueError(f"glossary term {self.key}: a label and a one-sentence definition are required")


_TERMS = (
    Term(
        "own_operations",
        N_("Own operations"),
        N_(
            "Operations the programme itself defines (not those carried over from another programme), "
            "approved on or before the date and neither dropped nor in the pipeline; every instrument, "
            "advisory work included."
        ),
        ("programme.own_operations", "clr.own_operations"),
    ),
    Term(
        "own_commitments",
        N_("Own commitments"),
        N_(
            "Board-approved commitments of the own operations, in US dollars at the approval date, "
            "before cancellations, whenever they were approved."
        ),
        ("programme.own_commitments_usd", "clr.own_commitments_usd"),
    ),
    Term(
        "carried_over",
        N_("Carried over"),
        N_("Operations approved under an earlier programme that this programme counts while they are under way."),
        ("programme.carried_count",),
    ),
    Term(
        "pipeline_operations",
        N_("Pipeline operations"),
        N_("Operations not yet approved on the date (status pipeline, or an approval date after it)."),
        ("programme.pipeline_count", "portfolio.total.pipeline_operations"),
    ),
    Term(
        "pipeline_amount",
        N_("Pipeline amount"),
        N_(
            "Planned commitments of the pipeline operations whose planned approval falls within the "
            "programme's fiscal years, in the year of that approval."
        ),
        ("envelope.pipeline_usd",),
    ),
    Term(
        "envelope",
        N_("Envelope"),
        N_("The commitments the programme plans over its fiscal years, as its data states them."),
        ("programme.envelope_usd", "envelope.envelope_usd"),
    ),
    Term(
        "approved_in_period",
        N_("Approved in the period"),
        N_(
            "Commitments approved from the programme's first fiscal year to the date by the institutions "
            "the envelope covers, at their Board-approved amount: what the envelope counts."
        ),
        ("envelope.committed_usd",),
    ),
    Term(
        "headroom",
        N_("Headroom"),
        N_("Envelope minus the commitments approved in the period; cancellations do not give headroom back."),
        ("envelope.headroom_usd",),
    ),
    Term(
        "portfolio_operations",
        N_("Operations in the portfolio"),
        N_(
            "Every operation the programme counts, its own and those carried over, approved on or before "
            "the date and not dropped, closed ones included."
        ),
        ("portfolio.total.operations",),
    ),
    Term(
        "portfolio_commitments",
        N_("Portfolio commitments"),
        N_("Board-approved commitments of the operations in the portfolio, before cancellations."),
        ("portfolio.total.commitments_usd",),
    ),
    Term(
        "active_operations",
        N_("Active operations"),
        N_(
            "Operations of the portfolio review on the date: approved, not closed, not fully cancelled, "
            "of the instruments the review covers (advisory work excluded), carried-over ones included."
        ),
        ("portfolio.indicators.active_projects",),
    ),
    Term(
        "active_net_commitment",
        N_("Net commitment of active operations"),
        N_("Commitments of the active operations less their cancellations, on the date."),
        ("portfolio.indicators.net_commitment_usd",),
    ),
)

GLOSSARY: dict[str, Term] = {t.key: t for t in _TERMS}
"""Every term by its key, in the order screens list them."""


def term(key: str) -> Term:
    """The term of a key.

    Raises:
        KeyError: No term has that key.

    Examples:
        >>> term("approved_in_period").label
        'Approved in the period'
    """
    return GLOSSARY[key]
