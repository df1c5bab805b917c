"""POST /api/people/match: the records already known that look like the
person about to be registered, best first; personal data only of people the
caller may see, the others as "a record exists at <office>, contact ..."."""

import datetime
import json

import pytest

from core.models import AuditEvent
from tests.api.helpers import call, fields_at_fault, problem, token_client
from tests.conftest import PERSONAS
from tests.factories import make_person

URL = "/api/people/match"
MAY_MATCH = {"counsellor", "team_leader", "ghent", "travel_officer", "agency_admin", "ofii"}


QUERY = {
    "given_name": "Mohammed",
    "family_name": "Diallo",
    "date_of_birth": "1990",
    "dob_precision": "year",
    "nationality": "GN",
    "sex": "male",
}


def _match(client, body=QUERY):
    return call(client, "post", URL, body)


def test_a_counsellor_finds_a_spelling_variant_with_the_reasons_in_plain_words(world, known, as_persona):
    response = _match(as_persona("counsellor"))
    assert response.status_code == 200, response.content
    first = response.json()["candidates"][0]
    assert first["visible"] is True
    assert first["person_id"] == known["bxl"].pk
    assert first["name"] == "Mohamed JALLOW"
    assert first["date_of_birth"] == "1990-05-17" and first["dob_precision"] == "full"
    assert first["nationality"] == "GN" and first["office"] == "Fedasil Brussels" and first["agency"] == "Fedasil"
    assert 0 < first["score"] <= 100 and first["match"] in {"strong", "likely", "possible", "unlikely"}
    codes = [r["code"] for r in first["reasons"]]
    assert {"family_variant", "given_variant", "dob_year", "nationality_same"} <= set(codes)
    assert "family name is a variant" in first["reasons_text"] and "year of birth matches" in first["reasons_text"]
    assert first["link"] == f"/people/{known['bxl'].pk}/"


def test_candidates_come_best_first(world, known, as_persona):
    exact = make_person(
        world.bxl,
        world.counsellor,
        given_name="Mohammed",
        family_name="Diallo",
        sex="male",
        date_of_birth=datetime.date(1990, 1, 1),
        dob_precision="year",
        nationality="GN",
    )
    found = _match(as_persona("counsellor")).json()["candidates"]
    assert found[0]["person_id"] == exact.pk
    scores = [c["score"] for c in found if c["visible"]]
    assert scores == sorted(scores, reverse=True)


def test_a_record_in_another_agency_shows_only_where_it_is_and_whom_to_ask(world, known, as_persona):
    response = _match(as_persona("counsellor"))
    found = response.json()["candidates"]
    elsewhere = [c for c in found if not c["visible"]]
    assert elsewhere == [
        {
            "visible": False,
            "office": "OFII Marseille",
            "agency": "OFII",
            "contact": {"email": "mrs@example.org", "phone": ""},
            "match": elsewhere[0]["match"],
        }
    ]
    # Nothing of the Marseille record anywhere in the answer: not its id, its
    # names, its birth date, its phone, nor a score or reasons to probe it with.
    text = response.content.decode()
    mrs = known["mrs"]
    assert f'"person_id": {mrs.pk}' not in text.replace('"person_id":', '"person_id": ')
    assert f"/people/{mrs.pk}/" not in text
    assert "34 56 78" not in text and "+33" not in text
    visible_text = json.dumps([c for c in found if c["visible"]])
    assert text.count("Jallow") == visible_text.count("Jallow")  # only the Brussels record's
    assert "1990-05-17" in visible_text and text.count("1990-05-17") == visible_text.count("1990-05-17")


def test_the_other_agency_sees_its_own_record_and_only_the_office_of_ours(world, known, as_persona):
    found = _match(as_persona("ofii")).json()["candidates"]
    assert [c["person_id"] for c in found if c["visible"]] == [known["mrs"].pk]
    assert [(c["office"], c["contact"]["email"]) for c in found if not c["visible"]] == [
        ("Fedasil Brussels", "bxl@example.org")
    ]


def test_an_agency_administrator_sees_every_office_of_her_agency_but_not_the_other_agency(world, known, as_persona):
    body = {"given_name": "Aminata", "family_name": "Ba", "date_of_birth": "1988-03-02"}
    found = _match(as_persona("agency_admin"), body).json()["candidates"]
    assert found[0]["visible"] and found[0]["person_id"] == known["ghent"].pk
    found = _match(as_persona("counsellor"), body).json()["candidates"]
    assert found[0] == {
        "visible": False,
        "office": "Fedasil Ghent",
        "agency": "Fedasil",
        "contact": {"email": "gnt@example.org", "phone": ""},
        "match": found[0]["match"],
    }


