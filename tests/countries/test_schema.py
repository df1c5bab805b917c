"""The API schema documents this app's endpoints and stays valid OpenAPI 3."""

from drf_spectacular.validation import validate_schema

PATHS = [
    "/api/countries/",
    "/api/countries/{code}/",
    "/api/countries/{code}/answers/",
    "/api/countries/{code}/sections/{topic}/",
    "/api/countries/answers/{id}/withdraw/",
    "/api/cases/{id}/questions/",
    "/api/cases/{id}/questions/recipients/",
    "/api/country-questions/",
    "/api/country-questions/{id}/",
    "/api/country-questions/{id}/answer/",
]


def test_the_schema_lists_the_country_endpoints(client, recwarn):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    validate_schema(schema)
    for path in PATHS:
        assert path in schema["paths"], path
    answer = schema["paths"]["/api/country-questions/{id}/answer/"]["post"]["responses"]
    assert {"200", "403", "404", "409", "422"} <= set(answer)
