import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.actions import add_member
from cases.models import CaseMember, Referral, ReturnCase, Transition
from core.models import AuditEvent
from people.actions import add_document
from tests.api.helpers import call, fields_at_fault, problem, token_client
from tests.factories import make_case, make_interview, make_person

ASYLUM_FIELDS = {
    "administrative_status",
    "procedure_stage",
    "asylum_decision_date",
    "removal_order_date",
    "referral_source",
}


def new_case(world, person, **overrides):
    body = {
        "office": world.bxl.pk,
        "principal": person.pk,
        "members": [],
        "country_of_return": "GN",
        "region_of_return": "Labé",
        "administrative_status": "asylum_rejected",
        "procedure_stage": "final_rejection",
        "asylum_decision_date": "2025-11-03",
        "referral_source": "reception_centre",
        "counsellor": world.counsellor.pk,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def in_days(days: int) -> str:
    # At least two days ahead: "today" is the office's, which may not be UTC's.
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def counts():
    return tuple(m.objects.count() for m in (ReturnCase, CaseMember, Transition, AuditEvent))


def test_a_counsellor_opens_a_case_for_a_household(world, as_persona):
    principal = make_person(world.bxl, world.counsellor)
    child = make_person(world.bxl, world.counsellor, date_of_birth=datetime.date(2015, 1, 1))
    body = new_case(world, principal, members=[{"person": child.pk, "relation": "child"}])
    response = call(as_persona("counsellor"), "post", "/api/cases/", body)
    assert response.status_code == 201, response.content
    data = response.json()
    case = ReturnCase.objects.get(pk=data["id"])
    assert data["number"] == case.number and case.number.startswith("BE-BXL-")
    assert (case.status, case.counsellor, case.office) == ("intake", world.counsellor, world.bxl)
    assert {(m["person"], m["relation"]) for m in data["members"]} == {(principal.pk, "principal"), (child.pk, "child")}
    assert data["administrative_status"] == "asylum_rejected"
    assert AuditEvent.objects.filter(action="case.opened", case_id=case.pk).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"country_of_return": ...}, "country_of_return"),
        ({"country_of_return": "XK1"}, "country_of_return"),
        ({"administrative_status": "deported"}, "administrative_status"),
        ({"referral_source": ...}, "referral_source"),
        ({"asylum_decision_date": "2025-02-30"}, "asylum_decision_date"),
        ({"removal_order_date": in_days(3)}, "removal_order_date"),
        ({"asylum_decision_date": in_days(2)}, "asylum_decision_date"),
        ({"principal": ...}, "principal"),
        ({"principal": 999999}, "principal"),
        ({"counsellor": 999999}, "counsellor"),
        ({"members": [{"person": "PRINCIPAL", "relation": "spouse"}]}, "members[0].person"),
        ({"members": [{"person": "OTHER"}]}, "members[0].relation"),
        (
            {"members": [{"person": "OTHER", "relation": "child"}, {"person": "GHENT", "relation": "child"}]},
            "members[1].person",
        ),
        ({"members": [{"person": "OTHER", "relation": "principal"}]}, "members[0].relation"),
    ],
)
def test_bad_input_when_opening_a_case_names_the_field_and_saves_nothing(world, as_persona, overrides, field):
    principal = make_person(world.bxl, world.counsellor)
    other = make_person(world.bxl, world.counsellor)
    stand_in = {"PRINCIPAL": principal.pk, "OTHER": other.pk, "GHENT": world.ghent_case.principal.pk}
    overrides = copy.deepcopy(overrides)
    for member in overrides.get("members", []):
        member["person"] = stand_in[member["person"]]
    before = counts()
    response = call(as_persona("counsellor"), "post", "/api/cases/", new_case(world, principal, **overrides))
    body = problem(response, 400)
    assert field in fields_at_fault(body), body
    assert counts() == before


def test_a_case_cannot_be_opened_for_someone_the_user_cannot_see(world, as_persona):
    stranger = world.ofii_case.principal
    before = counts()
    body = problem(call(as_persona("counsellor"), "post", "/api/cases/", new_case(world, stranger)), 400)
    assert fields_at_fault(body) == {"principal"}
    assert counts() == before


def test_a_counsellor_of_another_office_cannot_be_named_case_counsellor(world, as_persona):
    principal = make_person(world.bxl, world.counsellor)
    response = call(
        as_persona("counsellor"), "post", "/api/cases/", new_case(world, principal, counsellor=world.ghent.pk)
    )
    assert fields_at_fault(problem(response, 400)) == {"counsellor"}


def test_a_case_is_changed_with_the_version_read(world, as_persona):
    client = as_persona("counsellor")
    url = f"/api/cases/{world.case.pk}/"
    version = client.get(url).json()["version"]
    changes = {"version": version, "region_of_return": "Kindia", "procedure_stage": "appeal"}
    response = call(client, "patch", url, changes)
    assert response.status_code == 200, response.content
    assert (response.json()["region_of_return"], response.json()["version"]) == ("Kindia", version + 1)
    event = AuditEvent.objects.get(action="case.updated", case_id=world.case.pk)
    assert event.changes["region_of_return"] == ["", "Kindia"]


def test_a_case_change_from_a_stale_version_is_refused_with_409_and_changes_nothing(world, as_persona):
    url = f"/api/cases/{world.case.pk}/"
    assert call(as_persona("team_leader"), "patch", url, {"version": 1, "region_of_return": "Boké"}).status_code == 200
    body = problem(call(as_persona("counsellor"), "patch", url, {"version": 1, "region_of_return": "Kindia"}), 409)
    assert fields_at_fault(body) == {"version"}
    world.case.refresh_from_db()
    assert (world.case.region_of_return, world.case.version) == ("Boké", 2)


