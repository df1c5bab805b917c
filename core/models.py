from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    CHANGE = "change", _("Change")
    ACCESS = "access", _("Access")


class AuditEvent(models.Model):
    """Who did or saw what, when. Written by actions in the same transaction
    as the change. Object references are plain columns, not foreign keys, so
    the trail outlives the objects it describes."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="audit_events"
    )
    kind = models.CharField(max_length=10, choices=AuditKind.choices, default=AuditKind.CHANGE)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    case_id = models.BigIntegerField(null=True, db_index=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    # {"field": [old, new], ...} for changes; extra context for other events.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
