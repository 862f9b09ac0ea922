"""Types of the compiled walker (``_walk.pyx``)."""

from datetime import date
from typing import Any

from cpfkit.formats.iati.codes import FieldCodes
from cpfkit.model.iati import IatiActivity

LXML_BUILT: str

class GiveUp(Exception): ...

class Walker:
    def __init__(self, codes: FieldCodes, dates: dict[str, date]) -> None: ...
    def parse(self, element: Any) -> IatiActivity | None: ...
