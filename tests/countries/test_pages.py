"""The pages as people use them: asking through the form (the office's
access to the case shown), long and right-to-left text, empty states, the
card in French, and list pages in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from countries import actions
from countries.models import CountryQuestion
from organisations.models import Role
from tests.countries.conftest import answered
from tests.factories import make_case, make_office, make_user


def test_the_form_says_which_office_has_the_case(world, unreferred_case, as_persona):
    page = as_persona("counsellor").get(reverse("case-country-questions", args=[world.case.pk])).content.decode()
    assert "IOM Conakry (IOM) – has this case" in page
    page = as_persona("counsellor").get(reverse("case-country-questions", args=[unreferred_case.pk])).content.decode()
    assert "IOM Conakry (IOM) – does not have this case" in page


def test_asking_through_the_page_refuses_a_name_for_an_office_without_the_case(world, unreferred_case, as_persona):
    url = reverse("case-country-questions", args=[unreferred_case.pk])
    response = as_persona("counsellor").post(
        url, {"to_office": world.conakry.pk, "body": "Can Mamadou Diallo get dialysis?", "share_agreed": "on"}
    )
    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert not CountryQuestion.objects.exists()
    response = as_persona("counsellor").post(url, {"to_office": "", "body": ""})
    assert {"to_office", "body"} <= set(response.context["form"].errors)


def test_a_case_with_nobody_to_ask_says_so(world, as_persona):
    case = make_case(world.bxl, world.counsellor, country_of_return="TD")
    page = as_persona("counsellor").get(reverse("case-country-questions", args=[case.pk])).content.decode()
    assert "nobody to ask yet" in page and "No question asked on this case yet." in page


def test_empty_states(world, as_persona):
    client = as_persona("ofii")
    assert "No question has been asked to your offices." in client.get(reverse("country-questions")).content.decode()
    assert (
        "No answer shared for this country yet." in client.get(reverse("country-answers", args=["TD"])).content.decode()
    )
    card = client.get(reverse("country-card", args=["TD"])).content.decode()
    assert "No partner and no office of an agency in this country yet" in card and "Not written yet." in card


def test_long_and_right_to_left_text_is_kept_and_marked_for_direction(world, as_persona):
    long_word = "x" * 3000
    arabic = "هل يتوفر دواء الأنسولين في مستشفى كانكان الإقليمي؟"
    q = actions.ask_question(
        world.case, by=world.counsellor, to_office=world.conakry, body=f"{arabic} {long_word}", share_agreed=True
    )
    answered(q, world.partner, "نعم، في المستشفى الإقليمي.")
    for persona, url in [
        ("partner", reverse("country-question", args=[q.pk])),
        ("counsellor", reverse("case-country-questions", args=[world.case.pk])),
        ("ofii", reverse("country-answers", args=["GN"]) + "?q=الأنسولين"),
    ]:
        page = as_persona(persona).get(url).content.decode()
        assert arabic in page and 'dir="auto"' in page and "overflow-wrap:anywhere" in page, persona


def test_the_card_in_french_uses_the_french_text(world, as_persona):
    actions.update_section(
        "GN", "health", by=world.team_leader, expected_version=0, texts={"en": "In English.", "fr": "En français."}
    )
    client = as_persona("ofii")
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("country-card", args=["GN"])).content.decode()
    assert "En français." in page and "In English." not in page


def _more_data(world, n, prefix="X"):
    for i in range(n):
        office = make_office(
            world.iom, f"IOM{i}{prefix}", f"City{i}", ["SN", "CM", "ML", "CI"][i % 4], "Africa/Dakar", "fr"
        )
        worker = make_user(f"worker{i}{prefix}", (office, Role.PARTNER_CASEWORKER))
        if prefix == "X":  # one writer per section
            topic = ["health", "work", "housing", "other"][i // 4]
            actions.update_section(office.country.code, topic, by=worker, expected_version=0, texts={"fr": f"T{i}"})
        case = make_case(world.bxl, world.counsellor, country_of_return=office.country.code)
        q = actions.ask_question(case, by=world.counsellor, to_office=office, body=f"Question {i}?", share_agreed=True)
        answered(q, worker, f"Answer {i}.")


@pytest.mark.parametrize(
    "persona,name,args",
    [
        ("counsellor", "countries", []),
        ("ofii", "country-answers", ["SN"]),
        ("counsellor", "country-questions", []),
        ("counsellor", "country-card", ["SN"]),
    ],
)
def test_list_pages_in_a_fixed_number_of_queries(world, as_persona, persona, name, args):
    client = as_persona(persona)
    url = reverse(name, args=args)
    _more_data(world, 4)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(4, 12):
        office = make_office(world.iom, f"IOM{i}Y", f"Town{i}", "SN", "Africa/Dakar", "fr")
        worker = make_user(f"w{i}", (office, Role.PARTNER_CASEWORKER))
        case = make_case(world.bxl, world.counsellor, country_of_return="SN")
        q = actions.ask_question(case, by=world.counsellor, to_office=office, body=f"More {i}?", share_agreed=True)
        answered(q, worker, f"More answer {i}.")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries][len(few) :]


def test_the_question_list_api_in_a_fixed_number_of_queries(world):
    from django.test import Client

    client = Client()
    client.force_login(make_user("iomadmin", (world.conakry, Role.AGENCY_ADMIN)))
    _more_data(world, 2, "A")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/country-questions/").json()) == 2
    _more_data(world, 4, "B")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/country-questions/").json()) == 6
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
