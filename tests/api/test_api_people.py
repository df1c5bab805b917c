import datetime

import pytest
from django.utils import timezone

from core.models import AuditEvent, AuditKind
from people.actions import add_document
from people.models import Alias, IdentityDocument, Person, PersonLanguage
from tests.api.helpers import call, fields_at_fault, problem
from tests.factories import make_person


def new_person(world, **overrides):
    body = {
        "office": world.bxl.pk,
        "given_name": "Aïssatou",
        "family_name": "Diallo",
        "sex": "female",
        "date_of_birth": "1991-03",
        "dob_precision": "year_month",
        "nationality": "GN",
        "country_of_birth": "GN",
        "languages": ["fr", "fuf"],
        "interpreter_needed": True,
        "phone": "+32 470 12 34 56",
        "email": "aissatou@example.org",
        "aliases": ["Aissata Diallo"],
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def test_a_counsellor_registers_a_person_at_her_office(world, as_persona):
    response = call(as_persona("counsellor"), "post", "/api/people/", new_person(world))
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.registered_by_office == world.bxl
    assert person.created_by == world.counsellor
    assert person.date_of_birth == datetime.date(1991, 3, 1)
    assert body["date_of_birth"] == "1991-03"
    assert body["dob_precision"] == "year_month"
    assert body["languages"] == ["fr", "fuf"]
    assert [a["name"] for a in body["aliases"]] == ["Aissata Diallo"]
    assert "aissata diallo" in person.search_names
    assert AuditEvent.objects.filter(action="person.registered", person_id=person.pk, actor=world.counsellor).exists()


@pytest.mark.parametrize(
    "given, precision, stored, shown",
    [
        ("1990", "year", datetime.date(1990, 1, 1), "1990"),
        ("1990-07", "year_month", datetime.date(1990, 7, 1), "1990-07"),
        ("1990-07-14", "full", datetime.date(1990, 7, 14), "1990-07-14"),
        ("1990", ..., datetime.date(1990, 1, 1), "1990"),
        (None, "unknown", None, None),
        (..., ..., None, None),
    ],
)
def test_a_partial_date_of_birth_is_stored_with_its_unknown_parts_as_one(
    world, as_persona, given, precision, stored, shown
):
    body = new_person(world, date_of_birth=given, dob_precision=precision)
    response = call(as_persona("counsellor"), "post", "/api/people/", body)
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.date_of_birth == stored
    assert response.json()["date_of_birth"] == shown
    implied = "year" if given not in (None, ...) else "unknown"
    assert person.dob_precision == (implied if precision is ... else precision)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"given_name": ...}, "given_name"),
        ({"family_name": "   "}, "family_name"),
        ({"office": ...}, "office"),
        ({"date_of_birth": "1990-02-30", "dob_precision": "full"}, "date_of_birth"),
        ({"date_of_birth": "17/05/1990", "dob_precision": "full"}, "date_of_birth"),
        ({"date_of_birth": str(timezone.localdate().year + 1), "dob_precision": "year"}, "date_of_birth"),
        ({"date_of_birth": "1990-05-17", "dob_precision": "year"}, "date_of_birth"),
        ({"date_of_birth": "1990", "dob_precision": "unknown"}, "dob_precision"),
        ({"date_of_birth": ..., "dob_precision": "full"}, "date_of_birth"),
        ({"nationality": "XX"}, "nationality"),
        ({"country_of_birth": "Guinea"}, "country_of_birth"),
        ({"languages": ["fr", "xx"]}, "languages[1]"),
        ({"sex": "m"}, "sex"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_input_on_registration_names_the_field_and_saves_nothing(world, as_persona, overrides, field):
    before = (Person.objects.count(), Alias.objects.count(), PersonLanguage.objects.count(), AuditEvent.objects.count())
    response = call(as_persona("counsellor"), "post", "/api/people/", new_person(world, **overrides))
    body = problem(response, 400)
    assert field in fields_at_fault(body), body
    after = (Person.objects.count(), Alias.objects.count(), PersonLanguage.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_a_date_of_birth_in_the_coming_days_is_refused(world, as_persona):
    # Two days ahead: "today" is the office's, which may differ from UTC's.
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    body = new_person(world, date_of_birth=tomorrow.isoformat(), dob_precision="full")
    response = call(as_persona("counsellor"), "post", "/api/people/", body)
    assert fields_at_fault(problem(response, 400)) == {"date_of_birth"}


def test_a_language_given_twice_is_recorded_once(world, as_persona):
    response = call(as_persona("counsellor"), "post", "/api/people/", new_person(world, languages=["fr", "fr"]))
    assert response.status_code == 201
    assert response.json()["languages"] == ["fr"]


def test_registering_at_an_office_outside_ones_own_is_forbidden(world, as_persona):
    before = Person.objects.count()
    response = call(as_persona("ghent"), "post", "/api/people/", new_person(world, office=world.bxl.pk))
    problem(response, 403)
    assert Person.objects.count() == before


def test_viewing_a_person_writes_an_access_audit_event(world, as_persona):
    person = world.case.principal
    response = as_persona("travel_officer").get(f"/api/people/{person.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.ACCESS, action="person.viewed")
    assert (event.actor, event.person_id, event.object_id) == (world.travel_officer, person.pk, str(person.pk))


def test_a_refused_person_view_writes_no_audit_event(world, as_persona):
    response = as_persona("ofii").get(f"/api/people/{world.case.principal.pk}/")
    problem(response, 404)
    assert not AuditEvent.objects.filter(kind=AuditKind.ACCESS).exists()


def test_a_person_detail_nests_documents_and_vulnerabilities(world, as_persona):
    person = world.case.principal
    add_document(person, by=world.counsellor, doc_type="passport", number="gn-123 456", issuing_country="GN")
    body = as_persona("counsellor").get(f"/api/people/{person.pk}/").json()
    assert [(d["doc_type"], d["number"], d["issuing_country"]) for d in body["documents"]] == [
        ("passport", "gn-123 456", "GN")
    ]
    assert body["vulnerabilities"] == []
    assert body["date_of_birth"] == "1990-05-17"


def test_the_people_list_finds_a_name_without_its_accents(world, as_persona):
    wanted = make_person(world.bxl, world.counsellor, given_name="Mamadou", family_name="Bâ")
    make_person(world.bxl, world.counsellor, given_name="Fatou", family_name="Camara")
    results = as_persona("counsellor").get("/api/people/", {"q": "mamadou BA"}).json()["results"]
    assert [r["id"] for r in results] == [wanted.pk]


def test_the_people_list_finds_an_alias(world, as_persona):
    wanted = make_person(world.bxl, world.counsellor, given_name="Ibrahima", family_name="Sow")
    call(as_persona("counsellor"), "post", "/api/people/", new_person(world, aliases=["Ibou"]))
    results = as_persona("counsellor").get("/api/people/", {"q": "ibou"}).json()["results"]
    assert [r["given_name"] for r in results] == ["Aïssatou"]
    assert wanted.pk not in [r["id"] for r in results]


def test_the_people_list_finds_a_document_number_however_it_is_typed(world, as_persona):
    wanted = make_person(world.bxl, world.counsellor)
    add_document(wanted, by=world.counsellor, doc_type="passport", number="O0123456", issuing_country="GN")
    results = as_persona("counsellor").get("/api/people/", {"q": "o0-123 456"}).json()["results"]
    assert [r["id"] for r in results] == [wanted.pk]


def test_the_people_list_never_finds_someone_outside_the_users_scope(world, as_persona):
    make_person(world.mrs, world.ofii, given_name="Moussa", family_name="Traoré")
    assert as_persona("counsellor").get("/api/people/", {"q": "traore"}).json()["results"] == []
    assert len(as_persona("ofii").get("/api/people/", {"q": "traore"}).json()["results"]) == 1


def test_the_people_list_is_paginated(world, as_persona):
    body = as_persona("counsellor").get("/api/people/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1


def test_a_person_is_changed_with_the_version_read(world, as_persona):
    person = world.case.principal
    client = as_persona("counsellor")
    version = client.get(f"/api/people/{person.pk}/").json()["version"]
    response = call(
        client,
        "patch",
        f"/api/people/{person.pk}/",
        {"version": version, "family_name": "Baldé", "date_of_birth": "1989", "languages": ["pcm"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["family_name"], body["date_of_birth"], body["dob_precision"]) == ("Baldé", "1989", "year")
    assert body["languages"] == ["pcm"]
    assert body["version"] == version + 1
    person.refresh_from_db()
    assert "balde" in person.search_names
    assert AuditEvent.objects.filter(action="person.updated", person_id=person.pk).exists()


def test_a_person_change_from_a_stale_version_is_refused_with_409(world, as_persona):
    person = world.case.principal
    client = as_persona("counsellor")
    assert call(client, "patch", f"/api/people/{person.pk}/", {"version": 1, "phone": "1"}).status_code == 200
    body = problem(call(client, "patch", f"/api/people/{person.pk}/", {"version": 1, "phone": "2"}), 409)
    assert fields_at_fault(body) == {"version"}
    person.refresh_from_db()
    assert (person.phone, person.version) == ("1", 2)


def test_a_person_change_without_version_names_the_field(world, as_persona):
    person = world.case.principal
    body = problem(call(as_persona("counsellor"), "patch", f"/api/people/{person.pk}/", {"phone": "1"}), 400)
    assert fields_at_fault(body) == {"version"}


def test_changing_only_the_precision_asks_for_the_date_in_that_form(world, as_persona):
    person = world.case.principal
    response = call(
        as_persona("counsellor"), "patch", f"/api/people/{person.pk}/", {"version": 1, "dob_precision": "year"}
    )
    assert fields_at_fault(problem(response, 400)) == {"date_of_birth"}
    person.refresh_from_db()
    assert (person.date_of_birth, person.version) == (datetime.date(1990, 5, 17), 1)


def test_a_document_is_added_to_a_person(world, as_persona):
    person = world.case.principal
    response = call(
        as_persona("travel_officer"),
        "post",
        f"/api/people/{person.pk}/documents/",
        {"doc_type": "passport", "number": "AB 12345", "issuing_country": "gn", "expiry_date": "2031-01-31"},
    )
    assert response.status_code == 201, response.content
    doc = IdentityDocument.objects.get(person=person)
    assert (doc.number_normalised, doc.issuing_country.code) == ("AB12345", "GN")


def test_a_document_with_an_unknown_country_is_refused(world, as_persona):
    response = call(
        as_persona("counsellor"),
        "post",
        f"/api/people/{world.case.principal.pk}/documents/",
        {"doc_type": "passport", "number": "AB 12345", "issuing_country": "ZZ"},
    )
    assert fields_at_fault(problem(response, 400)) == {"issuing_country"}
    assert not IdentityDocument.objects.exists()
