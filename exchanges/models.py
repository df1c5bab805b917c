"""Staff exchanges between agencies: who hosted whom, where and when, who
took part, on which themes, the agenda, what was learned, the material
shared, and the guides and practice notes that came out of it. The next
exchange between the same agencies (or on the same themes) starts from what
the earlier ones learned (exchanges.lessons)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    CONVERSATIONS = "conversations", _("Counselling conversations")
    IMAGE = "image_of_return", _("The image of voluntary return")
    VULNERABILITY = "vulnerability", _("Vulnerable people")
    ELIGIBILITY = "eligibility", _("Assistance and eligibility rules")
    TRAVEL = "travel", _("Travel documents and departures")
    REINTEGRATION = "reintegration", _("Reintegration and partners")
    MONITORING = "monitoring", _("Monitoring and outcomes")
    OUTREACH = "outreach", _("Information and outreach")
    DATA = "data", _("Data, statistics and data protection")
    STAFF = "staff", _("Training and support of staff")


class Exchange(models.Model):
    title = models.CharField(_("title"), max_length=200)
    host_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="exchanges_hosted", verbose_name=_("host agency")
    )
    visiting_agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.PROTECT,
        related_name="exchanges_visiting",
        verbose_name=_("visiting agency"),
    )
    host_offices = models.ManyToManyField(
        "organisations.Office", blank=True, related_name="+", verbose_name=_("offices visited")
    )
    visiting_offices = models.ManyToManyField(
        "organisations.Office", blank=True, related_name="+", verbose_name=_("offices the visitors came from")
    )
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"))
    agenda = models.TextField(_("agenda"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    # The earlier exchange this one was started from ("start from the last exchange").
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("started from"),
    )
    guides = models.ManyToManyField(
        "guides.Guide", blank=True, related_name="exchanges", verbose_name=_("guides that came out of it")
    )
    practice_notes = models.ManyToManyField(
        "guides.PracticeNote",
        blank=True,
        related_name="exchanges",
        verbose_name=_("practice notes that came out of it"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: an edit made from a stale page is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("staff exchange")
        verbose_name_plural = _("staff exchanges")
        indexes = [models.Index(fields=["host_agency", "visiting_agency", "starts_on"], name="exchange_agencies")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(host_agency=models.F("visiting_agency")), name="exchange_two_agencies"
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="exchange_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_codes(self) -> list[str]:
        return [t.theme for t in self.theme_rows.all()]

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in sorted(self.theme_codes, key=Theme.values.index)]


class ExchangeTheme(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="theme_rows")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exchange", "theme"], name="unique_exchange_theme")]


class Participant(models.Model):
    """Someone who took part: a Retour user, or a name typed as free text
    (a colleague without a login, an interpreter, a researcher)."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="exchanges"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    details = models.CharField(_("organisation and role"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="participant_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["exchange", "user"], condition=models.Q(user__isnull=False), name="unique_exchange_user"
            ),
        ]

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name


class Material(models.Model):
    """Something shared during the exchange: a link, or a note of what it is
    and where to find it (no files: the material stays where it lives)."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(url="") | ~models.Q(note=""), name="material_link_or_note")
        ]
