"""The IATI activity parser: exact values, every language kept, codes checked, each problem located."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cpfkit.errors import DataError, UnknownCode
from cpfkit.formats.iati.parse import ActivityParser
from cpfkit.formats.iati.write import activity_element
from cpfkit.model.iati import (
    IatiActivity,
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiPeriod,
    IatiResult,
    IatiShare,
    IatiTransaction,
    IatiValue,
)
from cpfkit.reference import load_codelist

HEAD = '<iati-identifier>X-1</iati-identifier>\n<reporting-org ref="X" type="10"/>\n'


def element(body: str, attrs: str = 'xml:lang="en" default-currency="USD"') -> etree._Element:
    return etree.fromstring(f"<iati-activity {attrs}>\n{HEAD}{body}\n</iati-activity>".encode())


def parse(body: str, attrs: str = 'xml:lang="en" default-currency="USD"') -> IatiActivity:
    return ActivityParser().parse(element(body, attrs))


def tx(value: str, extra: str = "", code: str = "3", value_attrs: str = 'value-date="2020-01-01"') -> str:
    return (
        f'<transaction><transaction-type code="{code}"/><transaction-date iso-date="2020-01-01"/>'
        f"<value {value_attrs}>{value}</value>{extra}</transaction>"
    )


def test_every_language_of_a_title_is_kept_and_english_is_the_name() -> None:
    a = parse(
        '<title><narrative xml:lang="fr">Routes rurales</narrative><narrative>Rural roads</narrative>'
        '<narrative xml:lang="ru">Сельские дороги</narrative></title>'
    )
    assert a.titles == (("fr", "Routes rurales"), (None, "Rural roads"), ("ru", "Сельские дороги"))
    assert a.title == "Rural roads"


def test_amounts_are_exact_keep_their_sign_and_take_the_default_currency() -> None:
    a = parse(tx("-28877855.19") + tx(" 1000 ", value_attrs='currency="EUR" value-date="2020-01-01"'))
    first, second = a.transactions
    assert (first.value, first.currency) == (Decimal("-28877855.19"), "USD")
    assert (second.value, second.currency) == (Decimal(1000), "EUR")
    assert first.value_date == date(2020, 1, 1)


def test_a_transaction_keeps_its_organisations_and_classifications() -> None:
    a = parse(
        tx(
            "5",
            "<description><narrative>Tranche</narrative></description>"
            '<provider-org ref="44002" type="40" provider-activity-id="44000-P1">'
            "<narrative>IDA</narrative></provider-org>"
            '<receiver-org type="10"><narrative>Ministry</narrative></receiver-org>'
            '<sector vocabulary="1" code="21020"/><recipient-country code="KZ"/>'
            '<finance-type code="421"/><aid-type code="C01" vocabulary="1"/><tied-status code="5"/>',
        )
    )
    (t,) = a.transactions
    assert t.provider == IatiOrg("44002", "40", ((None, "IDA"),), None, "44000-P1")
    assert t.receiver is not None and t.receiver.names == ((None, "Ministry"),)
    assert [s.code for s in t.sectors] == ["21020"] and t.recipient_country == IatiShare("KZ")
    assert (t.finance_type, t.aid_types, t.tied_status) == ("421", (("1", "C01"),), "5")


@pytest.mark.parametrize(
    ("body", "attrs", "field", "message", "error"),
    [
        (tx("", value_attrs='value-date="2020-01-01"'), None, "transaction/value", "has no value", DataError),
        (tx("1,5"), None, "transaction/value", "not a number: '1,5'", DataError),
        (tx("1e5"), None, "transaction/value", "not a number: '1e5'", DataError),
        (tx("NaN"), None, "transaction/value", "not a number", DataError),
        (tx("5", code="14"), None, "transaction/transaction-type/@code", "TransactionType codelist", UnknownCode),
        (
            '<transaction><transaction-type code="3"/><transaction-date iso-date="31/12/2020"/>'
            '<value value-date="2020-01-01">5</value></transaction>',
            None,
            "transaction/transaction-date/@iso-date",
            "not an ISO date",
            DataError,
        ),
        (tx("5"), 'xml:lang="en"', "transaction/value/@currency", "no default-currency", DataError),
        (tx("5", value_attrs='currency="XYZ"'), None, "transaction/value/@currency", "Currency codelist", UnknownCode),
        ('<activity-status code="9"/>', None, "activity-status/@code", "ActivityStatus codelist", UnknownCode),
        ('<activity-status code=""/>', None, "activity-status/@code", "has no code", DataError),
        ('<sector code="21020" percentage="120"/>', None, "sector/@percentage", "between 0 and 100", DataError),
        ('<recipient-country code="XX"/>', None, "recipient-country/@code", "Country codelist", UnknownCode),
        ('<recipient-country code=""/>', None, "recipient-country/@code", "has no code", DataError),
        (tx("10000000000000.01"), None, "transaction/value", "beyond the largest single amount", DataError),
        (tx("-10000000000000.01"), None, "transaction/value", "beyond the largest single amount", DataError),
        (
            '<budget><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
            "<value>12345678901234567.89</value></budget>",
            None,
            "budget/value",
            "'12345678901234567.89' is beyond the largest single amount cpfkit accepts (10,000,000,000,000",
            DataError,
        ),
        (
            '<result type="2"><title/><indicator measure="1"><title/><period><period-start iso-date="2020-01-01"/>'
            '<period-end iso-date="2020-12-31"/><actual value="about ten"/></period></indicator></result>',
            None,
            "result/indicator/period/actual/@value",
            "not a number: 'about ten'",
            DataError,
        ),
    ],
)
def test_each_malformed_value_is_refused_with_its_line_and_element(
    body: str, attrs: str | None, field: str, message: str, error: type[DataError]
) -> None:
    with pytest.raises(error) as caught:
        parse(body, attrs or 'xml:lang="en" default-currency="USD"')
    assert caught.value.field == field
    assert message in caught.value.message
    assert caught.value.record is not None and caught.value.record.startswith("line 4 (activity X-1)")


def test_codes_cpfkit_only_carries_are_kept_with_a_warning() -> None:
    parser = ActivityParser()
    a = parser.parse(element('<default-finance-type code="999"/><recipient-region code="616" vocabulary="1"/>'))
    assert a.default_finance_type == "999" and a.recipient_regions[0].code == "616"
    assert [(line, field) for line, field, _ in parser.warnings] == [
        (4, "default-finance-type/@code"),
        (4, "recipient-region/@code"),
    ]


_BUDGET = '<period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/><value>5</value>'

# (what is published, the element warned about, today's error in --strict, what is kept of the activity)
_SLIPS: dict[str, tuple[str, str, str, Any]] = {
    "an empty default-tied-status (a real DFID 2.01 file)": (
        '<default-tied-status code=""/>',
        "default-tied-status/@code",
        "has no code",
        lambda a: a.default_tied_status is None,
    ),
    "an empty collaboration type": (
        '<collaboration-type code=" "/>',
        "collaboration-type/@code",
        "has no code",
        lambda a: a.collaboration_type is None,
    ),
    "a default aid type without code": (
        '<default-aid-type vocabulary="1"/>',
        "default-aid-type/@code",
        "has no code",
        lambda a: a.default_aid_types == (),
    ),
    "an unknown sector": (
        '<sector vocabulary="1" code="99999" percentage="40"/><sector vocabulary="1" code="21020" percentage="60"/>',
        "sector/@code",
        "'99999' is not a code of the IATI Sector codelist",
        lambda a: [s.code for s in a.sectors] == ["21020"],
    ),
    "an unknown sector vocabulary": (
        '<sector vocabulary="DAC" code="21020"/>',
        "sector/@vocabulary",
        "'DAC' is not a code of the IATI SectorVocabulary codelist",
        lambda a: a.sectors == (),
    ),
    "an unknown organisation type": (
        '<participating-org role="1" type="99" ref="P"/>',
        "participating-org/@type",
        "'99' is not a code of the IATI OrganisationType codelist",
        lambda a: a.participating_orgs == (IatiOrg("P", None, role="1"),),
    ),
    "an unknown organisation role": (
        '<participating-org role="7" ref="P"/>',
        "participating-org/@role",
        "'7' is not a code of the IATI OrganisationRole codelist",
        lambda a: a.participating_orgs == (),
    ),
    "a participating organisation without role": (
        '<participating-org ref="P"/>',
        "participating-org/@role",
        "has no code",
        lambda a: a.participating_orgs == (),
    ),
    "an unknown language": (
        '<title><narrative xml:lang="xx">T</narrative><narrative xml:lang="">U</narrative></title>',
        "title/narrative",
        "xml:lang 'xx' is not a code of the IATI Language codelist",
        lambda a: a.titles == ((None, "T"), (None, "U")),
    ),
    "an unknown activity date type": (
        '<activity-date type="9" iso-date="2020-01-01"/><activity-date type="2" iso-date="2020-02-01"/>',
        "activity-date/@type",
        "'9' is not a code of the IATI ActivityDateType codelist",
        lambda a: a.dates == (("2", date(2020, 2, 1)),),
    ),
    "an unknown description type": (
        '<description type="99"><narrative>Objectives</narrative></description>',
        "description/@type",
        "'99' is not a code of the IATI DescriptionType codelist",
        lambda a: a.descriptions == (),
    ),
    "an unknown budget type": (
        f'<budget type="9">{_BUDGET}</budget>',
        "budget/@type",
        "'9' is not a code of the IATI BudgetType codelist",
        lambda a: a.budgets[0].type is None and a.budgets[0].value == 5,
    ),
    "a related activity without type": (
        '<related-activity ref="X-2"/>',
        "related-activity/@type",
        "has no code",
        lambda a: a.related == (),
    ),
    "an empty tied status of a transaction": (
        tx("5", '<tied-status code=""/><flow-type/>'),
        "transaction/tied-status/@code",
        "has no code",
        lambda a: (
            (a.transactions[0].tied_status, a.transactions[0].flow_type, a.transactions[0].value) == (None, None, 5)
        ),
    ),
    "an unknown indicator measure": (
        '<result type="2"><indicator measure="9"><title/></indicator></result>',
        "result/indicator/@measure",
        "'9' is not a code of the IATI IndicatorMeasure codelist",
        lambda a: a.results[0].indicators == (),
    ),
    "a result without type": (
        '<result><indicator measure="1"/></result>',
        "result/@type",
        "has no code",
        lambda a: a.results == (),
    ),
    "an empty default currency": (
        tx("5", value_attrs='currency="EUR" value-date="2020-01-01"'),
        "iati-activity/@default-currency",
        "is empty",
        lambda a: a.default_currency is None and a.transactions[0].currency == "EUR",
    ),
}


@pytest.mark.parametrize("case", list(_SLIPS.values()), ids=list(_SLIPS))
def test_a_slip_on_an_optional_element_is_a_warning_and_an_error_only_when_strict(
    case: tuple[str, str, str, Any],
) -> None:
    body, field, message, kept = case
    attrs = 'xml:lang="en" default-currency="' + ("" if field.endswith("default-currency") else "USD") + '"'
    for compiled in (True, False):
        parser = ActivityParser(compiled=compiled)
        activity = parser.parse(element(body, attrs))
        assert kept(activity), activity
        line, where, warning = parser.warnings[0]
        assert line == (1 if field.startswith("iati-activity") else 4) and where == field
        assert warning.startswith(message) and warning.endswith(")")  # "(left out)", "(kept)"
        with pytest.raises(DataError) as caught:
            ActivityParser(compiled=compiled, strict=True).parse(element(body, attrs))
        assert (caught.value.field, caught.value.message) == (field, message)
        assert caught.value.record == f"line {line} (activity X-1)"


def test_a_narrative_longer_than_the_api_keeps_is_cut_with_a_warning() -> None:
    text = "Рамка " * 4000  # 24,000 characters
    parser = ActivityParser()
    activity = parser.parse(element(f"<title><narrative>{text}</narrative></title>"))
    assert activity.titles == ((None, text.strip()[:20_000]),) and len(activity.titles[0][1]) == 20_000
    assert parser.warnings == [
        (
            4,
            "title/narrative",
            "a narrative of 23,999 characters, longer than the 20,000 kept (cut to its first 20,000)",
        )
    ]
    with pytest.raises(DataError, match="a narrative of 23,999 characters"):
        ActivityParser(strict=True).parse(element(f"<title><narrative>{text}</narrative></title>"))
    exact = "x" * 20_000
    plain = ActivityParser()
    assert plain.parse(element(f"<title><narrative>{exact}</narrative></title>")).titles == ((None, exact),)
    assert plain.warnings == []


def test_the_limit_on_narratives_is_the_api_limit_on_free_text() -> None:
    from cpfkit.formats.iati.limits import MAX_NARRATIVE
    from cpfkit.store.records.fields import Note

    [limit] = [m.max_length for m in Note.__metadata__ if getattr(m, "max_length", None)]
    assert MAX_NARRATIVE == limit == 20_000


def test_a_long_offending_value_is_quoted_to_200_characters_in_errors_and_warnings() -> None:
    junk = "1" * 30_000 + ",5"
    with pytest.raises(DataError) as caught:
        parse(tx(junk))
    message = caught.value.message
    assert message == "not a number: '" + "1" * 200 + "…' (30,002 characters)"
    parser = ActivityParser()
    parser.parse(element(f'<default-finance-type code="{"9" * 30_000}"/>'))
    [(_, _, warning)] = parser.warnings
    assert len(warning) < 300 and "(30,000 characters) is not a code of the IATI FinanceType codelist" in warning
    with pytest.raises(DataError) as caught:
        ActivityParser().parse(
            etree.fromstring(
                f'<iati-activity default-currency="USD"><iati-identifier>{"I" * 50_000}</iati-identifier>'
                f'<reporting-org ref="X"/><activity-status code="99"/></iati-activity>'.encode()
            )
        )
    assert caught.value.record == "line 1 (activity " + "I" * 200 + "… (50,000 characters))"


def test_the_ceiling_of_a_single_amount_is_ten_trillion_either_sign_included() -> None:
    a = parse(tx("10000000000000") + tx("-10000000000000.00") + tx("9999999999999.99"))
    assert [t.value for t in a.transactions] == [Decimal(10**13), Decimal(-(10**13)), Decimal("9999999999999.99")]
    with pytest.raises(DataError, match="beyond the largest single amount"):
        parse(tx("10000000000000.001"))


def test_qualitative_values_may_be_words_and_disaggregated_values_are_kept() -> None:
    a = parse(
        '<result type="1"><title><narrative>R</narrative></title>'
        '<indicator measure="5"><title><narrative>Policy adopted</narrative></title>'
        '<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
        '<actual value="yes"/></period></indicator>'
        '<indicator measure="1"><title><narrative>People</narrative></title>'
        '<baseline year="2019" iso-date="2019-01-01" value="10"/>'
        '<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
        '<target value="100"/><actual value="60"/><actual value="35"><dimension name="sex" value="female"/></actual>'
        "</period></indicator></result>"
    )
    qualitative, people = a.results[0].indicators
    assert qualitative.periods[0].actuals[0].value == "yes" and qualitative.periods[0].actuals[0].number is None
    assert people.baselines[0] == IatiValue("10", year="2019", iso_date=date(2019, 1, 1))
    assert [v.number for v in people.periods[0].actuals] == [Decimal(60), Decimal(35)]
    assert people.periods[0].actuals[1].dimensions == (("sex", "female"),)


# -- writing then reading gives the same activity ----------------------------------------------------------

_TEXT = (
    st.text(alphabet=string.ascii_letters + string.digits + " .,-éжқ&<>'\"", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
_CODE = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=8)
_LANG = st.sampled_from([None, "en", "fr", "ru", "kk"])
_NARRATIVES = st.lists(st.tuples(_LANG, _TEXT), max_size=3).map(tuple)
_AMOUNT = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False)
_DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


def _codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(load_codelist(name).codes))


def _make(cls: type[Any], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A strategy for a named tuple with only these fields generated (the others keep their defaults)."""
    return st.fixed_dictionaries(fields).map(lambda kw: cls(**kw))


