"""POST /api/eligibility/evaluate/: facts in, the published rules' answer out,
for one programme or every programme of the caller's agency."""

import datetime

import pytest
from django.test import Client

from core.models import AuditEvent
from eligibility.facts import Facts, Member
from eligibility.models import Decision, Programme
from eligibility.service import evaluate_programme
from tests.api.helpers import PROBLEM, call, fields_at_fault, problem, token_client
from tests.conftest import PERSONAS

URL = "/api/eligibility/evaluate/"
DAY = "2026-03-01"
FAMILY = {
    "date": DAY,
    "nationality": "GN",
    "country_of_return": "GN",
    "administrative_status": "asylum_rejected",
    "household": [{"age": 34}, {"age": 30}, {"age": 4, "vulnerabilities": ["minor"]}],
    "holds_travel_document": True,
    "previous_return_aid": False,
}


def _run_by(agency: str) -> set[str]:
    return {p.code for p in Programme.objects.all() if p.is_run_by(agency)}


def _one(response) -> dict:
    assert response.status_code == 200, response.content[:500]
    [result] = response.json()
    return result


def test_a_fedasil_counsellor_gets_every_programme_fedasil_runs(world, rules, as_persona):
    response = call(as_persona("counsellor"), "post", URL, FAMILY)
    assert response.status_code == 200
    results = response.json()
    assert "fedasil-return" in {r["programme"] for r in results}
    assert {r["programme"] for r in results} == _run_by("fedasil")


def test_the_fedasil_family_package_is_350_per_adult_175_per_child_plus_reintegration(world, rules, as_persona):
    result = _one(call(as_persona("counsellor"), "post", URL, {**FAMILY, "programme": "fedasil-return"}))
    assert result["programme"] == "fedasil-return" and result["rule_version"] == "2022-01-01"
    assert result["rule_version_id"] == rules[("fedasil-return", "2022-01-01")].pk
    assert result["eligible"] is True and result["missing_facts"] == []
    components = {c["code"]: c for c in result["components"]}
    premium = components["reinstallation_premium"]
    assert premium == {
        "code": "reinstallation_premium",
        "label": "Reinstallation premium",
        "amount": "875.00",
        "currency": "EUR",
        "form": "cash",
        "paid": "at_departure",
        "unverified": False,
        "members": ["350.00", "350.00", "175.00"],
    }
    in_kind = components["reintegration_in_kind"]
    assert (in_kind["amount"], in_kind["form"], in_kind["paid"]) == ("5000.00", "in_kind", "after_arrival")
    assert result["total"] == "5875.00" and result["currency"] == "EUR"
    assert result["unverified"] is True  # the in-kind figures are placeholders


def test_every_explanation_line_names_the_rule_behind_it(world, rules, as_persona):
    result = _one(call(as_persona("counsellor"), "post", URL, {**FAMILY, "programme": "fedasil-return"}))
    assert result["explanation"]
    for line in result["explanation"]:
        assert line.startswith("[fedasil-return 2022-01-01 · "), line
    assert any("reinstallation_premium]" in line and "350.00 EUR" in line for line in result["explanation"])


def test_the_answer_is_in_the_callers_language(world, rules, as_persona):
    client = as_persona("counsellor")
    response = call(client, "post", URL, {**FAMILY, "programme": "fedasil-return"}, HTTP_ACCEPT_LANGUAGE="fr")
    labels = {c["code"]: c["label"] for c in _one(response)["components"]}
    assert labels["reinstallation_premium"] == "Prime de réinstallation"


def test_an_ofii_official_gets_the_programmes_ofii_runs_and_not_fedasils(world, rules, as_persona):
    response = call(as_persona("ofii"), "post", URL, FAMILY)
    assert response.status_code == 200
    assert {r["programme"] for r in response.json()} == _run_by("ofii")
    assert "fedasil-return" not in {r["programme"] for r in response.json()}


def test_a_named_programme_is_evaluated_whoever_runs_it(world, rules, as_persona):
    # The rules are public policy: anyone on staff may ask about any programme.
    result = _one(call(as_persona("ofii"), "post", URL, {**FAMILY, "programme": "fedasil-return"}))
    assert result["programme"] == "fedasil-return" and result["total"] == "5875.00"


