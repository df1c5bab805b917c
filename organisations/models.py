from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class AgencyKind(models.TextChoices):
    RETURN_AGENCY = "return_agency", _("Return agency")
    PARTNER = "reintegration_partner", _("Reintegration partner")
    NGO = "ngo", _("NGO")


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    TEAM_LEADER = "team_leader", _("Team leader")
    TRAVEL_OFFICER = "travel_officer", _("Travel officer")
    PARTNER_CASEWORKER = "partner_caseworker", _("Partner caseworker")
    ANALYST = "analyst", _("Analyst")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Agency(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    country = CountryField(_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="offices")
    # Registered once per deployment network so case numbers never collide.
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    default_language = models.CharField(_("default language"), max_length=8, default="en")
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    @property
    def is_abroad(self) -> bool:
        """An office in a country of return, outside its agency's own country."""
        return self.country != self.agency.country


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "office", "role"], name="unique_membership")]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.office}"
