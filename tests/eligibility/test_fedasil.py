"""Fedasil's premium from 1 January 2022 (source: agii.be news on the 2022 criteria)."""

import datetime

from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_programme

DAY = datetime.date(2026, 3, 1)


def _premium(result):
    return next(c for c in result["components"] if c["code"] == "reinstallation_premium")


def test_visa_required_family_gets_350_per_adult_and_175_per_child(rules):
    facts = Facts(date=DAY, nationality="GN", household=(Member(age=34), Member(age=30), Member(age=4)))
    result = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    assert result["eligible"] is True and result["rule_version"] == "2022-01-01"
    premium = _premium(result)
    # agii.be 2022: 350 EUR per adult, 175 EUR per child (visa-required countries)
    assert premium["amount"] == "875.00" and premium["form"] == "cash" and premium["paid"] == "at_departure"
    assert any("175.00 EUR" in line and "fedasil-return 2022-01-01" in line for line in result["explanation"])


def test_a_child_turns_adult_on_their_eighteenth_birthday(rules):
    facts = Facts(date=DAY, nationality="GN", household=(Member(age=17),))
    assert _premium(evaluate_programme(Programme.objects.get(code="fedasil-return"), facts))["amount"] == "175.00"
    facts = Facts(date=DAY, nationality="GN", household=(Member(age=18),))
    assert _premium(evaluate_programme(Programme.objects.get(code="fedasil-return"), facts))["amount"] == "350.00"


def test_visa_free_and_kosovo_get_50_per_adult_and_no_reintegration_unless_vulnerable(rules):
    programme = Programme.objects.get(code="fedasil-return")
    for nationality in ("AL", "XK", "RO"):
        result = evaluate_programme(programme, Facts(date=DAY, nationality=nationality, household=(Member(age=40),)))
        # agii.be 2022: visa-free countries, Kosovo and EU citizens, 50 EUR per adult
        assert [(c["code"], c["amount"]) for c in result["components"]] == [("reinstallation_premium", "50.00")]
    vulnerable = Facts(date=DAY, nationality="AL", household=(Member(age=40, vulnerabilities=("medical",)),))
    codes = [c["code"] for c in evaluate_programme(programme, vulnerable)["components"]]
    assert "reintegration_in_kind" in codes


def test_a_missing_nationality_is_reported_by_name_not_guessed(rules):
    result = evaluate_programme(
        Programme.objects.get(code="fedasil-return"), Facts(date=DAY, household=(Member(age=40),))
    )
    assert result["eligible"] is None and result["missing_facts"] == ["nationality"]
    assert result["components"] == []


def test_unverified_figures_are_flagged(rules):
    facts = Facts(date=DAY, nationality="GN", household=(Member(age=30),))
    result = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    in_kind = next(c for c in result["components"] if c["code"] == "reintegration_in_kind")
    assert in_kind["unverified"] is True and result["unverified"] is True
    assert _premium(result)["unverified"] is False
