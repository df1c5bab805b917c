"""RFC 9457 problem details for every API error, naming the fields at fault."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from core.errors import DomainError, StaleEdit

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Errors that belong to the object as a whole rather than one of its fields.
_WHOLE_OBJECT_KEYS = {NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY}


def _join(prefix: str, key) -> str:
    if isinstance(key, int):  # list items: ListField errors come as {index: [...]}
        return f"{prefix}[{key}]"
    if key in _WHOLE_OBJECT_KEYS:
        return prefix
    return f"{prefix}.{key}" if prefix else str(key)


def _flatten(detail, prefix=""):
    """[{"field": "members[1].person", "detail": "..."}, ...] from DRF's
    nested error structure; field is None for errors about the whole body."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            out += _flatten(value, _join(prefix, key))
        return out
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return [{"field": prefix or None, "detail": str(d)} for d in detail]
        out = []
        for i, value in enumerate(detail):
            out += _flatten(value, _join(prefix, i))
        return out
    return [{"field": prefix or None, "detail": str(detail)}]


def _problem(status_code: int, title: str, detail: str, errors=None, code: str | None = None, context=None):
    body = {"type": "about:blank", "title": title, "status": status_code, "detail": detail}
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    # The problem media type only when the body really is JSON: the browsable
    # API renders the same data as HTML and must say so.
    request = (context or {}).get("request")
    renderer = getattr(request, "accepted_renderer", None)
    content_type = PROBLEM_CONTENT_TYPE if renderer is None or isinstance(renderer, JSONRenderer) else None
    return Response(body, status=status_code, content_type=content_type)


def problem_exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        set_rollback()
        errors = [{"field": "version", "detail": str(exc.message)}]
        return _problem(status.HTTP_409_CONFLICT, "Conflict", str(exc.message), errors, exc.code, context)
    if isinstance(exc, DomainError):
        set_rollback()
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_422_UNPROCESSABLE_ENTITY
        errors = [{"field": exc.field, "detail": str(exc.message)}]
        return _problem(code, "Request refused", str(exc.message), errors, exc.code, context)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
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
        return _problem(400, "Invalid input", detail, errors, context=context)
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    problem = _problem(response.status_code, response.status_text, str(detail), context=context)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
