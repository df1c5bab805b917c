"""OFII's return aid (France): the arrêté of 27 April 2018, the grid from 12 October
2023 (arrêté of 9 October 2023) and the Channel scheme from 4 December 2025 (arrêté of
27 November 2025). Amounts: /work/shared/docs/domain.md, "Assistance rules"."""

import datetime

import pytest

from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_programme

CHANNEL_AUTHORITIES = [
    "prefecture-nord",
    "prefecture-pas-de-calais",
    "prefecture-somme",
    "prefecture-oise",
    "prefecture-seine-maritime",
]


def facts(day, *, days=10, ages=(30,), **overrides):
    """An application on `day`, `days` after the removal order, by a household of
    `ages`, present for years, no earlier aid, no own travel document."""
    values = {
        "date": day,
        "nationality": "GN",
        "country_of_return": "GN",
        "administrative_status": "irregular_stay",
        "removal_order_date": day - datetime.timedelta(days=days) if days is not None else None,
        "arrival_date": datetime.date(2015, 1, 1),
        "household": tuple(Member(age=a) for a in ages),
        "holds_travel_document": False,
        "previous_return_aid": False,
        "office": "MRS",
    }
    values.update(overrides)
    return Facts(**values)


def run(f):
    return evaluate_programme(Programme.objects.get(code="ofii-return"), f)


def amount(result, code):
    found = [c for c in result["components"] if c["code"] == code]
    return found[0]["amount"] if found else None


# The 2018 arrêté.


def test_2018_visa_required_household_gets_650_per_person(rules):
    result = run(facts(datetime.date(2020, 6, 1), ages=(35, 6), holds_travel_document=True))
    assert result["eligible"] is True and result["rule_version"] == "2018-04-27"
    # arrêté of 27 Apr 2018: 650 EUR per person (adult and child, service-public.fr), visa-required
    assert amount(result, "allowance") == "1300.00"
    # arrêté of 27 Apr 2018, art. 1, 4°: +150 EUR for an own travel document
    assert amount(result, "travel_document_bonus") == "150.00"
    assert result["total"] == "1450.00" and result["unverified"] is False


@pytest.mark.parametrize("nationality", ["AL", "XK"])
def test_2018_visa_exempt_and_kosovo_get_300(rules, nationality):
    result = run(facts(datetime.date(2020, 6, 1), nationality=nationality))
    # arrêté of 27 Apr 2018: 300 EUR, visa-exempt countries and Kosovo
    assert amount(result, "allowance") == "300.00"


def test_2018_needs_six_months_of_presence(rules):
    day = datetime.date(2020, 6, 1)
    five_months = run(facts(day, arrival_date=datetime.date(2019, 12, 2)))
    six_months = run(facts(day, arrival_date=datetime.date(2019, 12, 1)))
    assert five_months["eligible"] is False  # arrêté of 27 Apr 2018: 6 months of presence
    assert any("5 months in the country" in r for r in five_months["reasons"])
    assert six_months["eligible"] is True
    assert amount(six_months, "allowance") == "650.00"  # arrêté of 27 Apr 2018: 650 EUR, visa-required


def test_2018_eu_nationals_get_no_allowance(rules):
    result = run(facts(datetime.date(2020, 6, 1), nationality="RO", holds_travel_document=True))
    # arrêté of 27 Apr 2018, art. 1: no allowance (nor the +150) for EU/EEA/Swiss nationals
    assert result["eligible"] is True and result["components"] == [] and result["total"] == "0.00"


# The version starts: 2023-10-11 (2018 arrêté) against 2023-10-12 (arrêté of 9 Oct 2023).


def test_the_2023_grid_starts_on_12_october_2023(rules):
    before = run(facts(datetime.date(2023, 10, 11), days=10))
    after = run(facts(datetime.date(2023, 10, 12), days=10))
    assert before["rule_version"] == "2018-04-27" and after["rule_version"] == "2023-10-12"
    assert amount(before, "allowance") == "650.00"  # arrêté of 27 Apr 2018: 650 EUR, visa-required
    assert amount(after, "allowance") == "1200.00"  # arrêté of 9 Oct 2023: 1,200 EUR within 1 month


# The 2023 grid, by days since the removal order (OQTF).

DAY_2024 = datetime.date(2024, 6, 3)