def test_a_case_change_with_a_future_removal_order_names_the_field(world, as_persona):
    future = in_days(10)
    url = f"/api/cases/{world.case.pk}/"
    body = problem(call(as_persona("counsellor"), "patch", url, {"version": 1, "removal_order_date": future}), 400)
    assert fields_at_fault(body) == {"removal_order_date"}
    world.case.refresh_from_db()
    assert (world.case.removal_order_date, world.case.version) == (None, 1)


def test_a_case_change_without_version_names_the_field(world, as_persona):
    url = f"/api/cases/{world.case.pk}/"
    body = problem(call(as_persona("counsellor"), "patch", url, {"region_of_return": "Kindia"}), 400)
    assert fields_at_fault(body) == {"version"}


def test_partner_cannot_see_the_asylum_file_or_interviews_of_a_referred_case(world, as_persona):
    make_interview(world.case, world.counsellor)
    body = as_persona("partner").get(f"/api/cases/{world.case.pk}/").json()
    assert body["number"] == world.case.number
    assert not ASYLUM_FIELDS & set(body)
    assert "interviews" not in body


def test_counsellor_sees_the_asylum_file_and_interviews(world, as_persona):
    interview = make_interview(world.case, world.counsellor)
    body = as_persona("counsellor").get(f"/api/cases/{world.case.pk}/").json()
    assert ASYLUM_FIELDS <= set(body)
    assert [i["id"] for i in body["interviews"]] == [interview.pk]


def test_partner_sees_only_referred_cases_and_loses_them_when_the_referral_ends(world, as_persona):
    client = as_persona("partner")
    assert [c["id"] for c in client.get("/api/cases/").json()["results"]] == [world.case.pk]
    Referral.objects.filter(case=world.case).update(status="declined")
    assert client.get("/api/cases/").json()["results"] == []
    problem(client.get(f"/api/cases/{world.case.pk}/"), 404)


def test_the_case_list_leaves_the_asylum_file_out_for_everyone(world, as_persona):
    row = as_persona("counsellor").get("/api/cases/").json()["results"][0]
    assert not ASYLUM_FIELDS & set(row)


@pytest.fixture
def bxl_cases(world):
    """Besides world.case: a counselling case returning to Senegal with a
    Malian principal, and one with a passport holder."""
    senegal = make_case(
        world.bxl,
        world.counsellor,
        status="counselling",
        country_of_return="SN",
        principal=make_person(world.bxl, world.counsellor, given_name="Awa", family_name="Ndiaye", nationality="ML"),
    )
    passport_holder = make_person(world.bxl, world.counsellor, given_name="Yusuf", family_name="Kaya")
    add_document(passport_holder, by=world.counsellor, doc_type="passport", number="U 1234567", issuing_country="TR")
    with_member = make_case(world.bxl, world.team_leader, counsellor=world.team_leader)
    add_member(with_member, passport_holder, by=world.team_leader, relation="spouse")
    return {"case": world.case, "senegal": senegal, "with_member": with_member}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"case", "senegal", "with_member"}),
        ({"status": "", "q": "", "nationality": ""}, {"case", "senegal", "with_member"}),
        ({"status": "counselling"}, {"senegal"}),
        ({"country_of_return": "SN"}, {"senegal"}),
        ({"nationality": "ML"}, {"senegal"}),
        ({"counsellor": "TEAM_LEADER"}, {"with_member"}),
        ({"office": "GHENT"}, set()),
        ({"q": "ndiaye"}, {"senegal"}),
        ({"q": "kaya"}, {"with_member"}),
        ({"q": "u1234567"}, {"with_member"}),
        ({"q": "CASE_NUMBER"}, {"case"}),
    ],
)
def test_the_case_list_filters_by_status_office_counsellor_country_and_text(
    world, as_persona, bxl_cases, params, expected
):
    stand_in = {
        "TEAM_LEADER": world.team_leader.pk,
        "GHENT": world.ghent_office.pk,
        "CASE_NUMBER": world.case.number.lower(),
    }
    params = {k: stand_in.get(v, v) for k, v in params.items()}
    results = as_persona("counsellor").get("/api/cases/", params).json()["results"]
    assert {r["id"] for r in results} == {bxl_cases[name].pk for name in expected}


@pytest.mark.parametrize("params, field", [({"status": "lost"}, "status"), ({"office": "brussels"}, "office")])
def test_a_bad_case_list_filter_names_the_parameter(world, as_persona, params, field):
    body = problem(as_persona("counsellor").get("/api/cases/", params), 400)
    assert fields_at_fault(body) == {field}


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_case_list_query_count_does_not_grow_with_the_cases(world, django_assert_num_queries):
    client = token_client(world.counsellor)
    # token + user, memberships, count, page
    with django_assert_num_queries(4):
        assert len(client.get("/api/cases/").json()["results"]) == 1
    for _ in range(9):
        make_case(world.bxl, world.counsellor, counsellor=world.counsellor)
    with django_assert_num_queries(4):
        assert len(client.get("/api/cases/").json()["results"]) == 10


def test_the_people_list_query_count_does_not_grow_with_the_people(world, django_assert_num_queries):
    client = token_client(world.counsellor)
    with django_assert_num_queries(4):
        assert len(client.get("/api/people/").json()["results"]) == 1
    for _ in range(9):
        make_person(world.bxl, world.counsellor)
    with django_assert_num_queries(4):
        assert len(client.get("/api/people/").json()["results"]) == 10


def test_the_case_list_query_count_is_the_same_for_a_partner(world, as_persona):
    client = as_persona("partner")
    one = _list_queries(client, "/api/cases/")
    for _ in range(9):
        Referral.objects.create(case=make_case(world.bxl, world.counsellor), partner=world.iom, status="pending")
    assert _list_queries(client, "/api/cases/") == one
