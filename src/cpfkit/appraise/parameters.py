"""The appraisal parameters (:mod:`cpfkit.reference.appraisal`) in a reader's words: names and descriptions.

The parameters are reference data named by their codes (``discount_rate``); a report names each one by its
label here and describes it by its description, both marked for the catalogs, so that each reads in the
report's language.  The descriptions are those of ``reference/appraisal/parameters.yaml`` word for word (a
test keeps them the same): a report looks the file's text up in the catalogs.
"""

from __future__ import annotations

from cpfkit.language.catalogs import N_

__all__ = ["DESCRIPTIONS", "LABELS"]

LABELS: dict[str, str] = {
    "discount_rate": N_("discount rate"),
    "discount_rate_floor": N_("lowest discount rate"),
    "discount_rate_cap": N_("highest discount rate"),
    "non_work_time_share": N_("value of non-work time"),
    "generated_traffic_factor": N_("generated traffic factor"),
    "cost_increase": N_("cost increase"),
    "benefit_decrease": N_("benefit decrease"),
    "delays": N_("delays"),
    "eirr_lower": N_("lowest rate searched for the EIRR"),
    "eirr_upper": N_("highest rate searched for the EIRR"),
}
"""Each parameter's name for a reader, by its code (files and the JSON use the code)."""

DESCRIPTIONS = (
    N_("Real social discount rate used for NPV, BCR and switching values when the programme sets none."),
    N_("Lowest rate the growth rule (2 × growth) may give."),
    N_("Highest rate the growth rule (2 × growth) may give."),
    N_("Value of non-work travel time as a share of working time, used when a purpose has no value of its own."),
    N_(
        "Share of the per-trip saving credited to each generated trip; a generated trip earns this share "
        "instead of the full saving, never on top of it."
    ),
    N_("Cost increase of the standard sensitivity test."),
    N_("Benefit decrease of the standard sensitivity test."),
    N_("Delays of the benefit period (and the operating costs and residual value with it) tested."),
    N_("Lowest rate at which the EIRR search looks for roots."),
    N_("Highest rate at which the EIRR search looks for roots."),
)
"""The descriptions of ``parameters.yaml``, word for word, marked for the catalogs."""
