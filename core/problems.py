"""RFC 9457 problem details for every API error, naming the fields at fault."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, StaleEdit


def _flatten(detail, prefix=""):
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            out += _flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
        return out
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return [{"field": prefix or None, "detail": str(d)} for d in detail]
        out = []
        for i, value in enumerate(detail):
            out += _flatten(value, f"{prefix}[{i}]")
        return out
    return [{"field": prefix or None, "detail": str(detail)}]


def _problem(status_code: int, title: str, detail: str, errors=None, code: str | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status_code, "detail": detail}
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type="application/problem+json")


def problem_exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return _problem(status.HTTP_409_CONFLICT, "Conflict", str(exc.message), code=exc.code)
    if isinstance(exc, DomainError):
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_422_UNPROCESSABLE_ENTITY
        errors = [{"field": exc.field, "detail": str(exc.message)}]
        return _problem(code, "Request refused", str(exc.message), errors, code=exc.code)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = "; ".join(f"{e['field']}: {e['detail']}" if e["field"] else e["detail"] for e in errors)
        return _problem(400, "Invalid input", detail, errors)
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    problem = _problem(response.status_code, response.status_text, str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
