"""The engine's additions for the programmes' rules: `not`, country_of_return_group,
vulnerability kinds, caps that apply only when conditions hold or per member,
discretionary envelopes, per-member amounts and explanations in words. The amounts
here are made up for the test (no programme's figures)."""

import datetime
import textwrap

from eligibility.engine import evaluate
from eligibility.facts import Facts, Member
from eligibility.loader import parse

DAY = datetime.date(2026, 1, 15)
HEAD = """\
programme: test
name: Test
version: "1"
valid_from: 2020-01-01
currency: EUR
sources: [made up for the test]
"""


def rules(body: str) -> dict:
    return parse(HEAD + textwrap.dedent(body), "test.yaml")


def test_not_inverts_a_block_and_explains_it():
    content = rules("""
        requirements:
          - code: not_lille_nord
            label: Not both Lille and Nord
            when:
              not: {office_in: [LIL], removal_order_authority_in: [prefecture-nord]}
        components:
          - {code: a, label: A, form: cash, paid: at_departure, per: household, rows: [{amount: 10}]}
    """)
    inside = evaluate(content, Facts(date=DAY, office="LIL", removal_order_authority="prefecture-nord"))
    assert inside["eligible"] is False
    assert "not (application handled by office LIL; removal order issued by prefecture-nord)" in inside["reasons"][0]
    # The block stops at the first condition that fails: the authority is not needed.
    elsewhere = evaluate(content, Facts(date=DAY, office="MRS"))
    assert elsewhere["eligible"] is True and elsewhere["missing_facts"] == []


def test_country_of_return_group_and_words_in_the_explanation():
    content = rules("""
        components:
          - code: a
            label: A
            form: in_kind
            paid: after_arrival
            per: household
            when: {country_of_return_group: ofii_reintegration_countries}
            rows:
              - {when: {nationality_group: visa_required}, amount: 10}
    """)
    result = evaluate(content, Facts(date=DAY, nationality="GN", country_of_return="CM"))
    assert result["total"] == "10.00"
    line = result["explanation"][0]
    assert "Cameroon (CM)" in line and "countries with an OFII reintegration programme" in line
    assert "nationality Guinea (GN) is in visa-required countries" in line
    assert evaluate(content, Facts(date=DAY, nationality="GN", country_of_return="GN"))["components"] == []


def test_vulnerability_kinds_for_the_household_and_for_one_member():
    content = rules("""
        components:
          - code: household_medical
            label: H
            form: in_kind
            paid: after_arrival
            per: household
            when: {vulnerability_in: [medical]}
            rows: [{amount: 5}]
          - code: member_medical
            label: M
            form: in_kind
            paid: after_arrival
            per: member
            rows: [{when: {member_vulnerability_in: [medical, mental_health]}, amount: 7}]
    """)
    facts = Facts(date=DAY, household=(Member(age=30), Member(age=3, vulnerabilities=("mental_health",))))
    result = evaluate(content, facts)
    assert [c["code"] for c in result["components"]] == ["member_medical"]
    assert result["components"][0]["members"] == ["0.00", "7.00"]
    medical = Facts(date=DAY, household=(Member(age=30, vulnerabilities=("medical",)),))
    assert evaluate(content, medical)["total"] == "12.00"


CAPPED = """
    components:
      - code: a
        label: A
        form: cash
        paid: at_departure
        per: member
        rows: [{when: {age_min: 18}, amount: 300}, {amount: 100}]
      - code: b
        label: B
        form: cash
        paid: at_departure
        per: member
        rows: [{amount: 50}]
      - {code: c, label: C, form: cash, paid: at_departure, per: household, rows: [{amount: 40}]}
    caps:
"""


def test_a_per_member_cap_cuts_each_member_from_the_last_listed_component():
    content = rules(CAPPED + "      - {code: each, per: member, components: [a, b], max: 320, when: {age_min: 18}}\n")
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40), Member(age=5))))
    parts = {c["code"]: c for c in result["components"]}
    # The adult: 300 + 50 cut to 320 (b loses 30); the child is not under the cap.
    assert parts["a"]["members"] == ["300.00", "100.00"]
    assert parts["b"]["members"] == ["20.00", "50.00"] and parts["b"]["amount"] == "70.00"
    assert result["total"] == "510.00"
    assert any("ceiling of 320.00 EUR per member applied to member(s) 1" in line for line in result["explanation"])


