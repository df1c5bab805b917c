"""The case list: search by any spelling, filters, pagination, a pinned query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import actions as people_actions
from tests.factories import make_case, make_person


def _numbers(response):
    return {c.number for c in response.context["page"].object_list}


def test_search_finds_a_case_by_an_alias_in_another_case_and_accents(world, as_persona):
    person = make_person(
        world.bxl, world.counsellor, given_name="Oleksandr", family_name="Kovalenko", aliases=["Aleksandr Kovalenko"]
    )
    case = make_case(world.bxl, world.counsellor, principal=person)
    client = as_persona("counsellor")
    for query in ("kovalenko", "ALEKSANDR", "Oleksandr Kovalenko", case.number):
        assert case.number in _numbers(client.get(reverse("case-list"), {"q": query})), query


def test_search_finds_a_case_by_a_name_in_original_script(world, as_persona):
    person = make_person(
        world.bxl,
        world.counsellor,
        given_name="Giorgi",
        family_name="Beridze",
        original_script_name="გიორგი ბერიძე",
        nationality="GE",
    )
    case = make_case(world.bxl, world.counsellor, principal=person, country_of_return="GE")
    assert case.number in _numbers(as_persona("counsellor").get(reverse("case-list"), {"q": "ბერიძე"}))


def test_search_finds_a_case_by_document_number_typed_loosely(world, as_persona):
    people_actions.add_document(
        world.case.principal, by=world.counsellor, doc_type="passport", number="GN-0123 456", issuing_country="GN"
    )
    response = as_persona("counsellor").get(reverse("case-list"), {"q": "gn0123456"})
    assert _numbers(response) == {world.case.number}


def test_search_never_reaches_outside_the_users_scope(world, as_persona):
    response = as_persona("ghent").get(reverse("case-list"), {"q": world.case.number})
    assert _numbers(response) == set()


def test_filters_narrow_the_list(world, as_persona):
    other = make_case(world.bxl, world.counsellor, country_of_return="SN", status="counselling")
    client = as_persona("agency_admin")
    assert _numbers(client.get(reverse("case-list"), {"country_of_return": "SN"})) == {other.number}
    assert _numbers(client.get(reverse("case-list"), {"status": "counselling"})) == {other.number}
    assert _numbers(client.get(reverse("case-list"), {"office": world.ghent_office.pk})) == {world.ghent_case.number}
    assert _numbers(client.get(reverse("case-list"), {"counsellor": world.ghent.pk})) == {world.ghent_case.number}
    assert world.case.number in _numbers(client.get(reverse("case-list"), {"nationality": "GN"}))


def test_bad_filter_values_are_ignored_not_crashing(world, as_persona):
    response = as_persona("counsellor").get(
        reverse("case-list"), {"office": "x'; drop", "status": "nope", "page": "999", "nationality": "123"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["counsellor", "agency_admin", "partner"])
def test_case_list_query_count_does_not_grow_with_the_number_of_cases(world, as_persona, persona):
    client = as_persona(persona)
    url = reverse("case-list")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor)
        case.referrals.create(partner=world.iom, status="accepted")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert len(many) == len(few)
    assert len(many) <= 12


def test_the_list_is_paginated_with_the_filters_kept(world, as_persona):
    for _ in range(30):
        make_case(world.bxl, world.counsellor, country_of_return="GN")
    response = as_persona("counsellor").get(reverse("case-list"), {"country_of_return": "GN", "page": 2})
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert "country_of_return=GN&amp;page=1" in html


def test_home_page_query_count_does_not_grow_with_my_cases(world, as_persona):
    from tests.factories import make_interview

    client = as_persona("counsellor")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for _ in range(10):
        case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor)
        make_interview(case, world.counsellor, next_appointment=timezone.now() + datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert len(response.context["mine"]) == 11 and len(response.context["appointments"]) == 10
    assert len(many) == len(few)
