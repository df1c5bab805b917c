"""The assistance on a country card is computed from the rule versions in
force, for a single adult and a family, with the version named, and an
honest 'no rule' where nothing applies."""

import datetime

import pytest

from countries.assistance import assistance_for, no_rule_text
from eligibility.models import Programme

DAY = datetime.date(2026, 6, 1)


def _by_code(items):
    return {item.programme.code: item for item in items}


def _outcome(item, key):
    return next(o for o in item.outcomes if o.key == key)


def test_guinea_under_fedasil_rules_gives_the_visa_required_premium_and_budget(rules):
    fedasil = _by_code(assistance_for("GN", day=DAY))["fedasil-return"]
    assert fedasil.version.label == "2022-01-01" and not fedasil.no_rule
    single = _outcome(fedasil, "single")
    assert single.eligible is True
    assert {c["code"]: c["amount"] for c in single.components} == {
        "reinstallation_premium": "350.00",
        "reintegration_in_kind": "2000.00",
    }
    assert single.total == "2350.00" and single.unverified  # the budget levels are placeholders
    family = _outcome(fedasil, "family")
    # Two adults at 350 and two children at 175; in kind 2 x 2,000 and 2 x 1,000.
    assert {c["code"]: c["amount"] for c in family.components} == {
        "reinstallation_premium": "1050.00",
        "reintegration_in_kind": "6000.00",
    }
    assert family.total == "7050.00"


def test_a_visa_exempt_country_gets_the_small_premium_and_no_budget_in_kind(rules):
    fedasil = _by_code(assistance_for("GE", day=DAY))["fedasil-return"]
    single = _outcome(fedasil, "single")
    assert [(c["code"], c["amount"]) for c in single.components] == [("reinstallation_premium", "50.00")]
    # A family with minor children counts as vulnerable: the budget in kind applies.
    family = _outcome(fedasil, "family")
    assert "reintegration_in_kind" in {c["code"] for c in family.components}


def test_ofii_reintegration_only_where_a_country_programme_exists(rules):
    guinea = _by_code(assistance_for("GN", day=DAY))["ofii-return"]
    cameroon = _by_code(assistance_for("CM", day=DAY))["ofii-return"]
    assert guinea.version.label == cameroon.version.label == "2025-12-04"
    assert "reintegration_level_1" not in {c["code"] for c in _outcome(guinea, "single").components}
    single_cm = _outcome(cameroon, "single")
    assert {c["code"]: c["amount"] for c in single_cm.components}["reintegration_level_1"] == "400.00"
    assert {c["code"] for c in single_cm.discretionary} == {"reintegration_level_2", "reintegration_level_3"}
    # Within a month of the removal order: 1,200 EUR per adult.
    assert {c["code"]: c["amount"] for c in single_cm.components}["allowance"] == "1200.00"


def test_the_version_in_force_on_the_day_is_used(rules):
    earlier = _by_code(assistance_for("GN", day=datetime.date(2021, 6, 1)))["fedasil-return"]
    assert earlier.version.label == "2016-01-01"
    assert (
        _outcome(earlier, "single").total
        != _outcome(_by_code(assistance_for("GN", day=DAY))["fedasil-return"], "single").total
    )


def test_an_eu_country_has_no_rule_under_ofii_and_says_so(rules):
    ofii = _by_code(assistance_for("FR", day=DAY))["ofii-return"]
    assert ofii.no_rule
    assert _outcome(ofii, "single").eligible is False
    assert any("EU/EEA/Swiss" in r for r in _outcome(ofii, "single").reasons)
    assert "France" in no_rule_text(ofii, "France")


def test_a_programme_without_a_version_in_force_has_no_rule(rules):
    Programme.objects.create(code="nowhere", name="Nowhere programme", run_by="fedasil")
    item = _by_code(assistance_for("GN", day=DAY))["nowhere"]
    assert item.version is None and item.no_rule and item.outcomes == []
    assert "in force" in no_rule_text(item, "Guinea")


def test_the_readers_agency_programmes_come_first(rules):
    codes = [item.programme.code for item in assistance_for("GN", day=DAY, agency_codes={"ofii"})]
    assert set(codes[:2]) == {"eurp", "ofii-return"}


@pytest.mark.django_db
def test_without_rules_nothing_is_offered():
    assert assistance_for("GN", day=DAY) == []


def test_the_card_names_the_rule_version_and_the_no_rule_text(world, rules, as_persona):
    from django.urls import reverse

    page = as_persona("counsellor").get(reverse("country-card", args=["FR"])).content.decode()
    assert "rule version 2025-12-04" in page
    assert "No rule of this programme gives assistance for returning to France." in page
    api = as_persona("ofii").get("/api/countries/GN/").json()
    ofii = next(a for a in api["assistance"] if a["programme"] == "ofii-return")
    assert ofii["rule_version"] and ofii["outcomes"][0]["household"] == "single"
