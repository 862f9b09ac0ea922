"""Evidence of the conditions an operation works under: ISR ratings, standing breaches, extensions, the country."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Listing, Message, Number, Param, Share
from cpfkit.metrics.portfolio.evidence_text import EvidenceWriter, day, iso_dates, rating_texts, same
from cpfkit.metrics.portfolio.flags import FLAG_LABELS, Flag
from cpfkit.metrics.portfolio.rules import ReviewRules

__all__ = ["add_country_flags", "add_extensions", "add_rated_flags", "add_standing_conditions"]

_RATED: tuple[tuple[Flag, str, str, str], ...] = (
    (Flag.FINANCIAL_MANAGEMENT, "f_fm", "fm", N_("financial management rated %(rating)s in the ISR of %(date)s")),
    (Flag.PROCUREMENT, "f_procurement", "proc", N_("procurement rated %(rating)s in the ISR of %(date)s")),
    (
        Flag.SAFEGUARDS,
        "f_safeguards",
        "es",
        N_("environmental and social standards rated %(rating)s in the ISR of %(date)s"),
    ),
    (Flag.MONITORING_EVALUATION, "f_me", "me", N_("monitoring and evaluation rated %(rating)s in the ISR of %(date)s")),
    (Flag.PROJECT_MANAGEMENT, "f_pm", "pm", N_("project management rated %(rating)s in the ISR of %(date)s")),
)


def add_rated_flags(w: EvidenceWriter) -> None:
    """The ISR ratings of financial management, procurement, safeguards, M&E and project management."""
    f = w.f
    for flag, column, prefix, words in _RATED:
        scores, days = f.columns[f"{prefix}_score"], f.columns[f"{prefix}_day"]

        def rated_text(
            i: np.ndarray[Any, Any], scores: Any = scores, days: Any = days, words: str = words
        ) -> list[Message]:
            return [
                Message(words, {"rating": r or "", "date": day(on)})
                for r, on in zip(rating_texts(scores[i]), iso_dates(days[i]), strict=True)
            ]

        def rated_facts(i: np.ndarray[Any, Any], scores: Any = scores, days: Any = days) -> list[dict[str, Any]]:
            return [
                {"rating": r, "date": on} for r, on in zip(rating_texts(scores[i]), iso_dates(days[i]), strict=True)
            ]

        w.add(
            f.columns[column],
            flag.value,
            FLAG_LABELS[flag],
            rated_text,
            rated_facts,
            f.columns[f"{prefix}_illustrative"],
        )


def add_standing_conditions(w: EvidenceWriter) -> None:
    """Counterpart funding below plan and covenants not complied with, since when, and the note."""
    f = w.f
    for flag, column, since, note, words in (
        (
            Flag.COUNTERPART_FUNDS,
            "f_counterpart",
            "counterpart_since",
            "counterpart_note",
            (
                N_("counterpart funding below plan since %(since)s"),
                N_("counterpart funding below plan since %(since)s: %(note)s"),
            ),
        ),
        (
            Flag.LEGAL_COVENANTS,
            "f_covenants",
            "covenant_since",
            "covenant_note",
            (
                N_("material legal covenant not complied with since %(since)s"),
                N_("material legal covenant not complied with since %(since)s: %(note)s"),
            ),
        ),
    ):
        since_days, notes = f.columns[since], f.columns[note]

        def spell_text(
            i: np.ndarray[Any, Any],
            since_days: Any = since_days,
            notes: Any = notes,
            words: tuple[str, str] = words,
        ) -> list[Message]:
            return [
                Message(words[1], {"since": day(on), "note": n}) if n else Message(words[0], {"since": day(on)})
                for on, n in zip(iso_dates(since_days[i]), notes[i].tolist(), strict=True)
            ]

        def spell_facts(
            i: np.ndarray[Any, Any], since_days: Any = since_days, notes: Any = notes
        ) -> list[dict[str, Any]]:
            return [{"since": on, "note": n} for on, n in zip(iso_dates(since_days[i]), notes[i].tolist(), strict=True)]

        w.add(f.columns[column], flag.value, FLAG_LABELS[flag], spell_text, spell_facts, f.events_illustrative)


def add_extensions(w: EvidenceWriter, rules: ReviewRules) -> None:
    """How far, and how many times, the closing date was extended."""
    f = w.f

    def extension_rows(i: np.ndarray[Any, Any]) -> list[tuple[Any, ...]]:
        return list(
            zip(
                iso_dates(f.original_closing[i]),
                iso_dates(f.closing_in_force[i]),
                f.extension_months[i].tolist(),
                f.extension_count[i].tolist(),
                strict=True,
            )
        )

    def extension_text(i: np.ndarray[Any, Any]) -> list[Message]:
        return [
            Message(
                N_(
                    "closing date extended from %(original)s to %(closing)s: %(months)s months in %(count)s "
                    "extension(s) (flag above %(limit_months)s months or at %(limit_count)s extensions)"
                ),
                {
                    "original": day(o),
                    "closing": day(c),
                    "months": Number(m, 0),
                    "count": n,
                    "limit_months": Number(rules.extension_months, 2),
                    "limit_count": rules.extension_count,
                },
            )
            for o, c, m, n in extension_rows(i)
        ]

    def extension_facts(i: np.ndarray[Any, Any]) -> list[dict[str, Any]]:
        return [
            {"original_closing": o, "closing": c, "months": round(m, 1), "extensions": n}
            for o, c, m, n in extension_rows(i)
        ]

    w.add(
        f.f_extension,
        Flag.CLOSING_DATE_EXTENSION.value,
        FLAG_LABELS[Flag.CLOSING_DATE_EXTENSION],
        extension_text,
        extension_facts,
        f.events_illustrative,
    )


def add_country_flags(w: EvidenceWriter, country: Sequence[Mapping[str, Any]]) -> None:
    """The programme's country flags, the same sentence for every operation they touch."""
    f = w.f
    for flag, column, kind in (
        (Flag.COUNTRY_RECORD, "f_country_record", "country-record"),
        (Flag.COUNTRY_ENVIRONMENT, "f_country_environment", "country-environment"),
    ):
        held = [c for c in country if c["kind"] == kind]
        parts: list[Param] = []
        for c in held:
            values: dict[str, Param] = {"note": c["note"] or kind, "since": day(c["date"])}
            if c["value"] is not None:
                values["share"] = Share(c["value"])
                parts.append(
                    Message(N_("%(share)s of closed operations rated MU or worse; %(note)s (since %(since)s)"), values)
                )
            else:
                parts.append(Message(N_("%(note)s (since %(since)s)"), values))
        sentence = Message(N_("country flag: %(flags)s"), {"flags": Listing(tuple(parts))})
        data = {"country_flags": [{"since": c["date"], "value": c["value"], "note": c["note"]} for c in held]}
        mark = np.full(f.size, any(bool(c["illustrative"]) for c in held))
        w.add(f.columns[column], flag.value, FLAG_LABELS[flag], same(sentence), same(data), mark)
