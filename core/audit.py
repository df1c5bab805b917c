"""Writing the audit trail. Called from actions inside their transaction."""

import datetime
from decimal import Decimal

from django.db import models

from core.models import AuditEvent, AuditKind


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, Decimal)):
        return str(value)
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    return value


def _deep(value):
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_deep(v) for v in value]
    return _plain(value)


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    return {f: _plain(getattr(obj, f)) for f in fields}


def created(obj: models.Model, fields: list[str]) -> dict:
    """Changes for a new object: every field from nothing to its value."""
    return {k: [None, v] for k, v in snapshot(obj, fields).items()}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    actor,
    action: str,
    obj: models.Model,
    *,
    changes: dict | None = None,
    case_id=None,
    person_id=None,
    kind: str = AuditKind.CHANGE,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        case_id=case_id,
        person_id=person_id,
        changes=_deep(changes or {}),
    )


def record_access(actor, action: str, obj: models.Model, *, case_id=None, person_id=None) -> AuditEvent:
    return record(actor, action, obj, case_id=case_id, person_id=person_id, kind=AuditKind.ACCESS)
