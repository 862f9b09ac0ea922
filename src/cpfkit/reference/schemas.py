"""The official IATI 2.03 activity schema, shipped with cpfkit and loaded offline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

__all__ = ["IATI_SCHEMA_DIR", "load_iati_schema"]

IATI_SCHEMA_DIR = Path(__file__).parent / "schemas" / "iati-2.03"


@cache
def load_iati_schema() -> etree.XMLSchema:
    """The IATI 2.03 ``iati-activities`` schema (``reference/schemas/iati-2.03``, see its SOURCE.md).

    Examples:
        >>> load_iati_schema().validate(etree.fromstring("<iati-activities version='2.03'/>"))
        False
    """
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA_DIR / "iati-activities-schema.xsd"), parser))
