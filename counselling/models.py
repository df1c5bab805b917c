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


# --- Vulnerability screening -------------------------------------------------


class ScreeningQuestion(models.TextChoices):
    """The questions of the vulnerability screen. Each code is also the
    people.VulnerabilityKind that a "yes" records on the person."""

    MINOR = "minor", _("Minor (under 18)")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    MEDICAL = "medical", _("Medical condition or treatment")
    PREGNANCY = "pregnancy", _("Pregnancy")
    ELDERLY = "elderly", _("Elderly person")
    DISABILITY = "disability", _("Disability")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    TRAFFICKING = "trafficking", _("Signs of trafficking in human beings")
    GBV = "gender_based_violence", _("Gender-based violence")


# Never shown to a partner (see reintegration.access_referrals); on the
# screening page only, which is itself for the sending office's counsellors
# and team leaders.
SENSITIVE_QUESTIONS = frozenset({ScreeningQuestion.TRAFFICKING, ScreeningQuestion.GBV})


class ScreeningAnswerValue(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Not asked")


class Screening(models.Model):
    """One vulnerability screen of one case member, kept for good: a later
    screening is a new row, never an edit of this one."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="screenings")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="screenings")
    screened_at = models.DateTimeField(_("date and time of the screening"), db_index=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_at", "-pk"]
        verbose_name = _("vulnerability screening")
        indexes = [models.Index(fields=["case", "person", "-screened_at"], name="counsel_screening_case_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.screened_at:%Y-%m-%d}"


class ScreeningAnswer(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=30, choices=ScreeningQuestion.choices)
    answer = models.CharField(_("answer"), max_length=10, choices=ScreeningAnswerValue.choices)
    details = models.TextField(_("details"), blank=True)
    # The vulnerability a "yes" recorded on the person, or the one already
    # recorded that it confirms.
    vulnerability = models.ForeignKey(
        "people.Vulnerability", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The follow-up task the answer made, if any.
    task = models.ForeignKey("tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["screening", "question"], name="unique_screening_question"),
        ]

    @property
    def sensitive(self) -> bool:
        return self.question in SENSITIVE_QUESTIONS
