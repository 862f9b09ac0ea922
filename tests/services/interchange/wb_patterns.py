"""World Bank Projects API records in the patterns real exports carry, written from the two real records.

The two records of ``tests/data/wb-projects`` are real (P129828 Ethiopia, IDA;
P144674 Tunisia, a trust-funded grant).  Real exports of the Projects API
also hold regional and multi-country operations (``countrycode`` ``3A``
Africa, ``1W`` World, ``4P`` Pacific Islands, ``5M`` Middle East and North
Africa, ``8S`` South Asia), the World Bank's own country codes (``GZ`` West
Bank and Gaza, ``ZR`` Democratic Republic of Congo, ``KV`` Kosovo, ``RY``
Republic of Yemen, ``YF``), lending instruments cpfkit does not know, closing
dates before approval, records that commit nothing, and slips in single
fields.  :func:`pattern_records` copies the real records and changes only the
fields each pattern is about, so every record is otherwise as the API gives
it.  Each entry says what the import must do with it: ``stored`` (with the
fields expected in the store), ``warned`` (stored, with a warning on the
named field) or ``skipped`` (with the field named).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).parents[2] / "data" / "wb-projects" / "world_bank_projects_less.json"


@dataclass(frozen=True)
class Pattern:
    """One record and what importing it must do."""

    record: dict[str, Any]
    outcome: str  # stored, warned or skipped
    fields: tuple[str, ...] = ()  # the fields of the warnings, or of the skip
    expect: dict[str, Any] = field(default_factory=dict)  # ProjectRow columns expected when stored


def real_records() -> list[dict[str, Any]]:
    """The two real records, as published."""
    records: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
    return records


def _like(base: dict[str, Any], pid: str, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(base)
    record["id"] = pid
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def pattern_records() -> list[Pattern]:
    """The real records, then one record per pattern (ids P9000xx), with what each must become."""
    eth, tun = real_records()
    unnamed = {"countryshortname": None, "country_namecode": None}
    out = [
        Pattern(eth, "stored", expect={"country": "ET", "region": None, "instrument": "IPF", "institution": "IDA"}),
        Pattern(tun, "stored", expect={"country": "TN", "region": None, "institution": "TF"}),
    ]
    for n, (code, name, iati) in enumerate(
        (
            ("3A", "Africa", "298"),
            ("1W", "World", "998"),
            ("4P", "Pacific Islands", "889"),
            ("5M", "Middle East and North Africa", "multi-country"),
            ("8S", "South Asia", "679"),
        )
    ):
        record = _like(eth, f"P9000{n:02d}", **unnamed, countrycode=code, countryname=name)
        out.append(Pattern(record, "stored", expect={"country": None, "region": iati}))
    for n, (code, iso) in enumerate((("GZ", "PS"), ("ZR", "CD"), ("KV", "XK"), ("RY", "YE"), ("YF", "RS"))):
        record = _like(eth, f"P9001{n:02d}", **unnamed, countrycode=code, countryname=None)
        out.append(Pattern(record, "stored", expect={"country": iso, "region": None}))
    out += [
        # a regional group known by its name, under a code cpfkit does not list: the name is the rule
        Pattern(
            _like(eth, "P900200", **unnamed, countrycode="7X", countryname="Western Balkans"),
            "stored",
            expect={"country": None, "region": "89"},
        ),
        # a code and a name cpfkit does not know: stored under the World Bank region the record names
        Pattern(
            _like(eth, "P900201", **unnamed, countrycode="9Q", countryname="Somewhere", regionname="Africa"),
            "warned",
            ("countrycode",),
            {"country": None, "region": "298"},
        ),
        Pattern(
            _like(eth, "P900202", lendinginstr="Special Guarantee Facility", lendinginstrtype="GU"),
            "warned",
            ("lendinginstr",),
            {"instrument": "other"},
        ),
        Pattern(
            _like(eth, "P900203", lendinginstr=None, lendinginstrtype=None),
            "warned",
            ("lendinginstr",),
            {"instrument": "other"},
        ),
        Pattern(
            _like(eth, "P900204", closingdate="2011-06-30T00:00:00Z"),
            "warned",
            ("closingdate",),
            {"original_closing_date": None},
        ),
        # commits nothing, and says its financing is neither IBRD nor IDA: trust-funded (a rule, no warning)
        Pattern(_like(tun, "P900205", grantamt=0, totalcommamt=0), "stored", expect={"institution": "TF"}),
        Pattern(
            _like(tun, "P900206", grantamt=0, totalcommamt=0, projectfinancialtype=None),
            "warned",
            ("projectfinancialtype",),
            {"institution": "other"},
        ),
        Pattern(
            _like(eth, "P900207", idacommamt="12x", totalcommamt=None),
            "warned",
            ("idacommamt",),
            {"institution": "IDA", "commitment": 0},
        ),
        Pattern(
            _like(eth, "P900208", sector1={"Name": "Primary education", "Percent": 40}),
            "warned",
            ("sector1.Percent",),
            {"country": "ET"},
        ),
        Pattern(_like(eth, "P900209", boardapprovaldate="12/11/2013"), "skipped", ("boardapprovaldate",)),
        Pattern(_like(eth, "", id=None), "skipped", ("id",)),
        Pattern(
            _like(
                eth,
                "P900210",
                ibrdcommamt=None,
                idacommamt=None,
                grantamt=None,
                totalamt=None,
                totalcommamt=None,
                lendprojectcost=None,
            ),
            "skipped",
            ("totalcommamt",),
        ),
        Pattern(_like(eth, "P900211", idacommamt=10**13 + 1), "skipped", ("idacommamt",)),
    ]
    return out
