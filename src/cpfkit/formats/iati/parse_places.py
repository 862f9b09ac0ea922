"""The ``<location>`` part of the IATI activity parser: names, reach, identifiers and the point."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpfkit.formats.iati.limits import shown
from cpfkit.formats.iati.parse_base import Element
from cpfkit.formats.iati.parse_results import ResultsParser
from cpfkit.model.iati import (
    IatiLocation,
    Narrative,
)

__all__ = ["PlacesParser"]


class PlacesParser(ResultsParser):
    """Reads the locations of an activity (a part of :class:`~cpfkit.formats.iati.parse.ActivityParser`)."""

    def _location(self, e: Element, acc: dict[str, Any]) -> None:
        reach = exactness = location_class = feature = None
        names: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        activity_descriptions: tuple[Narrative, ...] = ()
        ids: list[tuple[str | None, str | None]] = []
        administrative: list[tuple[str | None, str | None, str | None]] = []
        lat = lon = None
        for c in e:
            tag = c.tag
            if tag == "name":
                names = self._narratives(c, "location/name")
            elif tag == "point":
                lat, lon = self._point(c)
            elif tag == "location-id":
                vocabulary = self._opt_code(
                    "location-id/@vocabulary", c.get("vocabulary"), c, "location/location-id/@vocabulary"
                )
                ids.append((vocabulary, c.get("code")))
            elif tag == "administrative":
                vocabulary = self._opt_code(
                    "administrative/@vocabulary", c.get("vocabulary"), c, "location/administrative/@vocabulary"
                )
                administrative.append((vocabulary, c.get("level"), c.get("code")))
            elif tag == "description":
                descriptions = self._narratives(c, "location/description")
            elif tag == "activity-description":
                activity_descriptions = self._narratives(c, "location/activity-description")
            elif tag == "location-reach":
                reach = self._element_code("location-reach/@code", c.get("code"), c, "location/location-reach/@code")
            elif tag == "exactness":
                exactness = self._element_code("exactness/@code", c.get("code"), c, "location/exactness/@code")
            elif tag == "location-class":
                location_class = self._element_code(
                    "location-class/@code", c.get("code"), c, "location/location-class/@code"
                )
            elif tag == "feature-designation":
                feature = self._element_code(
                    "feature-designation/@code", c.get("code"), c, "location/feature-designation/@code"
                )
        acc["locations"].append(
            IatiLocation(
                ref=e.get("ref"),
                reach=reach,
                ids=tuple(ids),
                names=names,
                descriptions=descriptions,
                activity_descriptions=activity_descriptions,
                administrative=tuple(administrative),
                lat=lat,
                lon=lon,
                exactness=exactness,
                location_class=location_class,
                feature_designation=feature,
            )
        )

    def _point(self, e: Element) -> tuple[Decimal | None, Decimal | None]:
        pos = e.find("pos")
        if pos is None or not (pos.text or "").strip():
            return None, None
        parts = pos.text.split()
        if len(parts) != 2:
            self._fail(f"pos must be 'latitude longitude', not {shown(pos.text.strip())}", pos, "location/point/pos")
        lat = self._number(parts[0], pos, "location/point/pos")
        lon = self._number(parts[1], pos, "location/point/pos")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self._fail(f"coordinates out of range: {shown(pos.text.strip())}", pos, "location/point/pos")
        return lat, lon