def test_a_household_cap_only_when_its_conditions_hold():
    content = rules(CAPPED + "      - {code: big, components: [a, c], max: 200, when: {household_size_min: 2}}\n")
    single = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert single["total"] == "390.00"  # 300 + 50 + 40: the cap does not apply
    family = evaluate(content, Facts(date=DAY, household=(Member(age=40), Member(age=30))))
    parts = {c["code"]: c for c in family["components"]}
    # a (600) + c (40) cut to 200: c goes first, then a loses 400.
    assert "c" not in parts and parts["a"]["amount"] == "200.00" and family["total"] == "300.00"


def test_a_cap_that_is_not_reached_is_still_shown():
    content = rules(CAPPED + "      - {code: roof, label: Roof, components: [c], max: 1000, source: test}\n")
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert "[test 1 · roof] Roof: ceiling of 1,000.00 EUR, not reached (test)" in result["explanation"]


def test_a_component_cap_keeps_the_members_amounts_in_step():
    content = rules("""
        components:
          - {code: a, label: A, form: cash, paid: at_departure, per: member, cap: 250, rows: [{amount: 100}]}
    """)
    result = evaluate(content, Facts(date=DAY, household=(Member(age=1), Member(age=2), Member(age=3))))
    assert result["components"][0]["members"] == ["100.00", "100.00", "50.00"]
    assert result["components"][0]["amount"] == "250.00"


def test_discretionary_envelopes_are_listed_apart_and_not_in_the_total():
    content = rules("""
        components:
          - {code: a, label: A, form: cash, paid: at_departure, per: household, rows: [{amount: 100}]}
          - code: project
            label: Project
            form: in_kind
            paid: after_arrival
            per: household
            discretionary: true
            rows: [{amount: 5000, source: committee, unverified: true}]
    """)
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert result["total"] == "100.00" and [c["code"] for c in result["components"]] == ["a"]
    assert result["discretionary"] == [
        {
            "code": "project",
            "label": "Project",
            "amount": "5000.00",
            "currency": "EUR",
            "form": "in_kind",
            "paid": "after_arrival",
            "unverified": True,
            "up_to": True,
        }
    ]
    # The package itself rests on no unverified figure.
    assert result["unverified"] is False
    assert any("→ up to 5,000.00 EUR (committee; unverified figure)" in line for line in result["explanation"])


def test_a_zero_row_marked_unverified_flags_the_result():
    content = rules("""
        components:
          - {code: a, label: A, form: cash, paid: at_departure, per: member, rows: [{amount: 0, unverified: true}]}
    """)
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert result["components"] == [] and result["unverified"] is True


def test_a_cap_needing_an_unknown_fact_reports_it():
    content = rules(CAPPED + "      - {code: lille, components: [c], max: 10, when: {office_in: [LIL]}}\n")
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert result["eligible"] is None and result["missing_facts"] == ["office"]


def test_the_result_keeps_its_documented_keys():
    content = rules("""
        components:
          - {code: a, label: A, form: cash, paid: at_departure, per: household, rows: [{amount: 1}]}
    """)
    result = evaluate(content, Facts(date=DAY, household=(Member(age=40),)))
    assert {
        "programme",
        "rule_version",
        "eligible",
        "reasons",
        "missing_facts",
        "components",
        "total",
        "currency",
        "explanation",
        "unverified",
    } <= set(result)
    assert {"code", "label", "amount", "currency", "form", "paid", "unverified"} <= set(result["components"][0])


def test_explanations_never_name_a_protection_need():
    # Everyone who reads the eligibility page reads the explanation; only the
    # counsellors read which protection need it is (people.access).
    content = rules("""
        components:
          - code: protection
            label: P
            form: in_kind
            paid: after_arrival
            per: household
            when: {vulnerability_in: [trafficking, medical]}
            rows: [{amount: 5}]
    """)
    facts = Facts(date=DAY, household=(Member(age=30, vulnerabilities=("trafficking", "medical")),))
    text = " ".join(evaluate(content, facts)["explanation"])
    assert "trafficking" not in text and "a protection need" in text and "medical" in text
