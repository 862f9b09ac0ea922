"""Write a large, realistic IATI 2.03 activity file for the import benchmark (never committed).

The activities look like a development bank's and a bilateral donor's
published files: several reporting organisations (World Bank, IFC, a
bilateral donor, a UN agency), titles and descriptions in English, French
and Russian, participating organisations, one to three recipient countries
with percentages plus a region, sectors in two vocabularies, located sites
with coordinates, yearly budgets, many transactions of every common type in
four currencies (with provider and receiver organisations, negative
disbursements and reimbursements), and results with indicators, baselines
and quarterly periods; indented one element a line, as publishers' tools write.
Every code comes from the official codelists, so the file imports cleanly.
The content is deterministic for a given seed.

    python -m benchmarks.iati_generate /tmp/iati-200mb.xml 200
"""

from __future__ import annotations

import gzip
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from lxml import etree

__all__ = ["generate"]

_REPORTERS = [
    ("44000", "40", "World Bank", "Banque mondiale", "Всемирный банк", "44001"),
    ("44000", "40", "World Bank", "Banque mondiale", "Всемирный банк", "44002"),
    ("44004", "40", "International Finance Corporation", "Société financière internationale", "МФК", "44004"),
    ("GB-GOV-1", "10", "Foreign, Commonwealth and Development Office", "FCDO", "FCDO", "GB-GOV-1"),
    ("XM-DAC-41114", "40", "United Nations Development Programme", "PNUD", "ПРООН", "XM-DAC-41114"),
]
_COUNTRIES = ["KZ", "UZ", "KG", "TJ", "TM", "AZ", "GE", "AM", "MN", "AF"]
_REGIONS = ["619", "689", "798"]
_SECTORS = [
    ("21020", "210"),
    ("21030", "210"),
    ("31140", "311"),
    ("14021", "140"),
    ("23230", "232"),
    ("15110", "151"),
    ("11320", "113"),
    ("12220", "122"),
    ("25010", "250"),
    ("32130", "321"),
]
_CURRENCIES = ["USD", "USD", "EUR", "GBP", "KZT"]
_TX_TYPES = ["2", "3", "3", "3", "3", "4", "4", "1", "11", "7", "12", "5", "6"]
_WORDS = (
    "road irrigation water supply rehabilitation corridor energy efficiency schools teachers clinics "
    "farmers enterprises credit lines small and medium enterprises capacity building public finance "
    "management transparency resilience climate adaptation drainage canals villages households districts "
    "procurement safeguards monitoring evaluation training equipment works services consultants"
).split()
_FR = "projet de développement des infrastructures et des services publics dans la région".split()
_RU = "проект развития инфраструктуры и государственных услуг в регионе".split()