def test_several_hidden_records_at_one_office_are_named_once(world, known, as_persona):
    for _ in range(3):
        make_person(
            world.mrs, world.ofii, given_name="Muhammad", family_name="Jalloh", date_of_birth=datetime.date(1990, 2, 3)
        )
    found = _match(as_persona("counsellor")).json()["candidates"]
    assert [c["office"] for c in found if not c["visible"]] == ["OFII Marseille"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona(world, known, as_persona, persona):
    response = _match(as_persona(persona))
    if persona in MAY_MATCH:
        assert response.status_code == 200, response.content
        found = response.json()["candidates"]
        assert found, persona
        for c in found:
            if not c["visible"]:
                assert set(c) == {"visible", "office", "agency", "contact", "match"}
    else:
        # Partners, analysts (read-only) and outsiders register nobody.
        problem(response, 403)


def test_without_a_login_the_answer_is_401(world, client):
    problem(call(client, "post", URL, QUERY), 401)


def test_a_token_works_and_the_slash_is_optional(world, known):
    client = token_client(world.counsellor)
    assert call(client, "post", URL, QUERY).json() == call(client, "post", URL + "/", QUERY).json()


@pytest.mark.parametrize(
    "body, field",
    [
        ({**QUERY, "date_of_birth": "17/05/1990"}, "date_of_birth"),
        ({**QUERY, "date_of_birth": "1990-02-30", "dob_precision": "full"}, "date_of_birth"),
        ({**QUERY, "date_of_birth": "1990-05", "dob_precision": "full"}, "date_of_birth"),
        ({**QUERY, "dob_precision": "sometimes"}, "dob_precision"),
        ({**QUERY, "nationality": "Guinea"}, "nationality"),
        ({**QUERY, "nationality": "XX"}, "nationality"),
        ({**QUERY, "sex": "m"}, "sex"),
        ({**QUERY, "limit": 0}, "limit"),
        ({**QUERY, "limit": 51}, "limit"),
        ({**QUERY, "limit": "ten"}, "limit"),
        ({**QUERY, "given_name": "x" * 151}, "given_name"),
        ({"date_of_birth": "1990"}, None),
        ({}, None),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, known, as_persona, body, field):
    body = problem(_match(as_persona("counsellor"), body), 400)
    assert field in fields_at_fault(body), body


def test_the_limit_caps_the_candidates(world, known, as_persona):
    for n in range(6):
        make_person(
            world.bxl,
            world.counsellor,
            given_name="Mohamed",
            family_name="Diallo",
            date_of_birth=datetime.date(1990, 1 + n, 1),
            dob_precision="year_month",
            nationality="GN",
        )
    client = as_persona("counsellor")
    assert len(_match(client, {**QUERY, "limit": 3}).json()["candidates"]) == 3
    assert len(_match(client).json()["candidates"]) == 8  # 7 visible, the Marseille one once


def test_a_document_number_alone_or_a_phone_with_a_name_finds_the_record(world, known, as_persona):
    from people.actions import add_document

    add_document(known["bxl"], by=world.counsellor, doc_type="passport", number="G 1234567", issuing_country="GN")
    client = as_persona("counsellor")
    found = _match(client, {"document_number": "g1234567"}).json()["candidates"]
    assert found[0]["person_id"] == known["bxl"].pk and found[0]["reasons"][0]["code"] == "document_same"
    # A phone number weighs less (families share one): with a family name.
    found = _match(client, {"family_name": "Jalo", "phone": "0470 112233"}).json()["candidates"]
    assert found[0]["person_id"] == known["bxl"].pk and found[0]["reasons"][0]["code"] == "phone_same"


def test_a_name_in_arabic_script_finds_the_latin_record(world, known, as_persona):
    found = _match(as_persona("counsellor"), {"given_name": "محمد", "family_name": "Jallow"}).json()["candidates"]
    assert known["bxl"].pk in [c.get("person_id") for c in found]


def test_a_match_is_not_written_to_the_audit_trail(world, known, as_persona):
    client = as_persona("counsellor")
    before = AuditEvent.objects.count()
    assert _match(client).status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_record_elsewhere_on_one_of_the_users_cases_is_visible(world, known, as_persona):
    # Aminata is registered in Ghent; once she is a member of a Brussels case,
    # the Brussels counsellor sees her record (people.access.visible_people).
    from cases import actions as case_actions

    body = {"given_name": "Aminata", "family_name": "Ba", "date_of_birth": "1988-03-02"}
    assert not _match(as_persona("counsellor"), body).json()["candidates"][0]["visible"]
    case_actions.add_member(world.case, known["ghent"], by=world.counsellor, relation="other")
    found = _match(as_persona("counsellor"), body).json()["candidates"][0]
    assert found["visible"] and found["person_id"] == known["ghent"].pk and found["office"] == "Fedasil Ghent"


def test_the_query_count_does_not_grow_with_the_candidates(world, known, as_persona, django_assert_max_num_queries):
    for n in range(10):
        make_person(
            world.mrs,
            world.ofii,
            given_name="Mohamed",
            family_name="Diallo",
            date_of_birth=None,
            dob_precision="unknown",
            phone=f"+33 6 00 00 00 {n:02d}",
        )
    client = as_persona("counsellor")
    _match(client)  # sessions, memberships
    # session, user, memberships, keys, profiles, candidates (with whether a case shows them)
    with django_assert_max_num_queries(6):
        assert len(_match(client).json()["candidates"]) >= 2


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/people/match/"]["post"]
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    request = schema["components"]["schemas"]["MatchQuery"]["properties"]
    assert {"given_name", "family_name", "other_names", "date_of_birth", "dob_precision", "sex", "nationality"} <= set(
        request
    )
    assert {"document_number", "phone", "limit"} <= set(request)
    candidate = schema["components"]["schemas"]["MatchCandidate"]["properties"]
    assert {"visible", "person_id", "office", "contact", "score", "reasons"} <= set(candidate)
