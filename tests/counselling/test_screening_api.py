"""The screening API: every persona, recording through the same action,
problems naming the field."""

import pytest

from counselling.actions_screening import record_screening
from counselling.models import Screening
from people.models import Vulnerability
from tasks.models import Task
from tests.api.helpers import call, fields_at_fault, problem, token_client
from tests.conftest import PERSONAS
from tests.counselling.conftest import answers
from tests.counselling.test_screening_pages import EXPECTED

pytestmark = pytest.mark.urls("tests.counselling.urls_api")


def _url(case):
    return f"/api/cases/{case.pk}/screenings/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_lists_and_records_as_on_the_page(world, family, persona):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(trafficking="yes"))
    client = token_client(getattr(world, persona))
    listed = call(client, "get", _url(case))
    assert listed.status_code == EXPECTED[persona]
    if listed.status_code == 200:
        assert listed.json()[0]["answers"][7]["question"] == "trafficking"
    else:
        assert "trafficking" not in listed.content.decode()
    body = {"person": principal.pk, "answers": [{"question": "medical", "answer": "yes"}]}
    recorded = call(client, "post", _url(case), body)
    assert recorded.status_code == (201 if EXPECTED[persona] == 200 else EXPECTED[persona])


def test_recording_says_what_it_changed(world, family):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(elderly="yes"))
    body = {
        "person": principal.pk,
        "notes": "With an interpreter (Pular)",
        "answers": [
            {"question": "medical", "answer": "yes", "details": "Asthma"},
            {"question": "elderly", "answer": "no"},
        ],
    }
    response = call(token_client(world.team_leader), "post", _url(case), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["vulnerabilities_added"] == ["medical"]
    assert data["kept"] == ["elderly"]
    assert data["tasks_created"] == list(Task.objects.filter(kind="screening_medical").values_list("pk", flat=True))
    assert data["screened_by"] == world.team_leader.pk and data["notes"] == "With an interpreter (Pular)"
    medical = next(a for a in data["answers"] if a["question"] == "medical")
    assert medical["details"] == "Asthma" and medical["vulnerability"] is not None and not medical["sensitive"]
    assert len(data["answers"]) == 9


def test_the_list_filters_by_person(world, family):
    case, principal, child = family
    record_screening(case, principal, by=world.counsellor, answers={})
    record_screening(case, child, by=world.counsellor, answers=answers(minor="yes"))
    client = token_client(world.counsellor)
    assert [s["person"] for s in call(client, "get", _url(case), {"person": child.pk}).json()] == [child.pk]
    assert call(client, "get", _url(case), {"person": "x"}).json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": []}, "person"),
        ({"person": 999999, "answers": []}, "person"),
        ({"person": "PRINCIPAL", "answers": [{"question": "medical", "answer": "maybe"}]}, "answers[0].answer"),
        ({"person": "PRINCIPAL", "answers": [{"question": "horoscope", "answer": "yes"}]}, "answers[0].question"),
        (
            {
                "person": "PRINCIPAL",
                "answers": [{"question": "medical", "answer": "yes"}, {"question": "medical", "answer": "no"}],
            },
            "answers[1].question",
        ),
        ({"person": "PRINCIPAL", "answers": [], "screened_at": "2999-01-01T10:00:00Z"}, "screened_at"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(world, family, body, field):
    case, principal, _child = family
    if body.get("person") == "PRINCIPAL":
        body["person"] = principal.pk
    response = call(token_client(world.counsellor), "post", _url(case), body)
    assert field in fields_at_fault(problem(response, 400 if field != "screened_at" else 422))
    assert not Screening.objects.exists() and not Vulnerability.objects.exists()