def _tuples(strategy: st.SearchStrategy[Any], max_size: int, min_size: int = 0) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


_ORG = _make(
    IatiOrg,
    ref=st.one_of(st.none(), _CODE),
    type=st.one_of(st.none(), _codes("OrganisationType")),
    names=_NARRATIVES,
)
_TRANSACTION = _make(
    IatiTransaction,
    type=_codes("TransactionType"),
    date=_DAY,
    value=_AMOUNT,
    currency=_codes("Currency"),
    value_date=_DAY,
    ref=st.one_of(st.none(), _CODE),
    descriptions=_NARRATIVES,
    provider=st.one_of(st.none(), _ORG),
    receiver=st.one_of(st.none(), _ORG),
    finance_type=st.one_of(st.none(), _codes("FinanceType")),
)
_VALUE = _make(IatiValue, value=st.one_of(st.none(), _AMOUNT.map(str)), comments=_NARRATIVES)
_PERIOD = _make(IatiPeriod, start=_DAY, end=_DAY, targets=_tuples(_VALUE, 2), actuals=_tuples(_VALUE, 2))
_INDICATOR = _make(
    IatiIndicator,
    measure=st.sampled_from(["1", "2"]),
    ascending=st.sampled_from([None, "1", "0"]),
    titles=_NARRATIVES,
    baselines=_tuples(
        _make(IatiValue, value=_AMOUNT.map(str), year=st.integers(1990, 2040).map(str), iso_date=_DAY), 1
    ),
    periods=_tuples(_PERIOD, 3),
)
_ACTIVITY = _make(
    IatiActivity,
    identifier=_CODE.map(lambda c: f"XM-DAC-1-{c}"),
    reporting_org=_ORG,
    lang=_LANG,
    default_currency=_codes("Currency"),
    titles=_tuples(st.tuples(_LANG, _TEXT), 3, min_size=1),
    descriptions=_tuples(st.tuples(st.sampled_from([None, "1", "2"]), _NARRATIVES), 2),
    participating_orgs=_tuples(
        _make(
            IatiOrg, ref=st.one_of(st.none(), _CODE), type=st.none(), names=_NARRATIVES, role=_codes("OrganisationRole")
        ),
        3,
    ),
    status=_codes("ActivityStatus"),
    dates=_tuples(st.tuples(_codes("ActivityDateType"), _DAY), 4),
    recipient_countries=_tuples(_make(IatiShare, code=_codes("Country"), percentage=st.decimals(0, 100, places=2)), 3),
    sectors=_tuples(
        _make(IatiShare, code=_codes("Sector"), vocabulary=st.just("1"), percentage=st.decimals(0, 100, places=1)), 3
    ),
    locations=_tuples(
        _make(
            IatiLocation,
            ref=st.one_of(st.none(), _CODE),
            names=_NARRATIVES,
            lat=st.decimals(-90, 90, places=5),
            lon=st.decimals(-180, 180, places=5),
        ),
        2,
    ),
    transactions=_tuples(_TRANSACTION, 4),
    results=_tuples(
        _make(IatiResult, type=_codes("ResultType"), titles=_NARRATIVES, indicators=_tuples(_INDICATOR, 2)), 2
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ACTIVITY)
def test_an_activity_written_and_read_back_is_the_same(activity: IatiActivity) -> None:
    written = etree.fromstring(etree.tostring(activity_element(activity)))
    walker = ActivityParser().walker
    assert walker is not None and walker.parse(written) == activity  # what cpfkit writes, the walker reads
    assert ActivityParser(compiled=False).parse(written) == activity


def test_records_built_on_the_fast_path_equal_those_built_by_name() -> None:
    a = parse(
        '<participating-org ref="44000" type="40" role="1" activity-id="A-1" crs-channel-code="44001">'
        "<narrative>World Bank</narrative></participating-org>"
        + tx("7", '<provider-org ref="P" type="10"><narrative>Giver</narrative></provider-org>')
        + tx("8", '<receiver-org ref="R" receiver-activity-id="R-1"/><flow-type code="10"/>', code="2")
        + '<result type="1"><indicator measure="1"><period><period-start iso-date="2020-01-01"/>'
        '<period-end iso-date="2020-12-31"/><target value="5"><dimension name="sex" value="F"/></target>'
        "</period></indicator></result>",
        attrs='xml:lang="en" default-currency="USD"',
    )
    assert a.reporting_org == IatiOrg("X", "10")
    assert a.participating_orgs == (
        IatiOrg("44000", "40", ((None, "World Bank"),), role="1", activity_id="A-1", crs_channel_code="44001"),
    )
    day = date(2020, 1, 1)
    assert a.transactions == (
        IatiTransaction("3", day, Decimal(7), "USD", day, provider=IatiOrg("P", "10", ((None, "Giver"),))),
        IatiTransaction(
            "2", day, Decimal(8), "USD", day, receiver=IatiOrg("R", None, activity_id="R-1"), flow_type="10"
        ),
    )
    (period,) = a.results[0].indicators[0].periods
    assert period == IatiPeriod(
        start=day, end=date(2020, 12, 31), targets=(IatiValue("5", dimensions=(("sex", "F"),)),)
    )
    assert all(len(t) == len(IatiTransaction._fields) for t in a.transactions)