@pytest.mark.parametrize(
    ("days", "expected", "unverified"),
    [
        (0, "1200.00", False),  # arrêté of 9 Oct 2023: visa-required, 1,200 EUR within 1 month
        (30, "1200.00", False),  # arrêté of 9 Oct 2023: 1,200 EUR, day 30 is still within 1 month
        (31, "600.00", True),  # arrêté of 9 Oct 2023: 600 EUR from 2 to 4 months (unverified)
        (120, "600.00", True),  # arrêté of 9 Oct 2023: 600 EUR up to 4 months = 120 days (unverified)
        (121, "400.00", False),  # arrêté of 9 Oct 2023: 400 EUR after 4 months
        (900, "400.00", False),  # arrêté of 9 Oct 2023: 400 EUR after 4 months
    ],
)
def test_2023_visa_required_grid_by_days_since_the_removal_order(rules, days, expected, unverified):
    result = run(facts(DAY_2024, days=days))
    assert result["rule_version"] == "2023-10-12"
    assert amount(result, "allowance") == expected
    assert result["unverified"] is unverified
    assert any(f"{days} days since the removal order" in line for line in result["explanation"])


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (30, "500.00"),  # arrêté of 9 Oct 2023: visa-exempt, 500 EUR within 1 month (unverified)
        (31, "250.00"),  # arrêté of 9 Oct 2023: visa-exempt, 250 EUR from 2 to 4 months (unverified)
        (121, None),  # arrêté of 9 Oct 2023: visa-exempt, 0 EUR after 4 months (unverified)
    ],
)
def test_2023_visa_exempt_grid_is_flagged_unverified(rules, days, expected):
    result = run(facts(DAY_2024, days=days, nationality="AL"))
    assert amount(result, "allowance") == expected
    assert result["unverified"] is True


def test_2023_children_on_the_age_boundary(rules):
    result = run(facts(DAY_2024, days=10, ages=(40, 18, 17)))
    allowance = next(c for c in result["components"] if c["code"] == "allowance")
    # arrêté of 9 Oct 2023: 1,200 EUR within 1 month for each adult (18 is an adult); the same
    # for the 17-year-old, per person as under the 2018 arrêté (unverified for 2023)
    assert allowance["members"] == ["1200.00", "1200.00", "1200.00"]
    assert allowance["amount"] == "3600.00"
    assert allowance["unverified"] is True  # only because of the child's row
    adults_only = run(facts(DAY_2024, days=10, ages=(40, 18)))
    assert adults_only["unverified"] is False


def test_2023_excludes_eu_eea_swiss_nationals(rules):
    for nationality in ("RO", "NO", "CH"):
        result = run(facts(DAY_2024, nationality=nationality))
        assert result["eligible"] is False and result["components"] == []
        assert any("✗" in r and "EU/EEA/Swiss" in r for r in result["reasons"])


def test_2023_three_months_of_presence(rules):
    day = datetime.date(2024, 6, 3)
    assert run(facts(day, arrival_date=datetime.date(2024, 3, 4)))["eligible"] is False  # 2 months, 30 days
    assert run(facts(day, arrival_date=datetime.date(2024, 3, 3)))["eligible"] is True  # 3 months


def test_2023_aid_is_granted_only_once(rules):
    result = run(facts(DAY_2024, previous_return_aid=True))
    assert result["eligible"] is False
    assert any("received return aid before" in r for r in result["reasons"])


def test_2023_missing_facts_are_named(rules):
    no_order = run(facts(DAY_2024, days=None))
    assert no_order["eligible"] is None and no_order["missing_facts"] == ["removal_order_date"]
    no_arrival = run(facts(DAY_2024, arrival_date=None))
    assert no_arrival["eligible"] is None and no_arrival["missing_facts"] == ["arrival_date"]
    no_age = run(Facts(**{**facts(DAY_2024).__dict__, "household": (Member(age=None),)}))
    assert no_age["eligible"] is None and no_age["missing_facts"] == ["household.age"]


def test_2023_own_travel_document_adds_150(rules):
    result = run(facts(DAY_2024, days=10, holds_travel_document=True))
    assert amount(result, "allowance") == "1200.00"  # arrêté of 9 Oct 2023: 1,200 EUR within 1 month
    assert amount(result, "travel_document_bonus") == "150.00"  # +150 EUR for an own travel document
    assert result["total"] == "1350.00"


def test_2023_ceiling_is_shown_per_person_and_not_reached(rules):
    result = run(facts(DAY_2024, days=10, ages=(40, 38, 10)))
    # arrêté of 9 Oct 2023: overall ceiling 2,500 EUR (unverified), per person: not reached
    assert any("top_up_ceiling" in line and "2,500.00 EUR, not reached" in line for line in result["explanation"])
    assert result["total"] == "3600.00"  # 3 × 1,200 EUR within 1 month (child: unverified)


