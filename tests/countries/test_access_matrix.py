"""Every persona against every page and endpoint of country information and
questions to the country. The question is Sofie's, on the Brussels case
referred to IOM, asked to IOM Conakry, answered and shared."""

import pytest
from django.urls import reverse

from countries import actions
from countries.models import KnowledgeEntry
from tests.api.helpers import call
from tests.conftest import PERSONAS
from tests.countries.conftest import answered

STAFF = {name: 200 for name in PERSONAS} | {"outsider": 403}
EDIT = {name: 403 for name in PERSONAS} | {"team_leader": 200, "agency_admin": 200, "partner": 200}
# The sending office's staff, the Fedasil agency roles, and IOM (the recipient).
QUESTION = {name: 200 for name in PERSONAS} | {"ghent": 404, "ofii": 404, "outsider": 404}
ASK_PAGE = QUESTION | {"counsellor": 302, "team_leader": 302, "agency_admin": 302, "travel_officer": 403}
ASK_PAGE |= {"analyst": 403, "partner": 403}
ANSWER = {name: 403 for name in PERSONAS} | {"partner": 302, "ghent": 404, "ofii": 404, "outsider": 404}
WITHDRAW = {name: 403 for name in PERSONAS} | {"counsellor": 200, "team_leader": 200, "agency_admin": 200}


@pytest.fixture
def shared(world, question):
    answered(question, world.partner)
    return KnowledgeEntry.objects.get()


@pytest.fixture
def open_question(world):
    return actions.ask_question(
        world.case, by=world.counsellor, to_office=world.conakry, body="Open?", share_agreed=True
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(world, rules, shared, open_question, as_persona, persona):
    client = as_persona(persona)
    q = shared.question
    expected = {
        reverse("countries"): STAFF,
        reverse("country-card", args=["GN"]): STAFF,
        reverse("country-card", args=["SN"]): STAFF,
        reverse("country-answers", args=["GN"]) + "?q=insulin": STAFF,
        reverse("country-section-history", args=["GN", "health"]): STAFF,
        reverse("country-questions"): STAFF,
        reverse("country-section-edit", args=["GN", "health"]): EDIT,
        reverse("country-question", args=[q.pk]): QUESTION,
        reverse("case-country-questions", args=[world.case.pk]): QUESTION,
        reverse("country-answer-withdraw", args=[shared.pk]): WITHDRAW,
    }
    for url, codes in expected.items():
        assert client.get(url).status_code == codes[persona], url


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_posts(world, shared, open_question, as_persona, persona):
    client = as_persona(persona)
    ask = client.post(
        reverse("case-country-questions", args=[world.case.pk]),
        {"to_office": world.conakry.pk, "body": "Is there a school for the deaf in Kindia?", "topic": "education"},
    )
    assert ask.status_code == ASK_PAGE[persona]
    answer = client.post(
        reverse("country-question", args=[open_question.pk]), {"answer": "Yes.", "version": open_question.version}
    )
    assert answer.status_code == ANSWER[persona]
    withdraw = client.post(reverse("country-answer-withdraw", args=[shared.pk]), {"reason": ""})
    assert withdraw.status_code == {200: 302}.get(WITHDRAW[persona], WITHDRAW[persona])


API_ASK = {name: 403 for name in PERSONAS} | {"counsellor": 201, "team_leader": 201, "agency_admin": 201}
API_ASK |= {"ghent": 404, "ofii": 404, "outsider": 404}
API_ANSWER = {name: 403 for name in PERSONAS} | {"partner": 200, "ghent": 404, "ofii": 404, "outsider": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api(world, rules, shared, open_question, as_persona, persona):
    client = as_persona(persona)
    reads = {
        "/api/countries/": STAFF,
        "/api/countries/GN/": STAFF,
        "/api/countries/GN/answers/?q=insulin": STAFF,
        "/api/country-questions/": STAFF,
        f"/api/country-questions/{shared.question.pk}/": QUESTION,
        f"/api/cases/{world.case.pk}/questions/": QUESTION,
    }
    for url, codes in reads.items():
        assert client.get(url).status_code == codes[persona], url
    recipients = client.get(f"/api/cases/{world.case.pk}/questions/recipients/")
    assert recipients.status_code == {201: 200}.get(API_ASK[persona], API_ASK[persona])
    if recipients.status_code == 200:
        assert recipients.json() == [
            {
                "id": world.conakry.pk, "name": "IOM Conakry", "agency": "IOM", "city": "Conakry",
                "email": "iomcky@example.org", "phone": "", "has_case": True,
            }
        ]  # fmt: skip
    section = call(client, "put", "/api/countries/GN/sections/work/", {"texts": {"fr": "Peu d'emplois."}, "version": 0})
    assert section.status_code == EDIT[persona]
    body = {"to_office": world.conakry.pk, "body": "Is there a school in Kindia?", "share_agreed": True}
    assert call(client, "post", f"/api/cases/{world.case.pk}/questions/", body).status_code == API_ASK[persona]
    answer = call(
        client, "post", f"/api/country-questions/{open_question.pk}/answer/", {"answer": "Yes.", "version": 1}
    )
    assert answer.status_code == API_ANSWER[persona]
    withdraw = call(client, "post", f"/api/countries/answers/{shared.pk}/withdraw/", {"reason": "x"})
    assert withdraw.status_code == WITHDRAW[persona]


def test_unknown_country_and_topic_are_404(world, as_persona):
    client = as_persona("team_leader")
    assert client.get(reverse("country-card", args=["ZZ"])).status_code == 404
    assert client.get(reverse("country-section-edit", args=["GN", "weather"])).status_code == 404
    assert client.get("/api/countries/XX/").status_code == 404
    assert client.get(reverse("country-card", args=["gn"])).status_code == 302  # to /countries/GN/
