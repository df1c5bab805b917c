"""Frontex's EU Reintegration Programme (amounts: /work/shared/docs/domain.md,
"Assistance rules", "Comparable programmes")."""

import datetime

from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_programme

DAY = datetime.date(2026, 3, 2)


def eurp(day=DAY, nationality="NG", ages=(30,)):
    facts = Facts(date=day, nationality=nationality, household=tuple(Member(age=a) for a in ages))
    return evaluate_programme(Programme.objects.get(code="eurp"), facts)


def test_eurp_post_arrival_and_in_kind_support_for_a_family(rules):
    result = eurp(ages=(35, 17, 2))
    assert result["eligible"] is True and result["rule_version"] == "2022-04-01"
    parts = {c["code"]: c for c in result["components"]}
    # EURP: 615 EUR post-arrival package (per returnee: assumption, unverified)
    assert parts["post_arrival"]["members"] == ["615.00", "615.00", "615.00"]
    assert parts["post_arrival"]["unverified"] is True
    # EURP: in kind up to 2,000 EUR per adult and 1,000 EUR per minor family member
    assert parts["post_return_in_kind"]["members"] == ["2000.00", "1000.00", "1000.00"]
    assert parts["post_return_in_kind"]["form"] == "in_kind"
    assert result["total"] == "5845.00"  # 3 × 615 + 2,000 + 2 × 1,000 EUR (EURP)


def test_eurp_is_for_non_eu_nationals(rules):
    assert eurp(nationality="FR")["eligible"] is False
    assert eurp(nationality="XK")["eligible"] is True


def test_eurp_has_no_rules_before_april_2022(rules):
    assert eurp(day=datetime.date(2022, 3, 31))["rule_version"] is None
    assert eurp(day=datetime.date(2022, 4, 1))["rule_version"] == "2022-04-01"


def test_programmes_and_the_agencies_running_them(rules):
    run_by = {p.code: set(p.run_by.split(",")) for p in Programme.objects.all()}
    assert run_by == {
        "fedasil-return": {"fedasil"},
        "ofii-return": {"ofii"},
        "eurp": {"fedasil", "ofii"},
        "starthilfeplus": {"bamf"},
        "reag-garp": {"bamf"},
    }
