from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import validate_language


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class Topic(models.TextChoices):
    """The checklist of topics a counselling interview may cover."""

    VOLUNTARY = "voluntary_nature", _("Return is voluntary and can be reversed until departure")
    PROCEDURE = "procedure_status", _("Asylum or residence procedure and legal options")
    ASSISTANCE = "assistance_package", _("Assistance available (cash and in kind)")
    REINTEGRATION = "reintegration", _("Reintegration support in the country of return")
    DOCUMENTS = "travel_documents", _("Travel documents")
    HEALTH = "health", _("Health and medical needs")
    FAMILY = "family", _("Family situation")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality: home authorities are not told")
    FEARS = "fears", _("Fears and concerns about return")
    NEXT_STEPS = "next_steps", _("Next steps and timing")


class Intention(models.TextChoices):
    NOT_CONSIDERING = "not_considering", _("Not considering return")
    CONSIDERING = "considering", _("Considering return")
    DECIDED = "decided", _("Decided to return")
    DECLINED = "declined", _("Declined return")


class Interview(models.Model):
    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="interviews")
    held_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("how"), max_length=10, choices=InterviewMode.choices)
    location = models.CharField(_("where"), max_length=200, blank=True)
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews")
    language = models.CharField(_("language of the interview"), max_length=3, validators=[validate_language])
    interpreter = models.CharField(_("interpreter"), max_length=150, blank=True)
    participants = models.TextField(_("who took part"), blank=True)
    # The configurable part of an interview: checklist answers as a list of
    # Topic codes (later, the points of a conversation guide).
    topics = models.JSONField(_("topics covered"), default=list, blank=True)
    other_topics = models.TextField(_("other topics"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    intention = models.CharField(_("stated intention afterwards"), max_length=20, choices=Intention.choices)
    next_appointment = models.DateTimeField(_("next appointment"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("interview")

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]
