"""Trafficking and gender-based violence: read by the person's counsellors,
team leaders and agency administrators only; anyone else who may read the
record learns that a protection need exists, not which, nor its details."""

import pytest
from django.urls import reverse

from people import actions
from tests.conftest import PERSONAS

SEE = {"counsellor", "team_leader", "agency_admin"}
HELD_BACK = {"travel_officer", "analyst"}
DETAILS = "Exploited by a network in transit; safe house contact known to counsellor"


@pytest.fixture
def person(world):
    person = world.case.principal
    actions.add_vulnerability(person, by=world.counsellor, kind="trafficking", details=DETAILS)
    actions.add_vulnerability(person, by=world.counsellor, kind="medical", details="Insulin on the journey")
    return person


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_person_page_and_api_per_persona(world, person, as_persona, persona):
    client = as_persona(persona)
    page = client.get(reverse("person-detail", args=[person.pk]))
    api = client.get(reverse("api-person", args=[person.pk]))
    if persona in SEE:
        html = page.content.decode()
        assert "Victim of trafficking" in html and DETAILS in html and "Insulin on the journey" in html
        assert 'data-testid="protection-held-back"' not in html
        assert {v["kind"] for v in api.json()["vulnerabilities"]} == {"trafficking", "medical"}
        assert api.json()["protection_needs_held_back"] == 0
    elif persona in HELD_BACK:
        html = page.content.decode()
        assert page.status_code == 200 and "Insulin on the journey" in html
        assert "Victim of trafficking" not in html and DETAILS not in html
        assert 'data-testid="protection-held-back"' in html and "Protection need" in html
        assert [v["kind"] for v in api.json()["vulnerabilities"]] == ["medical"]
        assert api.json()["protection_needs_held_back"] == 1 and DETAILS not in api.content.decode()
    else:
        # Other offices, partners (their own minimised view), outsiders.
        for response in (page, api):
            assert DETAILS not in response.content.decode()
            assert "trafficking" not in response.content.decode().lower()


def test_nothing_held_back_without_protection_needs(world, as_persona):
    person = world.case.principal
    html = as_persona("travel_officer").get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "None recorded." in html and 'data-testid="protection-held-back"' not in html


def test_only_protection_needs_shows_the_held_back_line_not_none_recorded(world, as_persona):
    person = world.case.principal
    actions.add_vulnerability(person, by=world.counsellor, kind="gender_based_violence", details=DETAILS)
    html = as_persona("travel_officer").get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "None recorded." not in html and 'data-testid="protection-held-back"' in html
    assert "Gender-based violence" not in html and DETAILS not in html
