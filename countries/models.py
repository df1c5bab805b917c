"""Country information and questions to the country of return.

A country card is not stored whole: the assistance is computed from the rule
versions in force (countries.assistance), the partners are the offices in the
country (organisations), and only the practical sections (health care,
housing, work, education, documents, other) are written here, one row per
country and topic with its text per language.

Questions to the country are asked on a case, to a partner office or one of
the agency's own offices in the country of return; the answer comes back on
the case and, with the asker's agreement, goes anonymised into the country's
knowledge base, which every agency reads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.languages import validate_language


class Topic(models.TextChoices):
    HEALTH = "health", _("Health care")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    DOCUMENTS = "documents", _("Documents")
    OTHER = "other", _("Other practical information")


class PracticalSection(models.Model):
    """One practical section of a country card. `version` is the optimistic
    lock: an edit made from a stale page is refused."""

    country = CountryField(_("country"), db_index=True)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last checked by"),
    )
    # The office the checker worked for then (their name alone says little abroad).
    checked_by_office = models.ForeignKey(
        "organisations.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["country", "topic"]
        constraints = [models.UniqueConstraint(fields=["country", "topic"], name="unique_country_topic")]
        verbose_name = _("practical section")

    def __str__(self) -> str:
        return f"{self.country.code} {self.topic}"


class SectionText(models.Model):
    section = models.ForeignKey(PracticalSection, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["section", "language"], name="unique_section_language")]


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")


class CountryQuestion(models.Model):
    """A question about a case's situation, asked to an office in the country
    of return. The recipient reads the case only where the partner scope of
    cases.access lets them (a live referral addressed to them)."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="country_questions")
    country = CountryField(_("country"), db_index=True)
    to_office = models.ForeignKey(
        "organisations.Office",
        on_delete=models.PROTECT,
        related_name="country_questions_received",
        verbose_name=_("asked to"),
    )
    asked_from = models.ForeignKey("organisations.Office", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, blank=True)
    body = models.TextField(_("question"))
    share_agreed = models.BooleanField(_("may be shared anonymously in the knowledge base"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["to_office", "status"])]
        verbose_name = _("question to the country")

    def __str__(self) -> str:
        return f"Q{self.pk}"


class KnowledgeEntry(models.Model):
    """An anonymised question and answer, published to the country's
    knowledge base with the asker's agreement; withdrawn, it is hidden."""

    # Kept when the case is deleted: the entry holds nothing personal.
    question = models.OneToOneField(
        CountryQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_entry"
    )
    country = CountryField(_("country"), db_index=True)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, blank=True)
    question_text = models.TextField(_("question"))
    answer_text = models.TextField(_("answer"))
    # Both texts, normalised (core.names.normalise_name), for search.
    search_text = models.TextField(editable=False)
    answered_by_office = models.ForeignKey(
        "organisations.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    asked_by_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    published_at = models.DateTimeField(auto_now_add=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["country", "withdrawn_at"])]
        verbose_name = _("knowledge base answer")
        verbose_name_plural = _("knowledge base answers")
