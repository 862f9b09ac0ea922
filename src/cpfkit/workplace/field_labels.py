"""The English labels of the fields a record's history shows (``dates.approval`` → Approval).

These are the English originals; ``babel.cfg`` extracts them (the calls of
:func:`N_`) into the pages' catalogs, where they are translated.
"""

from __future__ import annotations

__all__ = ["FIELD_LABELS", "N_", "field_label"]


def N_(message: str) -> str:  # noqa: N802 - the catalogs' marker, as in cpfkit.web.i18n
    """Mark an English label for the catalogs; it is translated where it is shown."""
    return message


FIELD_LABELS: dict[str, str] = {
    "id": N_("Identifier"),
    "code": N_("Code"),
    "name": N_("Name"),
    "full_name": N_("Full name"),
    "title": N_("Title"),
    "description": N_("Description"),
    "programme": N_("Programme"),
    "programmes": N_("Programmes"),
    "project": N_("Operation"),
    "country": N_("Country"),
    "institution": N_("Institution"),
    "instrument": N_("Instrument"),
    "status": N_("Status"),
    "dates.concept": N_("Concept"),
    "dates.approval": N_("Approval"),
    "dates.effectiveness": N_("Effectiveness"),
    "dates.original_closing": N_("Original closing"),
    "dates.revised_closing": N_("Revised closing"),
    "commitment": N_("Commitment"),
    "commitment_usd": N_("Commitment in US$"),
    "financing": N_("Co-financing"),
    "sectors": N_("Sectors"),
    "locations": N_("Places"),
    "links": N_("Programmes counting it"),
    "priority_areas": N_("Priority areas"),
    "objectives": N_("Objectives"),
    "objective": N_("Objective"),
    "priority_area": N_("Priority area"),
    "implementing_agency": N_("Implementing agency"),
    "borrower": N_("Borrower"),
    "reference_class": N_("Reference class"),
    "type": N_("Type"),
    "date": N_("Date"),
    "amount": N_("Amount"),
    "amount_usd": N_("Amount in US$"),
    "fx_rate": N_("Exchange rate (US$ per unit)"),
    "fx_period": N_("Rate period"),
    "note": N_("Note"),
    "source": N_("Source"),
    "illustrative": N_("Illustrative"),
    "illustrative_fields": N_("Illustrative fields"),
    "kind": N_("Kind"),
    "rating": N_("Rating"),
    "category": N_("SORT category"),
    "factors": N_("Lens"),
    "mitigation": N_("Mitigation"),
    "owner": N_("Owner"),
    "opened": N_("Opened"),
    "closed": N_("Closed"),
    "closing_note": N_("Closing note"),
    "indicator": N_("Indicator"),
    "value": N_("Value"),
    "weight": N_("Weight"),
    "verified": N_("Verified"),
    "qualifier": N_("Bound"),
    "quote": N_("Quoted sentence"),
    "unit": N_("Unit"),
    "direction": N_("Direction"),
    "aggregation": N_("Aggregation"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "headline": N_("Headline"),
    "published": N_("Published value"),
    "overlaps": N_("Overlaps"),
    "position": N_("Position"),
    "cross_cutting": N_("Cross-cutting"),
    "period_start": N_("Period start"),
    "period_end": N_("Period end"),
    "fy_start_month": N_("First month of the fiscal year"),
    "envelope": N_("Envelope"),
    "ibrd_exposure_limit": N_("IBRD exposure limit"),
    "discount_rate": N_("Discount rate"),
    "mobilisation_attribution": N_("Attribution of mobilisation"),
    "role": N_("Role"),
    "active": N_("Active"),
    "demo": N_("Demo account"),
    "locale": N_("Language"),
    "password": N_("Password"),
    "user": N_("User"),
    "prefix": N_("Starts with"),
    "parent": N_("Made with token"),
    "created_at": N_("Created"),
    "expires_at": N_("Expires"),
    "last_used_at": N_("Last used"),
    "revoked_at": N_("Revoked"),
    "revoked_with": N_("Revoked with token"),
    "deleted_at": N_("Deleted"),
    "folder": N_("Folder"),
    "projects": N_("Operations"),
    "carried_over": N_("Operations carried over"),
    "transactions": N_("Transactions"),
    "measurements": N_("Measurements"),
    "ratings": N_("Ratings"),
    "sort_ratings": N_("SORT ratings"),
    "origin": N_("Origin"),
    "vocabulary": N_("Vocabulary"),
    "percentage": N_("Share, %"),
    "financier": N_("Financier"),
    "mechanism": N_("Mechanism"),
    "mobilised_by": N_("Mobilised by"),
    "co_mobilisers": N_("Co-mobilisers"),
    "region": N_("Region"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "fy": N_("Fiscal year"),
    "total": N_("Total"),
    "by_institution": N_("By institution"),
    "carried_from": N_("Carried over from"),
}
"""The label of each field the trail records (by its path; a nested field not listed takes its last part's)."""


def field_label(path: str) -> str:
    """The English label of a field (``dates.approval`` → ``Approval``).

    Examples:
        >>> field_label("dates.approval"), field_label("commitment_usd"), field_label("envelope.2027.total")
        ('Approval', 'Commitment in US$', 'Envelope 2027 total')
    """
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    head, _, rest = path.partition(".")
    if head in FIELD_LABELS and rest:
        return f"{FIELD_LABELS[head]} {rest.replace('.', ' ').replace('_', ' ')}"
    return path.replace(".", " ").replace("_", " ").capitalize()