def test_reintegration_level_1_in_cameroon_levels_2_and_3_are_envelopes(rules):
    result = run(facts(DAY_2024, days=10, nationality="CM", country_of_return="CM", ages=(35, 7)))
    level_1 = next(c for c in result["components"] if c["code"] == "reintegration_level_1")
    # OFII country programme, Cameroon: level 1, 400 EUR per adult and 300 EUR per child
    assert level_1["members"] == ["400.00", "300.00"] and level_1["form"] == "in_kind"
    # allowance: 2 × 1,200 EUR (arrêté of 9 Oct 2023) + level 1: 700 EUR; envelopes not counted
    assert result["total"] == "3100.00"
    envelopes = {d["code"]: d for d in result["discretionary"]}
    assert envelopes["reintegration_level_2"]["amount"] == "4000.00"  # 50% of a salary within 4,000 EUR
    assert envelopes["reintegration_level_3"]["amount"] == "10000.00"  # historical caps 7,000 to 10,000 EUR
    assert envelopes["reintegration_level_3"]["unverified"] is True and envelopes["reintegration_level_2"]["up_to"]
    assert any("up to 10,000.00 EUR" in line for line in result["explanation"])


def test_no_reintegration_where_ofii_has_no_country_programme(rules):
    result = run(facts(DAY_2024, country_of_return="GN"))
    assert amount(result, "reintegration_level_1") is None and result["discretionary"] == []


# The Channel scheme from 4 December 2025.


def channel(day, **overrides):
    values = {
        "nationality": "AF",
        "office": "LIL",
        "removal_order_authority": "prefecture-nord",
        "days": 200,
    }
    values.update(overrides)
    return facts(day, **values)


def test_the_channel_scheme_starts_on_4_december_2025(rules):
    before = run(channel(datetime.date(2025, 12, 3)))
    after = run(channel(datetime.date(2025, 12, 4)))
    assert before["rule_version"] == "2023-10-12" and after["rule_version"] == "2025-12-04"
    assert amount(before, "allowance") == "400.00"  # arrêté of 9 Oct 2023: 400 EUR after 4 months
    # arrêté of 27 Nov 2025: Channel scheme, 2,200 EUR whatever the OQTF date
    assert amount(after, "allowance") == "2200.00"
    assert after["unverified"] is True  # the list of nationalities is unverified


@pytest.mark.parametrize("authority", CHANNEL_AUTHORITIES)
@pytest.mark.parametrize("days", [0, 31, 121, 2000])
def test_channel_ceiling_whatever_the_oqtf_date(rules, authority, days):
    result = run(channel(datetime.date(2026, 2, 2), removal_order_authority=authority, days=days))
    assert amount(result, "allowance") == "2200.00"  # arrêté of 27 Nov 2025: 2,200 EUR whatever the OQTF date


def test_channel_scheme_needs_no_oqtf_date_for_an_adult(rules):
    result = run(channel(datetime.date(2026, 2, 2), days=None, holds_travel_document=True))
    assert result["eligible"] is True and result["missing_facts"] == []
    assert amount(result, "allowance") == "2200.00"  # arrêté of 27 Nov 2025: Channel scheme, 2,200 EUR
    assert amount(result, "travel_document_bonus") == "150.00"  # +150 EUR, not changed by the scheme


@pytest.mark.parametrize(
    "overrides",
    [
        {"office": "MRS"},  # not validated by OFII Lille
        {"removal_order_authority": "prefecture-rhone"},  # another prefect
        {"nationality": "MA"},  # not a listed nationality
    ],
)
def test_channel_scheme_needs_all_its_conditions(rules, overrides):
    result = run(channel(datetime.date(2026, 2, 2), **overrides))
    assert amount(result, "allowance") == "400.00"  # arrêté of 9 Oct 2023: 400 EUR after 4 months


def test_channel_scheme_is_for_adults_children_keep_the_grid(rules):
    result = run(channel(datetime.date(2026, 2, 2), ages=(30, 18, 17)))
    allowance = next(c for c in result["components"] if c["code"] == "allowance")
    # 2,200 EUR per adult (arrêté of 27 Nov 2025); the 17-year-old: 400 EUR after 4 months
    # (arrêté of 9 Oct 2023 grid, per person as in 2018: unverified)
    assert allowance["members"] == ["2200.00", "2200.00", "400.00"]
    lines = [line for line in result["explanation"] if "ceiling" in line]
    assert any("channel_top_up_ceiling" in line and "3,500.00 EUR" in line for line in lines)
    assert any("· top_up_ceiling]" in line and "2,500.00 EUR" in line for line in lines)


def test_channel_scheme_unknown_authority_is_asked_for(rules):
    result = run(channel(datetime.date(2026, 2, 2), removal_order_authority=None))
    assert result["eligible"] is None and result["missing_facts"] == ["removal_order_authority"]
    # Outside Lille, the authority does not matter and is not asked for.
    elsewhere = run(channel(datetime.date(2026, 2, 2), removal_order_authority=None, office="MRS"))
    assert elsewhere["eligible"] is True and elsewhere["missing_facts"] == []