def test_an_unknown_programme_is_a_problem_naming_programme(world, rules, as_persona):
    body = problem(call(as_persona("counsellor"), "post", URL, {**FAMILY, "programme": "atlantis-return"}), 400)
    assert fields_at_fault(body) == {"programme"}
    assert "atlantis-return" in body["detail"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"nationality": "ZZ"}, "nationality"),
        ({"country_of_return": "Guinea"}, "country_of_return"),
        ({"household": [{"age": -1}]}, "household[0].age"),
        ({"household": [{"age": 121}]}, "household[0].age"),
        ({"household": [{"age": 30, "vulnerabilities": ["homesick"]}]}, "household[0].vulnerabilities[0]"),
        ({"administrative_status": "tourist"}, "administrative_status"),
        ({"date": "2026-02-30"}, "date"),
        ({"removal_order_date": "2026-03-02"}, "removal_order_date"),
        ({"asylum_decision_date": "2026-04-01"}, "asylum_decision_date"),
        ({"arrival_date": "2027-01-01"}, "arrival_date"),
        ({"holds_travel_document": "perhaps"}, "holds_travel_document"),
        ({"office": "NOWHERE"}, "office"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(world, rules, as_persona, change, field):
    body = problem(call(as_persona("counsellor"), "post", URL, {**FAMILY, **change}), 400)
    assert fields_at_fault(body) == {field}, body


def test_a_removal_order_after_the_application_says_so(world, rules, as_persona):
    body = problem(call(as_persona("counsellor"), "post", URL, {**FAMILY, "removal_order_date": "2026-03-02"}), 400)
    assert body["errors"] == [
        {"field": "removal_order_date", "detail": "This date is after the date of the application."}
    ]


def test_without_an_application_date_later_dates_may_not_lie_in_the_future(world, rules, as_persona):
    facts = {**FAMILY, "removal_order_date": "2999-01-01"}
    facts.pop("date")
    body = problem(call(as_persona("counsellor"), "post", URL, facts), 400)
    assert fields_at_fault(body) == {"removal_order_date"}


def test_a_removal_order_on_the_day_of_the_application_is_fine(world, rules, as_persona):
    response = call(as_persona("counsellor"), "post", URL, {**FAMILY, "removal_order_date": DAY})
    assert response.status_code == 200


def test_missing_facts_are_reported_by_name_not_guessed(world, rules, as_persona):
    facts = {"programme": "fedasil-return", "date": DAY, "household": [{"age": 40}]}
    result = _one(call(as_persona("counsellor"), "post", URL, facts))
    assert result["eligible"] is None
    assert result["missing_facts"] == ["nationality"]
    assert result["components"] == [] and result["total"] == "0.00"
    assert any("nationality" in reason for reason in result["reasons"])


def test_a_missing_application_date_is_reported_not_defaulted_to_today(world, rules, as_persona):
    facts = {key: value for key, value in FAMILY.items() if key != "date"}
    result = _one(call(as_persona("counsellor"), "post", URL, {**facts, "programme": "fedasil-return"}))
    assert result["eligible"] is None and result["missing_facts"] == ["date"]
    assert result["rule_version"] is None and result["total"] == "0.00"


def test_empty_facts_are_not_an_error_but_all_missing(world, rules, as_persona):
    result = _one(call(as_persona("counsellor"), "post", URL, {"programme": "fedasil-return"}))
    assert result["missing_facts"] == ["date"]


def test_a_date_before_any_published_rules_is_not_eligible_and_says_why(world, rules, as_persona):
    result = _one(
        call(as_persona("counsellor"), "post", URL, {**FAMILY, "programme": "fedasil-return", "date": "2010-06-01"})
    )
    assert result["eligible"] is False and result["rule_version"] is None
    assert "fedasil-return" in result["reasons"][0]


def test_evaluating_stores_nothing(world, rules, as_persona):
    events = AuditEvent.objects.count()
    call(as_persona("counsellor"), "post", URL, FAMILY)
    assert Decision.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_script_with_a_token_may_evaluate(world, rules):
    response = call(token_client(world.agency_admin), "post", URL, {**FAMILY, "programme": "fedasil-return"})
    assert _one(response)["total"] == "5875.00"


def test_an_anonymous_client_gets_a_401_problem(world, rules):
    response = call(Client(), "post", URL, FAMILY)
    problem(response, 401)


def test_only_json_is_accepted(world, rules, as_persona):
    response = as_persona("counsellor").post(URL, {"date": DAY, "nationality": "GN"})
    problem(response, 415)


def test_reading_is_not_offered(world, rules, as_persona):
    problem(as_persona("counsellor").get(URL), 405)


#             counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
EXPECTED = (200, 200, 200, 200, 200, 200, 200, 200, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_any_staff_member_may_evaluate_and_a_user_without_membership_may_not(world, rules, as_persona, persona):
    response = call(as_persona(persona), "post", URL, {**FAMILY, "programme": "fedasil-return"})
    expected = EXPECTED[PERSONAS.index(persona)]
    assert response.status_code == expected
    if expected >= 400:
        assert response["Content-Type"] == PROBLEM


def test_a_partner_caseworker_without_a_programme_gets_an_empty_list(world, rules, as_persona):
    response = call(as_persona("partner"), "post", URL, FAMILY)
    assert response.status_code == 200 and response.json() == []


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    post = schema["paths"]["/api/eligibility/evaluate/"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json"}
    assert {"200", "400", "401", "403"} <= set(post["responses"])
    assert PROBLEM in post["responses"]["400"]["content"]
    result = schema["components"]["schemas"]["EligibilityResult"]["properties"]
    assert {"programme", "rule_version", "eligible", "reasons", "components", "total", "explanation"} <= set(result)


def test_a_member_of_unknown_age_is_reported_as_missing(world, rules, as_persona):
    facts = {**FAMILY, "programme": "fedasil-return", "household": [{"age": None}]}
    result = _one(call(as_persona("counsellor"), "post", URL, facts))
    assert result["eligible"] is None and result["missing_facts"] == ["household.age"]


def test_the_answer_keeps_every_key_the_engine_gives(world, rules, as_persona):
    # When the engine learns something new, this says the API must document it.
    result = _one(call(as_persona("counsellor"), "post", URL, {**FAMILY, "programme": "fedasil-return"}))
    facts = Facts(
        date=datetime.date(2026, 3, 1), nationality="GN", household=(Member(age=34), Member(age=30), Member(age=4))
    )
    engine = evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)
    assert set(result) == set(engine)
    for ours, theirs in zip(result["components"], engine["components"], strict=True):
        assert set(ours) == set(theirs)


def test_the_endpoint_also_answers_without_the_trailing_slash(world, rules, as_persona):
    body = {"programme": "fedasil-return", "date": "2026-03-01", "nationality": "GN", "household": [{"age": 30}]}
    response = as_persona("counsellor").post("/api/eligibility/evaluate", body, content_type="application/json")
    assert response.status_code == 200
    # agii.be 2022: 350 EUR per adult from a visa-required country
    assert response.json()[0]["components"][0]["amount"] == "350.00"