def _text(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def _org(rng: random.Random, tag: str, ref: str, kind: str, name: str, extra: str = "") -> str:
    return f'<{tag} ref="{ref}" type="{kind}"{extra}><narrative>{name}</narrative></{tag}>'


def _activity(rng: random.Random, n: int) -> str:
    ref, kind, name, name_fr, name_ru, funder = rng.choice(_REPORTERS)
    ident = f"{ref}-P{100000 + n}"
    start = date(2008, 1, 1) + timedelta(days=rng.randrange(0, 4800))
    end = start + timedelta(days=rng.randrange(900, 3000))
    status = "4" if end < date(2024, 1, 1) else "2"
    currency = rng.choice(_CURRENCIES)
    if start < date(2009, 6, 1) and currency == "KZT":
        currency = "USD"
    title = _text(rng, _WORDS, 8)
    parts = [
        f'<iati-activity xml:lang="en" default-currency="{currency}" last-updated-datetime="2024-05-01T10:00:00Z"'
        f' hierarchy="1">',
        f"<iati-identifier>{ident}</iati-identifier>",
        f'<reporting-org ref="{ref}" type="{kind}"><narrative>{name}</narrative>'
        f'<narrative xml:lang="fr">{name_fr}</narrative></reporting-org>',
        f'<title><narrative>{title}</narrative><narrative xml:lang="fr">{_text(rng, _FR, 8)}</narrative>'
        f'<narrative xml:lang="ru">{_text(rng, _RU, 8)}</narrative></title>',
        f'<description type="1"><narrative>{_text(rng, _WORDS, 120)}</narrative>'
        f'<narrative xml:lang="fr">{_text(rng, _FR, 80)}</narrative>'
        f'<narrative xml:lang="ru">{_text(rng, _RU, 80)}</narrative></description>',
        f'<description type="2"><narrative>{_text(rng, _WORDS, 40)}</narrative></description>',
        _org(rng, "participating-org", funder, "40", name, ' role="1"'),
        _org(rng, "participating-org", ref, kind, name, ' role="3"'),
        f'<participating-org role="4" type="10"><narrative>Ministry of {rng.choice(_WORDS).title()}</narrative>'
        f'<narrative xml:lang="ru">Министерство</narrative></participating-org>',
        f'<activity-status code="{status}"/>',
        f'<activity-date type="1" iso-date="{start.isoformat()}"/>',
        f'<activity-date type="2" iso-date="{(start + timedelta(days=20)).isoformat()}"/>',
        f'<activity-date type="3" iso-date="{end.isoformat()}"/>',
    ]
    if status == "4":
        parts.append(f'<activity-date type="4" iso-date="{end.isoformat()}"/>')
    parts.append('<activity-scope code="4"/>')
    countries = rng.sample(_COUNTRIES, rng.choice([1, 1, 1, 2, 3]))
    shares = _split(rng, len(countries))
    for country, share in zip(countries, shares, strict=True):
        parts.append(f'<recipient-country code="{country}" percentage="{share}"/>')
    for i in range(rng.randrange(1, 4)):
        lat = f"{rng.uniform(38, 52):.5f}"
        lon = f"{rng.uniform(50, 85):.5f}"
        parts.append(
            f'<location ref="{ident}-L{i}"><location-reach code="1"/>'
            f'<location-id vocabulary="G1" code="{1500000 + i}"/>'
            f"<name><narrative>{_text(rng, _WORDS, 3)}</narrative></name>"
            f'<administrative vocabulary="G1" level="1" code="{1520000 + i}"/>'
            f'<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>{lat} {lon}</pos></point>'
            f'<exactness code="1"/><location-class code="2"/><feature-designation code="PPL"/></location>'
        )
    sectors = rng.sample(_SECTORS, rng.choice([1, 2, 3]))
    shares = _split(rng, len(sectors))
    for (code, _), share in zip(sectors, shares, strict=True):
        parts.append(f'<sector vocabulary="1" code="{code}" percentage="{share}"/>')
    parts.append(
        '<collaboration-type code="2"/><default-flow-type code="10"/><default-finance-type code="421"/>'
        '<default-aid-type code="C01" vocabulary="1"/><default-tied-status code="5"/>'
    )
    for year in range(start.year, min(end.year, 2025) + 1):
        parts.append(
            f'<budget type="1" status="2"><period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/>'
            f'<value currency="{currency}" value-date="{year}-01-01">{rng.randrange(100, 90000) * 1000}.00</value>'
            "</budget>"
        )
    horizon = min(end, date(2025, 3, 31))
    span = max((horizon - start).days, 30)
    for t in range(rng.randrange(25, 60)):
        tx_type = "2" if t == 0 else rng.choice(_TX_TYPES)
        on = start + timedelta(days=rng.randrange(0, span))
        amount = rng.randrange(1000, 50_000_000)
        cents = rng.randrange(0, 100)
        sign = "-" if tx_type in ("3", "4") and rng.random() < 0.05 else ""
        desc = f"<description><narrative>{_text(rng, _WORDS, 6)}</narrative></description>"
        # classifications usually sit at activity level; some publishers repeat a few on transactions
        full = rng.random() < 0.1
        extra = '<disbursement-channel code="1"/><flow-type code="10"/>' if full else ""
        if full or rng.random() < 0.3:
            extra += '<finance-type code="421"/>'
        if full or rng.random() < 0.2:
            extra += '<aid-type code="C01" vocabulary="1"/>'
        if full:
            extra += '<tied-status code="5"/>'
        parts.append(
            f'<transaction ref="{ident}-T{t}"><transaction-type code="{tx_type}"/>'
            f'<transaction-date iso-date="{on.isoformat()}"/>'
            f'<value currency="{currency}" value-date="{on.isoformat()}">{sign}{amount}.{cents:02d}</value>{desc}'
            f'<provider-org ref="{funder}" type="40" provider-activity-id="{ident}"><narrative>{name}</narrative>'
            "</provider-org>"
            f'<receiver-org type="10"><narrative>Ministry of {rng.choice(_WORDS).title()}</narrative></receiver-org>'
            f"{extra}</transaction>"
        )
    parts.append(f'<related-activity type="1" ref="{ref}-P{100000 + n // 10}"/>')
    for _ in range(rng.randrange(1, 3)):
        parts.append(
            f'<result type="{rng.choice(["1", "2", "3"])}" aggregation-status="1">'
            f"<title><narrative>{_text(rng, _WORDS, 6)}</narrative>"
            f'<narrative xml:lang="ru">{_text(rng, _RU, 5)}</narrative></title>'
            f"<description><narrative>{_text(rng, _WORDS, 20)}</narrative></description>"
        )
        for _ in range(rng.randrange(1, 4)):
            baseline = rng.randrange(0, 1000)
            parts.append(
                '<indicator measure="1" ascending="1">'
                f"<title><narrative>Number of {_text(rng, _WORDS, 3).lower()}</narrative>"
                f'<narrative xml:lang="fr">Nombre de {_text(rng, _FR, 3).lower()}</narrative></title>'
                f'<reference vocabulary="99" code="IND-{rng.randrange(1, 500)}"/>'
                f'<baseline year="{start.year}" iso-date="{start.isoformat()}" value="{baseline}">'
                "<comment><narrative>Baseline survey</narrative></comment></baseline>"
            )
            q = date(start.year, 1, 1)
            value = baseline
            for _p in range(rng.randrange(3, 9)):
                q_end = q + timedelta(days=90)
                value += rng.randrange(0, 200)
                parts.append(
                    f'<period><period-start iso-date="{q.isoformat()}"/><period-end iso-date="{q_end.isoformat()}"/>'
                    f'<target value="{value + 50}"/><actual value="{value}">'
                    '<dimension name="sex" value="female"/>'
                    "<comment><narrative>Reported by the implementing agency</narrative></comment></actual>"
                    "</period>"
                )
                q = q_end + timedelta(days=1)
            parts.append("</indicator>")
        parts.append("</result>")
    parts.append("</iati-activity>")
    return "\n  ".join(parts)


def _pretty(xml: str) -> str:
    """Indent an activity as publishers' tools do (two spaces a level, one element a line)."""
    element = etree.fromstring(xml)
    etree.indent(element, space="  ", level=1)
    return etree.tostring(element, encoding="unicode")


def _split(rng: random.Random, n: int) -> list[str]:
    if n == 1:
        return ["100"]
    cuts = sorted(rng.sample(range(5, 96, 5), n - 1))
    bounds = [0, *cuts, 100]
    return [str(b - a) for a, b in zip(bounds, bounds[1:], strict=False)]


def generate(path: str | Path, megabytes: float, seed: int = 2026) -> dict[str, int]:
    """Write activities to ``path`` until it holds about ``megabytes`` MB; gzip when the name ends in ``.gz``.

    Returns:
        The number of activities written and the file's size in bytes.
    """
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    path = Path(path)
    opener: IO[bytes] = gzip.open(path, "wb", compresslevel=1) if path.suffix == ".gz" else path.open("wb")  # type: ignore[assignment]
    written = 0
    count = 0
    with opener as out:
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<iati-activities version="2.03" generated-datetime="2025-01-01T00:00:00Z">\n'
        )
        out.write(head)
        written += len(head)
        while written < target:
            block = "".join("  " + _pretty(_activity(rng, count + i)) + "\n" for i in range(50)).encode()
            count += 50
            out.write(block)
            written += len(block)
        out.write(b"</iati-activities>\n")
    return {"activities": count, "bytes": path.stat().st_size}


if __name__ == "__main__":
    print(generate(sys.argv[1], float(sys.argv[2])))
