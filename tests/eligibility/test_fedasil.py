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


# Before 2022: version 2016-01-01 (valid to 2021-12-31).


def test_the_2022_premium_starts_on_1_january_2022(rules):
    programme = Programme.objects.get(code="fedasil-return")
    household = (Member(age=34), Member(age=4))
    before = evaluate_programme(
        programme, Facts(date=datetime.date(2021, 12, 31), nationality="GN", household=household)
    )
    assert before["rule_version"] == "2016-01-01"
    # agii.be 2022 (before 2022): 250 EUR per adult + 125 EUR per child, visa-required countries
    assert _premium(before)["amount"] == "375.00"
    after = evaluate_programme(programme, Facts(date=datetime.date(2022, 1, 1), nationality="GN", household=household))
    assert after["rule_version"] == "2022-01-01"
    # agii.be 2022: 350 EUR per adult + 175 EUR per child, visa-required countries
    assert _premium(after)["amount"] == "525.00"


def test_before_2022_a_child_is_17_or_less(rules):
    programme = Programme.objects.get(code="fedasil-return")
    day = datetime.date(2020, 5, 1)
    seventeen = evaluate_programme(programme, Facts(date=day, nationality="AF", household=(Member(age=17),)))
    eighteen = evaluate_programme(programme, Facts(date=day, nationality="AF", household=(Member(age=18),)))
    assert _premium(seventeen)["amount"] == "125.00"  # agii.be 2022 (before 2022): 125 EUR per child
    assert _premium(eighteen)["amount"] == "250.00"  # agii.be 2022 (before 2022): 250 EUR per adult


def test_before_2022_no_figure_is_invented_for_visa_free_countries(rules):
    facts = Facts(date=datetime.date(2021, 6, 1), nationality="AL", household=(Member(age=40),))
    result = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    # The domain notes give no pre-2022 amount for visa-free countries: nothing computed, flagged.
    assert result["eligible"] is True and result["components"] == [] and result["total"] == "0.00"
    assert result["unverified"] is True
    assert any("no pre-2022 figure" in line for line in result["explanation"])


def test_before_2016_no_version_is_in_force(rules):
    facts = Facts(date=datetime.date(2015, 12, 31), nationality="GN", household=(Member(age=40),))
    result = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    assert result["eligible"] is False and result["rule_version"] is None


def test_norway_is_in_the_eea_not_a_visa_required_country(rules):
    # country_groups.yaml once read a bare NO as false: Norwegians were "visa-required".
    facts = Facts(date=DAY, nationality="NO", household=(Member(age=40),))
    result = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    # agii.be 2022: visa-free countries, Kosovo and EU citizens, 50 EUR per adult
    assert [(c["code"], c["amount"]) for c in result["components"]] == [("reinstallation_premium", "50.00")]
