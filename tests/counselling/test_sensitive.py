"""Trafficking and gender-based violence: what a screening records never
reaches a partner (case page, person page, API, tasks), while what
reintegration must plan for (a medical condition) does."""

import pytest
from django.urls import reverse

from counselling.actions_screening import record_screening
from tasks.access import visible_tasks
from tests.api.helpers import call, token_client
from tests.counselling.conftest import answers

SECRETS = ["Victim of trafficking", "Gender-based violence", "Recruiter kept my passport", "Violence at home"]


@pytest.fixture
def screened(world, family):
    case, principal, _child = family
    record_screening(
        case,
        principal,
        by=world.counsellor,
        answers=answers(
            medical=("yes", "Diabetes, insulin"),
            trafficking=("yes", "Recruiter kept my passport"),
            gender_based_violence=("yes", "Violence at home"),
        ),
    )
    return case, principal


def _assert_hidden(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_partner_sees_the_medical_flag_but_not_the_sensitive_ones(world, screened, as_persona):
    case, principal = screened
    client = as_persona("partner")
    page = client.get(reverse("case-detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Diabetes, insulin" in html
    _assert_hidden(html)
    person = client.get(reverse("person-detail", args=[principal.pk]))
    assert person.status_code == 200
    _assert_hidden(person.content.decode())


def test_the_partner_api_leaves_them_out(world, screened):
    case, principal = screened
    client = token_client(world.partner)
    view = call(client, "get", f"/api/cases/{case.pk}/partner-view/")
    assert view.status_code == 200
    text = view.content.decode()
    assert "medical" in text and "trafficking" not in text and "gender_based_violence" not in text
    _assert_hidden(text)
    person = call(client, "get", f"/api/people/{principal.pk}/")
    assert person.status_code == 200
    assert "trafficking" not in person.content.decode()


def test_the_partner_never_sees_the_screening_or_its_tasks(world, screened, as_persona):
    case, _principal = screened
    assert as_persona("partner").get(reverse("screening", args=[case.pk])).status_code == 403
    assert not visible_tasks(world.partner).filter(case=case).exists()
    tasks_page = as_persona("partner").get(reverse("my-tasks")).content.decode()
    assert "Protection follow-up" not in tasks_page


def test_the_sending_office_counsellor_sees_everything_on_the_screening(world, screened, as_persona):
    case, _principal = screened
    html = as_persona("counsellor").get(reverse("screening", args=[case.pk])).content.decode()
    for secret in ["Recruiter kept my passport", "Violence at home", "Signs of trafficking in human beings"]:
        assert secret in html
