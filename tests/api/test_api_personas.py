"""Every endpoint against every persona: who gets what status.

world.case is a Brussels case referred to IOM (the partner); nobody from
Ghent, OFII or outside can learn it exists (404); the analyst reads but
never writes (403); the partner sees it without its asylum file."""

import datetime

import pytest
from django.utils import timezone

from tests.api.helpers import call
from tests.conftest import PERSONAS
from tests.factories import make_interview, make_person

#             counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
EXPECTED = {
    "case detail": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "case change": (200, 200, 404, 403, 200, 403, 404, 403, 404),
    "case open": (201, 201, 403, 403, 201, 403, 403, 403, 403),
    "transitions": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "transition": (201, 201, 404, 403, 201, 403, 404, 403, 404),
    "interviews": (200, 200, 404, 200, 200, 200, 404, 403, 404),
    "interview": (200, 200, 404, 200, 200, 200, 404, 403, 404),
    "interview record": (201, 201, 404, 403, 201, 403, 404, 403, 404),
    "consents": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "consent record": (201, 201, 404, 403, 201, 403, 404, 403, 404),
    "person detail": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "person change": (200, 200, 404, 200, 200, 403, 404, 403, 404),
    "person register": (201, 201, 403, 201, 201, 403, 403, 403, 403),
    "documents": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "document add": (201, 201, 404, 201, 201, 403, 404, 403, 404),
}


def request_for(endpoint: str, world):
    case, person = world.case, world.case.principal
    now = timezone.now()
    if endpoint == "case detail":
        return "get", f"/api/cases/{case.pk}/", None
    if endpoint == "case change":
        return "patch", f"/api/cases/{case.pk}/", {"version": case.version, "region_of_return": "Kindia"}
    if endpoint == "case open":
        principal = make_person(world.bxl, world.counsellor)
        body = {
            "office": world.bxl.pk,
            "principal": principal.pk,
            "country_of_return": "GN",
            "administrative_status": "irregular_stay",
            "referral_source": "walk_in",
        }
        return "post", "/api/cases/", body
    if endpoint == "transitions":
        return "get", f"/api/cases/{case.pk}/transitions/", None
    if endpoint == "transition":
        return "post", f"/api/cases/{case.pk}/transitions/", {"to_status": "counselling"}
    if endpoint == "interviews":
        return "get", f"/api/cases/{case.pk}/interviews/", None
    if endpoint == "interview":
        return "get", f"/api/interviews/{make_interview(case, world.counsellor).pk}/", None
    if endpoint == "interview record":
        body = {
            "held_at": (now - datetime.timedelta(hours=1)).isoformat(),
            "mode": "phone",
            "language": "fr",
            "intention": "decided",
        }
        return "post", f"/api/cases/{case.pk}/interviews/", body
    if endpoint == "consents":
        return "get", f"/api/cases/{case.pk}/consents/", None
    if endpoint == "consent record":
        body = {
            "purpose": "statistics",
            "state": "refused",
            "date": timezone.localdate().isoformat(),
            "language": "fr",
            "method": "oral",
        }
        return "post", f"/api/cases/{case.pk}/consents/", body
    if endpoint == "person detail":
        return "get", f"/api/people/{person.pk}/", None
    if endpoint == "person change":
        return "patch", f"/api/people/{person.pk}/", {"version": person.version, "interpreter_needed": True}
    if endpoint == "person register":
        body = {"office": world.bxl.pk, "given_name": "Kadiatou", "family_name": "Barry", "date_of_birth": "1984"}
        return "post", "/api/people/", body
    if endpoint == "documents":
        return "get", f"/api/people/{person.pk}/documents/", None
    if endpoint == "document add":
        return (
            "post",
            f"/api/people/{person.pk}/documents/",
            {"doc_type": "national_id", "number": "N-1", "issuing_country": "GN"},
        )
    raise AssertionError(endpoint)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", EXPECTED)
def test_each_persona_gets_the_expected_status_from_each_endpoint(world, as_persona, endpoint, persona):
    method, url, body = request_for(endpoint, world)
    response = call(as_persona(persona), method, url, body)
    expected = EXPECTED[endpoint][PERSONAS.index(persona)]
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("counsellor", {"case"}),
        ("team_leader", {"case"}),
        ("travel_officer", {"case"}),
        ("ghent", {"ghent_case"}),
        ("agency_admin", {"case", "ghent_case"}),
        ("analyst", {"case", "ghent_case"}),
        ("ofii", {"ofii_case"}),
        ("partner", {"case"}),
        ("outsider", set()),
    ],
)
def test_each_persona_lists_exactly_the_cases_and_people_in_their_scope(world, as_persona, persona, expected):
    client = as_persona(persona)
    cases = client.get("/api/cases/").json()["results"]
    assert {c["number"] for c in cases} == {getattr(world, name).number for name in expected}
    people = client.get("/api/people/").json()["results"]
    assert {p["id"] for p in people} == {getattr(world, name).principal_id for name in expected}


@pytest.mark.parametrize("persona", ["ghent", "ofii", "outsider"])
def test_someone_outside_the_scope_cannot_tell_a_case_exists(world, as_persona, persona):
    client = as_persona(persona)
    hidden = client.get(f"/api/cases/{world.case.pk}/")
    missing = client.get("/api/cases/987654/")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
