import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from tests.api.helpers import PROBLEM, call, problem, token_client

TOKEN_URL = "/api/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint is rate limited per client address; start each test clean.
    cache.clear()
    yield
    cache.clear()


def test_a_user_exchanges_username_and_password_for_a_token(world):
    response = call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "pw-sofie"})
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=world.counsellor).key}


def test_the_token_endpoint_also_accepts_a_form(world):
    response = Client().post(TOKEN_URL, {"username": "sofie", "password": "pw-sofie"})
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_client_sending_the_token_is_authenticated(world):
    response = call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "pw-sofie"})
    client = Client(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    listed = client.get("/api/cases/")
    assert listed.status_code == 200
    assert [c["number"] for c in listed.json()["results"]] == [world.case.number]


def test_a_wrong_password_gives_a_400_problem_and_no_token(world):
    response = call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "wrong"})
    body = problem(response, 400)
    assert "credentials" in body["detail"]
    assert [e["field"] for e in body["errors"]] == [None]  # about the request as a whole
    assert not Token.objects.exists()


def test_a_token_request_without_password_names_the_missing_field(world):
    body = problem(call(Client(), "post", TOKEN_URL, {"username": "sofie"}), 400)
    assert {"field": "password", "detail": "This field is required."} in body["errors"]


def test_an_inactive_user_gets_no_token(world):
    world.counsellor.is_active = False
    world.counsellor.save()
    problem(call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "pw-sofie"}), 400)


def test_password_guessing_is_slowed_down(world):
    for _attempt in range(20):
        call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "guess"})
    response = call(Client(), "post", TOKEN_URL, {"username": "sofie", "password": "pw-sofie"})
    problem(response, 429)
    assert "Retry-After" in response


def test_an_anonymous_client_gets_a_401_problem(world):
    response = Client().get("/api/cases/")
    problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_a_made_up_token_gets_a_401_problem(world):
    problem(Client(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/people/"), 401)


def test_a_token_of_a_deactivated_user_no_longer_works(world):
    client = token_client(world.counsellor)
    world.counsellor.is_active = False
    world.counsellor.save()
    problem(client.get("/api/cases/"), 401)


def test_an_unknown_api_path_gives_a_404_problem(world):
    problem(token_client(world.counsellor).get("/api/no-such-thing/"), 404)


def test_malformed_json_gives_a_400_problem(world, as_persona):
    response = as_persona("counsellor").post("/api/people/", "{not json", content_type="application/json")
    problem(response, 400)


def test_a_method_the_endpoint_does_not_have_gives_a_405_problem(world, as_persona):
    response = as_persona("counsellor").delete(f"/api/cases/{world.case.pk}/")
    problem(response, 405)
    assert "PATCH" in response["Allow"]


def test_the_browsable_api_renders_problems_as_html_not_as_json(world, as_persona):
    response = as_persona("counsellor").get("/api/cases/999999/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    for path in [
        "/api/auth/token/",
        "/api/people/",
        "/api/people/{id}/",
        "/api/cases/",
        "/api/cases/{id}/",
        "/api/cases/{id}/transitions/",
        "/api/cases/{id}/interviews/",
        "/api/cases/{id}/consents/",
        "/api/interviews/{id}/",
    ]:
        assert path in schema["paths"], path


def test_the_schema_documents_errors_as_problem_details(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    responses = schema["paths"]["/api/cases/{id}/"]["patch"]["responses"]
    assert PROBLEM in responses["409"]["content"]
    assert PROBLEM in responses["400"]["content"]


def test_the_api_docs_page_loads(client):
    assert client.get("/api/docs/").status_code == 200


def test_the_api_docs_page_needs_no_outside_network(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "https://" not in html.replace("https://spec.openapis.org", "")
