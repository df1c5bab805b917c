"""Germany's StarthilfePlus and REAG/GARP, examples of other agencies' rules
(amounts: /work/shared/docs/domain.md, "Assistance rules", "Comparable programmes")."""

import datetime

import pytest

from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_programme

DAY = datetime.date(2026, 3, 2)


def starthilfe(*, status="asylum_pending", ages=(30,), decided_days_ago=None, **overrides):
    values = {
        "date": DAY,
        "nationality": "IQ",
        "administrative_status": status,
        "asylum_decision_date": DAY - datetime.timedelta(days=decided_days_ago)
        if decided_days_ago is not None
        else None,
        "household": tuple(Member(age=a) for a in ages),
    }
    values.update(overrides)
    return evaluate_programme(Programme.objects.get(code="starthilfeplus"), Facts(**values))


def by_code(result):
    return {c["code"]: c for c in result["components"]}


def test_starthilfeplus_before_the_decision_half_now_half_after_arrival(rules):
    result = starthilfe(ages=(30, 28, 12, 11))
    assert result["eligible"] is True and result["rule_version"] == "2017-02-01"
    assert "administrative status: Asylum claim pending" in result["reasons"][0]
    parts = by_code(result)
    # StarthilfePlus: 1,200 EUR per person aged 12+, 600 EUR (half) under 12; each paid in two halves
    assert parts["first_instalment"]["members"] == ["600.00", "600.00", "600.00", "300.00"]
    assert parts["first_instalment"]["paid"] == "at_departure"
    assert parts["second_instalment"]["members"] == ["600.00", "600.00", "600.00", "300.00"]
    assert parts["second_instalment"]["paid"] == "after_arrival"
    # StarthilfePlus: 3 × 1,200 + 600 EUR; a household of 4 gets no family supplement
    assert result["total"] == "4200.00"
    assert "family_supplement_first" not in parts


def test_starthilfeplus_age_12_is_the_boundary(rules):
    eleven = by_code(starthilfe(ages=(11,)))["first_instalment"]["amount"]
    twelve = by_code(starthilfe(ages=(12,)))["first_instalment"]["amount"]
    assert eleven == "300.00"  # StarthilfePlus: under 12, half of 1,200 EUR, half of it now
    assert twelve == "600.00"  # StarthilfePlus: aged 12+, 1,200 EUR, half of it now


def test_starthilfeplus_families_of_more_than_four_get_500_more(rules):
    result = starthilfe(ages=(40, 38, 15, 9, 3))
    parts = by_code(result)
    # StarthilfePlus: +500 EUR for families of more than 4, split in two halves (assumed)
    assert parts["family_supplement_first"]["amount"] == "250.00"
    assert parts["family_supplement_second"]["amount"] == "250.00"
    # StarthilfePlus: 3 × 1,200 EUR (aged 12+) + 2 × 600 EUR (under 12) + 500 EUR
    assert result["total"] == "5300.00"


@pytest.mark.parametrize(("days", "eligible"), [(0, True), (30, True), (31, False)])
def test_starthilfeplus_after_a_rejection_within_the_departure_deadline(rules, days, eligible):
    result = starthilfe(status="asylum_rejected", decided_days_ago=days, ages=(30, 5))
    assert result["eligible"] is eligible
    if eligible:
        # StarthilfePlus: 800 EUR per person aged 12+, 400 EUR under 12, after a rejection
        assert result["total"] == "1200.00"
        assert by_code(result)["first_instalment"]["members"] == ["400.00", "200.00"]
        assert result["unverified"] is True  # the 30-day deadline is an assumption
    else:
        assert result["components"] == []


def test_starthilfeplus_not_for_irregular_stay_and_asks_for_the_decision_date(rules):
    assert starthilfe(status="irregular_stay")["eligible"] is False
    missing = starthilfe(status="asylum_rejected", decided_days_ago=None)
    assert missing["eligible"] is None and missing["missing_facts"] == ["asylum_decision_date"]


def reag(ages, vulnerabilities=None, **overrides):
    vulnerabilities = vulnerabilities or {}
    household = tuple(Member(age=a, vulnerabilities=vulnerabilities.get(i, ())) for i, a in enumerate(ages))
    values = {"date": DAY, "nationality": "GE", "household": household}
    values.update(overrides)
    return evaluate_programme(Programme.objects.get(code="reag-garp"), Facts(**values))


def test_reag_garp_travel_allowance_and_start_up_aid_by_age(rules):
    result = reag((40, 18, 17))
    parts = by_code(result)
    # REAG/GARP: travel allowance 200 EUR per adult, 100 EUR per minor (17 is a minor, 18 is not)
    assert parts["travel_allowance"]["members"] == ["200.00", "200.00", "100.00"]
    # REAG/GARP: start-up aid 1,000 EUR per adult, 500 EUR per minor
    assert parts["start_up_aid"]["members"] == ["1000.00", "1000.00", "500.00"]
    assert parts["start_up_aid"]["unverified"] is True  # nationality list not in the domain notes
    assert result["total"] == "3000.00"
    assert result["discretionary"] == []


def test_reag_garp_medical_costs_are_an_envelope_for_members_with_a_medical_need(rules):
    result = reag((40, 10), vulnerabilities={1: ("medical",)})
    medical = {d["code"]: d for d in result["discretionary"]}["medical_costs"]
    # REAG/GARP: medical costs up to 2,000 EUR for 3 months, for the member with a medical need
    assert medical["members"] == ["0.00", "2000.00"] and medical["amount"] == "2000.00"
    assert medical["up_to"] is True
    # Not in the total: 200 + 100 EUR travel allowance + 1,000 + 500 EUR start-up aid (REAG/GARP)
    assert result["total"] == "1800.00"
    pregnant = reag((30,), vulnerabilities={0: ("pregnancy",)})
    assert pregnant["discretionary"] == []


def test_reag_garp_without_ages_asks_for_them(rules):
    result = reag((None,))
    assert result["eligible"] is None and result["missing_facts"] == ["household.age"]
