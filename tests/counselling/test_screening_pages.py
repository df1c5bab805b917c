"""The screening pages: every persona, the form (suggestions from the date
of birth, errors naming the field), the history and the follow-ups shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counselling.actions_screening import record_screening
from counselling.forms_screening import age_on, suggestions
from counselling.models import Screening
from people.models import Vulnerability
from tests.conftest import PERSONAS
from tests.counselling.conftest import answers
from tests.factories import make_person

# world.case is a Brussels case with an accepted referral to IOM: the
# partner sees the case, the Ghent counsellor and OFII do not.
EXPECTED = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 403,
    "agency_admin": 403,
    "analyst": 403,
    "ofii": 404,
    "partner": 403,
    "outsider": 404,
}


def _form_data(**given):
    data = {"screened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "notes": ""}
    for code in [
        "minor",
        "unaccompanied_minor",
        "medical",
        "pregnancy",
        "elderly",
        "disability",
        "mental_health",
        "trafficking",
        "gender_based_violence",
    ]:
        value = given.get(code, "not_asked")
        answer, details = value if isinstance(value, tuple) else (value, "")
        data[f"answer_{code}"] = answer
        data[f"details_{code}"] = details
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_screening_page_is_for_the_offices_counsellors_and_team_leaders(world, family, as_persona, persona):
    case, principal, _child = family
    client = as_persona(persona)
    assert client.get(reverse("screening", args=[case.pk])).status_code == EXPECTED[persona]
    assert client.get(reverse("screening-new", args=[case.pk, principal.pk])).status_code == EXPECTED[persona]
    response = client.post(reverse("screening-new", args=[case.pk, principal.pk]), _form_data(medical="yes"))
    assert response.status_code == (302 if EXPECTED[persona] == 200 else EXPECTED[persona])
    assert Screening.objects.count() == (1 if EXPECTED[persona] == 200 else 0)


def test_the_page_asks_to_log_in_first(client, world):
    response = client.get(reverse("screening", args=[world.case.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_counsellor_screens_a_member_and_sees_the_result(world, family, as_persona):
    case, principal, _child = family
    client = as_persona("counsellor")
    response = client.post(
        reverse("screening-new", args=[case.pk, principal.pk]),
        _form_data(medical=("yes", "Insulin"), trafficking=("yes", "Debt to a recruiter")),
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The screening is recorded." in html
    assert "Follow-up tasks created: 2." in html
    assert "Medical certificate and fit-to-travel check" in html
    # What to do after signs of trafficking, with Belgium's specialised centres.
    assert "Payoke (Antwerp), Pag-Asa (Brussels) or Sürya (Liège)" in html
    assert "Debt to a recruiter" in html
    screening = Screening.objects.get()
    assert screening.screened_by == world.counsellor and screening.person == principal


def test_the_page_keeps_the_history_and_says_a_flag_is_kept(world, family, as_persona):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes"))
    record_screening(case, principal, by=world.team_leader, answers=answers(medical="no"))
    html = as_persona("team_leader").get(reverse("screening", args=[case.pk])).content.decode()
    assert f'data-testid="history-{principal.pk}"' in html
    assert "1 earlier screening" in html
    assert 'data-testid="kept-medical"' in html
    assert "Recorded earlier as a vulnerability, and kept." in html


def test_a_member_never_screened_is_said_so(world, family, as_persona):
    case, _principal, _child = family
    html = as_persona("counsellor").get(reverse("screening", args=[case.pk])).content.decode()
    assert html.count('data-testid="not-screened"') == 2


def test_the_form_suggests_the_child_is_a_minor_from_the_date_of_birth(world, family, as_persona):
    case, _principal, child = family
    response = as_persona("counsellor").get(reverse("screening-new", args=[case.pk, child.pk]))
    form = response.context["form"]
    assert form.initial["answer_minor"] == "yes"
    assert form.initial["answer_elderly"] == "no"
    # Her mother (an adult) is on the case: whether she is alone is a question, not a suggestion.
    assert "answer_unaccompanied_minor" not in form.initial
    assert 'data-testid="why-unaccompanied_minor"' in response.content.decode()


def test_form_errors_name_the_field_and_save_nothing(world, family, as_persona):
    case, principal, _child = family
    data = _form_data(medical="perhaps")
    data["screened_at"] = ""
    response = as_persona("counsellor").post(reverse("screening-new", args=[case.pk, principal.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "screened_at" in form.errors and "answer_medical" in form.errors
    assert "There is a problem" in response.content.decode()
    assert not Screening.objects.exists() and not Vulnerability.objects.exists()


def test_someone_outside_the_case_has_no_form(world, family, as_persona):
    case, _principal, _child = family
    stranger = make_person(world.bxl, world.counsellor)
    assert as_persona("counsellor").get(reverse("screening-new", args=[case.pk, stranger.pk])).status_code == 404


def test_long_and_right_to_left_details_are_kept_whole(world, family, as_persona):
    case, principal, _child = family
    arabic = "تعرضت للعنف " * 150
    record_screening(case, principal, by=world.counsellor, answers=answers(gender_based_violence=("yes", arabic)))
    html = as_persona("counsellor").get(reverse("screening", args=[case.pk])).content.decode()
    assert arabic.strip() in html
    assert 'dir="auto"' in html


def test_the_page_reads_in_a_fixed_number_of_queries(world, family, as_persona):
    case, principal, child = family
    client = as_persona("counsellor")
    client.get(reverse("screening", args=[case.pk]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("screening", args=[case.pk]))
    for _ in range(3):
        record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes", trafficking="yes"))
        record_screening(case, child, by=world.counsellor, answers=answers(minor="yes"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("screening", args=[case.pk]))
    assert len(many) <= len(few) + 2, [q["sql"] for q in many]


@pytest.mark.parametrize(
    ("born", "precision", "expected"),
    [
        (datetime.date(2016, 3, 1), "full", {"minor": "yes", "unaccompanied_minor": "yes", "elderly": "no"}),
        (datetime.date(1990, 3, 1), "full", {"minor": "no", "unaccompanied_minor": "no", "elderly": "no"}),
        (datetime.date(1950, 3, 1), "full", {"minor": "no", "unaccompanied_minor": "no", "elderly": "yes"}),
        (None, "unknown", {}),
    ],
)
def test_age_based_suggestions(world, born, precision, expected):
    person = make_person(world.bxl, world.counsellor, date_of_birth=born, dob_precision=precision)
    found = suggestions(person, datetime.date(2026, 6, 1), adult_on_case=False)
    assert {q: a for q, (a, _why) in found.items() if a} == expected


def test_a_year_of_birth_alone_near_eighteen_suggests_nothing(world):
    person = make_person(world.bxl, world.counsellor, date_of_birth=datetime.date(2008, 1, 1), dob_precision="year")
    assert age_on(person, datetime.date(2026, 6, 1)) == (17, 18)
    answer, why = suggestions(person, datetime.date(2026, 6, 1), adult_on_case=True)["minor"]
    assert answer is None and "17 or 18" in why


def test_an_unaccompanied_child_alone_on_the_case_is_suggested(world):
    child = make_person(
        world.bxl, world.counsellor, date_of_birth=datetime.date(2010, 2, 1), dob_precision="year_month"
    )
    found = suggestions(child, datetime.date(2026, 6, 1), adult_on_case=False)
    assert found["minor"][0] == "yes" and found["unaccompanied_minor"][0] == "yes"
