"""Small helpers for the API tests: JSON requests and problem details."""

import json

from django.test import Client
from rest_framework.authtoken.models import Token

PROBLEM = "application/problem+json"


def call(client: Client, method: str, url: str, data=None, **extra):
    """A JSON request through the Django test client."""
    if method == "get":
        return client.get(url, data or {}, **extra)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(url, body, content_type="application/json", **extra)


def problem(response, status: int) -> dict:
    """The problem details of `response`, after checking its status and type."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def fields_at_fault(body: dict) -> set:
    return {e["field"] for e in body.get("errors", [])}


def token_client(user) -> Client:
    """A client that authenticates as a script would: with a token header."""
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")
