"""Use cases of economic appraisal: each operation's NPV, EIRR and BCR, with the programme's discount rate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cpfkit.appraise.result import (
    CarbonValue,
    Commitment,
    DiscountRate,
    FinancedShare,
    Measures,
    ProjectAppraisal,
    Scenario,
    SwitchingValues,
)
from cpfkit.errors import DataError, NotFound
from cpfkit.metrics.ledger import commitment_usd
from cpfkit.model import Programme, ProgrammeData, Project
from cpfkit.model.appraisal import AppraisalScope
from cpfkit.model.base import Num
from cpfkit.reference import load_fx
from cpfkit.reference.appraisal import load_appraisal_parameters
from cpfkit.services.loading import programme_data
from cpfkit.store import Store
from cpfkit.store.repository import load_project

__all__ = [
    "AppraisalSummary",
    "appraisal",
    "appraisal_summaries",
    "appraisals",
    "appraise_programme",
    "discount_rate",
]


def discount_rate(programme: Programme) -> DiscountRate:
    """The programme's discount rate, or the default (6%, status unverified) with its source."""
    if programme.discount_rate is not None:
        return DiscountRate(
            rate=programme.discount_rate,
            origin=f"programme {programme.id}",
            source_status="programme data",
            source=programme.source or "",
            illustrative=programme.is_illustrative("discount_rate"),
        )
    default = load_appraisal_parameters()["discount_rate"]
    return DiscountRate(
        rate=Decimal(str(default.value)),
        origin="cpfkit default",
        source_status=default.source_status,
        source=default.source,
    )


def _commitment(project: Project) -> Commitment | None:
    """The operation's commitment in US dollars, for the financed share (None when it has none)."""
    if project.commitment is None:
        return None
    return Commitment(
        amount_usd=commitment_usd(project, load_fx()),
        institution=project.institution.value,
        illustrative=project.is_illustrative("commitment"),
    )


def _operations(store: Store, data: ProgrammeData) -> dict[str, Project]:
    """The appraised operations of a programme: its own, and those it carries over from another programme."""
    own = {p.id: p for p in data.projects}
    wanted = [a.project for a in data.appraisals if a.project not in own]
    if wanted:
        with store.reader() as session:
            for pid in wanted:
                own[pid] = load_project(session, pid)[0]
    return own


def appraise_programme(store: Store, data: ProgrammeData) -> list[ProjectAppraisal]:
    """The appraisal of every operation of an already loaded programme that has appraisal inputs."""
    from cpfkit.appraise.project import appraise  # the engine (NumPy): loaded to appraise, not to name the records

    rate = discount_rate(data.programme)
    params = load_appraisal_parameters()
    operations = _operations(store, data)
    return [appraise(inputs, rate, params, _commitment(operations[inputs.project])) for inputs in data.appraisals]


def _in_language(store: Store, data: ProgrammeData, lang: str) -> ProgrammeData:
    """The programme's data with its appraisals' texts (title, scope, benefit names) in ``lang``."""
    if lang == "en":
        return data
    from cpfkit.services.translations import in_language, text_book

    return in_language(data, text_book(store, lang, [data.programme.id]))


def appraisals(store: Store, programme_id: str, lang: str = "en") -> list[ProjectAppraisal]:
    """The economic analysis of every operation of a programme that has appraisal inputs.

    In another language than English, the appraisals' own texts (title, description, scope, the names of
    their benefits) are the programme's translations; the figures are the same.
    """
    return appraise_programme(store, _in_language(store, programme_data(store, programme_id), lang))


@dataclass(frozen=True)
class AppraisalSummary:
    """One operation's headline appraisal figures (the ``cpfkit appraise --programme`` list).

    ``without_carbon`` holds NPV, EIRR and BCR without the value of avoided
    emissions (None when no benefit values them); ``carbon`` the full detail.
    """

    project: str
    title: str | None
    npv_usd: Num
    eirr: Num | None
    eirr_status: str
    bcr: Num | None
    without_carbon: Measures | None
    carbon: CarbonValue | None
    first_year_return: Num | None
    discount_rate: Num
    switching_values: SwitchingValues
    sensitivities: tuple[Scenario, ...]
    scope: AppraisalScope | None
    financing: FinancedShare | None
    illustrative: bool
    illustrative_inputs: tuple[str, ...]


def appraisal_summaries(store: Store, programme_id: str) -> list[AppraisalSummary]:
    """Headline figures of every appraised operation of a programme."""
    return [
        AppraisalSummary(
            project=a.project,
            title=a.title,
            npv_usd=a.npv_usd,
            eirr=a.eirr,
            eirr_status=a.rate_of_return.status,
            bcr=a.bcr,
            without_carbon=None if a.carbon is None else a.carbon.without_carbon,
            carbon=a.carbon,
            first_year_return=a.first_year_return,
            discount_rate=a.discount_rate.rate,
            switching_values=a.switching_values,
            sensitivities=a.sensitivities,
            scope=a.scope,
            financing=a.financing,
            illustrative=a.illustrative,
            illustrative_inputs=a.illustrative_inputs,
        )
        for a in appraisals(store, programme_id)
    ]


def appraisal(store: Store, project_id: str, programme_id: str | None = None, lang: str = "en") -> ProjectAppraisal:
    """The economic analysis of one operation, from the programme that holds its appraisal inputs.

    Its own texts are in ``lang`` where the programme translates them (as :func:`appraisals`).

    Raises:
        NotFound: no such operation, or no appraisal inputs for it.
        DataError: several programmes hold inputs for it and none was named.
    """
    from cpfkit.appraise.project import appraise  # the engine (NumPy): loaded to appraise, not to name the records

    with store.reader() as session:
        project, _, programmes = load_project(session, project_id)
    if programme_id is not None:
        if programme_id not in programmes:
            raise NotFound("appraisal", f"{project_id} in {programme_id}")
        programmes = [programme_id]
    found = []
    for pid in programmes:
        data = programme_data(store, pid)
        if any(a.project == project_id for a in data.appraisals):
            found.append(data)
    if not found:
        raise NotFound("appraisal", project_id)
    if len(found) > 1:
        names = ", ".join(d.programme.id for d in found)
        raise DataError(f"appraised in several programmes ({names}): name one with --programme", record=project_id)
    data = _in_language(store, found[0], lang)
    inputs = next(a for a in data.appraisals if a.project == project_id)
    return appraise(inputs, discount_rate(data.programme), load_appraisal_parameters(), _commitment(project))
