"""The OpenAPI schema with this issue's endpoints (screenings, exchanges) is
valid OpenAPI 3 and describes them."""

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.urls("tests.counselling.urls_api")


def test_the_schema_describes_screenings_and_exchanges(client, capsys):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    paths = schema["paths"]
    assert set(paths["/api/cases/{id}/screenings/"]) >= {"get", "post"}
    assert set(paths["/api/exchanges/"]) >= {"get", "post"}
    assert set(paths["/api/exchanges/{id}/"]) >= {"get", "patch"}
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "screening" in line.lower() or "exchange" in line.lower()]
    assert warnings == []
